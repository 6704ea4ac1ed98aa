// Copyright (C) 2026 The CacheScope authors.
// Target 3: 90% find / 10% insert on a full cache, so eviction runs all the time.
//
//   mixed/<impl>   impl = ours | ours-lru | B1 | B2, 1 and 2 threads
//
// 100k keys of 1 KiB; the cache has room for half of them and starts holding the most popular
// half. Each thread does 9 finds (its own Zipf 0.99 stream, as in bench_hit) then 1 insert of a key
// drawn uniformly from all 100k (new content arriving): about half the inserts bring a key that is
// not cached and evict, the others replace an entry. items_per_second counts both kinds of operation.
#include "baselines.h"
#include "benchmain.h"
#include "workload.h"

#include <string>

namespace {

using namespace Bench;
using CacheScope::EvictionPolicy;

constexpr std::size_t Keys = 100'000;
constexpr int FindsPerInsert = 9;

template <typename Cache>
std::unique_ptr<Cache> makeFull(std::unique_ptr<Cache> cache)
{
    // Least popular first, so the most popular half is what stays.
    const KeySet &set = keySet(Keys);
    const std::vector<std::uint32_t> keyOfRank = rankToKey(Keys);
    for (std::size_t rank = Keys; rank-- > 0;)
        cache->insert(set.keys[keyOfRank[rank]], set.images[keyOfRank[rank]]);
    return cache;
}

qint64 halfLimitKb()
{
    return keySet(Keys).totalKb / 2;
}

template <typename Cache>
void mixedLoop(benchmark::State &state, Cache &cache)
{
    const KeySet &set = keySet(Keys);
    const std::uint32_t *const finds = zipfStreamOf(Keys, state.thread_index() % MaxStreams).data();
    const std::uint32_t *const inserts =
            uniformStreamOf(Keys, state.thread_index() % MaxStreams).data();
    const QString *const lookupKeys = set.lookupKeys.data();
    const QString *const storedKeys = set.keys.data();
    const QImage *const images = set.images.data();
    constexpr std::size_t Mask = StreamLength - 1;

    std::size_t i = 0, j = 0;
    int untilInsert = FindsPerInsert;
    QImage image;
    for (auto _ : state) {
        if (untilInsert-- == 0) {
            const std::uint32_t k = inserts[j++ & Mask];
            cache.insert(storedKeys[k], images[k]);
            untilInsert = FindsPerInsert;
        } else {
            cache.find(lookupKeys[finds[i++ & Mask]], &image);
        }
    }
    state.SetItemsProcessed(state.iterations());
}

template <typename Cache, typename Make>
void add(const char *impl, Make make)
{
    const std::string name = std::string("mixed/") + impl;
    benchmark::RegisterBenchmark(name.c_str(), [make](benchmark::State &state) {
        static Cache &cache = *makeFull(make()).release(); // lives until exit, shared by all runs
        mixedLoop(state, cache);
    })->Threads(1)->Threads(2)->UseRealTime();
}

void registerBenchmarks()
{
    add<Ours>("ours", [] { return std::make_unique<Ours>(halfLimitKb()); });
    add<QCacheMutex>("B1", [] { return std::make_unique<QCacheMutex>(halfLimitKb()); });
    add<StdLru>("B2", [] { return std::make_unique<StdLru>(halfLimitKb()); });
    add<Ours>("ours-lru",
              [] { return std::make_unique<Ours>(halfLimitKb(), EvictionPolicy::Lru); });
}

} // namespace

int main(int argc, char **argv)
{
    return Bench::runBenchmarks(argc, argv, registerBenchmarks);
}
