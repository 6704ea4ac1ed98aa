// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cacheobserver.h>

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qhash.h>

#include <deque>
#include <vector>

namespace CacheScope {

// Eviction post-mortem: the last `capacity` entries that left the cache, newest first, each with
// its cause, what pushed it out (the insert that needed room, with its key and cost; the flush
// tick; the lower limit; the app's remove or clear), its rank in the eviction order at that moment
// (1 = it was the next victim) and how long it had been idle.
//
// The core reports a batch of evictions just before the event that caused them (an insert's
// evictions precede its Insert event, a tick's its FlushTick), with consecutive sequence numbers;
// that is how a row finds its trigger. A clear is one event, so its rows come from the entries the
// inspector last showed.
class EvictedModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int capacity READ capacity CONSTANT)

public:
    enum Role {
        EntryIdRole = Qt::UserRole + 1,
        KeyRole,
        CostKbRole,
        CauseRole,       // EntryModel::causeName()
        TimeMsRole,      // when it went, on the monitor's clock
        TriggerRole,     // "insert photos/a.jpg (640 KiB)", "busy flush tick", "limit set to 2048 KiB", ...
        TriggerKeyRole,  // the inserted key, when an insert pushed it out
        TriggerCostKbRole,
        RankRole,        // 1 = it was the next victim; 0 when not known
        IdleMsRole,      // since its last hit or insert; -1 when not known
        HitsRole,        // hits seen while the inspector watched; -1 when not known
    };
    Q_ENUM(Role)

    static constexpr int DefaultCapacity = 2000;

    explicit EvictedModel(int capacity = DefaultCapacity, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int capacity() const { return m_capacity; }

    // Events in delivery order (sorted by sequence here); `shown` are the entries as last read
    // (eviction order), for what events do not carry (a clear's entries, idle times of entries
    // inserted before the inspector attached).
    void record(const std::vector<CacheEvent> &events, const QList<CacheEntryInfo> &shown);
    void clear();

    // The rows whose trigger was the event with this sequence (a flush tick's victims, say).
    Q_INVOKABLE QVariantList evictedBy(double sequence) const;

Q_SIGNALS:
    void countChanged();

private:
    struct Row
    {
        quint64 entryId = 0;
        QString key;
        qint64 costKb = 0;
        EvictionCause cause = EvictionCause::CostLimit;
        qint64 timeMs = 0;
        QString trigger;
        QString triggerKey;
        qint64 triggerCostKb = 0;
        quint64 triggerSequence = 0;
        int rank = 0;
        qint64 idleMs = -1;
        int hits = -1;
    };
    // What the model knows of an entry still in the cache.
    struct Live
    {
        qint64 lastAccessMs = 0;
        int hits = 0;
    };

    void attribute(std::vector<Row> &pending, const CacheEvent *trigger);
    void prepend(std::vector<Row> rows);

    int m_capacity;
    std::deque<Row> m_rows; // newest first
    QHash<quint64, Live> m_live;
};

} // namespace CacheScope
