// Copyright (C) 2026 The CacheScope authors.
#include "entrymodel.h"

#include "thumbnailprovider.h"

#include <QtCore/qset.h>

#include <algorithm>

namespace CacheScope {

namespace {

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

EntryModel::EntryModel(QObject *parent) : QAbstractListModel(parent) { }

int EntryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant EntryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case KeyRole:
        return row.key.isEmpty() ? QStringLiteral("#%1").arg(row.id) : row.key;
    case EntryIdRole:
        return double(row.id);
    case ThumbnailRole:
        return m_thumbnailRegistration == 0 || !row.evictionCause.isEmpty()
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
        return index.row() + 1;
    case EvictedRole:
        return !row.evictionCause.isEmpty();
    case EvictionCauseRole:
        return row.evictionCause;
    }
    return {};
}

QHash<int, QByteArray> EntryModel::roleNames() const
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

QString EntryModel::causeName(EvictionCause cause)
{
    switch (cause) {
    case EvictionCause::CostLimit:
        return QStringLiteral("cost limit");
    case EvictionCause::FlushTimer:
        return QStringLiteral("flush timer");
    case EvictionCause::Removed:
        return QStringLiteral("removed");
    case EvictionCause::Replaced:
        return QStringLiteral("replaced");
    case EvictionCause::Cleared:
        return QStringLiteral("cleared");
    case EvictionCause::Trimmed:
        return QStringLiteral("trimmed");
    }
    return QStringLiteral("evicted");
}

qint64 EntryModel::toMs(CacheEvent::Clock::time_point time)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

EntryModel::Row EntryModel::rowFor(const CacheEntryInfo &entry)
{
    Row row;
    row.id = entry.entryId;
    row.key = entry.key;
    row.size = entry.size;
    row.costKb = entry.costKb;
    row.hits = entry.hits;
    row.insertedMs = toMs(entry.inserted);
    row.lastAccessMs = toMs(entry.lastAccess);
    row.inUse = entry.inUse;
    return row;
}

void EntryModel::setThumbnailSource(int registration)
{
    if (registration == m_thumbnailRegistration)
        return;
    m_thumbnailRegistration = registration;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1), {ThumbnailRole});
}

void EntryModel::reset(const QList<CacheEntryInfo> &entries, qint64 limitKb)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(entries.size());
    for (const CacheEntryInfo &entry : entries)
        m_rows.append(rowFor(entry));
    m_limitKb = limitKb;
    endResetModel();
    Q_EMIT countChanged();
}

bool EntryModel::hasEvictedRows() const
{
    return std::any_of(m_rows.cbegin(), m_rows.cend(),
                       [](const Row &row) { return !row.evictionCause.isEmpty(); });
}

void EntryModel::update(const QList<CacheEntryInfo> &entries,
                        const QHash<quint64, EvictionCause> &evicted, qint64 nowMs, qint64 limitKb)
{
    QSet<quint64> live;
    live.reserve(entries.size());
    for (const CacheEntryInfo &entry : entries)
        live.insert(entry.entryId);
    // Evicted rows show no thumbnail, so a token can go as soon as its entry does.
    if (m_thumbnailRegistration != 0)
        ThumbnailProvider::retainEntries(m_thumbnailRegistration, live);

    // Rows that left stay where they were (after the nearest surviving row above them) until
    // their time is up.
    QHash<quint64, QList<Row>> evictedAfter; // anchor entry id (0 = top) -> evicted rows
    quint64 anchor = 0;
    for (const Row &row : std::as_const(m_rows)) {
        if (live.contains(row.id) && row.evictionCause.isEmpty()) {
            anchor = row.id;
            continue;
        }
        Row gone = row;
        if (gone.evictionCause.isEmpty()) {
            const auto cause = evicted.constFind(row.id);
            gone.evictionCause = cause == evicted.constEnd() ? QStringLiteral("evicted")
                                                             : causeName(*cause);
            gone.evictedUntilMs = nowMs + EvictedRowLifetimeMs;
        }
        if (gone.evictedUntilMs > nowMs)
            evictedAfter[anchor].append(gone);
    }

    QList<Row> target;
    target.reserve(entries.size() + evictedAfter.size());
    target.append(evictedAfter.value(0));
    for (const CacheEntryInfo &entry : entries) {
        target.append(rowFor(entry));
        if (const auto it = evictedAfter.constFind(entry.entryId); it != evictedAfter.constEnd())
            target.append(*it);
    }

    const bool limitChanged = limitKb != m_limitKb;
    m_limitKb = limitKb;
    applyTarget(std::move(target));
    if (limitChanged && !m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1), {CostFractionRole});
}

// Turns m_rows into `target` with row removals, moves, insertions and changes only. The longest
// run of rows that kept their relative order stays put; the others are moved (so a view keeps
// their delegates: a hit under LRU is one move), unless there are so many that re-inserting them
// is cheaper.
void EntryModel::applyTarget(QList<Row> target)
{
    static constexpr int MaxRowMoves = 500;
    const int oldCount = int(m_rows.size());
    QHash<quint64, int> targetIndex;
    targetIndex.reserve(target.size());
    for (int i = 0; i < int(target.size()); ++i)
        targetIndex.insert(target.at(i).id, i);

    // 1. Which current rows survive, and which of those are already in order.
    std::vector<int> positions;
    std::vector<int> survivors; // indices into m_rows
    for (int i = 0; i < oldCount; ++i) {
        const auto it = targetIndex.constFind(m_rows.at(i).id);
        if (it != targetIndex.constEnd()) {
            positions.push_back(*it);
            survivors.push_back(i);
        }
    }
    const std::vector<bool> inOrder = longestIncreasingRun(positions);
    QSet<quint64> settled; // rows in their final relative order
    QList<int> movers;     // target indices of surviving rows out of order
    std::vector<bool> keep(size_t(oldCount), false);
    for (size_t s = 0; s < survivors.size(); ++s) {
        if (inOrder[s])
            settled.insert(m_rows.at(survivors[s]).id);
        else
            movers.append(positions[s]);
    }
    const bool moveRows = movers.size() <= MaxRowMoves;
    for (size_t s = 0; s < survivors.size(); ++s)
        keep[size_t(survivors[s])] = inOrder[s] || moveRows;

    // 2. Remove the rest, as contiguous ranges from the bottom up.
    int firstTouched = oldCount;
    for (int end = oldCount - 1; end >= 0;) {
        if (keep[size_t(end)]) {
            --end;
            continue;
        }
        int begin = end;
        while (begin > 0 && !keep[size_t(begin - 1)])
            --begin;
        beginRemoveRows({}, begin, end);
        m_rows.remove(begin, end - begin + 1);
        endRemoveRows();
        firstTouched = begin;
        end = begin - 1;
    }

    // 3. Move each out-of-order row to just after the nearest row above it in the target that is
    // already settled, in target order, so every move lands in its final place.
    if (moveRows) {
        std::sort(movers.begin(), movers.end());
        auto positionOf = [this](quint64 id) {
            for (int i = 0; i < int(m_rows.size()); ++i) {
                if (m_rows.at(i).id == id)
                    return i;
            }
            return -1;
        };
        for (const int t : std::as_const(movers)) {
            const quint64 id = target.at(t).id;
            int anchor = -1;
            for (int k = t - 1; k >= 0; --k) {
                if (settled.contains(target.at(k).id)) {
                    anchor = positionOf(target.at(k).id);
                    break;
                }
            }
            const int from = positionOf(id);
            const int to = anchor < from ? anchor + 1 : anchor; // index after the move
            if (to != from) {
                beginMoveRows({}, from, from, {}, anchor + 1);
                m_rows.move(from, to);
                endMoveRows();
                firstTouched = std::min({firstTouched, from, to});
            }
            settled.insert(id);
        }
    }

    // 3. Walk the target: insert what is missing, update what changed.
    int changedBegin = -1;
    auto flushChanged = [&](int end) {
        if (changedBegin >= 0)
            Q_EMIT dataChanged(index(changedBegin), index(end));
        changedBegin = -1;
    };
    for (int i = 0; i < int(target.size());) {
        if (i < m_rows.size() && m_rows.at(i).id == target.at(i).id) {
            Row &row = m_rows[i];
            const Row &next = target.at(i);
            const bool changed = row.hits != next.hits || row.inUse != next.inUse
                    || row.lastAccessMs != next.lastAccessMs || row.costKb != next.costKb
                    || row.size != next.size || row.evictionCause != next.evictionCause;
            if (changed) {
                row = next;
                if (changedBegin < 0)
                    changedBegin = i;
            } else {
                flushChanged(i - 1);
            }
            ++i;
            continue;
        }
        flushChanged(i - 1);
        // Survivors are a subsequence of the target, so everything up to the next survivor's
        // place is new.
        const int nextSurvivor = i < m_rows.size() ? targetIndex.value(m_rows.at(i).id)
                                                   : int(target.size());
        beginInsertRows({}, i, nextSurvivor - 1);
        m_rows.insert(i, nextSurvivor - i, Row());
        std::copy(target.cbegin() + i, target.cbegin() + nextSurvivor, m_rows.begin() + i);
        endInsertRows();
        firstTouched = std::min(firstTouched, i);
        i = nextSurvivor;
    }
    flushChanged(int(m_rows.size()) - 1);

    // Ranks from the first removal, move or insertion on changed.
    if (firstTouched < m_rows.size())
        Q_EMIT dataChanged(index(firstTouched), index(int(m_rows.size()) - 1), {RankRole});
    if (m_rows.size() != oldCount)
        Q_EMIT countChanged();
}

} // namespace CacheScope
