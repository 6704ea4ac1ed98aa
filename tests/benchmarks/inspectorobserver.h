// Copyright (C) 2026 The CacheScope authors.
// A realistic inspector attached to a cache: what the inspector's models would do, minus the GUI.
//
// - InspectorObserver appends every delivered event into a mutex-protected buffer (called on the
//   thread that caused the events, as the CacheObserver contract says).
// - InspectorDrain is the model's refresh: at a bounded rate (60 Hz) it swaps the buffer out,
//   folds the events into per-type counts and per-entry hit counts (what the Entries view flashes
//   and the event log shows), and polls stats() for the Overview.
#pragma once

#include <CacheScope/cacheobserver.h>
#include <CacheScope/imagecache.h>

#include <QtCore/qhash.h>
#include <QtCore/qmutex.h>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace Bench {

class InspectorObserver final : public CacheScope::CacheObserver
{
public:
    static constexpr std::size_t ReservedEvents = 1 << 16;

    InspectorObserver()
    {
        m_buffer.reserve(ReservedEvents);
        m_spare.reserve(ReservedEvents);
    }

    void cacheEvents(Events events) override
    {
        QMutexLocker lock(&m_mutex);
        m_buffer.insert(m_buffer.end(), events.begin(), events.end());
    }

    // Takes everything delivered so far and folds it into the model's state.
    void drain()
    {
        {
            QMutexLocker lock(&m_mutex);
            m_buffer.swap(m_spare);
        }
        for (const CacheScope::CacheEvent &event : m_spare) {
            ++m_countByType[std::size_t(event.type)];
            if (event.type == CacheScope::CacheEventType::Hit)
                ++m_hitsByEntry[event.entryId];
            m_lastSequence = std::max(m_lastSequence, event.sequence);
        }
        m_drained += m_spare.size();
        m_spare.clear(); // keeps its capacity for the next swap
    }

    std::uint64_t drained() const { return m_drained; }

private:
    QMutex m_mutex;
    std::vector<CacheScope::CacheEvent> m_buffer; // guarded by m_mutex
    std::vector<CacheScope::CacheEvent> m_spare;  // the drain's, outside the lock
    std::array<std::uint64_t, 16> m_countByType{};
    QHash<quint64, quint64> m_hitsByEntry;
    quint64 m_lastSequence = 0;
    std::uint64_t m_drained = 0;
};

// A thread that refreshes the inspector every `period` until destroyed: has the cache deliver the
// hits it holds back (CacheObserver), drains the observer (if any) and reads stats().
class InspectorDrain
{
public:
    static constexpr std::chrono::milliseconds DisplayPeriod{16}; // ~60 Hz, a display refresh

    InspectorDrain(CacheScope::ImageCache &cache, std::function<void()> drain,
                   std::chrono::milliseconds period = DisplayPeriod)
        : m_period(period), m_thread([this, &cache, drain = std::move(drain)] { run(cache, drain); })
    {
    }
    InspectorDrain(CacheScope::ImageCache &cache, InspectorObserver *observer)
        : InspectorDrain(cache, observer ? std::function<void()>([observer] { observer->drain(); })
                                         : std::function<void()>())
    {
    }
    ~InspectorDrain()
    {
        {
            std::scoped_lock lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }
    InspectorDrain(const InspectorDrain &) = delete;
    InspectorDrain &operator=(const InspectorDrain &) = delete;

    std::uint64_t refreshes() const { return m_refreshes.load(); }

private:
    void run(CacheScope::ImageCache &cache, const std::function<void()> &drain)
    {
        std::unique_lock lock(m_mutex);
        while (!m_wake.wait_for(lock, m_period, [this] { return m_stop; })) {
            lock.unlock();
            if (drain) {
                cache.deliverBufferedEvents();
                drain();
            }
            const CacheScope::CacheStats stats = cache.stats();
            m_lastHits.store(stats.hits, std::memory_order_relaxed);
            m_refreshes.fetch_add(1, std::memory_order_relaxed);
            lock.lock();
        }
    }

    const std::chrono::milliseconds m_period;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::atomic<std::uint64_t> m_refreshes{0};
    std::atomic<quint64> m_lastHits{0};
    std::thread m_thread; // last: started once everything above exists
};

} // namespace Bench
