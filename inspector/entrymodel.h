// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cacheobserver.h>

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qhash.h>

namespace CacheScope {

// The cache's entries in eviction order, the next victim first. Updated incrementally: rows are
// inserted, removed and changed, never reset wholesale. Entries that just left stay a moment as
// "evicted" rows carrying their cause, so a view can fade them out.
class EntryModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        EntryIdRole = Qt::UserRole + 1,
        KeyRole,
        ThumbnailRole,    // image:// URL of a read-only thumbnail (never a cache hit)
        WidthRole,
        HeightRole,
        CostKbRole,
        CostFractionRole, // cost / cache limit, for proportional bars
        HitsRole,
        InsertedMsRole,   // on the monitor's clock (CacheMonitor.now)
        LastAccessMsRole,
        InUseRole,
        RankRole,         // 1 = the next victim
        EvictedRole,
        EvictionCauseRole, // "cost limit", "flush timer", "removed", "replaced", "cleared", "trimmed"
    };
    Q_ENUM(Role)

    // How long an evicted entry stays visible.
    static constexpr qint64 EvictedRowLifetimeMs = 1500;

    explicit EntryModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Brings the rows to `entries` (eviction order). `evicted` gives the causes of entries that left
    // since the last update. Times are milliseconds on the monitor's clock.
    void update(const QList<CacheEntryInfo> &entries, const QHash<quint64, EvictionCause> &evicted,
                qint64 nowMs, qint64 limitKb);
    // Replaces everything at once (loading a file); the one place a reset is right.
    void reset(const QList<CacheEntryInfo> &entries, qint64 limitKb);
    // Where ThumbnailRole's URLs come from: a ThumbnailProvider registration, 0 for none.
    void setThumbnailSource(int registration);
    // Rows of evicted entries still shown (they fade out on later updates).
    bool hasEvictedRows() const;

    static QString causeName(EvictionCause cause);
    static qint64 toMs(CacheEvent::Clock::time_point time);

Q_SIGNALS:
    void countChanged();

private:
    struct Row
    {
        quint64 id = 0;
        QString key;
        QSize size;
        qint64 costKb = 0;
        quint32 hits = 0;
        qint64 insertedMs = 0;
        qint64 lastAccessMs = 0;
        bool inUse = false;
        QString evictionCause; // non-empty: an evicted row, shown until evictedUntilMs
        qint64 evictedUntilMs = 0;
    };
    static Row rowFor(const CacheEntryInfo &entry);
    void applyTarget(QList<Row> target);

    QList<Row> m_rows;
    qint64 m_limitKb = 0;
    int m_thumbnailRegistration = 0;
};

} // namespace CacheScope
