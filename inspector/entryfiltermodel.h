// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qsortfilterproxymodel.h>

namespace CacheScope {

// Sorts and filters an EntryModel for the entry list: by eviction order, cost, hits or id.
class EntryFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_PROPERTY(QString filterText READ filterText WRITE setFilterText NOTIFY filterTextChanged)
    Q_PROPERTY(SortKey sortKey READ sortKey WRITE setSortKey NOTIFY sortKeyChanged)
    Q_PROPERTY(bool descending READ descending WRITE setDescending NOTIFY descendingChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    // A fixed underlying type: QML may write any int, which must not be undefined behaviour.
    enum SortKey : int { EvictionOrder, Cost, Hits, Id };
    Q_ENUM(SortKey)

    explicit EntryFilterModel(QObject *parent = nullptr);

    QString filterText() const { return m_filterText; }
    void setFilterText(const QString &text);
    SortKey sortKey() const { return m_sortKey; }
    void setSortKey(SortKey key);
    bool descending() const { return m_descending; }
    void setDescending(bool descending);
    int count() const { return rowCount(); }

Q_SIGNALS:
    void filterTextChanged();
    void sortKeyChanged();
    void descendingChanged();
    void countChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void resort();

    QString m_filterText;
    SortKey m_sortKey = EvictionOrder;
    bool m_descending = false;
};

} // namespace CacheScope
