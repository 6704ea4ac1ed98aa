// Copyright (C) 2026 The CacheScope authors.
// The inspector's models against the core's actual state: rows, order, costs, hits, events,
// incremental updates, JSON round trips, and that watching never changes what is watched.
#include <cachemonitor.h>
#include <entryfiltermodel.h>
#include <eventfiltermodel.h>

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qtemporarydir.h>
#include <QtTest/qabstractitemmodeltester.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <chrono>
#include <optional>

using namespace CacheScope;

namespace {

// A row this many 32-bit pixels wide costs 1 KiB per row of height.
constexpr int PixelsPerKbRow = 256;

QImage imageOfCost(int kb)
{
    QImage image(PixelsPerKbRow, kb, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::darkCyan);
    return image;
}

// The data of a test that runs once per eviction policy.
void addPolicyRows()
{
    QTest::addColumn<EvictionPolicy>("policy");
    QTest::newRow("sieve") << EvictionPolicy::Sieve;
    QTest::newRow("lru") << EvictionPolicy::Lru;
}

QList<quint64> modelIds(const QAbstractItemModel &model, bool includeEvicted = false)
{
    QList<quint64> ids;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        if (!includeEvicted && index.data(EntryModel::EvictedRole).toBool())
            continue;
        ids.append(quint64(index.data(EntryModel::EntryIdRole).toDouble()));
    }
    return ids;
}

QList<quint64> coreIds(const ImageCache &cache)
{
    QList<quint64> ids;
    for (const CacheEntryInfo &entry : cache.entries())
        ids.append(entry.entryId);
    return ids;
}

// The same scripted workload, used with and without an inspector attached.
void runScript(ImageCache &cache)
{
    for (int i = 0; i < 40; ++i)
        cache.insert(QStringLiteral("photo-%1").arg(i), imageOfCost(1 + i % 7));
    QImage out;
    for (int i = 0; i < 200; ++i)
        cache.find(QStringLiteral("photo-%1").arg((i * 7) % 45), &out);
    cache.setCacheLimit(60);
    cache.remove(QStringLiteral("photo-39"));
    cache.flush(FlushMode::Idle);
    for (int i = 40; i < 60; ++i)
        cache.insert(QStringLiteral("photo-%1").arg(i), imageOfCost(2));
}

} // namespace

class tst_InspectorModels : public QObject
{
    Q_OBJECT

private slots:
    void entryRowsMatchTheCore_data();
    void entryRowsMatchTheCore();
    void modelsAreWellBehaved_data();
    void modelsAreWellBehaved();
    void lruHitsMoveRows();
    void manyScatteredHitsAreRemovedAndReinserted();
    void evictedRowsLingerWithTheirCause();
    void refreshOfTenThousandEntriesIsIncremental();
    void observingDoesNotPerturbTheCache_data();
    void observingDoesNotPerturbTheCache();
    void eventLogAndFlushTimelineFollowTheEvents();
    void eventFilterByTypeAndText();
    void entryFilterSortsAndFilters();
    void historyRecordsHitRateAndUse();
    void snapshotRoundTrips();
    void traceRoundTrips();
    void tiersAndTrimsRoundTripAndVersion1StillLoads();
    void loadRefusesBadFiles();
    void pauseFreezesTheViews();
    void idleTimerRefreshesSpareTheEntries();
    void viewModelFollowsHitsWithoutLayoutChanges_data();
    void viewModelFollowsHitsWithoutLayoutChanges();
    void hiddenViewModelCatchesUpWhenShown();
    void eventQueueOverflowKeepsTheNewest();
    void loadingATraceShowsOnlyTheTrace();
    void loadingASnapshotShowsOnlySnapshot();
};

void tst_InspectorModels::entryRowsMatchTheCore_data()
{
    addPolicyRows();
}

void tst_InspectorModels::entryRowsMatchTheCore()
{
    QFETCH(EvictionPolicy, policy);
    ImageCache cache(100, policy);
    CacheMonitor monitor;
    monitor.setCache(&cache);

    runScript(cache);
    monitor.refresh();

    const QList<CacheEntryInfo> entries = cache.entries();
    const EntryModel &model = *monitor.entries();
    QCOMPARE(modelIds(model), coreIds(cache));
    QCOMPARE(monitor.count(), cache.count());
    QCOMPARE(monitor.totalUsed(), cache.totalUsed());
    int live = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        if (index.data(EntryModel::EvictedRole).toBool())
            continue;
        const CacheEntryInfo &entry = entries.at(live++);
        QCOMPARE(index.data(EntryModel::KeyRole).toString(), entry.key);
        QCOMPARE(index.data(EntryModel::CostKbRole).toLongLong(), entry.costKb);
        QCOMPARE(index.data(EntryModel::HitsRole).toUInt(), entry.hits);
        QCOMPARE(index.data(EntryModel::WidthRole).toInt(), entry.size.width());
        QCOMPARE(index.data(EntryModel::RankRole).toInt(), row + 1);
    }
    QCOMPARE(live, entries.size());
}

void tst_InspectorModels::modelsAreWellBehaved_data()
{
    addPolicyRows();
}

void tst_InspectorModels::modelsAreWellBehaved()
{
    QFETCH(EvictionPolicy, policy);
    ImageCache cache(80, policy);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    EntryFilterModel filter;
    filter.setSourceModel(monitor.entries());
    // Checks every change signal the models emit for consistency, through many refreshes.
    QAbstractItemModelTester entryTester(monitor.entries(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(&filter,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester logTester(monitor.eventLog(),
                                       QAbstractItemModelTester::FailureReportingMode::QtTest);
    QImage out;
    for (int round = 0; round < 30; ++round) {
        for (int i = 0; i < 10; ++i)
            cache.insert(QStringLiteral("k%1").arg((round * 13 + i * 5) % 60), imageOfCost(1 + i % 4));
        for (int i = 0; i < 20; ++i)
            cache.find(QStringLiteral("k%1").arg((round + i * 3) % 60), &out);
        if (round % 7 == 3)
            cache.flush(FlushMode::Busy);
        if (round == 20)
            cache.clear();
        monitor.refresh();
        QCOMPARE(modelIds(*monitor.entries()), coreIds(cache));
    }
}

// Under LRU a hit makes the entry the last to go: its row moves (keeping its delegate), it is not
// removed and re-inserted.
void tst_InspectorModels::lruHitsMoveRows()
{
    ImageCache cache(100, EvictionPolicy::Lru);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    for (int i = 0; i < 10; ++i)
        cache.insert(QStringLiteral("k%1").arg(i), imageOfCost(1));
    monitor.refresh();
    QImage out;
    cache.find(QStringLiteral("k2"), &out);
    cache.find(QStringLiteral("k7"), &out);
    EntryModel *model = monitor.entries();
    QSignalSpy moved(model, &QAbstractItemModel::rowsMoved);
    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
    monitor.refresh();
    QCOMPARE(moved.count(), 2);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(modelIds(*model), coreIds(cache));
    QCOMPARE(model->index(9).data(EntryModel::KeyRole).toString(), QStringLiteral("k7"));
    QCOMPARE(model->index(9).data(EntryModel::HitsRole).toInt(), 1);
}

// More rows out of order than a view should be told of one move at a time (a busy cache: hundreds
// of entries hit between two refreshes) are removed, as scattered ranges, and inserted again in
// their new places; the model and its sorted view still end as the core's order, by consistent
// signals.
void tst_InspectorModels::manyScatteredHitsAreRemovedAndReinserted()
{
    static constexpr int EntryCount = 2000;
    static constexpr int HitEvery = 3; // 667 hits, each alone in its run: 667 removed ranges
    ImageCache cache(EntryCount, EvictionPolicy::Lru);
    // No flush tick: under ASan (every allocation unwinds the stack) the model testers make this
    // test take over a minute, and a tick's evictions would make the core differ from the refresh.
    cache.setFlushIntervals(std::chrono::hours(1), std::chrono::hours(1));
    CacheMonitor monitor;
    monitor.setCache(&cache);
    for (int i = 0; i < EntryCount; ++i)
        cache.insert(QStringLiteral("k%1").arg(i), imageOfCost(1));
    monitor.refresh();
    EntryFilterModel filter;
    filter.setSourceModel(monitor.entries());
    QAbstractItemModelTester entryTester(monitor.entries(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(&filter,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QImage out;
    for (int i = 0; i < EntryCount; i += HitEvery)
        QVERIFY(cache.find(QStringLiteral("k%1").arg(i), &out));
    EntryModel *model = monitor.entries();
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy filterRemoved(&filter, &QAbstractItemModel::rowsRemoved);
    monitor.refresh();
    QCOMPARE(resets.count(), 0);
    QCOMPARE(removed.count(), (EntryCount + HitEvery - 1) / HitEvery); // one range per hit entry
    QCOMPARE(filterRemoved.count(), removed.count());
    QCOMPARE(modelIds(*model), coreIds(cache));
    QCOMPARE(modelIds(filter), coreIds(cache));
}

void tst_InspectorModels::evictedRowsLingerWithTheirCause()
{
    ImageCache cache(10, EvictionPolicy::Lru);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    cache.insert(QStringLiteral("a"), imageOfCost(4));
    cache.insert(QStringLiteral("b"), imageOfCost(4));
    cache.insert(QStringLiteral("doomed"), imageOfCost(2));
    monitor.refresh();
    cache.remove(QStringLiteral("doomed"));
    cache.insert(QStringLiteral("c"), imageOfCost(4)); // evicts "a" by cost
    monitor.refresh();

    QHash<QString, QString> causes;
    const EntryModel &model = *monitor.entries();
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        if (index.data(EntryModel::EvictedRole).toBool())
            causes.insert(index.data(EntryModel::KeyRole).toString(),
                          index.data(EntryModel::EvictionCauseRole).toString());
    }
    QCOMPARE(causes.value(QStringLiteral("a")), QStringLiteral("cost limit"));
    QCOMPARE(causes.value(QStringLiteral("doomed")), QStringLiteral("removed"));
    QCOMPARE(causes.size(), 2);
    // Evicted rows never offer a thumbnail: there are no pixels left to peek at.
    QVERIFY(model.index(0, 0).data(EntryModel::ThumbnailRole).toString().isEmpty());

    // Once their time is up they go.
    QTest::qWait(int(EntryModel::EvictedRowLifetimeMs) + 200);
    monitor.refresh();
    QCOMPARE(modelIds(model, /*includeEvicted=*/true), coreIds(cache));
}

void tst_InspectorModels::refreshOfTenThousandEntriesIsIncremental()
{
    static constexpr int EntryCount = 10'000;
    static constexpr int NewEntries = 25;
    static constexpr int HitEntries = 50;
    ImageCache cache(EntryCount, EvictionPolicy::Sieve); // 1 KiB each: exactly full
    CacheMonitor monitor;
    monitor.setCache(&cache);
    for (int i = 0; i < EntryCount; ++i)
        cache.insert(QStringLiteral("entry-%1").arg(i), imageOfCost(1));
    monitor.refresh();
    QCOMPARE(monitor.entries()->rowCount(), EntryCount);

    QImage out;
    for (int i = 0; i < HitEntries; ++i)
        cache.find(QStringLiteral("entry-%1").arg(5000 + i), &out);
    for (int i = 0; i < NewEntries; ++i)
        cache.insert(QStringLiteral("new-%1").arg(i), imageOfCost(1)); // each evicts one

    EntryModel *model = monitor.entries();
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    QSignalSpy moved(model, &QAbstractItemModel::rowsMoved);
    monitor.refresh();

    QCOMPARE(resets.count(), 0);
    int insertedRows = 0;
    for (const QList<QVariant> &args : inserted)
        insertedRows += args.at(2).toInt() - args.at(1).toInt() + 1;
    QCOMPARE(insertedRows, NewEntries);
    // The entries that were hit moved: SIEVE's visited bit puts them behind every unvisited entry
    // in the eviction order (the 25 victims were the oldest, none of them hit).
    QCOMPARE(moved.count(), HitEntries);
    // Few signals, each for a range: far from one per row.
    QVERIFY2(inserted.count() + removed.count() + changed.count() + moved.count() < 200,
             qPrintable(QStringLiteral("%1 inserts, %2 removes, %3 changes")
                                .arg(inserted.count())
                                .arg(removed.count())
                                .arg(changed.count())));
    QCOMPARE(modelIds(*model), coreIds(cache));
}

void tst_InspectorModels::observingDoesNotPerturbTheCache_data()
{
    addPolicyRows();
}

void tst_InspectorModels::observingDoesNotPerturbTheCache()
{
    QFETCH(EvictionPolicy, policy);
    ImageCache watched(100, policy);
    ImageCache alone(100, policy);
    CacheMonitor monitor;
    monitor.setCache(&watched);

    runScript(alone);
    runScript(watched);
    // Everything the inspector does to read: refresh (entries, stats), export, thumbnails' peek.
    for (int i = 0; i < 5; ++i)
        monitor.refresh();
    for (const CacheEntryInfo &entry : watched.entries())
        QVERIFY(!watched.peek(entry.entryId).isNull());
    QTemporaryDir dir;
    QVERIFY(monitor.exportSnapshot(QUrl::fromLocalFile(dir.filePath(QStringLiteral("s.json")))));

    const CacheStats a = alone.stats();
    const CacheStats b = watched.stats();
    QCOMPARE(b.hits, a.hits);
    QCOMPARE(b.misses, a.misses);
    QCOMPARE(b.evictions, a.evictions);
    QCOMPARE(b.totalUsed, a.totalUsed);
    QStringList keysAlone, keysWatched;
    for (const CacheEntryInfo &entry : alone.entries())
        keysAlone.append(entry.key);
    for (const CacheEntryInfo &entry : watched.entries())
        keysWatched.append(entry.key);
    QCOMPARE(keysWatched, keysAlone); // same eviction order
}

void tst_InspectorModels::eventLogAndFlushTimelineFollowTheEvents()
{
    ImageCache cache(100);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    cache.insert(QStringLiteral("x"), imageOfCost(3));
    QImage out;
    cache.find(QStringLiteral("x"), &out);
    cache.find(QStringLiteral("nope"), &out);
    cache.flush(FlushMode::Busy); // evicts x, empties the cache, stops the timer
    cache.recordError(QStringLiteral("broken.png"), QStringLiteral("Cannot decode"));
    monitor.refresh();

    QStringList types;
    const EventListModel &log = *monitor.eventLog();
    for (int row = 0; row < log.rowCount(); ++row)
        types.append(log.index(row).data(EventListModel::TypeRole).toString());
    QCOMPARE(types, (QStringList{"insert", "timer-start", "hit", "miss", "evict", "flush",
                                 "timer-stop", "error"}));
    // Sequence numbers increase.
    for (int row = 1; row < log.rowCount(); ++row)
        QVERIFY(log.index(row).data(EventListModel::SequenceRole).toDouble()
                > log.index(row - 1).data(EventListModel::SequenceRole).toDouble());

    const EventListModel &timeline = *monitor.flushTimeline();
    QCOMPARE(timeline.rowCount(), 3); // start, tick, stop
    const QModelIndex tick = timeline.index(1);
    QCOMPARE(tick.data(EventListModel::TypeRole).toString(), QStringLiteral("flush"));
    QCOMPARE(tick.data(EventListModel::ModeRole).toString(), QStringLiteral("busy"));
    QCOMPARE(tick.data(EventListModel::EntriesRole).toInt(), 1);
    QCOMPARE(tick.data(EventListModel::KbRole).toInt(), 3);
    QVERIFY(tick.data(EventListModel::ManualRole).toBool());
    QCOMPARE(monitor.errors(), 1.0);
    QCOMPARE(monitor.evictionsByCause().value(QStringLiteral("flushTimer")).toDouble(), 1.0);
}

void tst_InspectorModels::eventFilterByTypeAndText()
{
    ImageCache cache(100);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    cache.insert(QStringLiteral("cats/1.jpg"), imageOfCost(1));
    cache.insert(QStringLiteral("dogs/1.jpg"), imageOfCost(1));
    QImage out;
    cache.find(QStringLiteral("cats/1.jpg"), &out);
    monitor.refresh();

    EventFilterModel filter;
    filter.setSourceModel(monitor.eventLog());
    filter.setTypes({QStringLiteral("insert")});
    QCOMPARE(filter.count(), 2);
    filter.setFilterText(QStringLiteral("CATS"));
    QCOMPARE(filter.count(), 1);
    filter.setTypes({});
    QCOMPARE(filter.count(), 2); // insert + hit of cats/1.jpg
}

void tst_InspectorModels::entryFilterSortsAndFilters()
{
    ImageCache cache(100, EvictionPolicy::Lru);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    cache.insert(QStringLiteral("small"), imageOfCost(1));
    cache.insert(QStringLiteral("big"), imageOfCost(9));
    cache.insert(QStringLiteral("middle"), imageOfCost(4));
    QImage out;
    for (int i = 0; i < 3; ++i)
        cache.find(QStringLiteral("small"), &out);
    monitor.refresh();

    EntryFilterModel filter;
    filter.setSourceModel(monitor.entries());
    auto keys = [&] {
        QStringList result;
        for (int row = 0; row < filter.rowCount(); ++row)
            result.append(filter.index(row, 0).data(EntryModel::KeyRole).toString());
        return result;
    };
    QCOMPARE(keys(), (QStringList{"big", "middle", "small"})); // LRU order: small was just hit
    filter.setSortKey(EntryFilterModel::Cost);
    filter.setDescending(true);
    QCOMPARE(keys(), (QStringList{"big", "middle", "small"}));
    filter.setDescending(false);
    QCOMPARE(keys(), (QStringList{"small", "middle", "big"}));
    filter.setSortKey(EntryFilterModel::Hits);
    filter.setDescending(true);
    QCOMPARE(keys().first(), QStringLiteral("small"));
    filter.setSortKey(EntryFilterModel::Id);
    filter.setDescending(false);
    QCOMPARE(keys(), (QStringList{"big", "middle", "small"}));
    filter.setFilterText(QStringLiteral("M"));
    QCOMPARE(keys(), (QStringList{"middle", "small"}));
}

void tst_InspectorModels::historyRecordsHitRateAndUse()
{
    HistoryModel history;
    std::vector<CacheEvent> events(4);
    events[0].type = events[1].type = events[2].type = CacheEventType::Hit;
    events[3].type = CacheEventType::Miss;
    history.record(events, 1000, 10, 100); // opens the first sample
    QCOMPARE(history.count(), 0);
    history.record({}, 1000 + HistoryModel::SampleIntervalMs, 20, 100);
    QCOMPARE(history.count(), 1);
    QCOMPARE(history.hitRates().at(0), 0.75);
    QCOMPARE(history.usedKb().at(0), 20.0);
    QCOMPARE(history.limitKb().at(0), 100.0);
    history.record({}, 1000 + 2 * HistoryModel::SampleIntervalMs, 20, 50);
    QCOMPARE(history.hitRates().at(1), -1.0); // no lookups in that interval
    for (int i = 0; i < HistoryModel::Capacity + 10; ++i)
        history.record({}, 5000 + i * HistoryModel::SampleIntervalMs, 1, 1);
    QCOMPARE(history.count(), HistoryModel::Capacity);
}

void tst_InspectorModels::snapshotRoundTrips()
{
    ImageCache cache(100);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    runScript(cache);
    monitor.refresh();
    QTemporaryDir dir;
    const QUrl file = QUrl::fromLocalFile(dir.filePath(QStringLiteral("snapshot.json")));
    QVERIFY2(monitor.exportSnapshot(file), qPrintable(monitor.lastError()));

    CacheMonitor offline;
    offline.setCache(nullptr);
    QVERIFY2(offline.load(file), qPrintable(offline.lastError()));
    QVERIFY(offline.isOffline());
    QCOMPARE(offline.sourceName(), QStringLiteral("snapshot.json"));
    QCOMPARE(modelIds(*offline.entries()), coreIds(cache));
    const CacheStats stats = cache.stats();
    QCOMPARE(offline.hits(), double(stats.hits));
    QCOMPARE(offline.misses(), double(stats.misses));
    QCOMPARE(offline.evictions(), double(stats.evictions));
    QCOMPARE(offline.totalUsed(), stats.totalUsed);
    QCOMPARE(offline.cacheLimit(), stats.cacheLimit);
    QCOMPARE(offline.policy(), QStringLiteral("LRU")); // the default
    const QList<CacheEntryInfo> entries = cache.entries();
    for (int row = 0; row < entries.size(); ++row) {
        const QModelIndex index = offline.entries()->index(row);
        QCOMPARE(index.data(EntryModel::KeyRole).toString(), entries.at(row).key);
        QCOMPARE(index.data(EntryModel::HitsRole).toUInt(), entries.at(row).hits);
        QCOMPARE(index.data(EntryModel::CostKbRole).toLongLong(), entries.at(row).costKb);
    }
    // Exporting what was loaded gives the same document back (ignoring the capture time).
    const QUrl again = QUrl::fromLocalFile(dir.filePath(QStringLiteral("again.json")));
    QVERIFY(offline.exportSnapshot(again));
    CacheMonitor third;
    third.setCache(nullptr);
    QVERIFY(third.load(again));
    QCOMPARE(modelIds(*third.entries()), coreIds(cache));
}

void tst_InspectorModels::traceRoundTrips()
{
    ImageCache cache(100);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    runScript(cache);
    cache.recordError(QStringLiteral("bad.png"), QStringLiteral("Cannot decode"));
    monitor.refresh();
    QTemporaryDir dir;
    const QUrl file = QUrl::fromLocalFile(dir.filePath(QStringLiteral("trace.json")));
    QVERIFY(monitor.exportTrace(file));

    CacheMonitor offline;
    offline.setCache(nullptr);
    QVERIFY2(offline.load(file), qPrintable(offline.lastError()));
    const EventListModel &a = *monitor.eventLog();
    const EventListModel &b = *offline.eventLog();
    QCOMPARE(b.rowCount(), a.rowCount());
    for (int row = 0; row < a.rowCount(); ++row)
        QCOMPARE(b.index(row).data(EventListModel::SummaryRole).toString(),
                 a.index(row).data(EventListModel::SummaryRole).toString());
    QCOMPARE(offline.flushTimeline()->rowCount(), monitor.flushTimeline()->rowCount());
}

// Version 2 of both formats: trimmed evictions, the tier counters and the tier events survive an
// export and an import; a version 1 file (none of them) still loads.
void tst_InspectorModels::tiersAndTrimsRoundTripAndVersion1StillLoads()
{
    ImageCache cache(100);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    cache.insert(QStringLiteral("a"), imageOfCost(1));
    cache.insert(QStringLiteral("b"), imageOfCost(1));
    QCOMPARE(cache.trim(ImageCache::TrimLevel::Unused), 2);
    cache.recordLoad(QStringLiteral("https://h/1.png@0x0"), LoadTier::DiskHit);
    cache.recordLoad(QStringLiteral("https://h/2.png@0x0"), LoadTier::Revalidated);
    cache.recordLoad(QStringLiteral("https://h/3.png@0x0"), LoadTier::Fetched, 5 * 1024);
    monitor.refresh();
    QCOMPARE(monitor.diskHits(), 1.0);
    QCOMPARE(monitor.revalidations(), 1.0);
    QCOMPARE(monitor.fetches(), 1.0);
    QCOMPARE(monitor.downloadedKb(), 5.0);
    QCOMPARE(monitor.evictionsByCause().value(QStringLiteral("trimmed")).toDouble(), 2.0);

    QTemporaryDir dir;
    const QUrl snapshot = QUrl::fromLocalFile(dir.filePath(QStringLiteral("snapshot.json")));
    const QUrl trace = QUrl::fromLocalFile(dir.filePath(QStringLiteral("trace.json")));
    QVERIFY(monitor.exportSnapshot(snapshot));
    QVERIFY(monitor.exportTrace(trace));
    QFile written(snapshot.toLocalFile());
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QJsonObject document = QJsonDocument::fromJson(written.readAll()).object();
    QCOMPARE(document.value(QLatin1String("version")).toInt(), 2);

    CacheMonitor offline;
    offline.setCache(nullptr);
    QVERIFY2(offline.load(snapshot), qPrintable(offline.lastError()));
    QCOMPARE(offline.diskHits(), 1.0);
    QCOMPARE(offline.revalidations(), 1.0);
    QCOMPARE(offline.fetches(), 1.0);
    QCOMPARE(offline.downloadedKb(), 5.0);
    QCOMPARE(offline.evictionsByCause().value(QStringLiteral("trimmed")).toDouble(), 2.0);
    CacheMonitor events;
    events.setCache(nullptr);
    QVERIFY2(events.load(trace), qPrintable(events.lastError()));
    QStringList summaries;
    for (int row = 0; row < events.eventLog()->rowCount(); ++row)
        summaries.append(events.eventLog()->index(row).data(EventListModel::SummaryRole).toString());
    const QString all = summaries.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QLatin1String("disk hit https://h/1.png")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("revalidated (304) https://h/2.png")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("fetched https://h/3.png@0x0 (5 KiB)")), qPrintable(all));

    // The same snapshot as version 1 wrote it: no tier counters, no trimmed cause.
    QJsonObject old = document;
    old.insert(QLatin1String("version"), 1);
    QJsonObject stats = old.value(QLatin1String("stats")).toObject();
    for (const char *key : {"diskHits", "revalidations", "fetches", "downloadedKb"})
        stats.remove(QLatin1String(key));
    QJsonObject causes = stats.value(QLatin1String("evictionsByCause")).toObject();
    causes.remove(QLatin1String("trimmed"));
    stats.insert(QLatin1String("evictionsByCause"), causes);
    old.insert(QLatin1String("stats"), stats);
    QFile v1(dir.filePath(QStringLiteral("v1.json")));
    QVERIFY(v1.open(QIODevice::WriteOnly));
    v1.write(QJsonDocument(old).toJson());
    v1.close();
    CacheMonitor legacy;
    legacy.setCache(nullptr);
    QVERIFY2(legacy.load(QUrl::fromLocalFile(v1.fileName())), qPrintable(legacy.lastError()));
    QCOMPARE(legacy.diskHits(), 0.0);
    QCOMPARE(legacy.evictionsByCause().value(QStringLiteral("trimmed")).toDouble(), 0.0);
}

void tst_InspectorModels::loadRefusesBadFiles()
{
    QTemporaryDir dir;
    auto write = [&](const QString &name, const QByteArray &content) {
        QFile file(dir.filePath(name));
        file.open(QIODevice::WriteOnly);
        file.write(content);
        return QUrl::fromLocalFile(file.fileName());
    };
    CacheMonitor monitor;
    QVERIFY(!monitor.load(write(QStringLiteral("garbage.json"), "{not json")));
    QVERIFY(monitor.lastError().contains(QStringLiteral("not JSON")));
    QVERIFY(!monitor.load(write(QStringLiteral("other.json"), R"({"format":"something"})")));
    QVERIFY(monitor.lastError().contains(QStringLiteral("not a cachescope-snapshot")));
    QVERIFY(!monitor.load(write(QStringLiteral("v9.json"),
                                R"({"format":"cachescope-snapshot","version":9})")));
    QVERIFY(monitor.lastError().contains(QStringLiteral("version 9")));
    QVERIFY(!monitor.load(QUrl::fromLocalFile(dir.filePath(QStringLiteral("missing.json")))));
    QVERIFY(!monitor.isOffline()); // still live after failed loads
}

void tst_InspectorModels::pauseFreezesTheViews()
{
    ImageCache cache(100);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    cache.insert(QStringLiteral("before"), imageOfCost(1));
    monitor.refresh();
    monitor.setPaused(true);
    cache.insert(QStringLiteral("during"), imageOfCost(1));
    monitor.refresh();
    QCOMPARE(monitor.count(), 1);
    QCOMPARE(monitor.entries()->rowCount(), 1);
    monitor.setPaused(false);
    QCOMPARE(monitor.count(), 2);
    QCOMPARE(modelIds(*monitor.entries()), coreIds(cache));
}

void tst_InspectorModels::idleTimerRefreshesSpareTheEntries()
{
    // Nothing happens to the cache: timer refreshes keep the clock and the statistics current but
    // re-read the entries (exclusive lock, a copy of each) only every IdleEntriesIntervalMs. An
    // image released by the app changes its row's in-use flag without any event, so that flag
    // shows which refreshes read the entries.
    constexpr int TickMs = 20;
    constexpr int IdleWaitMs = 5 * TickMs;
    constexpr int TimeoutMs = 5000;
    ImageCache cache(100);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    monitor.setRefreshInterval(TickMs);
    std::optional<QImage> held;
    QVERIFY(cache.insert(QStringLiteral("held"), imageOfCost(1)));
    QVERIFY(cache.find(QStringLiteral("held"), &held.emplace()));
    monitor.refresh();
    const QModelIndex row = monitor.entries()->index(0);
    QVERIFY(row.data(EntryModel::InUseRole).toBool());

    QElapsedTimer idle;
    idle.start();
    held.reset(); // no event
    const double before = monitor.now();
    QTest::qWait(IdleWaitMs);
    QVERIFY(monitor.now() > before); // the timer ran
    if (idle.elapsed() < CacheMonitor::IdleEntriesIntervalMs) // else the machine stalled us
        QVERIFY(row.data(EntryModel::InUseRole).toBool());
    // ...and within the idle interval the entries are read again.
    QTRY_VERIFY_WITH_TIMEOUT(!row.data(EntryModel::InUseRole).toBool(), TimeoutMs);
}

void tst_InspectorModels::viewModelFollowsHitsWithoutLayoutChanges_data()
{
    QTest::addColumn<EntryFilterModel::SortKey>("sortKey");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<QString>("filter");
    QTest::newRow("eviction order") << EntryFilterModel::EvictionOrder << false << QString();
    QTest::newRow("eviction order, newest first") << EntryFilterModel::EvictionOrder << true << QString();
    QTest::newRow("cost, largest first") << EntryFilterModel::Cost << true << QString();
    QTest::newRow("hits, filtered") << EntryFilterModel::Hits << true << QStringLiteral("-1");
    QTest::newRow("key") << EntryFilterModel::Id << false << QString();
}

// The entry list's own model (what EntriesView shows): under LRU every hit moves an entry, and a
// proxy that turns those moves into layout changes makes the view rebuild every delegate and lose
// its place. 1000 hits on a 10k-entry cache must arrive as rows moved, inserted, removed, changed.
void tst_InspectorModels::viewModelFollowsHitsWithoutLayoutChanges()
{
    QFETCH(EntryFilterModel::SortKey, sortKey);
    QFETCH(bool, descending);
    QFETCH(QString, filter);
    static constexpr int EntryCount = 10'000;
    static constexpr int Hits = 1000;
    static constexpr int Stride = 7; // coprime with EntryCount: every hit on another entry
    static constexpr int HitsPerRefresh = 100;
    ImageCache cache(3 * EntryCount, EvictionPolicy::Lru);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    for (int i = 0; i < EntryCount; ++i)
        cache.insert(QStringLiteral("entry-%1").arg(i), imageOfCost(1 + i % 3));
    monitor.refresh();
    EntryFilterModel view;
    view.setSourceModel(monitor.entries());
    view.setSortKey(sortKey);
    view.setDescending(descending);
    view.setFilterText(filter);

    QSignalSpy resets(&view, &QAbstractItemModel::modelReset);
    QSignalSpy layouts(&view, &QAbstractItemModel::layoutChanged);
    QSignalSpy aboutToLayout(&view, &QAbstractItemModel::layoutAboutToBeChanged);
    // Live: the monitor refreshes while the hits come.
    QImage out;
    for (int i = 0; i < Hits; ++i) {
        QVERIFY(cache.find(QStringLiteral("entry-%1").arg((i * Stride) % EntryCount), &out));
        if (i % HitsPerRefresh == HitsPerRefresh - 1)
            monitor.refresh();
    }
    for (int i = 0; i < Hits / 10; ++i) // a few entries hit again: hit counts differ
        QVERIFY(cache.find(QStringLiteral("entry-%1").arg((i * Stride) % EntryCount), &out));
    monitor.refresh();
    QCOMPARE(resets.count(), 0);
    QCOMPARE(layouts.count(), 0);
    QCOMPARE(aboutToLayout.count(), 0);

    // And it shows what the core says, sorted as asked (ties in eviction order).
    QList<CacheEntryInfo> expected = cache.entries();
    expected.removeIf([&](const CacheEntryInfo &entry) {
        return !entry.key.contains(filter, Qt::CaseInsensitive);
    });
    auto sortValue = [&](const CacheEntryInfo &entry) -> double {
        switch (sortKey) {
        case EntryFilterModel::Cost:
            return double(entry.costKb);
        case EntryFilterModel::Hits:
            return double(entry.hits);
        default:
            return 0;
        }
    };
    std::stable_sort(expected.begin(), expected.end(), [&](const CacheEntryInfo &a, const CacheEntryInfo &b) {
        if (sortKey == EntryFilterModel::Id)
            return descending ? b.key < a.key : a.key < b.key;
        return descending ? sortValue(b) < sortValue(a) : sortValue(a) < sortValue(b);
    });
    if (sortKey == EntryFilterModel::EvictionOrder && descending)
        std::reverse(expected.begin(), expected.end());
    QList<quint64> expectedIds;
    for (const CacheEntryInfo &entry : std::as_const(expected))
        expectedIds.append(entry.entryId);
    QCOMPARE(modelIds(view), expectedIds);
    QCOMPARE(view.count(), int(expected.size()));
}

// The entry list behind another tab does not follow the cache; shown again, it catches up by
// fine-grained changes.
void tst_InspectorModels::hiddenViewModelCatchesUpWhenShown()
{
    ImageCache cache(100, EvictionPolicy::Lru);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    for (int i = 0; i < 10; ++i)
        cache.insert(QStringLiteral("k%1").arg(i), imageOfCost(1));
    monitor.refresh();
    EntryFilterModel view;
    view.setSourceModel(monitor.entries());
    view.setSortKey(EntryFilterModel::Cost);
    QCOMPARE(view.count(), 10);
    view.setActive(false);
    QSignalSpy inserted(&view, &QAbstractItemModel::rowsInserted);
    QSignalSpy resets(&view, &QAbstractItemModel::modelReset);
    cache.insert(QStringLiteral("big"), imageOfCost(9));
    cache.remove(QStringLiteral("k3"));
    monitor.refresh();
    QCOMPARE(view.count(), 10); // as it was
    QCOMPARE(inserted.count(), 0);
    view.setActive(true);
    QCOMPARE(view.count(), 11); // k3 lingers a moment as an evicted row
    QCOMPARE(view.count(), monitor.entries()->rowCount());
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(view.index(view.count() - 1).data(EntryModel::KeyRole).toString(), QStringLiteral("big"));
}

void tst_InspectorModels::eventQueueOverflowKeepsTheNewest()
{
    static constexpr size_t Capacity = 5;
    EventQueue queue(Capacity);
    auto batch = [](quint64 first, quint64 count) {
        std::vector<CacheEvent> events(count);
        for (quint64 i = 0; i < count; ++i)
            events[i].sequence = first + i;
        return events;
    };
    auto sequences = [](const std::vector<CacheEvent> &events) {
        QList<quint64> result;
        for (const CacheEvent &event : events)
            result.append(event.sequence);
        return result;
    };
    quint64 dropped = 99;
    QVERIFY(queue.drain(&dropped).empty());
    QCOMPARE(dropped, 0u);

    // Below capacity nothing is lost.
    queue.cacheEvents(batch(1, 3));
    QCOMPARE(sequences(queue.drain(&dropped)), (QList<quint64>{1, 2, 3}));
    QCOMPARE(dropped, 0u);

    // One at a time past capacity: the oldest go first, counted.
    for (quint64 s = 1; s <= 12; ++s)
        queue.cacheEvents(batch(s, 1));
    QCOMPARE(sequences(queue.drain(&dropped)), (QList<quint64>{8, 9, 10, 11, 12}));
    QCOMPARE(dropped, 7u);

    // Batches that wrap around, and one larger than the whole queue.
    queue.cacheEvents(batch(1, 4));
    queue.cacheEvents(batch(5, 3));
    QCOMPARE(sequences(queue.drain(&dropped)), (QList<quint64>{3, 4, 5, 6, 7}));
    QCOMPARE(dropped, 2u);
    queue.cacheEvents(batch(1, 2));
    queue.cacheEvents(batch(3, 11));
    QCOMPARE(sequences(queue.drain(&dropped)), (QList<quint64>{9, 10, 11, 12, 13}));
    QCOMPARE(dropped, 8u);

    // The count restarts after each drain; draining without asking for it also resets it.
    queue.cacheEvents(batch(1, 6));
    queue.drain();
    queue.cacheEvents(batch(7, 2));
    QCOMPARE(sequences(queue.drain(&dropped)), (QList<quint64>{7, 8}));
    QCOMPARE(dropped, 0u);
}

// Offline, every panel shows the file and nothing of the live cache: a trace has events (and the
// counts they add up to) but no entries.
void tst_InspectorModels::loadingATraceShowsOnlyTheTrace()
{
    ImageCache recorded(100);
    CacheMonitor recorder;
    recorder.setCache(&recorded);
    recorded.insert(QStringLiteral("t1"), imageOfCost(2));
    recorded.insert(QStringLiteral("t2"), imageOfCost(3));
    QImage out;
    recorded.find(QStringLiteral("t1"), &out);
    recorded.find(QStringLiteral("nope"), &out);
    recorded.remove(QStringLiteral("t2"));
    recorded.flush(FlushMode::Busy);
    recorder.refresh();
    QTemporaryDir dir;
    const QUrl trace = QUrl::fromLocalFile(dir.filePath(QStringLiteral("trace.json")));
    QVERIFY(recorder.exportTrace(trace));

    ImageCache live(100);
    CacheMonitor monitor;
    monitor.setCache(&live);
    runScript(live);
    monitor.refresh();
    QVERIFY(monitor.entries()->rowCount() > 0);
    QVERIFY(monitor.hits() > 10);

    QSignalSpy sourceChanged(&monitor, &CacheMonitor::offlineChanged);
    QVERIFY2(monitor.load(trace), qPrintable(monitor.lastError()));
    QCOMPARE(monitor.sourceKind(), QStringLiteral("trace"));
    QVERIFY(sourceChanged.count() >= 1);
    QCOMPARE(monitor.entries()->rowCount(), 0);
    QCOMPARE(monitor.count(), 0);
    QCOMPARE(monitor.totalUsed(), 0);
    QCOMPARE(monitor.history()->count(), 0);
    QCOMPARE(monitor.eventLog()->rowCount(), recorder.eventLog()->rowCount());
    // The counters are the trace's.
    QCOMPARE(monitor.hits(), 1.0);
    QCOMPARE(monitor.misses(), 1.0);
    QCOMPARE(monitor.insertions(), 2.0);
    QCOMPARE(monitor.evictionsByCause().value(QStringLiteral("removed")).toDouble(), 1.0);
    QCOMPARE(monitor.evictionsByCause().value(QStringLiteral("flushTimer")).toDouble(), 1.0);
    QCOMPARE(monitor.flushTicks(), 1.0);
    QVERIFY(!monitor.flushTimerActive());
    QCOMPARE(monitor.policy(), QString());

    // Nothing of the live cache creeps back in while offline.
    live.insert(QStringLiteral("later"), imageOfCost(1));
    monitor.refresh();
    QCOMPARE(monitor.entries()->rowCount(), 0);
    QCOMPARE(monitor.hits(), 1.0);

    monitor.goLive();
    QCOMPARE(monitor.sourceKind(), QStringLiteral("live"));
    QCOMPARE(modelIds(*monitor.entries()), coreIds(live));
    QCOMPARE(monitor.hits(), double(live.stats().hits));
}

void tst_InspectorModels::loadingASnapshotShowsOnlySnapshot()
{
    ImageCache recorded(100);
    CacheMonitor recorder;
    recorder.setCache(&recorded);
    recorded.insert(QStringLiteral("s1"), imageOfCost(2));
    recorder.refresh();
    QTemporaryDir dir;
    const QUrl snapshot = QUrl::fromLocalFile(dir.filePath(QStringLiteral("snapshot.json")));
    QVERIFY(recorder.exportSnapshot(snapshot));

    ImageCache live(100);
    CacheMonitor monitor;
    monitor.setCache(&live);
    runScript(live);
    monitor.refresh();
    QTest::qWait(int(HistoryModel::SampleIntervalMs) + 50);
    monitor.refresh();
    QVERIFY(monitor.eventLog()->rowCount() > 0);
    QVERIFY(monitor.flushTimeline()->rowCount() > 0);
    QVERIFY(monitor.history()->count() > 0);

    QVERIFY2(monitor.load(snapshot), qPrintable(monitor.lastError()));
    QCOMPARE(monitor.sourceKind(), QStringLiteral("snapshot"));
    QCOMPARE(modelIds(*monitor.entries()), coreIds(recorded));
    QCOMPARE(monitor.count(), 1);
    QCOMPARE(monitor.eventLog()->rowCount(), 0);
    QCOMPARE(monitor.flushTimeline()->rowCount(), 0);
    QCOMPARE(monitor.history()->count(), 0);
    QCOMPARE(monitor.droppedEvents(), 0.0);
}

QTEST_MAIN(tst_InspectorModels)
#include "tst_inspectormodels.moc"
