// Copyright (C) 2026 The CacheScope authors.
// Target 6: what statistics and an attached inspector cost the readers.
//
//   observer/plain       2 threads of hits (as hit/ours/100000), nobody watching
//   observer/stats       the same while an inspector thread polls stats() at 60 Hz
//   observer/inspected   the same with an InspectorObserver attached as well: every event goes
//                        into its mutex-protected buffer, which the inspector thread drains at 60 Hz
//   observer/monitor     the same with the inspector's own observer (CacheMonitor's EventQueue)
//                        instead, drained as the monitor does at its refresh rate (10 Hz)
//
// Both drains first ask the cache for the hits it holds back (deliverBufferedEvents()), as the
// inspector does at each refresh.
//
// All three use one pre-filled cache, so they see the same memory layout; the observer is attached
// before the timed loop and removed after it. (The hit counters cannot be switched off, so their
// cost is in all three; they are per-stripe and cost one add to a line the thread already owns.)
#include "benchmain.h"
#include "hitloop.h"
#include "inspectorobserver.h"

#include <eventqueue.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace {

using namespace Bench;

constexpr std::size_t Keys = 100'000;

enum class Watch { Nobody, Stats, Inspector, Monitor };

// The monitor's refresh, minus the GUI: CacheMonitor::DefaultRefreshIntervalMs.
constexpr std::chrono::milliseconds MonitorPeriod{100};

void watched(benchmark::State &state, Watch watch)
{
    Ours &ours = prefilledOurs(Keys, CacheScope::ImageCache::DefaultEvictionPolicy);
    std::optional<InspectorObserver> observer;
    std::optional<CacheScope::EventQueue> queue;
    std::uint64_t queued = 0;
    std::uint64_t dropped = 0;
    std::optional<InspectorDrain> drain;
    const auto drainQueue = [&queue, &queued, &dropped] {
        quint64 lost = 0;
        queued += queue->drain(&lost).size();
        dropped += lost;
    };
    if (state.thread_index() == 0) { // the others wait at the loop's start barrier
        if (watch == Watch::Inspector) {
            observer.emplace();
            ours.cache().addObserver(&*observer);
        } else if (watch == Watch::Monitor) {
            queue.emplace();
            ours.cache().addObserver(&*queue);
        }
        if (watch == Watch::Monitor)
            drain.emplace(ours.cache(), drainQueue, MonitorPeriod);
        else if (watch != Watch::Nobody)
            drain.emplace(ours.cache(), observer ? &*observer : nullptr);
    }
    hitLoop(state, ours, Keys);
    if (state.thread_index() == 0) { // the others have passed the loop's end barrier
        if (observer)
            ours.cache().removeObserver(&*observer); // delivers the hits still held back
        if (queue)
            ours.cache().removeObserver(&*queue);
        const double refreshes = drain ? double(drain->refreshes()) : 0;
        drain.reset();
        state.counters["refreshes"] = refreshes;
        const double finds = double(state.iterations() * state.threads());
        // Sanity checks: one event per find (finds of every thread are counted).
        if (observer) {
            observer->drain(); // what was left; the drain thread is gone
            state.counters["events_per_find"] = double(observer->drained()) / finds;
        }
        if (queue) {
            drainQueue();
            state.counters["events_per_find"] = double(queued + dropped) / finds;
            state.counters["dropped_share"] = double(dropped) / finds;
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
    add("monitor", Watch::Monitor);
}

} // namespace

int main(int argc, char **argv)
{
    return Bench::runBenchmarks(argc, argv, registerBenchmarks);
}
