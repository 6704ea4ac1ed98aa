// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cacheobserver.h>

#include <mutex>
#include <vector>

namespace CacheScope {

// The inspector's ear on a cache: collects events from any thread until the GUI thread drains them
// at its refresh rate. Bounded: when the GUI falls behind, the oldest events are dropped, counted.
class EventQueue final : public CacheObserver
{
public:
    static constexpr size_t DefaultCapacity = 50'000;

    explicit EventQueue(size_t capacity = DefaultCapacity) : m_capacity(capacity) { }

    void cacheEvents(Events events) override;
    // Everything collected since the last call, oldest first, and how many were dropped meanwhile.
    std::vector<CacheEvent> drain(quint64 *dropped = nullptr);

private:
    const size_t m_capacity;
    std::mutex m_mutex;
    std::vector<CacheEvent> m_events;
    quint64 m_dropped = 0;
};

} // namespace CacheScope
