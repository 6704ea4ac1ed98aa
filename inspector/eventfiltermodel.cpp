// Copyright (C) 2026 The CacheScope authors.
#include "eventfiltermodel.h"

#include "eventlistmodel.h"

#include <algorithm>

namespace CacheScope {

EventFilterModel::EventFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(this, signal, this, &EventFilterModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &EventFilterModel::countChanged);
}

void EventFilterModel::setFilterText(const QString &text)
{
    if (text == m_filterText)
        return;
    m_filterText = text;
    invalidateFilter();
    Q_EMIT filterTextChanged();
    Q_EMIT countChanged();
}

void EventFilterModel::setTypes(const QStringList &types)
{
    if (types == m_types)
        return;
    m_types = types;
    invalidateFilter();
    Q_EMIT typesChanged();
    Q_EMIT countChanged();
}

int EventFilterModel::rowAtTime(double timeMs) const
{
    int low = 0;
    int high = rowCount();
    while (low < high) {
        const int middle = low + (high - low) / 2;
        if (index(middle, 0).data(EventListModel::TimeMsRole).toDouble() < timeMs)
            low = middle + 1;
        else
            high = middle;
    }
    return std::min(low, rowCount() - 1);
}

bool EventFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_types.isEmpty() && !m_types.contains(index.data(EventListModel::TypeRole).toString()))
        return false;
    return m_filterText.isEmpty()
            || index.data(EventListModel::SummaryRole).toString().contains(m_filterText,
                                                                           Qt::CaseInsensitive);
}

} // namespace CacheScope
