// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cacheobserver.h>

#include <mutex>
#include <vector>

namespace CacheScope {

// The inspector's ear on a cache: collects events from any thread until the GUI thread drains them
// at its refresh rate. Bounded: when the GUI falls behind, the oldest events are dropped, counted.
// A ring buffer, so that a full queue costs the cache's threads O(1) per event under the mutex
// (not a shift of the whole queue), and a drain swaps the buffer out in O(1).
class EventQueue final : public CacheObserver
{
public:
    static constexpr size_t DefaultCapacity = 50'000;

    explicit EventQueue(size_t capacity = DefaultCapacity);

    void cacheEvents(Events events) override;
    // Everything collected since the last call, oldest first, and how many were dropped meanwhile
    // (the count starts over at every drain, asked for or not).
    std::vector<CacheEvent> drain(quint64 *dropped = nullptr);

private:
    const size_t m_capacity;
    std::mutex m_mutex;
    std::vector<CacheEvent> m_events; // grows to m_capacity, then wraps around
    size_t m_oldest = 0;              // where the oldest event is once the buffer has wrapped
    quint64 m_dropped = 0;
    size_t m_lastDrained = 0; // the draining thread's alone
};

} // namespace CacheScope
