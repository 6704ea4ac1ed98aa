// Copyright (C) 2026 The CacheScope authors.
#include "eventdensity.h"

#include "entrymodel.h"
#include "eventlistmodel.h"
#include "timewindow.h"

#include <algorithm>
#include <cmath>

namespace CacheScope {

namespace {

constexpr int MaxBuckets = 2000; // more than any strip is pixels wide

bool evictsSomething(const CacheEvent &event)
{
    switch (event.type) {
    case CacheEventType::Evict:
        return true;
    case CacheEventType::Clear:
    case CacheEventType::FlushTick:
        return event.entries > 0;
    default:
        return false;
    }
}

} // namespace

EventDensity::EventDensity(QObject *parent) : QObject(parent) { }

void EventDensity::setEvents(EventListModel *events)
{
    if (events == m_events)
        return;
    for (const QMetaObject::Connection &connection : std::as_const(m_eventConnections))
        disconnect(connection);
    m_eventConnections.clear();
    m_events = events;
    if (events) {
        // Rows only ever arrive at the end and leave from the front, or all change at once.
        m_eventConnections = {connect(events, &QAbstractItemModel::rowsInserted, this, &EventDensity::recount),
                              connect(events, &QAbstractItemModel::rowsRemoved, this, &EventDensity::recount),
                              connect(events, &QAbstractItemModel::modelReset, this, &EventDensity::recount)};
    }
    Q_EMIT eventsChanged();
    recount();
}

void EventDensity::setWindow(TimeWindow *window)
{
    if (window == m_window)
        return;
    disconnect(m_windowConnection);
    m_window = window;
    if (window)
        m_windowConnection = connect(window, &TimeWindow::windowChanged, this, &EventDensity::recount);
    Q_EMIT windowChanged();
    recount();
}

void EventDensity::setBuckets(int buckets)
{
    buckets = std::clamp(buckets, 0, MaxBuckets);
    if (buckets == m_buckets)
        return;
    m_buckets = buckets;
    Q_EMIT bucketsChanged();
    recount();
}

void EventDensity::recount()
{
    QList<int> counts(m_buckets, 0);
    QList<int> evictions(m_buckets, 0);
    int total = 0;
    if (m_events && m_window && m_buckets > 0) {
        const double start = m_window->startMs();
        const double span = m_window->spanMs();
        const QList<CacheEvent> &events = m_events->events();
        // Events are in time order: skip to the first one in the window.
        auto it = std::lower_bound(events.begin(), events.end(), start, [](const CacheEvent &event, double ms) {
            return double(EntryModel::toMs(event.time)) < ms;
        });
        for (; it != events.end(); ++it) {
            const double offset = double(EntryModel::toMs(it->time)) - start;
            if (offset > span)
                break;
            const int bucket = std::min(m_buckets - 1, int(std::floor(offset / span * m_buckets)));
            ++counts[bucket];
            if (evictsSomething(*it))
                ++evictions[bucket];
            ++total;
        }
    }
    const int peak = std::max(1, counts.isEmpty() ? 0 : *std::max_element(counts.begin(), counts.end()));
    if (counts == m_counts && evictions == m_evictions && peak == m_peak && total == m_total)
        return;
    m_counts = counts;
    m_evictions = evictions;
    m_peak = peak;
    m_total = total;
    Q_EMIT countsChanged();
}

} // namespace CacheScope
