// Copyright (C) 2026 The CacheScope authors.
#include "costmapmodel.h"

#include "squarifiedlayout.h"

#include <algorithm>
#include <numeric>

namespace CacheScope {

CostMapModel::CostMapModel(QObject *parent) : QAbstractListModel(parent) { }

int CostMapModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tiles.size());
}

QVariant CostMapModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Tile &tile = m_tiles.at(index.row());
    switch (role) {
    case TileXRole:
        return tile.rect.x();
    case TileYRole:
        return tile.rect.y();
    case TileWidthRole:
        return tile.rect.width();
    case TileHeightRole:
        return tile.rect.height();
    case KindRole:
        return tile.kind;
    case Qt::DisplayRole:
    case KeyRole:
        return tile.key;
    case CostKbRole:
        return double(tile.costKb);
    case RankRole:
        return tile.rank;
    case InUseRole:
        return tile.inUse;
    case EntriesRole:
        return tile.entries;
    case PositionRole:
        return tile.position;
    }
    return {};
}

QHash<int, QByteArray> CostMapModel::roleNames() const
{
    return {{TileXRole, "tileX"},     {TileYRole, "tileY"},       {TileWidthRole, "tileWidth"},
            {TileHeightRole, "tileHeight"}, {KindRole, "kind"},   {KeyRole, "key"},
            {CostKbRole, "costKb"},   {RankRole, "rank"},         {InUseRole, "inUse"},
            {EntriesRole, "entries"}, {PositionRole, "position"}};
}

void CostMapModel::setEntries(EntryModel *entries)
{
    if (entries == m_entries)
        return;
    disconnect(m_updates);
    m_entries = entries;
    if (entries)
        m_updates = connect(entries, &EntryRowModel::rowsUpdated, this, &CostMapModel::relayout);
    relayout();
    Q_EMIT entriesChanged();
}

void CostMapModel::setSize(const QSizeF &size)
{
    if (size == m_size)
        return;
    m_size = size;
    relayout();
    Q_EMIT sizeChanged();
}

void CostMapModel::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    relayout(); // catches up with what changed while inactive
    Q_EMIT activeChanged();
}

int CostMapModel::tileAt(qreal x, qreal y) const
{
    const QPointF point(x, y);
    for (int row = 0; row < int(m_tiles.size()); ++row) {
        const QRectF &rect = m_tiles.at(row).rect;
        // Half-open, so that a point on a shared edge belongs to one tile.
        if (point.x() >= rect.left() && point.x() < rect.right() && point.y() >= rect.top()
            && point.y() < rect.bottom()) {
            return row;
        }
    }
    return -1;
}

QVariantMap CostMapModel::tile(int row) const
{
    QVariantMap result;
    if (row < 0 || row >= int(m_tiles.size()))
        return result;
    const QHash<int, QByteArray> names = roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        result.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
    return result;
}

void CostMapModel::relayout()
{
    if (!m_active)
        return;
    std::vector<Input> input;
    const qint64 limitKb = m_entries ? m_entries->limitKb() : 0;
    if (m_entries) {
        input.reserve(size_t(m_entries->rowCount()));
        for (int i = 0; i < m_entries->rowCount(); ++i) {
            const EntryRow &row = m_entries->row(i);
            if (!row.isEvicted())
                input.push_back({row.id, row.costKb, row.inUse});
        }
    }
    if (m_layoutCount > 0 && input == m_input && limitKb == m_limitKb && m_size == m_laidOutSize)
        return; // nothing the map shows changed
    m_input = std::move(input);
    m_limitKb = limitKb;
    m_laidOutSize = m_size;
    m_entryCount = int(m_input.size());
    ++m_layoutCount;
    setTiles(layOut());
}

QList<CostMapModel::Tile> CostMapModel::layOut() const
{
    const double mapArea = m_size.width() * m_size.height();
    qint64 usedKb = 0;
    for (const Input &entry : m_input)
        usedKb += std::max<qint64>(entry.costKb, 0);
    const qint64 freeKb = std::max<qint64>(m_limitKb - usedKb, 0);
    const double totalKb = double(usedKb + freeKb);
    if (mapArea <= 0 || totalKb <= 0)
        return {};
    const double areaPerKb = mapArea / totalKb;

    // The largest entries get tiles of their own, while those are big enough and not too many.
    std::vector<int> byCost(m_input.size()); // indices into m_input, i.e. rank - 1
    std::iota(byCost.begin(), byCost.end(), 0);
    const auto largerFirst = [this](int a, int b) {
        return m_input[size_t(a)].costKb != m_input[size_t(b)].costKb
                ? m_input[size_t(a)].costKb > m_input[size_t(b)].costKb
                : a < b;
    };
    const size_t candidates = std::min(byCost.size(), size_t(MaxTiles));
    std::partial_sort(byCost.begin(), byCost.begin() + qsizetype(candidates), byCost.end(),
                      largerFirst);
    size_t own = 0;
    while (own < candidates
           && double(m_input[size_t(byCost[own])].costKb) * areaPerKb >= MinTileArea) {
        ++own;
    }
    if (byCost.size() - own == 1) // one small entry is better shown as itself
        own = byCost.size();

    const int liveCount = int(m_input.size());
    QList<Tile> tiles;
    tiles.reserve(qsizetype(own) + 2);
    for (size_t i = 0; i < own; ++i) {
        const int index = byCost[i];
        const Input &entry = m_input[size_t(index)];
        Tile tile;
        tile.kind = QStringLiteral("entry");
        tile.entryId = entry.id;
        tile.costKb = entry.costKb;
        tile.rank = index + 1;
        tile.inUse = entry.inUse;
        tile.entries = 1;
        tile.position = liveCount > 1 ? double(index) / double(liveCount - 1) : 0.0;
        tiles.append(tile);
    }
    if (own < byCost.size()) {
        Tile rest;
        rest.kind = QStringLiteral("rest");
        rest.entries = int(byCost.size() - own);
        for (size_t i = own; i < byCost.size(); ++i) {
            const Input &entry = m_input[size_t(byCost[i])];
            rest.costKb += entry.costKb;
            rest.inUse = rest.inUse || entry.inUse;
        }
        tiles.append(rest);
    }
    if (freeKb > 0) {
        Tile free;
        free.kind = QStringLiteral("free");
        free.costKb = freeKb;
        tiles.append(free);
    }
    // Largest first, as the squarified layout wants; the entries are already in that order.
    std::stable_sort(tiles.begin(), tiles.end(),
                     [](const Tile &a, const Tile &b) { return a.costKb > b.costKb; });
    std::vector<double> weights;
    weights.reserve(size_t(tiles.size()));
    for (const Tile &tile : std::as_const(tiles))
        weights.push_back(double(std::max<qint64>(tile.costKb, 1)));
    const QList<QRectF> rects = squarifiedLayout(weights, QRectF(QPointF(), m_size));
    for (qsizetype i = 0; i < tiles.size() && i < rects.size(); ++i)
        tiles[i].rect = rects.at(i);
    return tiles;
}

// Same rows, new values: a view updates its delegates in place.
void CostMapModel::setTiles(QList<Tile> tiles)
{
    // Keys are read here, for the tiles that show one, rather than kept for every entry.
    if (m_entries) {
        QHash<quint64, QString> keys;
        for (const Tile &tile : std::as_const(tiles)) {
            if (tile.kind == QLatin1String("entry"))
                keys.insert(tile.entryId, QString());
        }
        for (int i = 0; i < m_entries->rowCount() && !keys.isEmpty(); ++i) {
            const EntryRow &row = m_entries->row(i);
            if (auto it = keys.find(row.id); it != keys.end() && !row.isEvicted())
                *it = row.key.isEmpty() ? QStringLiteral("#%1").arg(row.id) : row.key;
        }
        for (Tile &tile : tiles) {
            if (tile.kind == QLatin1String("entry"))
                tile.key = keys.value(tile.entryId);
        }
    }
    const int common = int(std::min(tiles.size(), m_tiles.size()));
    if (tiles.size() < m_tiles.size()) {
        beginRemoveRows({}, common, int(m_tiles.size()) - 1);
        m_tiles.resize(common);
        endRemoveRows();
    }
    int changedBegin = -1;
    for (int i = 0; i <= common; ++i) {
        const bool changed = i < common && !(m_tiles.at(i) == tiles.at(i));
        if (changed) {
            m_tiles[i] = tiles.at(i);
            if (changedBegin < 0)
                changedBegin = i;
        } else if (changedBegin >= 0) {
            Q_EMIT dataChanged(index(changedBegin), index(i - 1));
            changedBegin = -1;
        }
    }
    if (tiles.size() > m_tiles.size()) {
        beginInsertRows({}, common, int(tiles.size()) - 1);
        m_tiles.append(tiles.mid(common));
        endInsertRows();
    }
    Q_EMIT tilesChanged();
}

} // namespace CacheScope
