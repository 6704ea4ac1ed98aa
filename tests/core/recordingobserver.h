// Copyright (C) 2026 The CacheScope authors.
// A thread-safe CacheObserver that records every event it is given, for the core tests.
#pragma once

#include <CacheScope/cacheobserver.h>

#include <QtCore/qlist.h>
#include <QtCore/qmutex.h>

#include <algorithm>
#include <functional>
#include <span>

class RecordingObserver : public CacheScope::CacheObserver
{
public:
    using Event = CacheScope::CacheEvent;
    using Type = CacheScope::CacheEventType;

    // Optional hook run for every delivered batch, on the delivering thread, outside our lock.
    std::function<void(std::span<const Event>)> onEvents;

    void cacheEvents(Events events) override
    {
        {
            QMutexLocker lock(&m_mutex);
            for (const Event &e : events)
                m_events.append(e);
        }
        if (onEvents)
            onEvents(events);
    }

    // Events in delivery order.
    QList<Event> events() const
    {
        QMutexLocker lock(&m_mutex);
        // A deep copy made under the lock: a shared one would be detached later (by a sort, say)
        // while the cache's threads append to the original, a race TSan rightly reports.
        QList<Event> copy = m_events;
        copy.detach();
        return copy;
    }
    // Events ordered by their sequence number (delivery order can differ across threads).
    QList<Event> eventsBySequence() const
    {
        QList<Event> sorted = events();
        std::sort(sorted.begin(), sorted.end(),
                  [](const Event &a, const Event &b) { return a.sequence < b.sequence; });
        return sorted;
    }
    QList<Event> eventsOfType(Type type) const
    {
        QList<Event> matching;
        for (const Event &e : eventsBySequence())
            if (e.type == type)
                matching.append(e);
        return matching;
    }
    qsizetype countOf(Type type) const { return eventsOfType(type).size(); }
    qsizetype size() const
    {
        QMutexLocker lock(&m_mutex);
        return m_events.size();
    }
    void reset()
    {
        QMutexLocker lock(&m_mutex);
        m_events.clear();
    }

private:
    mutable QMutex m_mutex;
    QList<Event> m_events;
};
