// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/imagecache.h>

#include <atomic>

namespace CacheScope {

// What a Key shares with its entry. The entry id is the key's generation: ids are never reused, so a
// key whose slot was recycled for another entry cannot match it.
struct ImageCache::Key::Data
{
    const void *owner = nullptr; // the ImageCachePrivate that issued the key
    quint32 slot = 0;
    quint64 entryId = 0;
    std::atomic<bool> valid{false}; // cleared under the cache lock when the entry leaves
};

} // namespace CacheScope
