// Copyright (C) 2026 The CacheScope authors.
#include "snapshotjson.h"

#include "entrymodel.h"
#include "eventlistmodel.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qjsonarray.h>

namespace CacheScope::SnapshotJson {

using namespace std::chrono;
using Clock = CacheEvent::Clock;

namespace {

const char *const CauseKeys[EvictionCauseCount] = {"costLimit", "flushTimer", "removed",
                                                    "replaced", "cleared"};

double msBetween(Clock::time_point from, Clock::time_point to)
{
    return double(duration_cast<milliseconds>(to - from).count());
}

Clock::time_point rebase(Clock::time_point base, double offsetMs)
{
    return base + duration_cast<Clock::duration>(milliseconds(qint64(offsetMs)));
}

bool checkHeader(const QJsonObject &json, QLatin1StringView format, QString *error)
{
    if (json.value(QLatin1String("format")).toString() != format) {
        *error = QStringLiteral("not a %1 file").arg(format);
        return false;
    }
    if (json.value(QLatin1String("version")).toInt() != FormatVersion) {
        *error = QStringLiteral("unsupported %1 version %2")
                         .arg(format)
                         .arg(json.value(QLatin1String("version")).toInt());
        return false;
    }
    return true;
}

quint64 counter(const QJsonObject &object, const char *name)
{
    return quint64(std::max(0.0, object.value(QLatin1String(name)).toDouble()));
}

} // namespace

QJsonObject toJson(const Snapshot &snapshot)
{
    const CacheStats &s = snapshot.stats;
    QJsonObject causes;
    for (int i = 0; i < EvictionCauseCount; ++i)
        causes.insert(QLatin1String(CauseKeys[i]), double(s.evictionsByCause[i]));
    const QJsonObject stats{{"hits", double(s.hits)},
                            {"misses", double(s.misses)},
                            {"insertions", double(s.insertions)},
                            {"evictions", double(s.evictions)},
                            {"evictionsByCause", causes},
                            {"evictedKb", double(s.evictedKb)},
                            {"flushTicks", double(s.flushTicks)},
                            {"errors", double(s.errors)},
                            {"count", s.count},
                            {"totalUsedKb", s.totalUsed},
                            {"cacheLimitKb", s.cacheLimit},
                            {"peakUsedKb", s.peakUsed}};
    QJsonArray entries;
    for (const CacheEntryInfo &entry : snapshot.entries) {
        entries.append(QJsonObject{{"id", double(entry.entryId)},
                                   {"key", entry.key},
                                   {"width", entry.size.width()},
                                   {"height", entry.size.height()},
                                   {"depth", entry.depth},
                                   {"costKb", double(entry.costKb)},
                                   {"hits", double(entry.hits)},
                                   {"ageMs", msBetween(entry.inserted, snapshot.capturedAt)},
                                   {"idleMs", msBetween(entry.lastAccess, snapshot.capturedAt)},
                                   {"inUse", entry.inUse}});
    }
    return QJsonObject{
            {"format", SnapshotFormat},
            {"version", FormatVersion},
            {"capturedAt", QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
            {"policy", snapshot.policy},
            {"stats", stats},
            {"flushTimer",
             QJsonObject{{"active", snapshot.flushTimerActive},
                         {"nextTickMs", double(snapshot.nextTickMs)},
                         {"intervalMs", double(snapshot.currentIntervalMs)},
                         {"soonIntervalMs", double(snapshot.soonIntervalMs)},
                         {"flushIntervalMs", double(snapshot.flushIntervalMs)}}},
            {"entries", entries}};
}

bool fromJson(const QJsonObject &json, Clock::time_point base, Snapshot *snapshot, QString *error)
{
    if (!checkHeader(json, SnapshotFormat, error))
        return false;
    const QJsonObject stats = json.value(QLatin1String("stats")).toObject();
    const QJsonValue entriesValue = json.value(QLatin1String("entries"));
    if (stats.isEmpty() || !entriesValue.isArray()) {
        *error = QStringLiteral("snapshot lacks \"stats\" or \"entries\"");
        return false;
    }
    Snapshot result;
    result.capturedAt = base;
    CacheStats &s = result.stats;
    s.hits = counter(stats, "hits");
    s.misses = counter(stats, "misses");
    s.insertions = counter(stats, "insertions");
    s.evictions = counter(stats, "evictions");
    const QJsonObject causes = stats.value(QLatin1String("evictionsByCause")).toObject();
    for (int i = 0; i < EvictionCauseCount; ++i)
        s.evictionsByCause[i] = counter(causes, CauseKeys[i]);
    s.evictedKb = counter(stats, "evictedKb");
    s.flushTicks = counter(stats, "flushTicks");
    s.errors = counter(stats, "errors");
    s.totalUsed = stats.value(QLatin1String("totalUsedKb")).toInt();
    s.cacheLimit = stats.value(QLatin1String("cacheLimitKb")).toInt();
    s.peakUsed = stats.value(QLatin1String("peakUsedKb")).toInt();
    result.policy = json.value(QLatin1String("policy")).toString();
    const QJsonObject timer = json.value(QLatin1String("flushTimer")).toObject();
    result.flushTimerActive = timer.value(QLatin1String("active")).toBool();
    result.nextTickMs = qint64(timer.value(QLatin1String("nextTickMs")).toDouble(-1));
    result.currentIntervalMs = qint64(timer.value(QLatin1String("intervalMs")).toDouble(-1));
    result.soonIntervalMs = qint64(timer.value(QLatin1String("soonIntervalMs")).toDouble());
    result.flushIntervalMs = qint64(timer.value(QLatin1String("flushIntervalMs")).toDouble());

    for (const QJsonValue &value : entriesValue.toArray()) {
        const QJsonObject object = value.toObject();
        if (!object.contains(QLatin1String("id")) || !object.contains(QLatin1String("costKb"))) {
            *error = QStringLiteral("an entry lacks \"id\" or \"costKb\"");
            return false;
        }
        CacheEntryInfo entry;
        entry.entryId = quint64(object.value(QLatin1String("id")).toDouble());
        entry.key = object.value(QLatin1String("key")).toString();
        entry.size = QSize(object.value(QLatin1String("width")).toInt(),
                           object.value(QLatin1String("height")).toInt());
        entry.depth = object.value(QLatin1String("depth")).toInt();
        entry.costKb = qint64(object.value(QLatin1String("costKb")).toDouble());
        entry.hits = quint32(object.value(QLatin1String("hits")).toDouble());
        entry.inserted = rebase(base, -object.value(QLatin1String("ageMs")).toDouble());
        entry.lastAccess = rebase(base, -object.value(QLatin1String("idleMs")).toDouble());
        entry.inUse = object.value(QLatin1String("inUse")).toBool();
        result.entries.append(entry);
    }
    s.count = int(result.entries.size());
    *snapshot = std::move(result);
    return true;
}

QJsonObject traceToJson(const QList<CacheEvent> &events, Clock::time_point capturedAt)
{
    QJsonArray array;
    for (const CacheEvent &event : events) {
        QJsonObject object{{"seq", double(event.sequence)},
                           {"tMs", msBetween(capturedAt, event.time)},
                           {"type", EventListModel::typeName(event.type)}};
        if (!event.key.isEmpty())
            object.insert(QLatin1String("key"), event.key);
        if (event.entryId != 0)
            object.insert(QLatin1String("entryId"), double(event.entryId));
        switch (event.type) {
        case CacheEventType::Evict:
            object.insert(QLatin1String("cause"), CauseKeys[int(event.cause)]);
            Q_FALLTHROUGH();
        case CacheEventType::Insert:
        case CacheEventType::Replace:
        case CacheEventType::LimitChanged:
            object.insert(QLatin1String("costKb"), double(event.costKb));
            break;
        case CacheEventType::FlushTick:
            object.insert(QLatin1String("mode"), event.mode == FlushMode::Idle
                                                         ? QLatin1String("idle")
                                                         : QLatin1String("busy"));
            object.insert(QLatin1String("manual"), event.manual);
            Q_FALLTHROUGH();
        case CacheEventType::Clear:
            object.insert(QLatin1String("entries"), event.entries);
            object.insert(QLatin1String("kb"), double(event.kb));
            object.insert(QLatin1String("nextIntervalMs"), double(event.nextInterval.count()));
            break;
        case CacheEventType::TimerStarted:
            object.insert(QLatin1String("nextIntervalMs"), double(event.nextInterval.count()));
            break;
        case CacheEventType::Error:
            object.insert(QLatin1String("message"), event.message);
            break;
        default:
            break;
        }
        array.append(object);
    }
    return QJsonObject{{"format", TraceFormat},
                       {"version", FormatVersion},
                       {"capturedAt", QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                       {"events", array}};
}

bool traceFromJson(const QJsonObject &json, Clock::time_point base,
                   std::vector<CacheEvent> *events, QString *error)
{
    if (!checkHeader(json, TraceFormat, error))
        return false;
    const QJsonValue array = json.value(QLatin1String("events"));
    if (!array.isArray()) {
        *error = QStringLiteral("trace lacks \"events\"");
        return false;
    }
    std::vector<CacheEvent> result;
    for (const QJsonValue &value : array.toArray()) {
        const QJsonObject object = value.toObject();
        CacheEvent event;
        if (!EventListModel::typeFromName(object.value(QLatin1String("type")).toString(),
                                          &event.type)) {
            *error = QStringLiteral("unknown event type \"%1\"")
                             .arg(object.value(QLatin1String("type")).toString());
            return false;
        }
        event.sequence = quint64(object.value(QLatin1String("seq")).toDouble());
        event.time = rebase(base, object.value(QLatin1String("tMs")).toDouble());
        event.key = object.value(QLatin1String("key")).toString();
        event.entryId = quint64(object.value(QLatin1String("entryId")).toDouble());
        event.costKb = qint64(object.value(QLatin1String("costKb")).toDouble());
        const QString cause = object.value(QLatin1String("cause")).toString();
        for (int i = 0; i < EvictionCauseCount; ++i) {
            if (cause == QLatin1String(CauseKeys[i]))
                event.cause = EvictionCause(i);
        }
        event.mode = object.value(QLatin1String("mode")).toString() == QLatin1String("idle")
                ? FlushMode::Idle
                : FlushMode::Busy;
        event.manual = object.value(QLatin1String("manual")).toBool();
        event.entries = object.value(QLatin1String("entries")).toInt();
        event.kb = qint64(object.value(QLatin1String("kb")).toDouble());
        event.nextInterval = milliseconds(qint64(object.value(QLatin1String("nextIntervalMs")).toDouble(-1)));
        event.message = object.value(QLatin1String("message")).toString();
        result.push_back(std::move(event));
    }
    *events = std::move(result);
    return true;
}

} // namespace CacheScope::SnapshotJson
