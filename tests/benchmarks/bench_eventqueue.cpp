// Copyright (C) 2026 The CacheScope authors.
// The inspector's event queue (inspector/eventqueue.h), as the cache's threads see it: the cost of
// handing over one event, under the queue's mutex, when the GUI thread has fallen behind and the
// queue is full, and when it keeps up. Against the queue it replaced, which dropped the oldest
// events by erasing them from the front of a vector (kept here, as the baseline, and nowhere else).
//
//   eventqueue/<impl>/full/<batch>    the queue at capacity (50,000): every event drops the oldest
//   eventqueue/<impl>/drained/<batch> drained every 2,000 events, as a 10 Hz refresh of a busy cache
//
// Not part of scripts/bench's table; run it by hand in build/release.
#include "benchmain.h"

#include <eventqueue.h>

#include <mutex>
#include <string>
#include <vector>

namespace {

using CacheScope::CacheEvent;

// The queue before the ring buffer, as it was.
class VectorEraseQueue final : public CacheScope::CacheObserver
{
public:
    explicit VectorEraseQueue(size_t capacity) : m_capacity(capacity) { }

    void cacheEvents(Events events) override
    {
        std::scoped_lock lock(m_mutex);
        m_events.insert(m_events.end(), events.begin(), events.end());
        if (m_events.size() > m_capacity) {
            const size_t excess = m_events.size() - m_capacity;
            m_events.erase(m_events.begin(), m_events.begin() + qsizetype(excess));
            m_dropped += excess;
        }
    }
    std::vector<CacheEvent> drain(quint64 *dropped = nullptr)
    {
        std::vector<CacheEvent> events;
        std::scoped_lock lock(m_mutex);
        events.swap(m_events);
        if (dropped)
            *dropped = std::exchange(m_dropped, 0);
        return events;
    }

private:
    const size_t m_capacity;
    std::mutex m_mutex;
    std::vector<CacheEvent> m_events;
    quint64 m_dropped = 0;
};

constexpr size_t Capacity = CacheScope::EventQueue::DefaultCapacity;
constexpr int DrainEvery = 2000;

// A hit on a key of the provider's shape (its string shared, as the core's events share it).
std::vector<CacheEvent> batchOf(int size)
{
    const QString key = QStringLiteral("image://cache/photos/2026/holiday/IMG_0042.jpg@256x256");
    std::vector<CacheEvent> batch(static_cast<size_t>(size));
    for (CacheEvent &event : batch) {
        event.type = CacheScope::CacheEventType::Hit;
        event.key = key;
        event.entryId = 42;
    }
    return batch;
}

template <typename Queue>
void handOver(benchmark::State &state, bool full)
{
    const int batchSize = int(state.range(0));
    const std::vector<CacheEvent> batch = batchOf(batchSize);
    Queue queue(Capacity);
    if (full) {
        const std::vector<CacheEvent> fill = batchOf(int(Capacity));
        queue.cacheEvents(fill);
    }
    int sinceDrain = 0;
    for (auto _ : state) {
        queue.cacheEvents(batch);
        if (!full && (sinceDrain += batchSize) >= DrainEvery) {
            sinceDrain = 0;
            benchmark::DoNotOptimize(queue.drain());
        }
    }
    state.SetItemsProcessed(state.iterations() * batchSize);
}

template <typename Queue>
void add(const char *impl)
{
    for (const bool full : {true, false}) {
        const std::string name = std::string("eventqueue/") + impl + (full ? "/full" : "/drained");
        benchmark::RegisterBenchmark(name.c_str(), [full](benchmark::State &state) {
            handOver<Queue>(state, full);
        })->Arg(1)->Arg(16)->UseRealTime();
    }
}

void registerBenchmarks()
{
    add<CacheScope::EventQueue>("ring");
    add<VectorEraseQueue>("vector-erase");
}

} // namespace

int main(int argc, char **argv)
{
    return Bench::runBenchmarks(argc, argv, registerBenchmarks);
}
