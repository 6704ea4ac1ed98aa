// Copyright (C) 2026 The CacheScope authors.
#include "eventqueue.h"

namespace CacheScope {

void EventQueue::cacheEvents(Events events)
{
    std::scoped_lock lock(m_mutex);
    m_events.insert(m_events.end(), events.begin(), events.end());
    if (m_events.size() > m_capacity) {
        const size_t excess = m_events.size() - m_capacity;
        m_events.erase(m_events.begin(), m_events.begin() + qsizetype(excess));
        m_dropped += excess;
    }
}

std::vector<CacheEvent> EventQueue::drain(quint64 *dropped)
{
    std::vector<CacheEvent> events;
    std::scoped_lock lock(m_mutex);
    events.swap(m_events);
    if (dropped)
        *dropped = std::exchange(m_dropped, 0);
    return events;
}

} // namespace CacheScope
