// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/span.h>

#include <QtCore/qlist.h>
#include <QtCore/qrect.h>

namespace CacheScope {

// Squarified tree map (Bruls, Huizing, van Wijk): rectangles that tile `bounds`, each with an area
// in proportion to its weight, as close to square as the greedy row-by-row layout gets. Weights
// must be positive, largest first (the layout's squareness relies on it; the areas do not).
// Returns one rectangle per weight, in the same order.
QList<QRectF> squarifiedLayout(Span<const double> weights, const QRectF &bounds);

} // namespace CacheScope
