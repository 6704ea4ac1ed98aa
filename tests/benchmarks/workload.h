// Copyright (C) 2026 The CacheScope authors.
// The read workload of the hit benchmarks: N keys, N distinct small images, per-thread Zipf streams,
// and caches pre-filled with all N entries. Everything is built once per process, before any timing,
// and shared by every implementation so that they all see the same memory layout of keys and images.
#pragma once

#include "baselines.h"
#include "zipf.h"

#include <QtGui/qimage.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace Bench {

// 16x16 ARGB32 = exactly 1 KiB, so N entries cost N KiB.
inline constexpr int SmallImageSide = 16;
// Per-thread streams are this long (a power of two, wrapped with a mask): 4 MiB each, read
// sequentially, long enough that the hardware cannot learn the sequence.
inline constexpr std::size_t StreamLength = std::size_t(1) << 20;
inline constexpr int MaxStreams = 8;

inline QImage makeSmallImage(std::size_t index)
{
    QImage image(SmallImageSide, SmallImageSide, QImage::Format_ARGB32_Premultiplied);
    image.fill(QColor::fromRgb(QRgb(0xff000000u | (quint32(index) * 2654435761u >> 8))));
    return image;
}

struct KeySet
{
    std::vector<QString> keys;       // what was inserted
    std::vector<QString> lookupKeys; // equal strings with their own storage, used for lookups
    std::vector<QImage> images;      // one distinct image per key
    qint64 totalKb = 0;
};

namespace Detail {
inline std::mutex &registryMutex()
{
    static std::mutex mutex;
    return mutex;
}
} // namespace Detail

// The N-key set; built on first use, then shared.
inline const KeySet &keySet(std::size_t n)
{
    static std::map<std::size_t, std::unique_ptr<KeySet>> sets;
    std::scoped_lock lock(Detail::registryMutex());
    auto &set = sets[n];
    if (!set) {
        set = std::make_unique<KeySet>();
        set->keys = makeKeys(n);
        set->lookupKeys = deepCopies(set->keys);
        set->images.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            set->images.push_back(makeSmallImage(i));
            set->totalKb += costKb(set->images.back());
        }
    }
    return *set;
}

// Thread `stream`'s Zipf sequence over the N keys (each thread draws its own sequence).
inline const std::vector<std::uint32_t> &zipfStreamOf(std::size_t n, int stream)
{
    static std::map<std::pair<std::size_t, int>, std::vector<std::uint32_t>> streams;
    std::scoped_lock lock(Detail::registryMutex());
    auto &s = streams[{n, stream}];
    if (s.empty())
        s = zipfStream(n, StreamLength, StreamSeed + std::uint64_t(stream));
    return s;
}

// Thread `stream`'s uniform sequence over the N keys.
inline const std::vector<std::uint32_t> &uniformStreamOf(std::size_t n, int stream)
{
    static std::map<std::pair<std::size_t, int>, std::vector<std::uint32_t>> streams;
    std::scoped_lock lock(Detail::registryMutex());
    auto &s = streams[{n, stream}];
    if (s.empty())
        s = uniformStream(n, StreamLength, UniformSeed + std::uint64_t(stream));
    return s;
}

// Room for all N entries twice over: every lookup of the workload hits.
inline qint64 roomyLimitKb(const KeySet &set)
{
    return 2 * set.totalKb + 1024;
}

template <typename Cache>
void fill(Cache &cache, const KeySet &set)
{
    for (std::size_t i = 0; i < set.keys.size(); ++i)
        cache.insert(set.keys[i], set.images[i]);
}

// A cache of type Cache holding all N entries. `variant` tells apart caches of one type built
// differently (e.g. ImageCache's eviction policy); make() builds an empty one.
template <typename Cache, typename Make>
Cache &prefilled(std::size_t n, int variant, Make make)
{
    static std::map<std::pair<std::size_t, int>, std::unique_ptr<Cache>> caches;
    const KeySet &set = keySet(n);
    std::scoped_lock lock(Detail::registryMutex());
    auto &cache = caches[{n, variant}];
    if (!cache) {
        cache = make(roomyLimitKb(set));
        fill(*cache, set);
    }
    return *cache;
}

template <typename Cache>
Cache &prefilled(std::size_t n)
{
    return prefilled<Cache>(n, 0, [](qint64 limitKb) { return std::make_unique<Cache>(limitKb); });
}

inline Ours &prefilledOurs(std::size_t n, CacheScope::EvictionPolicy policy)
{
    return prefilled<Ours>(n, int(policy), [policy](qint64 limitKb) {
        return std::make_unique<Ours>(limitKb, policy);
    });
}

} // namespace Bench
