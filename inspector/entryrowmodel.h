// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qlist.h>
#include <QtCore/qsize.h>
#include <QtCore/qstring.h>

#include <vector>

namespace CacheScope {

// One row of an entry list: an entry of the cache, or one that just left it.
struct EntryRow
{
    quint64 id = 0;
    QString key;
    QSize size;
    qint64 costKb = 0;
    quint32 hits = 0;
    qint64 insertedMs = 0;
    qint64 lastAccessMs = 0;
    bool inUse = false;
    int rank = 0;          // place in the eviction order, 1 = the next victim; 0 when evicted
    QString evictionCause; // non-empty: an evicted row, shown until evictedUntilMs
    qint64 evictedUntilMs = 0;

    bool isEvicted() const { return !evictionCause.isEmpty(); }
    // Whether a view would show the two the same.
    bool looksLike(const EntryRow &other) const
    {
        return hits == other.hits && inUse == other.inUse && lastAccessMs == other.lastAccessMs
                && costKb == other.costKb && size == other.size && rank == other.rank
                && evictionCause == other.evictionCause && key == other.key;
    }
};

} // namespace CacheScope

Q_DECLARE_TYPEINFO(CacheScope::EntryRow, Q_RELOCATABLE_TYPE);

namespace CacheScope {

// A list of entry rows that changes only by rows removed, moved, inserted and changed, never by a
// reset or a layout change while it runs, so that a view keeps its delegates and its place. The
// entry model (eviction order) and the entry list's sorted, filtered view of it are both this.
class EntryRowModel : public QAbstractListModel
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
        RankRole,         // 1 = the next victim; 0 for an evicted row
        EvictedRole,
        EvictionCauseRole, // "cost limit", "flush timer", "removed", "replaced", "cleared", "trimmed"
    };
    Q_ENUM(Role)

    explicit EntryRowModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The rows in order, without the model indexes and variants of data().
    const EntryRow &row(int row) const { return m_slots[m_order.at(row)]; }
    qint64 limitKb() const { return m_limitKb; }
    // Where ThumbnailRole's URLs come from: a ThumbnailProvider registration, 0 for none.
    int thumbnailSource() const { return m_thumbnailRegistration; }
    // Changes whenever anything a row shows does.
    quint64 revision() const { return m_revision; }

Q_SIGNALS:
    void countChanged();
    // After each batch of changes (a refresh, a reset, a new limit or thumbnail source).
    void rowsUpdated();

protected:
    // Turns the rows into `target` (ids unique) with removals, moves, insertions and changes.
    void applyTarget(std::vector<EntryRow> target);
    // Replaces everything at once: only where a view is expected to start over.
    void resetRows(std::vector<EntryRow> rows);
    void setLimitKb(qint64 limitKb);
    void setThumbnailRegistration(int registration);

private:
    void touchAll(const QList<int> &roles);
    quint32 store(EntryRow &&row);
    void release(quint32 slot);
    int positionOf(quint32 slot) const;

    // Rows live in slots that never move; the order is a list of slot numbers, so removing,
    // moving or inserting rows shifts four bytes a row rather than the rows themselves.
    std::vector<EntryRow> m_slots;
    std::vector<quint32> m_freeSlots;
    QList<quint32> m_order;
    qint64 m_limitKb = 0;
    int m_thumbnailRegistration = 0;
    quint64 m_revision = 0;
};

} // namespace CacheScope
