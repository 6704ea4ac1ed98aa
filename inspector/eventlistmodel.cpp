// Copyright (C) 2026 The CacheScope authors.
#include "eventlistmodel.h"

#include "entrymodel.h"
#include "eventtypename.h"

#include <algorithm>
#include <cmath>

namespace CacheScope {

namespace {

QString displayKey(const CacheEvent &event)
{
    return event.key.isEmpty() ? QStringLiteral("#%1").arg(event.entryId) : event.key;
}

QString entriesText(int count)
{
    return count == 1 ? QStringLiteral("1 entry") : QStringLiteral("%1 entries").arg(count);
}

// "250 ms", "4 s", "1.5 s", "2 min".
QString durationText(std::chrono::milliseconds duration)
{
    static constexpr qint64 MsPerSecond = 1000;
    static constexpr qint64 MsPerMinute = 60 * MsPerSecond;
    const qint64 ms = duration.count();
    if (ms < MsPerSecond)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms % MsPerMinute == 0)
        return QStringLiteral("%1 min").arg(ms / MsPerMinute);
    return QStringLiteral("%1 s").arg(QString::number(double(ms) / MsPerSecond, 'g', 3));
}

} // namespace

EventListModel::EventListModel(int capacity, Filter filter, QObject *parent)
    : QAbstractListModel(parent), m_capacity(capacity), m_filter(std::move(filter))
{
}

int EventListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventListModel::nearestRow(double timeMs, double toleranceMs) const
{
    const auto after = std::lower_bound(m_events.begin(), m_events.end(), timeMs, [](const CacheEvent &event, double ms) {
        return double(EntryModel::toMs(event.time)) < ms;
    });
    int best = -1;
    double bestDistance = toleranceMs;
    // The nearest is the first at or after timeMs, or the one before it.
    for (auto it : {after - (after == m_events.begin() ? 0 : 1), after}) {
        if (it == m_events.end())
            continue;
        const double distance = std::abs(double(EntryModel::toMs(it->time)) - timeMs);
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = int(it - m_events.begin());
        }
    }
    return best;
}

QString EventListModel::typeName(CacheEventType type)
{
    return eventTypeName(type);
}

bool EventListModel::typeFromName(const QString &name, CacheEventType *type)
{
    return eventTypeFromName(name, type);
}

QString EventListModel::summary(const CacheEvent &event)
{
    switch (event.type) {
    case CacheEventType::Hit:
        return QStringLiteral("hit %1").arg(displayKey(event));
    case CacheEventType::Miss:
        return QStringLiteral("miss %1").arg(displayKey(event));
    case CacheEventType::Insert:
        return QStringLiteral("insert %1 (%2 KiB)").arg(displayKey(event)).arg(event.costKb);
    case CacheEventType::Replace:
        return QStringLiteral("replace %1 (%2 KiB)").arg(displayKey(event)).arg(event.costKb);
    case CacheEventType::Evict:
        return QStringLiteral("evict %1 (%2 KiB) by %3")
                .arg(displayKey(event))
                .arg(event.costKb)
                .arg(EntryModel::causeName(event.cause));
    case CacheEventType::Clear:
        return QStringLiteral("clear: %1, %2 KiB").arg(entriesText(event.entries)).arg(event.kb);
    case CacheEventType::FlushTick:
        return QStringLiteral("%1 %2 tick: %3, %4 KiB, %5")
                .arg(event.manual ? QStringLiteral("manual") : QStringLiteral("timer"),
                     event.mode == FlushMode::Idle ? QStringLiteral("idle")
                                                   : QStringLiteral("busy"),
                     entriesText(event.entries))
                .arg(event.kb)
                .arg(event.nextInterval.count() < 0
                             ? QStringLiteral("timer stops")
                             : QStringLiteral("next in %1").arg(durationText(event.nextInterval)));
    case CacheEventType::TimerStarted:
        return QStringLiteral("flush timer started (%1)").arg(durationText(event.nextInterval));
    case CacheEventType::TimerStopped:
        return QStringLiteral("flush timer stopped");
    case CacheEventType::LimitChanged:
        return QStringLiteral("limit set to %1 KiB").arg(event.costKb);
    case CacheEventType::Error:
        return QStringLiteral("error %1: %2").arg(event.key, event.message);
    case CacheEventType::DiskHit:
        return QStringLiteral("disk hit %1").arg(event.key);
    case CacheEventType::Revalidate:
        return QStringLiteral("revalidated (304) %1").arg(event.key);
    case CacheEventType::Fetch:
        return QStringLiteral("fetched %1 (%2 KiB)").arg(event.key).arg(event.kb);
    }
    return typeName(event.type);
}

QVariant EventListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CacheEvent &event = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case SummaryRole:
        return summary(event);
    case SequenceRole:
        return double(event.sequence);
    case TimeMsRole:
        return double(EntryModel::toMs(event.time));
    case TypeRole:
        return typeName(event.type);
    case KeyRole:
        return event.key;
    case EntryIdRole:
        return double(event.entryId);
    case CostKbRole:
        return double(event.costKb);
    case CauseRole:
        return event.type == CacheEventType::Evict ? EntryModel::causeName(event.cause) : QString();
    case ModeRole:
        return event.mode == FlushMode::Idle ? QStringLiteral("idle") : QStringLiteral("busy");
    case ManualRole:
        return event.manual;
    case EntriesRole:
        return event.entries;
    case KbRole:
        return double(event.kb);
    case NextIntervalMsRole:
        return double(event.nextInterval.count());
    case MessageRole:
        return event.message;
    }
    return {};
}

QHash<int, QByteArray> EventListModel::roleNames() const
{
    return {{SequenceRole, "sequence"},   {TimeMsRole, "timeMs"},
            {TypeRole, "type"},           {KeyRole, "key"},
            {EntryIdRole, "entryId"},     {CostKbRole, "costKb"},
            {CauseRole, "cause"},         {ModeRole, "mode"},
            {ManualRole, "manual"},       {EntriesRole, "entries"},
            {KbRole, "kb"},               {NextIntervalMsRole, "nextIntervalMs"},
            {MessageRole, "message"},     {SummaryRole, "summary"}};
}

void EventListModel::append(const std::vector<CacheEvent> &events)
{
    QList<CacheEvent> accepted;
    for (const CacheEvent &event : events) {
        if (!m_filter || m_filter(event))
            accepted.append(event);
    }
    if (accepted.size() > m_capacity)
        accepted.remove(0, accepted.size() - m_capacity);
    if (accepted.isEmpty())
        return;
    const qsizetype overflow = m_events.size() + accepted.size() - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_events.remove(0, overflow);
        endRemoveRows();
    }
    const int first = int(m_events.size());
    beginInsertRows({}, first, first + int(accepted.size()) - 1);
    m_events.append(accepted);
    endInsertRows();
    Q_EMIT countChanged();
}

void EventListModel::replaceAll(const std::vector<CacheEvent> &events)
{
    beginResetModel();
    m_events.clear();
    endResetModel();
    append(events);
    Q_EMIT countChanged();
}

} // namespace CacheScope
