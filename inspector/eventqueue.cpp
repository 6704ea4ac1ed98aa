// Copyright (C) 2026 The CacheScope authors.
#include "eventqueue.h"

#include <algorithm>

namespace CacheScope {

EventQueue::EventQueue(size_t capacity) : m_capacity(std::max<size_t>(capacity, 1)) { }

void EventQueue::cacheEvents(Events events)
{
    // Of a batch larger than the whole queue only the newest can stay.
    const size_t skipped = events.size() > m_capacity ? events.size() - m_capacity : 0;
    std::scoped_lock lock(m_mutex);
    m_dropped += skipped;
    for (const CacheEvent &event : Events(events.begin() + skipped, events.size() - skipped)) {
        if (m_events.size() < m_capacity) {
            m_events.push_back(event);
            continue;
        }
        m_events[m_oldest] = event;
        m_oldest = m_oldest + 1 == m_capacity ? 0 : m_oldest + 1;
        ++m_dropped;
    }
}

std::vector<CacheEvent> EventQueue::drain(quint64 *dropped)
{
    // Room for as many as last time, allocated here rather than by a cache thread under the lock.
    std::vector<CacheEvent> events;
    events.reserve(std::min(m_lastDrained, m_capacity));
    size_t oldest = 0;
    quint64 lost = 0;
    {
        std::scoped_lock lock(m_mutex);
        events.swap(m_events);
        oldest = std::exchange(m_oldest, 0);
        lost = std::exchange(m_dropped, 0);
    }
    // Outside the lock: the cache's threads wait for nothing but the swap.
    std::rotate(events.begin(), events.begin() + qsizetype(oldest), events.end());
    m_lastDrained = events.size();
    if (dropped)
        *dropped = lost;
    return events;
}

} // namespace CacheScope
