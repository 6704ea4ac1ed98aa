// Copyright (C) 2026 The CacheScope authors.
// Target 4 (second half): heap allocations per operation, counted, not timed. Every malloc-family
// call of the measuring thread is counted (alloccount.cpp), which covers operator new as well as
// Qt's own malloc'ed QString/QImage data.
//
// Prints JSON:
//   hit_allocs_per_find.<impl>      a hit on a pre-filled cache (the target: 0 for ours)
//   ours_miss_allocs_per_find       a miss
//   ours_observed_allocs_per_find   a hit while an inspector observer is attached (for the record)
//   insert_allocs_per_op.<impl>     an insert into a full cache that evicts one entry
#include "alloccount.h"
#include "baselines.h"
#include "inspectorobserver.h"
#include "workload.h"

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>

#include <cstdio>

namespace {

using namespace Bench;
using CacheScope::EvictionPolicy;

constexpr std::size_t Keys = 10'000;
constexpr std::size_t Warmup = 10'000; // first-use allocations (thread-locals, lazy statics)
constexpr std::size_t Measured = 200'000;

// Allocations per find() of `count` lookups from the Zipf stream, starting at `offset`.
template <typename Cache>
double allocsPerFind(Cache &cache, const std::vector<QString> &keys, std::size_t offset,
                     std::size_t count)
{
    const std::vector<std::uint32_t> &stream = zipfStreamOf(Keys, 0);
    QImage image;
    const auto run = [&](std::size_t from, std::size_t n) {
        for (std::size_t i = from; i < from + n; ++i)
            cache.find(keys[stream[i % stream.size()]], &image);
    };
    run(offset, Warmup);
    const std::uint64_t before = allocationsOnThisThread();
    run(offset + Warmup, count);
    const std::uint64_t after = allocationsOnThisThread();
    return double(after - before) / double(count);
}

template <typename Cache>
double hitAllocs(Cache &cache)
{
    return allocsPerFind(cache, keySet(Keys).lookupKeys, 0, Measured);
}

// Inserts of keys that are not in a full cache: every insert evicts exactly one entry.
template <typename Cache>
double insertAllocs(std::unique_ptr<Cache> cache)
{
    const KeySet &set = keySet(Keys);
    std::size_t next = 0;
    const auto insert = [&](std::size_t n) {
        for (std::size_t i = 0; i < n; ++i, ++next)
            cache->insert(set.lookupKeys[next % Keys], set.images[next % Keys]);
    };
    insert(Keys); // full, and warmed up
    const std::uint64_t before = allocationsOnThisThread();
    insert(Measured);
    const std::uint64_t after = allocationsOnThisThread();
    return double(after - before) / double(Measured);
}

} // namespace

int main()
{
    QJsonObject out;
    out[QStringLiteral("available")] = allocationCountingAvailable();

    QJsonObject hits;
    hits[QStringLiteral("ours")] = hitAllocs(prefilledOurs(Keys, EvictionPolicy::Sieve));
    hits[QStringLiteral("ours-lru")] = hitAllocs(prefilledOurs(Keys, EvictionPolicy::Lru));
    hits[QStringLiteral("B1")] = hitAllocs(prefilled<QCacheMutex>(Keys));
    hits[QStringLiteral("B2")] = hitAllocs(prefilled<StdLru>(Keys));
    hits[QStringLiteral("F")] = hitAllocs(prefilled<Floor>(Keys));
    out[QStringLiteral("hit_allocs_per_find")] = hits;

    {
        // Keys that were never inserted: the same strings with a suffix.
        std::vector<QString> absent;
        for (const QString &key : keySet(Keys).lookupKeys)
            absent.push_back(key + QStringLiteral("#absent"));
        out[QStringLiteral("ours_miss_allocs_per_find")] = allocsPerFind(
                prefilledOurs(Keys, CacheScope::ImageCache::DefaultEvictionPolicy), absent, 0,
                Measured);
    }
    {
        Ours &ours = prefilledOurs(Keys, CacheScope::ImageCache::DefaultEvictionPolicy);
        InspectorObserver observer;
        ours.cache().addObserver(&observer);
        // Drain on this thread (no drain thread: its allocations would not be this thread's
        // anyway), often enough that the buffer never grows past its reserve.
        double total = 0;
        constexpr int Rounds = 20;
        for (int round = 0; round < Rounds; ++round) {
            total += allocsPerFind(ours, keySet(Keys).lookupKeys, std::size_t(round) * 20'000,
                                   10'000);
            observer.drain();
        }
        ours.cache().removeObserver(&observer);
        out[QStringLiteral("ours_observed_allocs_per_find")] = total / Rounds;
    }

    QJsonObject inserts;
    const qint64 halfKb = keySet(Keys).totalKb / 2;
    inserts[QStringLiteral("ours")] = insertAllocs(std::make_unique<Ours>(halfKb));
    inserts[QStringLiteral("ours-lru")] =
            insertAllocs(std::make_unique<Ours>(halfKb, EvictionPolicy::Lru));
    inserts[QStringLiteral("B1")] = insertAllocs(std::make_unique<QCacheMutex>(halfKb));
    inserts[QStringLiteral("B2")] = insertAllocs(std::make_unique<StdLru>(halfKb));
    out[QStringLiteral("insert_allocs_per_op")] = inserts;

    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}
