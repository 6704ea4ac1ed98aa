// Copyright (C) 2026 The CacheScope authors.
#include "entryfiltermodel.h"

#include "entrymodel.h"

namespace CacheScope {

EntryFilterModel::EntryFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(this, signal, this, &EntryFilterModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &EntryFilterModel::countChanged);
    resort();
}

void EntryFilterModel::setFilterText(const QString &text)
{
    if (text == m_filterText)
        return;
    m_filterText = text;
    invalidateFilter();
    Q_EMIT filterTextChanged();
    Q_EMIT countChanged();
}

void EntryFilterModel::setSortKey(SortKey key)
{
    if (key < EvictionOrder || key > Id) {
        qWarning("EntryFilterModel: no sort key %d", int(key));
        return;
    }
    if (key == m_sortKey)
        return;
    m_sortKey = key;
    resort();
    Q_EMIT sortKeyChanged();
}

void EntryFilterModel::setDescending(bool descending)
{
    if (descending == m_descending)
        return;
    m_descending = descending;
    resort();
    Q_EMIT descendingChanged();
}

void EntryFilterModel::resort()
{
    static constexpr int SortByAllColumns = 0;
    invalidate();
    sort(SortByAllColumns, m_descending ? Qt::DescendingOrder : Qt::AscendingOrder);
}

bool EntryFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_filterText.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return index.data(EntryModel::KeyRole).toString().contains(m_filterText, Qt::CaseInsensitive);
}

bool EntryFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    auto number = [](const QModelIndex &index, int role) { return index.data(role).toDouble(); };
    switch (m_sortKey) {
    case Cost:
        return number(left, EntryModel::CostKbRole) < number(right, EntryModel::CostKbRole);
    case Hits:
        return number(left, EntryModel::HitsRole) < number(right, EntryModel::HitsRole);
    case Id:
        return left.data(EntryModel::KeyRole).toString() < right.data(EntryModel::KeyRole).toString();
    case EvictionOrder:
        break;
    }
    return left.row() < right.row();
}

} // namespace CacheScope
