// Copyright (C) 2026 The CacheScope authors.
// Target 6: what statistics and an attached inspector cost the readers.
//
//   observer/plain       2 threads of hits (as hit/ours/100000), nobody watching
//   observer/stats       the same while an inspector thread polls stats() at 60 Hz
//   observer/inspected   the same with an InspectorObserver attached as well: every event goes
//                        into its mutex-protected buffer, which the inspector thread drains at 60 Hz
//
// All three use one pre-filled cache, so they see the same memory layout; the observer is attached
// before the timed loop and removed after it. (The hit counters cannot be switched off, so their
// cost is in all three; they are per-stripe and cost one add to a line the thread already owns.)
#include "benchmain.h"
#include "hitloop.h"
#include "inspectorobserver.h"

#include <optional>
#include <string>

namespace {

using namespace Bench;

constexpr std::size_t Keys = 100'000;

enum class Watch { Nobody, Stats, Inspector };

void watched(benchmark::State &state, Watch watch)
{
    Ours &ours = prefilledOurs(Keys, CacheScope::ImageCache::DefaultEvictionPolicy);
    std::optional<InspectorObserver> observer;
    std::optional<InspectorDrain> drain;
    if (state.thread_index() == 0) { // the others wait at the loop's start barrier
        if (watch == Watch::Inspector) {
            observer.emplace();
            ours.cache().addObserver(&*observer);
        }
        if (watch != Watch::Nobody)
            drain.emplace(ours.cache(), observer ? &*observer : nullptr);
    }
    hitLoop(state, ours, Keys);
    if (state.thread_index() == 0) { // the others have passed the loop's end barrier
        if (observer)
            ours.cache().removeObserver(&*observer);
        const double refreshes = drain ? double(drain->refreshes()) : 0;
        drain.reset();
        state.counters["refreshes"] = refreshes;
        if (observer) {
            observer->drain(); // what was left; the drain thread is gone
            // A sanity check: one event per find (finds of every thread are counted).
            state.counters["events_per_find"] =
                    double(observer->drained()) / double(state.iterations() * state.threads());
        }
    }
}

void add(const char *name, Watch watch)
{
    benchmark::RegisterBenchmark((std::string("observer/") + name).c_str(),
                                 [watch](benchmark::State &state) { watched(state, watch); })
            ->Threads(2)
            ->UseRealTime();
}

void registerBenchmarks()
{
    add("plain", Watch::Nobody);
    add("stats", Watch::Stats);
    add("inspected", Watch::Inspector);
}

} // namespace

int main(int argc, char **argv)
{
    return Bench::runBenchmarks(argc, argv, registerBenchmarks);
}
