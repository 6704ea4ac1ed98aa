// Copyright (C) 2026 The CacheScope authors.
#include "entryrowmodel.h"

#include "thumbnailprovider.h"

#include <QtCore/qhash.h>
#include <QtCore/qset.h>

#include <algorithm>
#include <limits>
#include <numeric>

namespace CacheScope {

namespace {

constexpr quint32 NoSlot = std::numeric_limits<quint32>::max();

// Indices (into `sequence`) of one longest strictly increasing subsequence. O(n log n).
std::vector<bool> longestIncreasingRun(const std::vector<int> &sequence)
{
    std::vector<int> tailValue;
    std::vector<int> tailIndex;
    std::vector<int> previous(sequence.size(), -1);
    for (int i = 0; i < int(sequence.size()); ++i) {
        const auto it = std::lower_bound(tailValue.begin(), tailValue.end(), sequence[size_t(i)]);
        const auto length = size_t(it - tailValue.begin());
        if (length > 0)
            previous[size_t(i)] = tailIndex[length - 1];
        if (it == tailValue.end()) {
            tailValue.push_back(sequence[size_t(i)]);
            tailIndex.push_back(i);
        } else {
            *it = sequence[size_t(i)];
            tailIndex[length] = i;
        }
    }
    std::vector<bool> keep(sequence.size(), false);
    for (int i = tailIndex.empty() ? -1 : tailIndex.back(); i >= 0; i = previous[size_t(i)])
        keep[size_t(i)] = true;
    return keep;
}

} // namespace

EntryRowModel::EntryRowModel(QObject *parent) : QAbstractListModel(parent) { }

int EntryRowModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_order.size());
}

QVariant EntryRowModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EntryRow &row = this->row(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case KeyRole:
        return row.key.isEmpty() ? QStringLiteral("#%1").arg(row.id) : row.key;
    case EntryIdRole:
        return double(row.id);
    case ThumbnailRole:
        return m_thumbnailRegistration == 0 || row.isEvicted()
                ? QString()
                : ThumbnailProvider::thumbnailUrl(m_thumbnailRegistration, row.id);
    case WidthRole:
        return row.size.width();
    case HeightRole:
        return row.size.height();
    case CostKbRole:
        return double(row.costKb);
    case CostFractionRole:
        return m_limitKb > 0 ? std::min(1.0, double(row.costKb) / double(m_limitKb)) : 0.0;
    case HitsRole:
        return row.hits;
    case InsertedMsRole:
        return double(row.insertedMs);
    case LastAccessMsRole:
        return double(row.lastAccessMs);
    case InUseRole:
        return row.inUse;
    case RankRole:
        return row.rank;
    case EvictedRole:
        return row.isEvicted();
    case EvictionCauseRole:
        return row.evictionCause;
    }
    return {};
}

QHash<int, QByteArray> EntryRowModel::roleNames() const
{
    return {{EntryIdRole, "entryId"},
            {KeyRole, "key"},
            {ThumbnailRole, "thumbnail"},
            {WidthRole, "imageWidth"},
            {HeightRole, "imageHeight"},
            {CostKbRole, "costKb"},
            {CostFractionRole, "costFraction"},
            {HitsRole, "hits"},
            {InsertedMsRole, "insertedMs"},
            {LastAccessMsRole, "lastAccessMs"},
            {InUseRole, "inUse"},
            {RankRole, "rank"},
            {EvictedRole, "evicted"},
            {EvictionCauseRole, "evictionCause"}};
}

void EntryRowModel::touchAll(const QList<int> &roles)
{
    if (!m_order.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_order.size()) - 1), roles);
}

void EntryRowModel::setLimitKb(qint64 limitKb)
{
    if (limitKb == m_limitKb)
        return;
    m_limitKb = limitKb;
    ++m_revision;
    touchAll({CostFractionRole});
}

void EntryRowModel::setThumbnailRegistration(int registration)
{
    if (registration == m_thumbnailRegistration)
        return;
    m_thumbnailRegistration = registration;
    ++m_revision;
    touchAll({ThumbnailRole});
}

quint32 EntryRowModel::store(EntryRow &&row)
{
    if (m_freeSlots.empty()) {
        m_slots.push_back(std::move(row));
        return quint32(m_slots.size() - 1);
    }
    const quint32 slot = m_freeSlots.back();
    m_freeSlots.pop_back();
    m_slots[slot] = std::move(row);
    return slot;
}

void EntryRowModel::release(quint32 slot)
{
    m_slots[slot] = EntryRow(); // lets its strings go
    m_freeSlots.push_back(slot);
}

int EntryRowModel::positionOf(quint32 slot) const
{
    return int(std::find(m_order.cbegin(), m_order.cend(), slot) - m_order.cbegin());
}

void EntryRowModel::resetRows(std::vector<EntryRow> rows)
{
    const qsizetype oldCount = m_order.size();
    beginResetModel();
    m_slots = std::move(rows);
    m_freeSlots.clear();
    m_order.resize(qsizetype(m_slots.size()));
    std::iota(m_order.begin(), m_order.end(), 0u);
    ++m_revision;
    endResetModel();
    if (m_order.size() != oldCount)
        Q_EMIT countChanged();
}

// The longest run of rows that kept their relative order stays put; the others are moved (so a
// view keeps their delegates: a hit under LRU is one move), unless there are so many that
// re-inserting them is cheaper.
void EntryRowModel::applyTarget(std::vector<EntryRow> target)
{
    static constexpr int MaxRowMoves = 500;
    const int oldCount = int(m_order.size());
    const int targetCount = int(target.size());
    QHash<quint64, int> targetIndex;
    targetIndex.reserve(targetCount);
    for (int i = 0; i < targetCount; ++i)
        targetIndex.insert(target[size_t(i)].id, i);

    // 1. Which current rows survive, and which of those are already in order.
    std::vector<int> positions;
    std::vector<int> survivors; // indices into m_order
    for (int i = 0; i < oldCount; ++i) {
        const auto it = targetIndex.constFind(row(i).id);
        if (it != targetIndex.constEnd()) {
            positions.push_back(*it);
            survivors.push_back(i);
        }
    }
    const std::vector<bool> inOrder = longestIncreasingRun(positions);
    std::vector<quint32> slotOf(size_t(targetCount), NoSlot); // target index -> slot, survivors
    std::vector<bool> settled(size_t(targetCount), false);    // in final relative order
    QList<int> movers;                                        // target indices out of order
    for (size_t s = 0; s < survivors.size(); ++s) {
        slotOf[size_t(positions[s])] = m_order.at(survivors[s]);
        if (inOrder[s])
            settled[size_t(positions[s])] = true;
        else
            movers.append(positions[s]);
    }
    const bool moveRows = movers.size() <= MaxRowMoves;
    std::vector<bool> keep(size_t(oldCount), false);
    for (size_t s = 0; s < survivors.size(); ++s)
        keep[size_t(survivors[s])] = inOrder[s] || moveRows;
    if (!moveRows) {
        for (const int t : std::as_const(movers))
            slotOf[size_t(t)] = NoSlot;
    }
    bool changedRows = false;

    // 2. Remove the rest, as contiguous ranges from the top down: a view that collects changes
    // (QQmlChangeSet) appends each removal after the last rather than shifting all it holds.
    int removed = 0; // rows above `begin` already gone
    for (int begin = 0; begin < oldCount;) {
        if (keep[size_t(begin)]) {
            ++begin;
            continue;
        }
        int end = begin;
        while (end + 1 < oldCount && !keep[size_t(end + 1)])
            ++end;
        const int first = begin - removed;
        const int last = end - removed;
        beginRemoveRows({}, first, last);
        for (int i = first; i <= last; ++i)
            release(m_order.at(i));
        m_order.remove(first, last - first + 1);
        endRemoveRows();
        changedRows = true;
        removed += end - begin + 1;
        begin = end + 1;
    }

    // 3. Move each out-of-order row to just after the nearest row above it in the target that is
    // already settled, in target order, so every move lands in its final place.
    if (moveRows && !movers.isEmpty()) {
        std::sort(movers.begin(), movers.end());
        for (const int t : std::as_const(movers)) {
            int anchor = -1;
            for (int k = t - 1; k >= 0; --k) {
                if (settled[size_t(k)]) {
                    anchor = positionOf(slotOf[size_t(k)]);
                    break;
                }
            }
            const int from = positionOf(slotOf[size_t(t)]);
            const int to = anchor < from ? anchor + 1 : anchor; // index after the move
            if (to != from) {
                beginMoveRows({}, from, from, {}, anchor + 1);
                m_order.move(from, to);
                endMoveRows();
                changedRows = true;
            }
            settled[size_t(t)] = true;
        }
    }

    // 4. Walk the target: insert what is missing, update what changed.
    int changedBegin = -1;
    auto flushChanged = [&](int end) {
        if (changedBegin >= 0)
            Q_EMIT dataChanged(index(changedBegin), index(end));
        changedBegin = -1;
    };
    for (int i = 0; i < targetCount;) {
        if (i < m_order.size() && m_order.at(i) == slotOf[size_t(i)]) {
            EntryRow &current = m_slots[m_order.at(i)];
            EntryRow &next = target[size_t(i)];
            if (!current.looksLike(next)) {
                if (changedBegin < 0)
                    changedBegin = i;
                changedRows = true;
            } else {
                flushChanged(i - 1);
            }
            current = std::move(next); // also what no view shows (lifetimes)
            ++i;
            continue;
        }
        flushChanged(i - 1);
        // Survivors are a subsequence of the target, so everything up to the next survivor's
        // place is new.
        int nextSurvivor = i;
        while (nextSurvivor < targetCount && slotOf[size_t(nextSurvivor)] == NoSlot)
            ++nextSurvivor;
        beginInsertRows({}, i, nextSurvivor - 1);
        QList<quint32> added;
        added.reserve(nextSurvivor - i);
        for (int t = i; t < nextSurvivor; ++t)
            added.append(store(std::move(target[size_t(t)])));
        m_order.insert(i, nextSurvivor - i, 0);
        std::copy(added.cbegin(), added.cend(), m_order.begin() + i);
        endInsertRows();
        changedRows = true;
        i = nextSurvivor;
    }
    flushChanged(int(m_order.size()) - 1);

    if (changedRows)
        ++m_revision;
    if (m_order.size() != oldCount)
        Q_EMIT countChanged();
}

} // namespace CacheScope
