// Copyright (C) 2026 The CacheScope authors.
#include "duplicatesourcemodel.h"

#include <QtCore/qhash.h>

#include <algorithm>

namespace CacheScope {

DuplicateSourceModel::DuplicateSourceModel(QObject *parent) : QAbstractListModel(parent) {}

int DuplicateSourceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant DuplicateSourceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case SourceRole:
        return row.source;
    case SizesRole:
        return row.sizes.join(QStringLiteral(", "));
    case CopiesRole:
        return int(row.sizes.size());
    case TotalKbRole:
        return double(row.totalKb);
    case ExtraKbRole:
        return double(row.extraKb);
    default:
        return {};
    }
}

QHash<int, QByteArray> DuplicateSourceModel::roleNames() const
{
    return {{SourceRole, "source"}, {SizesRole, "sizes"}, {CopiesRole, "copies"},
            {TotalKbRole, "totalKb"}, {ExtraKbRole, "extraKb"}};
}

double DuplicateSourceModel::extraKb() const
{
    qint64 sum = 0;
    for (const Row &row : m_rows)
        sum += row.extraKb;
    return double(sum);
}

QString DuplicateSourceModel::sourceOf(const QString &key)
{
    const qsizetype at = key.lastIndexOf(QLatin1Char('@'));
    if (at <= 0)
        return {};
    const QStringView size = QStringView(key).mid(at + 1);
    const qsizetype x = size.indexOf(QLatin1Char('x'));
    if (x <= 0 || x == size.size() - 1)
        return {};
    bool widthOk = false;
    bool heightOk = false;
    const int width = size.left(x).toInt(&widthOk);
    const int height = size.mid(x + 1).toInt(&heightOk);
    return widthOk && heightOk && width >= 0 && height >= 0 ? key.left(at) : QString();
}

void DuplicateSourceModel::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    if (m_active && m_stale)
        regroup();
    Q_EMIT activeChanged();
}

void DuplicateSourceModel::update(const QList<CacheEntryInfo> &entries)
{
    m_entries = entries;
    m_stale = true;
    if (m_active)
        regroup();
}

void DuplicateSourceModel::regroup()
{
    m_stale = false;
    const QList<CacheEntryInfo> &entries = m_entries;
    struct Group
    {
        QStringList sizes;
        qint64 totalKb = 0;
        qint64 largestKb = 0;
    };
    QHash<QString, Group> groups;
    for (const CacheEntryInfo &entry : entries) {
        const QString source = sourceOf(entry.key);
        if (source.isEmpty())
            continue;
        Group &group = groups[source];
        group.sizes.append(entry.key.mid(source.size() + 1));
        group.totalKb += entry.costKb;
        group.largestKb = std::max(group.largestKb, entry.costKb);
    }
    QList<Row> rows;
    for (auto it = groups.begin(); it != groups.end(); ++it) {
        if (it->sizes.size() < 2)
            continue;
        it->sizes.sort();
        rows.append({it.key(), it->sizes, it->totalKb, it->totalKb - it->largestKb});
    }
    std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        return a.extraKb != b.extraKb ? a.extraKb > b.extraKb : a.source < b.source;
    });
    if (rows == m_rows)
        return;
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    Q_EMIT countChanged();
}

} // namespace CacheScope
