// Copyright (C) 2026 The CacheScope authors.
#include "entrymodel.h"

#include "thumbnailprovider.h"

#include <algorithm>

namespace CacheScope {

EntryModel::EntryModel(QObject *parent) : EntryRowModel(parent) { }

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

EntryRow EntryModel::rowFor(const CacheEntryInfo &entry, int rank)
{
    EntryRow row;
    row.id = entry.entryId;
    row.key = entry.key;
    row.size = entry.size;
    row.costKb = entry.costKb;
    row.hits = entry.hits;
    row.insertedMs = toMs(entry.inserted);
    row.lastAccessMs = toMs(entry.lastAccess);
    row.inUse = entry.inUse;
    row.rank = rank;
    return row;
}

void EntryModel::setThumbnailSource(int registration)
{
    setThumbnailRegistration(registration);
    Q_EMIT rowsUpdated();
}

void EntryModel::reset(const QList<CacheEntryInfo> &entries, qint64 limitKb)
{
    std::vector<EntryRow> rows;
    rows.reserve(size_t(entries.size()));
    for (const CacheEntryInfo &entry : entries)
        rows.push_back(rowFor(entry, int(rows.size()) + 1));
    setLimitKb(limitKb);
    resetRows(std::move(rows));
    Q_EMIT rowsUpdated();
}

bool EntryModel::hasEvictedRows() const
{
    for (int i = 0; i < rowCount(); ++i) {
        if (row(i).isEvicted())
            return true;
    }
    return false;
}

void EntryModel::update(const QList<CacheEntryInfo> &entries,
                        const QHash<quint64, EvictionCause> &evicted, qint64 nowMs, qint64 limitKb,
                        const QSet<quint64> &inUseUnknown)
{
    QHash<quint64, int> live; // entry id -> index in entries
    live.reserve(entries.size());
    for (int i = 0; i < int(entries.size()); ++i)
        live.insert(entries.at(i).entryId, i);
    // Evicted rows show no thumbnail, so a token can go as soon as its entry does.
    if (thumbnailSource() != 0) {
        QSet<quint64> ids;
        ids.reserve(live.size());
        for (auto it = live.cbegin(); it != live.cend(); ++it)
            ids.insert(it.key());
        ThumbnailProvider::retainEntries(thumbnailSource(), ids);
    }

    // Rows that left stay where they were (after the nearest surviving row above them) until
    // their time is up. Rows that stay keep an in-use flag that cannot be read now.
    QHash<quint64, std::vector<EntryRow>> evictedAfter; // anchor entry id (0 = top) -> rows
    QHash<quint64, bool> keptInUse;
    quint64 anchor = 0;
    for (int i = 0; i < rowCount(); ++i) {
        const EntryRow &current = row(i);
        if (live.contains(current.id) && !current.isEvicted()) {
            anchor = current.id;
            if (inUseUnknown.contains(current.id))
                keptInUse.insert(current.id, current.inUse);
            continue;
        }
        EntryRow gone = current;
        if (!gone.isEvicted()) {
            const auto cause = evicted.constFind(current.id);
            gone.evictionCause = cause == evicted.constEnd() ? QStringLiteral("evicted")
                                                             : causeName(*cause);
            gone.evictedUntilMs = nowMs + EvictedRowLifetimeMs;
            gone.rank = 0;
            gone.inUse = false;
        }
        if (gone.evictedUntilMs > nowMs)
            evictedAfter[anchor].push_back(std::move(gone));
    }

    std::vector<EntryRow> target;
    target.reserve(size_t(entries.size()) + size_t(evictedAfter.size()));
    auto appendEvicted = [&](quint64 after) {
        if (const auto it = evictedAfter.find(after); it != evictedAfter.end())
            std::move(it->begin(), it->end(), std::back_inserter(target));
    };
    appendEvicted(0);
    int rank = 0;
    for (const CacheEntryInfo &entry : entries) {
        target.push_back(rowFor(entry, ++rank));
        if (const auto kept = keptInUse.constFind(entry.entryId); kept != keptInUse.constEnd())
            target.back().inUse = *kept;
        appendEvicted(entry.entryId);
    }

    setLimitKb(limitKb);
    applyTarget(std::move(target));
    Q_EMIT rowsUpdated();
}

} // namespace CacheScope
