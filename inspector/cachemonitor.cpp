// Copyright (C) 2026 The CacheScope authors.
#include "cachemonitor.h"

#include "regularfile.h"
#include "thumbnailprovider.h"

#include <QtCore/qsavefile.h>
#include <QtCore/qfileinfo.h>
#include <QtCore/qjsondocument.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace CacheScope {

namespace {

bool isFlushEvent(const CacheEvent &event)
{
    return event.type == CacheEventType::FlushTick || event.type == CacheEventType::TimerStarted
            || event.type == CacheEventType::TimerStopped;
}

QString policyName(EvictionPolicy policy)
{
    return policy == EvictionPolicy::Lru ? QStringLiteral("LRU") : QStringLiteral("SIEVE");
}

// What a trace's events add up to. A trace knows no entries, use or policy; the limit only if it
// saw it set.
Snapshot snapshotOfTrace(const std::vector<CacheEvent> &events, CacheEvent::Clock::time_point at)
{
    Snapshot snapshot;
    snapshot.capturedAt = at;
    CacheStats &s = snapshot.stats;
    auto evicted = [&s](EvictionCause cause, quint64 entries, qint64 kb) {
        s.evictions += entries;
        s.evictionsByCause[int(cause)] += entries;
        s.evictedKb += quint64(std::max<qint64>(kb, 0));
    };
    for (const CacheEvent &event : events) {
        switch (event.type) {
        case CacheEventType::Hit:
            ++s.hits;
            break;
        case CacheEventType::Miss:
            ++s.misses;
            break;
        case CacheEventType::Insert:
            ++s.insertions;
            break;
        case CacheEventType::Replace: // the old image counts as evicted (its cost is not known)
            ++s.insertions;
            evicted(EvictionCause::Replaced, 1, 0);
            break;
        case CacheEventType::Evict:
            evicted(event.cause, 1, event.costKb);
            break;
        case CacheEventType::Clear:
            evicted(EvictionCause::Cleared, quint64(std::max(event.entries, 0)), event.kb);
            break;
        case CacheEventType::FlushTick:
            ++s.flushTicks;
            break;
        case CacheEventType::LimitChanged:
            s.cacheLimit =
                    int(std::clamp<qint64>(event.costKb, 0, std::numeric_limits<int>::max()));
            break;
        case CacheEventType::Error:
            ++s.errors;
            break;
        case CacheEventType::DiskHit:
            ++s.diskHits;
            break;
        case CacheEventType::Revalidate:
            ++s.revalidations;
            break;
        case CacheEventType::Fetch:
            ++s.fetches;
            s.downloadedKb += quint64(std::max<qint64>(event.kb, 0));
            break;
        case CacheEventType::TimerStarted:
        case CacheEventType::TimerStopped:
            break;
        }
    }
    return snapshot;
}

} // namespace

CacheMonitor::CacheMonitor(QObject *parent)
    : QObject(parent),
      m_flushTimeline(FlushTimelineCapacity, isFlushEvent),
      m_eventLog(EventLogCapacity)
{
    m_timer.setInterval(DefaultRefreshIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &CacheMonitor::refreshOnTimer);
    setCache(&ImageCache::instance());
}

CacheMonitor::~CacheMonitor()
{
    detach();
}

void CacheMonitor::setCache(ImageCache *cache)
{
    if (cache == m_cache)
        return;
    detach();
    m_cache = cache;
    if (!m_offline) { // offline, the file's data stays until goLive()
        clearModels();
        m_snapshot = Snapshot();
        attach();
    }
    refresh();
}

void CacheMonitor::attach()
{
    if (m_attached || !m_cache || m_paused || m_offline)
        return;
    m_cache->addObserver(&m_queue);
    m_thumbnailRegistration = ThumbnailProvider::registerCache(m_cache);
    m_entries.setThumbnailSource(m_thumbnailRegistration);
    m_attached = true;
    updateTimer();
}

void CacheMonitor::detach()
{
    if (!m_attached)
        return;
    m_cache->removeObserver(&m_queue);
    ThumbnailProvider::unregisterCache(m_thumbnailRegistration);
    m_thumbnailRegistration = 0;
    m_entries.setThumbnailSource(0);
    m_queue.drain(); // what arrived while paused is not shown later as if it were new
    m_attached = false;
    updateTimer();
}

void CacheMonitor::updateTimer()
{
    if (m_attached)
        m_timer.start();
    else
        m_timer.stop();
}

void CacheMonitor::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (paused) {
        detach();
    } else {
        attach();
        refresh();
    }
    Q_EMIT pausedChanged();
}

void CacheMonitor::setRefreshInterval(int ms)
{
    static constexpr int MinRefreshIntervalMs = 16; // one frame at 60 Hz
    ms = std::max(ms, MinRefreshIntervalMs);
    if (ms == m_timer.interval())
        return;
    m_timer.setInterval(ms);
    Q_EMIT refreshIntervalChanged();
}

QString CacheMonitor::sourceKind() const
{
    if (!m_offline)
        return QStringLiteral("live");
    return m_offlineKind == SnapshotJson::Document::Kind::Trace ? QStringLiteral("trace")
                                                                : QStringLiteral("snapshot");
}

void CacheMonitor::clearModels()
{
    m_history.clear();
    m_eventLog.replaceAll({});
    m_flushTimeline.replaceAll({});
    m_entries.reset({}, 0);
    m_evicted.clear();
    m_thrash.clear();
    m_duplicates.update({});
    m_droppedEvents = 0;
}

// inUseUnknown: the entries a thumbnail being made held while they were read (so their in-use
// flags may be the inspector's own doing).
Snapshot CacheMonitor::takeSnapshot(bool readEntries, QSet<quint64> *inUseUnknown) const
{
    Snapshot snapshot;
    snapshot.capturedAt = CacheEvent::Clock::now();
    snapshot.capturedAtUtc = QDateTime::currentDateTimeUtc();
    snapshot.stats = m_cache->stats();
    snapshot.flushTimerActive = m_cache->isFlushTimerActive();
    snapshot.nextTickMs = m_cache->remainingTimeToTick().count();
    snapshot.currentIntervalMs = m_cache->currentFlushInterval().count();
    snapshot.soonIntervalMs = m_cache->soonInterval().count();
    snapshot.flushIntervalMs = m_cache->flushInterval().count();
    snapshot.policy = policyName(m_cache->evictionPolicy());
    if (!readEntries) {
        snapshot.entries = m_snapshot.entries;
        return snapshot;
    }
    ThumbnailProvider::takeTouchedEntries(m_thumbnailRegistration); // from now on
    snapshot.entries = m_cache->entries();
    const QSet<quint64> touched = ThumbnailProvider::takeTouchedEntries(m_thumbnailRegistration);
    if (inUseUnknown)
        *inUseUnknown = touched;
    return snapshot;
}

void CacheMonitor::refresh()
{
    update(/*readEntries=*/true);
}

void CacheMonitor::refreshOnTimer()
{
    update(/*readEntries=*/false);
}

// readEntries false: re-read the entries only if something may have changed them.
void CacheMonitor::update(bool readEntries)
{
    if (!m_cache || m_offline || m_paused)
        return;
    quint64 dropped = 0;
    m_cache->deliverBufferedEvents(); // every hit so far, not only the batches that are due
    std::vector<CacheEvent> events = m_queue.drain(&dropped);
    // Threads deliver concurrently, and a thread's hits can come from another one: in order.
    const auto bySequence = [](const CacheEvent &a, const CacheEvent &b) { return a.sequence < b.sequence; };
    if (!std::is_sorted(events.begin(), events.end(), bySequence))
        std::stable_sort(events.begin(), events.end(), bySequence);
    m_droppedEvents += dropped;
    readEntries = readEntries || !events.empty() || dropped > 0 || m_entries.hasEvictedRows()
            || !m_sinceEntriesRead.isValid() || m_sinceEntriesRead.elapsed() >= IdleEntriesIntervalMs;
    const QList<CacheEntryInfo> shown = m_snapshot.entries; // what a clear took (implicitly shared)
    QSet<quint64> inUseUnknown;
    m_snapshot = takeSnapshot(readEntries, &inUseUnknown);
    m_nowMs = EntryModel::toMs(m_snapshot.capturedAt);
    if (!readEntries) {
        m_history.record(events, m_nowMs, m_snapshot.stats.totalUsed, m_snapshot.stats.cacheLimit);
        updateTimeWindow(liveWallClockOffset(m_snapshot.capturedAtUtc));
        Q_EMIT statsChanged();
        return;
    }
    m_sinceEntriesRead.start();

    QHash<quint64, EvictionCause> evicted;
    for (const CacheEvent &event : events) {
        if (event.type == CacheEventType::Evict)
            evicted.insert(event.entryId, event.cause);
    }
    // A clear reports itself once, not per entry: everything gone without its own event went then.
    const bool cleared = std::any_of(events.begin(), events.end(), [](const CacheEvent &event) {
        return event.type == CacheEventType::Clear;
    });
    if (cleared) {
        for (int row = 0; row < m_entries.rowCount(); ++row) {
            const auto id = quint64(m_entries.index(row).data(EntryModel::EntryIdRole).toDouble());
            if (!evicted.contains(id))
                evicted.insert(id, EvictionCause::Cleared);
        }
    }
    m_entries.update(m_snapshot.entries, evicted, m_nowMs, m_snapshot.stats.cacheLimit,
                     inUseUnknown);
    m_evicted.record(events, shown);
    m_thrash.record(events, shown);
    m_duplicates.update(m_snapshot.entries);
    m_history.record(events, m_nowMs, m_snapshot.stats.totalUsed, m_snapshot.stats.cacheLimit);
    m_flushTimeline.append(events);
    m_eventLog.append(events);
    updateTimeWindow(liveWallClockOffset(m_snapshot.capturedAtUtc));
    Q_EMIT statsChanged();
}

// wallClockAtNow: the wall clock at the monitor's `now`, read live.
double CacheMonitor::liveWallClockOffset(const QDateTime &wallClockAtNow)
{
    const double measured = double(wallClockAtNow.toMSecsSinceEpoch() - m_nowMs);
    if (std::isnan(m_liveWallClockOffset) || std::abs(measured - m_liveWallClockOffset) > WallClockStepMs)
        m_liveWallClockOffset = measured;
    return m_liveWallClockOffset;
}

// wallClockOffsetMs: wall-clock ms since the epoch at the monitor's time 0 (NaN: unknown).
void CacheMonitor::updateTimeWindow(double wallClockOffsetMs)
{
    double earliest = std::numeric_limits<double>::quiet_NaN();
    const auto consider = [&earliest](double ms) {
        if (std::isnan(earliest) || ms < earliest)
            earliest = ms;
    };
    if (m_history.count() > 0)
        consider(m_history.timesMs().constFirst());
    for (const EventListModel *events : {&m_eventLog, &m_flushTimeline}) {
        if (!events->events().isEmpty())
            consider(double(EntryModel::toMs(events->events().constFirst().time)));
    }
    m_timeWindow.setClock(double(m_nowMs), earliest, wallClockOffsetMs);
}

QVariantMap CacheMonitor::evictionsByCause() const
{
    const CacheStats &s = m_snapshot.stats;
    return {{QStringLiteral("costLimit"), double(s.evictionsFor(EvictionCause::CostLimit))},
            {QStringLiteral("flushTimer"), double(s.evictionsFor(EvictionCause::FlushTimer))},
            {QStringLiteral("removed"), double(s.evictionsFor(EvictionCause::Removed))},
            {QStringLiteral("replaced"), double(s.evictionsFor(EvictionCause::Replaced))},
            {QStringLiteral("cleared"), double(s.evictionsFor(EvictionCause::Cleared))},
            {QStringLiteral("trimmed"), double(s.evictionsFor(EvictionCause::Trimmed))}};
}

void CacheMonitor::setCacheLimit(int kb)
{
    if (!m_cache || m_offline)
        return;
    m_cache->setCacheLimit(kb);
    refresh();
}

void CacheMonitor::clearCache()
{
    if (!m_cache || m_offline)
        return;
    m_cache->clear();
    refresh();
}

bool CacheMonitor::flushNow()
{
    if (!m_cache || m_offline)
        return false;
    const bool evicted = m_cache->flush();
    refresh();
    return evicted;
}

void CacheMonitor::setLastError(const QString &error)
{
    if (error == m_lastError)
        return;
    m_lastError = error;
    Q_EMIT lastErrorChanged();
}

bool CacheMonitor::writeJson(const QUrl &file, const QJsonObject &json)
{
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    // Atomically: a failed or interrupted export leaves the previous file as it was.
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly)) {
        setLastError(QStringLiteral("Cannot write %1: %2").arg(path, out.errorString()));
        return false;
    }
    out.write(QJsonDocument(json).toJson(QJsonDocument::Indented));
    if (!out.commit()) {
        setLastError(QStringLiteral("Cannot write %1: %2").arg(path, out.errorString()));
        return false;
    }
    setLastError({});
    return true;
}

bool CacheMonitor::exportSnapshot(const QUrl &file)
{
    // Live: what the views show now. Offline: the loaded snapshot as it was.
    Snapshot snapshot = m_snapshot;
    if (!m_offline && !m_paused && m_cache)
        snapshot = takeSnapshot(/*readEntries=*/true, nullptr);
    return writeJson(file, SnapshotJson::toJson(snapshot));
}

bool CacheMonitor::exportTrace(const QUrl &file)
{
    // Live: captured now. Offline: as the loaded file says (its times are relative to the load).
    if (!m_offline)
        return writeJson(file, SnapshotJson::traceToJson(m_eventLog.events(), CacheEvent::Clock::now(),
                                                         QDateTime::currentDateTimeUtc()));
    return writeJson(file, SnapshotJson::traceToJson(m_eventLog.events(), m_offlineBase, m_offlineCapturedAtUtc));
}

bool CacheMonitor::load(const QUrl &file)
{
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    QByteArray bytes;
    QString error;
    if (!readRegularFile(path, SnapshotJson::MaxFileBytes, &bytes, &error)) {
        setLastError(QStringLiteral("Cannot open %1: %2").arg(path, error));
        return false;
    }
    // Parsed and checked completely before anything changes: a bad file leaves all as it was.
    const auto base = CacheEvent::Clock::now();
    SnapshotJson::Document document;
    if (!SnapshotJson::parse(bytes, base, &document, &error)) {
        setLastError(QStringLiteral("%1: %2").arg(path, error));
        return false;
    }
    bytes.clear();
    detach();
    m_offline = true;
    m_offlineKind = document.kind;
    // Only the file's data: whatever was shown before goes, the live cache's or another file's.
    clearModels();
    if (document.kind == SnapshotJson::Document::Kind::Trace) {
        m_snapshot = snapshotOfTrace(document.events, base);
        m_eventLog.replaceAll(document.events);
        m_flushTimeline.replaceAll(document.events);
        // A trace's evictions and re-misses, as if it had been watched live.
        m_evicted.record(document.events, {});
        m_thrash.record(document.events, {});
    } else {
        m_snapshot = std::move(document.snapshot);
        m_entries.reset(m_snapshot.entries, m_snapshot.stats.cacheLimit);
    }
    m_duplicates.update(document.kind == SnapshotJson::Document::Kind::Trace ? QList<CacheEntryInfo>()
                                                                            : m_snapshot.entries);
    m_nowMs = EntryModel::toMs(base);
    m_offlineBase = base;
    m_offlineCapturedAtUtc = document.capturedAtUtc;
    m_timeWindow.reset(); // another source: the default view of it
    updateTimeWindow(m_offlineCapturedAtUtc.isValid()
                             ? double(m_offlineCapturedAtUtc.toMSecsSinceEpoch() - m_nowMs)
                             : std::numeric_limits<double>::quiet_NaN());
    m_sourceName = QFileInfo(path).fileName();
    setLastError({});
    Q_EMIT offlineChanged();
    Q_EMIT statsChanged();
    return true;
}

void CacheMonitor::goLive()
{
    if (!m_offline)
        return;
    m_offline = false;
    m_sourceName.clear();
    clearModels();
    m_snapshot = Snapshot();
    m_timeWindow.reset();
    attach();
    refresh();
    Q_EMIT offlineChanged();
}

} // namespace CacheScope
