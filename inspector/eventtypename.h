// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cacheobserver.h>

namespace CacheScope {

// The names of event types in traces and the event log: "hit", "flush", "timer-start", ...
QString eventTypeName(CacheEventType type);
bool eventTypeFromName(QStringView name, CacheEventType *type);

} // namespace CacheScope
