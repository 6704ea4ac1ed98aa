// Copyright (C) 2026 The CacheScope authors.
// Targets 1 and 2: read throughput on a pre-filled cache, every lookup a hit.
//
//   hit/<impl>/<keys>  with impl = ours | ours-lru | B1 | B2 | F, at 10k and 100k keys of ~70
//   characters, Zipf 0.99; one thread for all, and 2 (and 4) threads where the targets need them.
//
// items_per_second is the aggregate throughput of all threads; real time is measured throughout.
#include "baselines.h"
#include "benchmain.h"
#include "hitloop.h"

#include <functional>
#include <initializer_list>
#include <string>

namespace {

using namespace Bench;
using CacheScope::EvictionPolicy;

template <typename Cache>
void add(const char *impl, std::size_t keys, std::function<Cache &()> cache,
         std::initializer_list<int> threads)
{
    const std::string name = std::string("hit/") + impl + "/" + std::to_string(keys);
    auto *b = benchmark::RegisterBenchmark(name.c_str(), [keys, cache](benchmark::State &state) {
        hitLoop(state, cache(), keys);
    });
    for (const int t : threads)
        b->Threads(t);
    b->UseRealTime();
}

void registerBenchmarks()
{
    using Threads = std::initializer_list<int>;
    constexpr std::size_t Small = 10'000;
    constexpr std::size_t Large = 100'000;
    constexpr auto Default = CacheScope::ImageCache::DefaultEvictionPolicy;
    for (const std::size_t n : {Small, Large}) {
        const bool large = n == Large;
        add<Ours>("ours", n, [n]() -> Ours & { return prefilledOurs(n, Default); },
                  large ? Threads{1, 2, 4} : Threads{1});
        add<QCacheMutex>("B1", n, [n]() -> QCacheMutex & { return prefilled<QCacheMutex>(n); },
                         large ? Threads{1, 2} : Threads{1});
        add<StdLru>("B2", n, [n]() -> StdLru & { return prefilled<StdLru>(n); },
                    large ? Threads{1, 2} : Threads{1});
        // The floor's own 2-thread scaling is the ceiling for anything that copies a QImage: both
        // threads bump the reference counts of the same hot images.
        add<Floor>("F", n, [n]() -> Floor & { return prefilled<Floor>(n); },
                   large ? Threads{1, 2} : Threads{1});
    }
    // The other policy, for the record: every LRU hit relinks under one mutex.
    add<Ours>("ours-lru", Large,
              []() -> Ours & { return prefilledOurs(Large, EvictionPolicy::Lru); }, {1, 2});
}

} // namespace

int main(int argc, char **argv)
{
    return Bench::runBenchmarks(argc, argv, registerBenchmarks);
}
