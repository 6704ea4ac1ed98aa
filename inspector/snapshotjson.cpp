// Copyright (C) 2026 The CacheScope authors.
#include "snapshotjson.h"

#include "eventtypename.h"
#include "jsonfields.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>

#include <algorithm>
#include <limits>

namespace CacheScope::SnapshotJson {

using namespace std::chrono;
using Clock = CacheEvent::Clock;

namespace {

// "capturedAt": when it was captured, on the wall clock; now if that is not known.
QString wallClock(const QDateTime &capturedAtUtc)
{
    return (capturedAtUtc.isValid() ? capturedAtUtc : QDateTime::currentDateTimeUtc()).toString(Qt::ISODateWithMs);
}

QDateTime wallClockFrom(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time.isValid() ? time.toUTC() : QDateTime();
}

const char *const CauseKeys[EvictionCauseCount] = {"costLimit", "flushTimer", "removed",
                                                    "replaced", "cleared", "trimmed"};

double msBetween(Clock::time_point from, Clock::time_point to)
{
    return double(duration_cast<milliseconds>(to - from).count());
}

using JsonFields::ObjectReader;

// What a valid file can hold; anything beyond is refused, not clamped.
constexpr int MaxKb = std::numeric_limits<int>::max(); // the core counts KiB in int
constexpr int MaxSide = std::numeric_limits<int>::max();
constexpr int MaxDepth = 128; // bits per pixel of QImage's widest format
constexpr quint64 MaxCounter = std::numeric_limits<quint64>::max();
// Ages, times and intervals: ten years is past any capture, and `base` moved by it stays far inside
// steady_clock's nanosecond range (about 292 years either way).
constexpr qint64 MaxDurationMs = qint64(10) * 365 * 24 * 60 * 60 * 1000;

// offsetMs is within MaxDurationMs, so neither the conversion to nanoseconds nor the sum overflows.
Clock::time_point rebase(Clock::time_point base, qint64 offsetMs)
{
    return base + duration_cast<Clock::duration>(milliseconds(offsetMs));
}

bool checkHeader(const QJsonObject &json, QLatin1StringView format, QString *error)
{
    if (json.value(QLatin1String("format")).toString() != format) {
        *error = QStringLiteral("not a %1 file").arg(format);
        return false;
    }
    ObjectReader header(json, {}, error);
    int version = 0;
    if (!header.integer(QLatin1StringView("version"), &version, std::numeric_limits<int>::min(),
                        std::numeric_limits<int>::max(), ObjectReader::Required))
        return false;
    // Version 1 had no trimmed evictions, tier counters or tier events: all read as absent.
    if (version != FormatVersion && version != FirstFormatVersion) {
        *error = QStringLiteral("unsupported %1 version %2").arg(format).arg(version);
        return false;
    }
    return true;
}

bool readStats(const QJsonObject &json, CacheStats *stats, QString *error)
{
    CacheStats s;
    ObjectReader r(json, QStringLiteral("stats"), error);
    r.integer(QLatin1StringView("hits"), &s.hits, 0, MaxCounter);
    r.integer(QLatin1StringView("misses"), &s.misses, 0, MaxCounter);
    r.integer(QLatin1StringView("insertions"), &s.insertions, 0, MaxCounter);
    r.integer(QLatin1StringView("evictions"), &s.evictions, 0, MaxCounter);
    r.integer(QLatin1StringView("evictedKb"), &s.evictedKb, 0, MaxCounter);
    r.integer(QLatin1StringView("flushTicks"), &s.flushTicks, 0, MaxCounter);
    r.integer(QLatin1StringView("errors"), &s.errors, 0, MaxCounter);
    r.integer(QLatin1StringView("diskHits"), &s.diskHits, 0, MaxCounter);
    r.integer(QLatin1StringView("revalidations"), &s.revalidations, 0, MaxCounter);
    r.integer(QLatin1StringView("fetches"), &s.fetches, 0, MaxCounter);
    r.integer(QLatin1StringView("downloadedKb"), &s.downloadedKb, 0, MaxCounter);
    int count = 0; // checked, but the entries are what counts
    r.integer(QLatin1StringView("count"), &count, 0, std::numeric_limits<int>::max());
    r.integer(QLatin1StringView("totalUsedKb"), &s.totalUsed, 0, MaxKb);
    // A limit of 0 or less is a valid setting: nothing can be stored.
    r.integer(QLatin1StringView("cacheLimitKb"), &s.cacheLimit, std::numeric_limits<int>::min(),
              std::numeric_limits<int>::max());
    r.integer(QLatin1StringView("peakUsedKb"), &s.peakUsed, 0, MaxKb);
    QJsonObject causes;
    r.object(QLatin1StringView("evictionsByCause"), &causes);
    ObjectReader c(causes, r.pathOf(QLatin1StringView("evictionsByCause")), error);
    for (int i = 0; i < EvictionCauseCount; ++i)
        c.integer(QLatin1StringView(CauseKeys[i]), &s.evictionsByCause[i], 0, MaxCounter);
    if (!c.ok())
        return false;
    *stats = s;
    return true;
}

bool readFlushTimer(const QJsonObject &json, Snapshot *snapshot, QString *error)
{
    ObjectReader r(json, QStringLiteral("flushTimer"), error);
    r.boolean(QLatin1StringView("active"), &snapshot->flushTimerActive);
    // -1: the timer is stopped.
    r.integer(QLatin1StringView("nextTickMs"), &snapshot->nextTickMs, -1, MaxDurationMs);
    r.integer(QLatin1StringView("intervalMs"), &snapshot->currentIntervalMs, -1, MaxDurationMs);
    r.integer(QLatin1StringView("soonIntervalMs"), &snapshot->soonIntervalMs, 0, MaxDurationMs);
    r.integer(QLatin1StringView("flushIntervalMs"), &snapshot->flushIntervalMs, 0, MaxDurationMs);
    return r.ok();
}

bool readEntry(const QJsonObject &json, const QString &path, Clock::time_point base,
               CacheEntryInfo *entry, QString *error)
{
    ObjectReader r(json, path, error);
    r.integer(QLatin1StringView("id"), &entry->entryId, 0, MaxCounter, ObjectReader::Required);
    r.string(QLatin1StringView("key"), &entry->key);
    int width = 0;
    int height = 0;
    r.integer(QLatin1StringView("width"), &width, 0, MaxSide);
    r.integer(QLatin1StringView("height"), &height, 0, MaxSide);
    entry->size = QSize(width, height);
    r.integer(QLatin1StringView("depth"), &entry->depth, 0, MaxDepth);
    r.integer(QLatin1StringView("costKb"), &entry->costKb, 0, MaxKb, ObjectReader::Required);
    r.integer(QLatin1StringView("hits"), &entry->hits, 0, std::numeric_limits<quint32>::max());
    qint64 ageMs = 0;
    qint64 idleMs = 0;
    r.integer(QLatin1StringView("ageMs"), &ageMs, 0, MaxDurationMs);
    r.integer(QLatin1StringView("idleMs"), &idleMs, 0, MaxDurationMs);
    entry->inserted = rebase(base, -ageMs);
    entry->lastAccess = rebase(base, -idleMs);
    r.boolean(QLatin1StringView("inUse"), &entry->inUse);
    return r.ok();
}

bool readEvent(const QJsonObject &json, const QString &path, Clock::time_point base,
               CacheEvent *event, QString *error)
{
    ObjectReader r(json, path, error);
    QString type;
    if (!r.string(QLatin1StringView("type"), &type, ObjectReader::Required))
        return false;
    if (!eventTypeFromName(type, &event->type))
        return r.fail(QLatin1StringView("type"),
                      QStringLiteral("unknown event type %1").arg(JsonFields::quoted(type)));
    r.integer(QLatin1StringView("seq"), &event->sequence, 0, MaxCounter);
    qint64 timeMs = 0;
    r.integer(QLatin1StringView("tMs"), &timeMs, -MaxDurationMs, MaxDurationMs);
    event->time = rebase(base, timeMs);
    r.string(QLatin1StringView("key"), &event->key);
    r.integer(QLatin1StringView("entryId"), &event->entryId, 0, MaxCounter);
    // A limit event carries the new limit, which may be 0 or less; every other a cost.
    const qint64 minCostKb =
            event->type == CacheEventType::LimitChanged ? std::numeric_limits<int>::min() : 0;
    r.integer(QLatin1StringView("costKb"), &event->costKb, minCostKb, MaxKb);
    QString cause;
    const auto causePresence =
            event->type == CacheEventType::Evict ? ObjectReader::Required : ObjectReader::Optional;
    if (r.string(QLatin1StringView("cause"), &cause, causePresence)
        && r.contains(QLatin1StringView("cause"))) {
        const auto *const known = std::find_if(std::begin(CauseKeys), std::end(CauseKeys),
                                               [&](const char *key) {
                                                   return cause == QLatin1StringView(key);
                                               });
        if (known == std::end(CauseKeys))
            return r.fail(QLatin1StringView("cause"),
                          QStringLiteral("unknown cause %1").arg(JsonFields::quoted(cause)));
        event->cause = EvictionCause(known - std::begin(CauseKeys));
    }
    QString mode;
    if (r.string(QLatin1StringView("mode"), &mode) && r.contains(QLatin1StringView("mode"))) {
        if (mode != QLatin1StringView("idle") && mode != QLatin1StringView("busy"))
            return r.fail(QLatin1StringView("mode"),
                          QStringLiteral("expected \"idle\" or \"busy\", got %1")
                                  .arg(JsonFields::quoted(mode)));
        event->mode = mode == QLatin1StringView("idle") ? FlushMode::Idle : FlushMode::Busy;
    }
    r.boolean(QLatin1StringView("manual"), &event->manual);
    r.integer(QLatin1StringView("entries"), &event->entries, 0, std::numeric_limits<int>::max());
    r.integer(QLatin1StringView("kb"), &event->kb, 0, MaxKb);
    qint64 nextIntervalMs = -1; // -1: the timer stopped
    r.integer(QLatin1StringView("nextIntervalMs"), &nextIntervalMs, -1, MaxDurationMs);
    event->nextInterval = milliseconds(nextIntervalMs);
    r.string(QLatin1StringView("message"), &event->message);
    return r.ok();
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
                            {"diskHits", double(s.diskHits)},
                            {"revalidations", double(s.revalidations)},
                            {"fetches", double(s.fetches)},
                            {"downloadedKb", double(s.downloadedKb)},
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
            {"capturedAt", wallClock(snapshot.capturedAtUtc)},
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
    error->clear();
    if (!checkHeader(json, SnapshotFormat, error))
        return false;
    Snapshot result;
    result.capturedAt = base;
    QJsonObject stats;
    QJsonObject timer;
    QJsonArray entries;
    QString capturedAt; // informative: times in the file are relative to it
    ObjectReader r(json, {}, error);
    r.object(QLatin1StringView("stats"), &stats, ObjectReader::Required);
    r.array(QLatin1StringView("entries"), &entries, ObjectReader::Required);
    r.string(QLatin1StringView("policy"), &result.policy);
    r.string(QLatin1StringView("capturedAt"), &capturedAt);
    r.object(QLatin1StringView("flushTimer"), &timer);
    if (!r.ok() || !readStats(stats, &result.stats, error)
        || !readFlushTimer(timer, &result, error))
        return false;
    result.capturedAtUtc = wallClockFrom(capturedAt);

    const QString entriesPath = QStringLiteral("entries");
    QHash<quint64, qsizetype> indexOfId; // an entry id is unique; the views rely on it
    result.entries.reserve(entries.size());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString path = JsonFields::elementPath(entriesPath, i);
        QJsonObject object;
        CacheEntryInfo entry;
        if (!JsonFields::element(entries, i, entriesPath, &object, error)
            || !readEntry(object, path, base, &entry, error))
            return false;
        if (const auto seen = indexOfId.constFind(entry.entryId); seen != indexOfId.constEnd()) {
            *error = QStringLiteral("%1.id: the same as %2.id")
                             .arg(path, JsonFields::elementPath(entriesPath, *seen));
            return false;
        }
        indexOfId.insert(entry.entryId, i);
        result.entries.append(std::move(entry));
    }
    result.stats.count = int(result.entries.size());
    *snapshot = std::move(result);
    return true;
}

QJsonObject traceToJson(const QList<CacheEvent> &events, Clock::time_point capturedAt,
                        const QDateTime &capturedAtUtc)
{
    QJsonArray array;
    for (const CacheEvent &event : events) {
        QJsonObject object{{"seq", double(event.sequence)},
                           {"tMs", msBetween(capturedAt, event.time)},
                           {"type", eventTypeName(event.type)}};
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
        case CacheEventType::Fetch:
            object.insert(QLatin1String("kb"), double(event.kb));
            break;
        default:
            break;
        }
        array.append(object);
    }
    return QJsonObject{{"format", TraceFormat},
                       {"version", FormatVersion},
                       {"capturedAt", wallClock(capturedAtUtc)},
                       {"events", array}};
}

bool traceFromJson(const QJsonObject &json, Clock::time_point base,
                   std::vector<CacheEvent> *events, QString *error)
{
    error->clear();
    if (!checkHeader(json, TraceFormat, error))
        return false;
    QJsonArray array;
    QString capturedAt;
    ObjectReader r(json, {}, error);
    r.array(QLatin1StringView("events"), &array, ObjectReader::Required);
    r.string(QLatin1StringView("capturedAt"), &capturedAt);
    if (!r.ok())
        return false;
    const QString eventsPath = QStringLiteral("events");
    std::vector<CacheEvent> result;
    result.reserve(size_t(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i) {
        QJsonObject object;
        CacheEvent event;
        if (!JsonFields::element(array, i, eventsPath, &object, error)
            || !readEvent(object, JsonFields::elementPath(eventsPath, i), base, &event, error))
            return false;
        result.push_back(std::move(event));
    }
    *events = std::move(result);
    return true;
}

bool parse(const QByteArray &json, Clock::time_point base, Document *document, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument parsed = QJsonDocument::fromJson(json, &parseError);
    if (!parsed.isObject()) {
        *error = parseError.error == QJsonParseError::NoError
                ? QStringLiteral("not JSON: expected an object at the top")
                : QStringLiteral("not JSON: %1 at byte %2")
                          .arg(parseError.errorString())
                          .arg(parseError.offset);
        return false;
    }
    const QJsonObject object = parsed.object();
    Document result;
    if (object.value(QLatin1String("format")).toString() == TraceFormat) {
        result.kind = Document::Kind::Trace;
        if (!traceFromJson(object, base, &result.events, error))
            return false;
    } else {
        result.kind = Document::Kind::Snapshot;
        if (!fromJson(object, base, &result.snapshot, error))
            return false;
    }
    result.capturedAtUtc = wallClockFrom(object.value(QLatin1String("capturedAt")).toString());
    *document = std::move(result);
    return true;
}

} // namespace CacheScope::SnapshotJson
