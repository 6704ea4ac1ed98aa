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
    Trimmed,    // trim(): memory pressure, e.g. the application went to the background
};
inline constexpr int EvictionCauseCount = 6;

// Where an image the memory tier did not have came from, when a tier below it answered (reported
// by the image provider for network images through ImageCache::recordLoad()).
enum class LoadTier : quint8 {
    DiskHit,     // fresh in the disk tier: no request
    Revalidated, // stale on disk, confirmed by the server (304)
    Fetched,     // downloaded
};

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
    // Tiers below memory (ImageCache::recordLoad()): network images only, today.
    quint64 diskHits = 0;
    quint64 revalidations = 0;
    quint64 fetches = 0;
    quint64 downloadedKb = 0; // bodies of fetches, rounded up per fetch
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
