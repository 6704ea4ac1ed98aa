// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cacheobserver.h>

#include <QtCore/qabstractitemmodel.h>

#include <functional>

namespace CacheScope {

// A bounded list of cache events, newest last: the event log, and (filtered to flush-timer events)
// the flush timeline. Rows are appended and the oldest dropped, never reset while live.
class EventListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        SequenceRole = Qt::UserRole + 1,
        TimeMsRole,     // on the monitor's clock
        TypeRole,       // "hit", "miss", "insert", "replace", "evict", "clear", "flush", ...
        KeyRole,
        EntryIdRole,
        CostKbRole,
        CauseRole,      // evictions
        ModeRole,       // flush ticks: "busy" / "idle"
        ManualRole,     // flush ticks run by flush() rather than the timer
        EntriesRole,    // flush ticks and clear: entries evicted
        KbRole,         // flush ticks and clear: KiB evicted
        NextIntervalMsRole, // flush ticks and timer start: -1 = timer stopped
        MessageRole,    // errors
        SummaryRole,    // one readable line
    };
    Q_ENUM(Role)

    using Filter = std::function<bool(const CacheEvent &)>;

    explicit EventListModel(int capacity, Filter filter = {}, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The row whose time (monitor clock) is closest to timeMs, if within toleranceMs; else -1.
    // For hit-testing a timeline with one pointer area instead of one per mark.
    Q_INVOKABLE int nearestRow(double timeMs, double toleranceMs) const;

    void append(const std::vector<CacheEvent> &events);
    void replaceAll(const std::vector<CacheEvent> &events);
    const QList<CacheEvent> &events() const { return m_events; }
    int capacity() const { return m_capacity; }

    static QString typeName(CacheEventType type);
    static bool typeFromName(const QString &name, CacheEventType *type);
    static QString summary(const CacheEvent &event);

Q_SIGNALS:
    void countChanged();

private:
    const int m_capacity;
    const Filter m_filter;
    QList<CacheEvent> m_events;
};

} // namespace CacheScope
