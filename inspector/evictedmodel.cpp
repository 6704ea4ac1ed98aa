// Copyright (C) 2026 The CacheScope authors.
#include "evictedmodel.h"

#include "entrymodel.h"

#include <QtCore/qset.h>

#include <algorithm>

namespace CacheScope {

namespace {

QString displayKey(const QString &key, quint64 entryId)
{
    return key.isEmpty() ? QStringLiteral("#%1").arg(entryId) : key;
}

// Causes whose victims the policy picks from the eviction order's front, one after the other.
bool pickedByPolicy(EvictionCause cause)
{
    return cause == EvictionCause::CostLimit || cause == EvictionCause::FlushTimer
            || cause == EvictionCause::Trimmed;
}

QString triggerText(const CacheEvent &event)
{
    switch (event.type) {
    case CacheEventType::Insert:
        return QStringLiteral("insert %1 (%2 KiB)").arg(displayKey(event.key, event.entryId)).arg(event.costKb);
    case CacheEventType::Replace:
        return QStringLiteral("replace %1 (%2 KiB)").arg(displayKey(event.key, event.entryId)).arg(event.costKb);
    case CacheEventType::FlushTick:
        return event.manual ? QStringLiteral("flush()")
                            : event.mode == FlushMode::Busy ? QStringLiteral("busy flush tick")
                                                            : QStringLiteral("idle flush tick");
    case CacheEventType::LimitChanged:
        return QStringLiteral("limit set to %1 KiB").arg(event.costKb);
    default:
        return {};
    }
}

QString triggerWithout(EvictionCause cause)
{
    switch (cause) {
    case EvictionCause::Removed:
        return QStringLiteral("remove()");
    case EvictionCause::Trimmed:
        return QStringLiteral("trim()");
    case EvictionCause::Cleared:
        return QStringLiteral("clear()");
    default:
        return QStringLiteral("unknown");
    }
}

} // namespace

EvictedModel::EvictedModel(int capacity, QObject *parent)
    : QAbstractListModel(parent), m_capacity(std::max(1, capacity))
{
}

int EvictedModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant EvictedModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case KeyRole:
        return displayKey(row.key, row.entryId);
    case EntryIdRole:
        return double(row.entryId);
    case CostKbRole:
        return double(row.costKb);
    case CauseRole:
        return EntryModel::causeName(row.cause);
    case TimeMsRole:
        return double(row.timeMs);
    case TriggerRole:
        return row.trigger;
    case TriggerKeyRole:
        return row.triggerKey;
    case TriggerCostKbRole:
        return double(row.triggerCostKb);
    case RankRole:
        return row.rank;
    case IdleMsRole:
        return double(row.idleMs);
    case HitsRole:
        return row.hits;
    default:
        return {};
    }
}

QHash<int, QByteArray> EvictedModel::roleNames() const
{
    return {{EntryIdRole, "entryId"},       {KeyRole, "key"},
            {CostKbRole, "costKb"},         {CauseRole, "cause"},
            {TimeMsRole, "timeMs"},         {TriggerRole, "trigger"},
            {TriggerKeyRole, "triggerKey"}, {TriggerCostKbRole, "triggerCostKb"},
            {RankRole, "rank"},             {IdleMsRole, "idleMs"},
            {HitsRole, "hits"}};
}

void EvictedModel::record(const std::vector<CacheEvent> &delivered, const QList<CacheEntryInfo> &shown)
{
    if (delivered.empty())
        return;
    std::vector<const CacheEvent *> events;
    events.reserve(delivered.size());
    for (const CacheEvent &event : delivered)
        events.push_back(&event);
    std::stable_sort(events.begin(), events.end(),
                     [](const CacheEvent *a, const CacheEvent *b) { return a->sequence < b->sequence; });

    QHash<quint64, qsizetype> shownRank; // built only if needed
    const auto shownIndex = [&](quint64 entryId) -> qsizetype {
        if (shownRank.isEmpty()) {
            for (qsizetype i = 0; i < shown.size(); ++i)
                shownRank.insert(shown.at(i).entryId, i);
        }
        return shownRank.value(entryId, -1);
    };

    std::vector<Row> finished;
    QSet<quint64> gone; // filled at a clear
    std::vector<Row> pending; // evictions waiting for the event that caused them
    quint64 lastPendingSequence = 0;
    int policyRank = 0;
    for (const CacheEvent *event : events) {
        const qint64 timeMs = EntryModel::toMs(event->time);
        if (!pending.empty() && event->type != CacheEventType::Evict) {
            attribute(pending, event->sequence == lastPendingSequence + 1 ? event : nullptr);
            std::move(pending.begin(), pending.end(), std::back_inserter(finished));
            pending.clear();
            policyRank = 0;
        }
        switch (event->type) {
        case CacheEventType::Insert:
        case CacheEventType::Replace:
            m_live.insert(event->entryId, {timeMs, 0});
            break;
        case CacheEventType::Hit:
            if (const auto it = m_live.find(event->entryId); it != m_live.end()) {
                it->lastAccessMs = timeMs;
                ++it->hits;
            }
            break;
        case CacheEventType::Evict: {
            Row row;
            row.entryId = event->entryId;
            row.key = event->key;
            row.costKb = event->costKb;
            row.cause = event->cause;
            row.timeMs = timeMs;
            const qsizetype index = shownIndex(event->entryId);
            if (pickedByPolicy(event->cause))
                row.rank = ++policyRank;
            else if (index >= 0)
                row.rank = int(index) + 1;
            if (const auto it = m_live.constFind(event->entryId); it != m_live.cend()) {
                row.idleMs = timeMs - it->lastAccessMs;
                row.hits = it->hits;
            } else if (index >= 0) {
                const CacheEntryInfo &entry = shown.at(index);
                row.idleMs = timeMs - EntryModel::toMs(entry.lastAccess);
                row.hits = int(entry.hits);
            }
            m_live.remove(event->entryId);
            lastPendingSequence = event->sequence;
            pending.push_back(std::move(row));
            break;
        }
        case CacheEventType::Clear:
            // One event for all of them: the entries as last shown, minus those gone since.
            for (const Row &row : finished)
                gone.insert(row.entryId);
            for (const CacheEntryInfo &entry : shown) {
                if (gone.contains(entry.entryId))
                    continue;
                Row row;
                row.entryId = entry.entryId;
                row.key = entry.key;
                row.costKb = entry.costKb;
                row.cause = EvictionCause::Cleared;
                row.timeMs = timeMs;
                row.trigger = triggerWithout(EvictionCause::Cleared);
                row.triggerSequence = event->sequence;
                row.idleMs = timeMs - EntryModel::toMs(entry.lastAccess);
                row.hits = int(entry.hits);
                finished.push_back(std::move(row));
            }
            m_live.clear();
            break;
        default:
            break;
        }
    }
    if (!pending.empty()) { // the batch ended with them: remove(), trim(), or the trigger comes later
        attribute(pending, nullptr);
        std::move(pending.begin(), pending.end(), std::back_inserter(finished));
    }
    prepend(std::move(finished));
}

void EvictedModel::attribute(std::vector<Row> &pending, const CacheEvent *trigger)
{
    for (Row &row : pending) {
        const QString text = trigger ? triggerText(*trigger) : QString();
        if (!text.isEmpty() && row.cause != EvictionCause::Removed && row.cause != EvictionCause::Trimmed) {
            row.trigger = text;
            row.triggerSequence = trigger->sequence;
            if (trigger->type == CacheEventType::Insert || trigger->type == CacheEventType::Replace) {
                row.triggerKey = displayKey(trigger->key, trigger->entryId);
                row.triggerCostKb = trigger->costKb;
            }
        } else {
            row.trigger = triggerWithout(row.cause);
        }
    }
}

void EvictedModel::prepend(std::vector<Row> rows)
{
    if (rows.empty())
        return;
    // Newest first; more than fit: only the newest.
    if (rows.size() > std::size_t(m_capacity))
        rows.erase(rows.begin(), rows.end() - m_capacity);
    const int overflow = int(m_rows.size() + rows.size()) - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, int(m_rows.size()) - overflow, int(m_rows.size()) - 1);
        m_rows.erase(m_rows.end() - overflow, m_rows.end());
        endRemoveRows();
    }
    beginInsertRows({}, 0, int(rows.size()) - 1);
    for (Row &row : rows)
        m_rows.push_front(std::move(row));
    endInsertRows();
    Q_EMIT countChanged();
}

void EvictedModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_live.clear();
    endResetModel();
    Q_EMIT countChanged();
}

QVariantList EvictedModel::evictedBy(double sequence) const
{
    QVariantList rows;
    for (const Row &row : m_rows) {
        if (row.triggerSequence == quint64(sequence))
            rows.append(QVariantMap{{QStringLiteral("key"), displayKey(row.key, row.entryId)},
                                    {QStringLiteral("costKb"), double(row.costKb)},
                                    {QStringLiteral("cause"), EntryModel::causeName(row.cause)}});
    }
    return rows;
}

} // namespace CacheScope
