// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "entrymodel.h"

#include <QtCore/qpointer.h>

namespace CacheScope {

// The entry list's view of an EntryModel: filtered by key and sorted by eviction order, cost,
// hits or key (ties in eviction order). It follows its source by rows removed, moved, inserted
// and changed, never by layout changes (a QSortFilterProxyModel turns each of the source's row
// moves, one per LRU hit, into a layout change, and the view then rebuilds every delegate and
// loses its place). Changing the sort order is the one reset.
// (The base is named in full for qmltyperegistrar, which matches prototypes by qualified name.)
class EntryFilterModel : public CacheScope::EntryRowModel
{
    Q_OBJECT
    Q_PROPERTY(CacheScope::EntryModel *sourceModel READ sourceModel WRITE setSourceModel NOTIFY sourceModelChanged)
    Q_PROPERTY(QString filterText READ filterText WRITE setFilterText NOTIFY filterTextChanged)
    Q_PROPERTY(SortKey sortKey READ sortKey WRITE setSortKey NOTIFY sortKeyChanged)
    Q_PROPERTY(bool descending READ descending WRITE setDescending NOTIFY descendingChanged)
    // While inactive (its view hidden) it does not follow the source; it catches up, by the same
    // fine-grained changes, once active again.
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)

public:
    // A fixed underlying type: QML may write any int, which must not be undefined behaviour.
    enum SortKey : int { EvictionOrder, Cost, Hits, Id };
    Q_ENUM(SortKey)

    explicit EntryFilterModel(QObject *parent = nullptr);

    EntryModel *sourceModel() const { return m_source; }
    void setSourceModel(EntryModel *source);
    QString filterText() const { return m_filterText; }
    void setFilterText(const QString &text);
    SortKey sortKey() const { return m_sortKey; }
    void setSortKey(SortKey key);
    bool descending() const { return m_descending; }
    void setDescending(bool descending);
    bool isActive() const { return m_active; }
    void setActive(bool active);
    int count() const { return rowCount(); }

Q_SIGNALS:
    void sourceModelChanged();
    void filterTextChanged();
    void sortKeyChanged();
    void descendingChanged();
    void activeChanged();

private:
    enum class Change { Source, Filter, Order };
    void sync(Change change);
    bool accepts(const EntryRow &row) const;
    bool lessThan(const EntryRow &left, const EntryRow &right) const;

    QPointer<EntryModel> m_source;
    QMetaObject::Connection m_sourceUpdates;
    quint64 m_sourceRevision = 0;
    QString m_filterText;
    SortKey m_sortKey = EvictionOrder;
    bool m_descending = false;
    bool m_active = true;
};

} // namespace CacheScope
