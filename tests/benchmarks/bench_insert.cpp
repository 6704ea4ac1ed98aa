// Copyright (C) 2026 The CacheScope authors.
// Target 4 (first half): the time of an insert that evicts.
//
//   insert/<impl>   impl = ours | ours-lru | B1 | B2, one thread
//
// 100k keys of 1 KiB, room for half of them. Inserts cycle through all keys in order, so every
// insert brings a key that left the cache 50k inserts earlier and evicts exactly one entry. The
// images already exist (the app decoded them), so only the cache's own work is timed: index and
// node updates, eviction, and (for B1) the QImage that QCache owns.
#include "baselines.h"
#include "benchmain.h"
#include "workload.h"

#include <string>

namespace {

using namespace Bench;
using CacheScope::EvictionPolicy;

constexpr std::size_t Keys = 100'000;

template <typename Cache>
struct Cycling
{
    std::unique_ptr<Cache> cache;
    std::size_t next = 0; // carried across runs, so no run starts on keys that are still cached

    void insert(const KeySet &set)
    {
        const std::size_t k = next++ % Keys;
        cache->insert(set.lookupKeys[k], set.images[k]);
    }
};

template <typename Cache, typename Make>
void add(const char *impl, Make make)
{
    const std::string name = std::string("insert/") + impl;
    benchmark::RegisterBenchmark(name.c_str(), [make](benchmark::State &state) {
        const KeySet &set = keySet(Keys);
        // One cache per implementation, filled on first use and kept across runs.
        static Cycling<Cache> cycling = [&] {
            Cycling<Cache> c{make(set.totalKb / 2)};
            for (std::size_t i = 0; i < Keys; ++i)
                c.insert(set); // full, and the next insert evicts
            return c;
        }();
        for (auto _ : state)
            cycling.insert(set);
        state.SetItemsProcessed(state.iterations());
    })->UseRealTime();
}

void registerBenchmarks()
{
    add<Ours>("ours", [](qint64 kb) { return std::make_unique<Ours>(kb); });
    add<QCacheMutex>("B1", [](qint64 kb) { return std::make_unique<QCacheMutex>(kb); });
    add<StdLru>("B2", [](qint64 kb) { return std::make_unique<StdLru>(kb); });
    add<Ours>("ours-lru", [](qint64 kb) { return std::make_unique<Ours>(kb, EvictionPolicy::Lru); });
}

} // namespace

int main(int argc, char **argv)
{
    return Bench::runBenchmarks(argc, argv, registerBenchmarks);
}
