// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cachescope_global.h>

#include <QtCore/qglobal.h>

namespace CacheScope {

// Why an entry left the cache.
enum class EvictionCause : quint8 {
    CostLimit,  // trimmed to make room for an insert or after setCacheLimit()
    FlushTimer, // removed by a flush step (timer tick or flush())
    Removed,    // remove() by string or by Key
    Replaced,   // another image was stored under the same key (or a rejected insert dropped it)
    Cleared,    // clear()
};
inline constexpr int EvictionCauseCount = 5;

// One consistent snapshot of a cache's counters. Counters only ever grow; count, totalUsed,
// cacheLimit and peakUsed describe the cache at the moment of the snapshot.
struct CACHESCOPE_CORE_EXPORT CacheStats
{
    quint64 hits = 0;
    quint64 misses = 0;
    quint64 insertions = 0;
    quint64 evictions = 0;                          // all causes together
    quint64 evictionsByCause[EvictionCauseCount] = {}; // indexed by EvictionCause
    quint64 evictedKb = 0;
    quint64 flushTicks = 0;
    quint64 errors = 0; // load failures reported through ImageCache::recordError()
    int count = 0;
    int totalUsed = 0;  // KiB
    int cacheLimit = 0; // KiB
    int peakUsed = 0;   // KiB, highest totalUsed ever seen

    quint64 evictionsFor(EvictionCause cause) const
    {
        return evictionsByCause[static_cast<int>(cause)];
    }
    // hits / (hits + misses), 0 when nothing was looked up yet.
    double hitRate() const
    {
        const quint64 lookups = hits + misses;
        return lookups == 0 ? 0.0 : double(hits) / double(lookups);
    }
};

} // namespace CacheScope
