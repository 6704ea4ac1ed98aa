// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "duplicatesourcemodel.h"
#include "entrymodel.h"
#include "eventlistmodel.h"
#include "eventqueue.h"
#include "evictedmodel.h"
#include "historymodel.h"
#include "snapshotjson.h"
#include "thrashdetector.h"
#include "timewindow.h"

#include <CacheScope/imagecache.h>

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qobject.h>
#include <QtCore/qtimer.h>
#include <QtCore/qurl.h>
#include <QtCore/qvariant.h>

#include <limits>

namespace CacheScope {

// The inspector's view of one cache: subscribes to its events, and at a bounded rate brings the
// models (entries, history, flush timeline, event log) and the statistics up to date. Reads only:
// peeking entries and statistics counts no hit or miss and changes no recency. Can also show a
// snapshot or trace loaded from a file (offline), and export them.
class CacheMonitor : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool paused READ isPaused WRITE setPaused NOTIFY pausedChanged)
    Q_PROPERTY(int refreshInterval READ refreshInterval WRITE setRefreshInterval NOTIFY refreshIntervalChanged)
    Q_PROPERTY(bool offline READ isOffline NOTIFY offlineChanged)
    Q_PROPERTY(QString sourceName READ sourceName NOTIFY offlineChanged)
    // What the views show: "live" (the cache), "snapshot" or "trace" (a loaded file, and nothing
    // else: a snapshot has no events or history, a trace no entries).
    Q_PROPERTY(QString sourceKind READ sourceKind NOTIFY offlineChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)

    Q_PROPERTY(int cacheLimit READ cacheLimit WRITE setCacheLimit NOTIFY statsChanged)
    Q_PROPERTY(int totalUsed READ totalUsed NOTIFY statsChanged)
    Q_PROPERTY(int peakUsed READ peakUsed NOTIFY statsChanged)
    Q_PROPERTY(int count READ count NOTIFY statsChanged)
    Q_PROPERTY(double hits READ hits NOTIFY statsChanged)
    Q_PROPERTY(double misses READ misses NOTIFY statsChanged)
    Q_PROPERTY(double hitRate READ hitRate NOTIFY statsChanged)
    Q_PROPERTY(double insertions READ insertions NOTIFY statsChanged)
    Q_PROPERTY(double evictions READ evictions NOTIFY statsChanged)
    Q_PROPERTY(double errors READ errors NOTIFY statsChanged)
    // Tiers below memory (network images): see ImageCache::recordLoad().
    Q_PROPERTY(double diskHits READ diskHits NOTIFY statsChanged)
    Q_PROPERTY(double revalidations READ revalidations NOTIFY statsChanged)
    Q_PROPERTY(double fetches READ fetches NOTIFY statsChanged)
    Q_PROPERTY(double downloadedKb READ downloadedKb NOTIFY statsChanged)
    Q_PROPERTY(double flushTicks READ flushTicks NOTIFY statsChanged)
    Q_PROPERTY(double evictedKb READ evictedKb NOTIFY statsChanged)
    // {costLimit, flushTimer, removed, replaced, cleared} -> count
    Q_PROPERTY(QVariantMap evictionsByCause READ evictionsByCause NOTIFY statsChanged)
    Q_PROPERTY(bool flushTimerActive READ flushTimerActive NOTIFY statsChanged)
    Q_PROPERTY(double nextTickMs READ nextTickMs NOTIFY statsChanged) // -1 when stopped
    // The interval the flush timer runs at now (soonIntervalMs when idle); -1 when stopped.
    Q_PROPERTY(double currentIntervalMs READ currentIntervalMs NOTIFY statsChanged)
    Q_PROPERTY(double soonIntervalMs READ soonIntervalMs NOTIFY statsChanged)
    Q_PROPERTY(double flushIntervalMs READ flushIntervalMs NOTIFY statsChanged)
    Q_PROPERTY(QString policy READ policy NOTIFY statsChanged)
    Q_PROPERTY(double droppedEvents READ droppedEvents NOTIFY statsChanged)
    // The monitor's clock in ms (steady, frozen while paused or offline); rows' times use it.
    Q_PROPERTY(double now READ now NOTIFY statsChanged)

    Q_PROPERTY(CacheScope::EntryModel *entries READ entries CONSTANT)
    Q_PROPERTY(CacheScope::HistoryModel *history READ history CONSTANT)
    Q_PROPERTY(CacheScope::EventListModel *flushTimeline READ flushTimeline CONSTANT)
    Q_PROPERTY(CacheScope::EventListModel *eventLog READ eventLog CONSTANT)
    // Investigation: evicted entries and why, re-misses, one source at several sizes.
    Q_PROPERTY(CacheScope::EvictedModel *evicted READ evicted CONSTANT)
    Q_PROPERTY(CacheScope::ThrashDetector *thrash READ thrash CONSTANT)
    Q_PROPERTY(CacheScope::DuplicateSourceModel *duplicates READ duplicates CONSTANT)
    // The one time window the history, the flush timeline and the event strip show, live or of a
    // loaded file: the monitor keeps its clock (now, oldest datum, wall clock) up to date.
    Q_PROPERTY(CacheScope::TimeWindow *timeWindow READ timeWindow CONSTANT)

public:
    static constexpr int DefaultRefreshIntervalMs = 100; // 10 Hz
    // While nothing happens, timer refreshes re-read the entries (the cache's exclusive lock and a
    // copy of every entry) only this often, for their in-use flags, which change without events.
    static constexpr int IdleEntriesIntervalMs = 1000;
    static constexpr int EventLogCapacity = 5000;
    static constexpr int FlushTimelineCapacity = 1000;
    // The wall clock minus the monitor's steady clock, read at each refresh, jitters by their
    // rounding and by a preemption between the two reads; only a change larger than this is the
    // wall clock stepping (NTP steps above 128 ms and slews below), which the live offset follows.
    static constexpr double WallClockStepMs = 128;

    explicit CacheMonitor(QObject *parent = nullptr);
    ~CacheMonitor() override;

    // Which cache to watch; default ImageCache::instance(), the provider's.
    void setCache(ImageCache *cache);
    ImageCache *cache() const { return m_cache; }

    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    int refreshInterval() const { return m_timer.interval(); }
    void setRefreshInterval(int ms);
    bool isOffline() const { return m_offline; }
    QString sourceName() const { return m_sourceName; }
    QString sourceKind() const;
    QString lastError() const { return m_lastError; }

    int cacheLimit() const { return m_snapshot.stats.cacheLimit; }
    void setCacheLimit(int kb);
    int totalUsed() const { return m_snapshot.stats.totalUsed; }
    int peakUsed() const { return m_snapshot.stats.peakUsed; }
    int count() const { return m_snapshot.stats.count; }
    double hits() const { return double(m_snapshot.stats.hits); }
    double misses() const { return double(m_snapshot.stats.misses); }
    double hitRate() const { return m_snapshot.stats.hitRate(); }
    double insertions() const { return double(m_snapshot.stats.insertions); }
    double evictions() const { return double(m_snapshot.stats.evictions); }
    double errors() const { return double(m_snapshot.stats.errors); }
    double diskHits() const { return double(m_snapshot.stats.diskHits); }
    double revalidations() const { return double(m_snapshot.stats.revalidations); }
    double fetches() const { return double(m_snapshot.stats.fetches); }
    double downloadedKb() const { return double(m_snapshot.stats.downloadedKb); }
    double flushTicks() const { return double(m_snapshot.stats.flushTicks); }
    double evictedKb() const { return double(m_snapshot.stats.evictedKb); }
    QVariantMap evictionsByCause() const;
    bool flushTimerActive() const { return m_snapshot.flushTimerActive; }
    double nextTickMs() const { return double(m_snapshot.nextTickMs); }
    double currentIntervalMs() const { return double(m_snapshot.currentIntervalMs); }
    double soonIntervalMs() const { return double(m_snapshot.soonIntervalMs); }
    double flushIntervalMs() const { return double(m_snapshot.flushIntervalMs); }
    QString policy() const { return m_snapshot.policy; }
    double droppedEvents() const { return double(m_droppedEvents); }
    double now() const { return double(m_nowMs); }

    EntryModel *entries() { return &m_entries; }
    HistoryModel *history() { return &m_history; }
    EventListModel *flushTimeline() { return &m_flushTimeline; }
    EventListModel *eventLog() { return &m_eventLog; }
    EvictedModel *evicted() { return &m_evicted; }
    ThrashDetector *thrash() { return &m_thrash; }
    DuplicateSourceModel *duplicates() { return &m_duplicates; }
    TimeWindow *timeWindow() { return &m_timeWindow; }

    const Snapshot &snapshot() const { return m_snapshot; }
    // The cache's registration with ThumbnailProvider while watched live; 0 otherwise.
    int thumbnailRegistration() const { return m_thumbnailRegistration; }

    Q_INVOKABLE void refresh();
    Q_INVOKABLE void clearCache();
    Q_INVOKABLE bool flushNow();
    Q_INVOKABLE bool exportSnapshot(const QUrl &file);
    Q_INVOKABLE bool exportTrace(const QUrl &file);
    // Loads a snapshot or trace file and shows it, and only it, instead of the live cache. A
    // trace's statistics are what its events add up to.
    Q_INVOKABLE bool load(const QUrl &file);
    // Back to the live cache after load().
    Q_INVOKABLE void goLive();

Q_SIGNALS:
    void pausedChanged();
    void refreshIntervalChanged();
    void offlineChanged();
    void lastErrorChanged();
    void statsChanged();

private:
    void attach();
    void detach();
    void updateTimer();
    void setLastError(const QString &error);
    bool writeJson(const QUrl &file, const QJsonObject &json);
    void refreshOnTimer();
    void update(bool readEntries);
    Snapshot takeSnapshot(bool readEntries, QSet<quint64> *inUseUnknown) const;
    void clearModels();
    void updateTimeWindow(double wallClockOffsetMs);
    double liveWallClockOffset(const QDateTime &wallClockAtNow);

    ImageCache *m_cache = nullptr;
    bool m_attached = false;
    bool m_paused = false;
    bool m_offline = false;
    SnapshotJson::Document::Kind m_offlineKind = SnapshotJson::Document::Kind::Snapshot;
    QString m_sourceName;
    QString m_lastError;
    EventQueue m_queue;
    QTimer m_timer;
    QElapsedTimer m_sinceEntriesRead;
    Snapshot m_snapshot;
    qint64 m_nowMs = 0;
    CacheEvent::Clock::time_point m_offlineBase; // what a loaded file's times are relative to
    QDateTime m_offlineCapturedAtUtc;            // and its "capturedAt"
    double m_liveWallClockOffset = std::numeric_limits<double>::quiet_NaN();
    quint64 m_droppedEvents = 0;
    int m_thumbnailRegistration = 0;

    EntryModel m_entries;
    HistoryModel m_history;
    EventListModel m_flushTimeline;
    EventListModel m_eventLog;
    EvictedModel m_evicted;
    ThrashDetector m_thrash;
    DuplicateSourceModel m_duplicates;
    TimeWindow m_timeWindow;
};

} // namespace CacheScope
