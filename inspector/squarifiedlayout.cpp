// Copyright (C) 2026 The CacheScope authors.
#include "squarifiedlayout.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace CacheScope {

namespace {

// The worst aspect ratio in a row of areas (sum, largest, smallest) laid along a side.
double worstRatio(double sum, double largest, double smallest, double side)
{
    const double sideSquared = side * side;
    const double sumSquared = sum * sum;
    return std::max(sideSquared * largest / sumSquared, sumSquared / (sideSquared * smallest));
}

// Places areas[first, last) as one row along the shorter side of `free`, and shrinks `free`. The
// final row takes all that is left, so that rounding leaves no sliver uncovered.
void placeRow(const std::vector<double> &areas, qsizetype first, qsizetype last, bool final,
              QRectF &free, QList<QRectF> &out)
{
    double sum = 0;
    for (qsizetype i = first; i < last; ++i)
        sum += areas[size_t(i)];
    if (free.width() >= free.height()) {
        // A column at the left, as wide as the row's area needs.
        const double width = final ? free.width() : std::min(free.width(), sum / free.height());
        double y = free.top();
        for (qsizetype i = first; i < last; ++i) {
            const double height = i + 1 == last ? free.bottom() - y : areas[size_t(i)] / width;
            out.append(QRectF(free.left(), y, width, height));
            y += height;
        }
        free.setLeft(free.left() + width);
    } else {
        const double height = final ? free.height() : std::min(free.height(), sum / free.width());
        double x = free.left();
        for (qsizetype i = first; i < last; ++i) {
            const double width = i + 1 == last ? free.right() - x : areas[size_t(i)] / height;
            out.append(QRectF(x, free.top(), width, height));
            x += width;
        }
        free.setTop(free.top() + height);
    }
}

} // namespace

QList<QRectF> squarifiedLayout(Span<const double> weights, const QRectF &bounds)
{
    QList<QRectF> out;
    double total = 0;
    for (const double weight : weights)
        total += weight;
    if (weights.empty() || total <= 0 || bounds.width() <= 0 || bounds.height() <= 0)
        return out;
    out.reserve(qsizetype(weights.size()));
    const double scale = bounds.width() * bounds.height() / total;
    std::vector<double> areas(weights.size());
    std::transform(weights.begin(), weights.end(), areas.begin(),
                   [scale](double weight) { return weight * scale; });

    QRectF free = bounds;
    qsizetype rowStart = 0;
    double sum = 0;
    double largest = 0;
    double smallest = std::numeric_limits<double>::infinity();
    for (qsizetype i = 0; i < qsizetype(areas.size()); ++i) {
        const double area = areas[size_t(i)];
        const double side = std::min(free.width(), free.height());
        const bool fits = i == rowStart
                || worstRatio(sum + area, std::max(largest, area), std::min(smallest, area), side)
                        <= worstRatio(sum, largest, smallest, side);
        if (!fits) {
            placeRow(areas, rowStart, i, /*final=*/false, free, out);
            rowStart = i;
            sum = 0;
            largest = 0;
            smallest = std::numeric_limits<double>::infinity();
        }
        sum += area;
        largest = std::max(largest, area);
        smallest = std::min(smallest, area);
    }
    placeRow(areas, rowStart, qsizetype(areas.size()), /*final=*/true, free, out);
    return out;
}

} // namespace CacheScope
