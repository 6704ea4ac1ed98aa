// Copyright (C) 2026 The CacheScope authors.
#include "entryfiltermodel.h"

#include <algorithm>

namespace CacheScope {

EntryFilterModel::EntryFilterModel(QObject *parent) : EntryRowModel(parent) { }

void EntryFilterModel::setSourceModel(EntryModel *source)
{
    if (source == m_source)
        return;
    disconnect(m_sourceUpdates);
    m_source = source;
    if (source) {
        m_sourceUpdates = connect(source, &EntryRowModel::rowsUpdated, this,
                                  [this] { sync(Change::Source); });
    }
    sync(Change::Order);
    Q_EMIT sourceModelChanged();
}

void EntryFilterModel::setFilterText(const QString &text)
{
    if (text == m_filterText)
        return;
    m_filterText = text;
    sync(Change::Filter);
    Q_EMIT filterTextChanged();
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
    sync(Change::Order);
    Q_EMIT sortKeyChanged();
}

void EntryFilterModel::setDescending(bool descending)
{
    if (descending == m_descending)
        return;
    m_descending = descending;
    sync(Change::Order);
    Q_EMIT descendingChanged();
}

void EntryFilterModel::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    if (active)
        sync(Change::Source); // nothing to do if the source did not change meanwhile
    Q_EMIT activeChanged();
}

bool EntryFilterModel::accepts(const EntryRow &row) const
{
    if (m_filterText.isEmpty())
        return true;
    const QString key = row.key.isEmpty() ? QStringLiteral("#%1").arg(row.id) : row.key;
    return key.contains(m_filterText, Qt::CaseInsensitive);
}

// Ascending or descending by the key; equal keys stay in eviction order either way.
bool EntryFilterModel::lessThan(const EntryRow &left, const EntryRow &right) const
{
    const EntryRow &a = m_descending ? right : left;
    const EntryRow &b = m_descending ? left : right;
    switch (m_sortKey) {
    case Cost:
        return a.costKb < b.costKb;
    case Hits:
        return a.hits < b.hits;
    case Id:
        return a.key < b.key;
    case EvictionOrder:
        break;
    }
    return false;
}

// Source and Filter: rows follow by fine-grained changes. Order: the view starts over.
void EntryFilterModel::sync(Change change)
{
    if (change == Change::Source
        && (!m_active || (m_source && m_source->revision() == m_sourceRevision))) {
        return; // hidden, or a refresh that changed nothing
    }
    std::vector<EntryRow> target;
    if (m_source) {
        m_sourceRevision = m_source->revision();
        target.reserve(size_t(m_source->rowCount()));
        for (int i = 0; i < m_source->rowCount(); ++i) {
            const EntryRow &row = m_source->row(i);
            if (accepts(row))
                target.push_back(row);
        }
        if (m_sortKey == EvictionOrder) {
            if (m_descending)
                std::reverse(target.begin(), target.end());
        } else {
            const auto order = [this](const EntryRow &a, const EntryRow &b) {
                return lessThan(a, b);
            };
            std::stable_sort(target.begin(), target.end(), order);
        }
        setLimitKb(m_source->limitKb());
        setThumbnailRegistration(m_source->thumbnailSource());
    }
    if (change == Change::Order)
        resetRows(std::move(target));
    else
        applyTarget(std::move(target));
    Q_EMIT rowsUpdated();
}

} // namespace CacheScope
