// Copyright (C) 2026 The CacheScope authors.
// The timed loop of the read benchmarks: every thread replays its own pre-generated Zipf stream of
// lookups against a pre-filled cache, copying each image out, as an image provider does on a hit.
#pragma once

#include "workload.h"

#include <benchmark/benchmark.h>

namespace Bench {

template <typename Cache>
void hitLoop(benchmark::State &state, Cache &cache, std::size_t keyCount)
{
    const KeySet &set = keySet(keyCount);
    const std::vector<std::uint32_t> &stream =
            zipfStreamOf(keyCount, state.thread_index() % MaxStreams);
    const QString *const keys = set.lookupKeys.data();
    const std::uint32_t *const next = stream.data();
    constexpr std::size_t Mask = StreamLength - 1;

    std::size_t i = 0;
    std::int64_t misses = 0;
    QImage image; // each hit replaces it: one reference taken, one dropped, as in an app
    for (auto _ : state) {
        if (!cache.find(keys[next[i & Mask]], &image))
            ++misses;
        ++i;
    }
    state.SetItemsProcessed(state.iterations());
    if (misses != 0)
        state.SkipWithError("a lookup missed: the cache was not pre-filled");
}

} // namespace Bench
