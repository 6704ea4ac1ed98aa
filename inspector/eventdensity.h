// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "eventlistmodel.h"
#include "timewindow.h"

#include <QtCore/qlist.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>

namespace CacheScope {

// How many events fall in each of `buckets` equal slices of a time window, and how many of those
// evicted something (evictions, clears, flush ticks and trims that took entries): the event
// strip's bars. Recounted when the window moves or the events change; binary search to the
// window, then one pass over the events inside it.
class EventDensity : public QObject
{
    Q_OBJECT
    Q_PROPERTY(CacheScope::EventListModel *events READ events WRITE setEvents NOTIFY eventsChanged)
    Q_PROPERTY(CacheScope::TimeWindow *window READ window WRITE setWindow NOTIFY windowChanged)
    Q_PROPERTY(int buckets READ buckets WRITE setBuckets NOTIFY bucketsChanged)
    Q_PROPERTY(QList<int> counts READ counts NOTIFY countsChanged)
    Q_PROPERTY(QList<int> evictions READ evictions NOTIFY countsChanged)
    Q_PROPERTY(int peak READ peak NOTIFY countsChanged) // the largest count, at least 1
    Q_PROPERTY(int total READ total NOTIFY countsChanged) // events inside the window

public:
    explicit EventDensity(QObject *parent = nullptr);

    EventListModel *events() const { return m_events; }
    void setEvents(EventListModel *events);
    TimeWindow *window() const { return m_window; }
    void setWindow(TimeWindow *window);
    int buckets() const { return m_buckets; }
    void setBuckets(int buckets);
    QList<int> counts() const { return m_counts; }
    QList<int> evictions() const { return m_evictions; }
    int peak() const { return m_peak; }
    int total() const { return m_total; }

Q_SIGNALS:
    void eventsChanged();
    void windowChanged();
    void bucketsChanged();
    void countsChanged();

private:
    void recount();

    QPointer<EventListModel> m_events;
    QPointer<TimeWindow> m_window;
    QList<QMetaObject::Connection> m_eventConnections;
    QMetaObject::Connection m_windowConnection;
    int m_buckets = 0;
    QList<int> m_counts;
    QList<int> m_evictions;
    int m_peak = 1;
    int m_total = 0;
};

} // namespace CacheScope
