// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/imagecache.h>

#include <atomic>

namespace CacheScope {

// What a Key shares with its entry. The entry id is the key's generation: ids are unique in the
// process and never reused, so a key can only ever match its own entry -- not one that recycled its
// slot, nor one of another cache, even a cache built later at the same address (which is why the
// key keeps no pointer to the cache that issued it).
struct ImageCache::Key::Data
{
    quint32 slot = 0;
    quint64 entryId = 0;
    // Cleared under the cache lock when the entry leaves, and when the cache is destroyed.
    std::atomic<bool> valid{false};
};

} // namespace CacheScope
