// Copyright (C) 2026 The CacheScope authors.
// The CacheScope.Inspector views, offscreen, against a scripted cache: each view is loaded on its
// own with a CacheMonitor watching the cache, and what it shows (texts, counts, rows, tiles, marks)
// is checked against the cache's own state. The whole inspector is grabbed to PNG at 1280x800 and
// as a 420 px wide panel (every tab) into the build folder, and must not be blank.
#include "viewtestsupport.h"

#include <QtCore/qregularexpression.h>

#include <cachemonitor.h>

#include <CacheScope/imagecache.h>

#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtemporarydir.h>
#include <QtQml/qqmlcomponent.h>
#include <QtQml/qqmlengine.h>
#include <QtQuick/qquickwindow.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <utility>

using namespace CacheScope;
using namespace ViewTest;
using namespace std::chrono_literals;

namespace {

constexpr int InitialLimitKb = 4096;
constexpr int TrimmedLimitKb = 3400; // for a while, to evict by cost limit
// Long enough that the timer never ticks during the test: every tick shown is a manual flush.
constexpr auto SoonInterval = 60s;
constexpr auto FlushInterval = 120s;
// More than HistoryModel::SampleIntervalMs, so every phase of the script lands in its own sample.
constexpr int PhasePauseMs = 1200;
constexpr int ImageReady = 1; // QQuickImageBase::Ready
const QSize ViewSize(640, 560);
const QSize WideSize(1280, 800);
const QSize NarrowSize(420, 800);

struct Picture
{
    const char *key;
    int width;
    int height;
    QColor colour;
};

// ARGB32: cost = width * height * 4 / 1024 KiB.
const Picture Pictures[] = {
    {"photos/sunset.jpg", 512, 512, QColor(0xe0, 0x7a, 0x3a)},
    {"photos/forest.jpg", 512, 384, QColor(0x3a, 0x9a, 0x4a)},
    {"photos/ocean.jpg", 512, 256, QColor(0x2a, 0x6a, 0xc0)},
    {"photos/desert.jpg", 384, 256, QColor(0xd8, 0xb8, 0x6a)},
    {"thumbs/cat.jpg", 256, 256, QColor(0x90, 0x90, 0x98)},
    {"thumbs/dog.jpg", 256, 192, QColor(0x8a, 0x5a, 0x3a)},
    {"thumbs/bird.jpg", 192, 192, QColor(0x2a, 0xa0, 0xa0)},
    {"icons/star.png", 128, 128, QColor(0xe8, 0xd0, 0x30)},
    {"icons/heart.png", 64, 64, QColor(0xd0, 0x30, 0x50)},
    {"icons/gear.png", 64, 64, QColor(0xb0, 0xb0, 0xb8)},
};

QString kib(qint64 kb) // as Format.kib() writes it
{
    if (kb >= 1024) {
        const double mib = double(kb) / 1024.0;
        return (kb % 1024 == 0 || mib >= 100 ? QString::number(mib, 'f', 0) : QString::number(mib, 'f', 1))
                + QStringLiteral(" MiB");
    }
    return QStringLiteral("%1 KiB").arg(kb);
}

// Where an inline test component says it comes from (a local file name, never read).
QUrl inlineUrl(const QString &name)
{
    return QUrl::fromLocalFile(QDir(QStringLiteral(CACHESCOPE_SCREENSHOT_DIR)).filePath(QStringLiteral("tst_%1.qml").arg(name)));
}

QString percent(double fraction) // as Format.percent() writes it
{
    const double value = fraction * 100.0;
    return (value == std::floor(value) ? QString::number(value, 'f', 0) : QString::number(value, 'f', 1))
            + QLatin1Char('%');
}

} // namespace

class tst_InspectorViews : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void overviewShowsTheStatistics();
    void entriesListTheCacheInEvictionOrder();
    void entriesSortAndFilter();
    void entryHitFlashes();
    void evictedEntryFadesWithItsCause();
    void costMapTilesTheEntriesAndTheFreeSpace();
    void historyChartsTheSamples();
    void flushTimelineMarksEveryTick();
    void eventLogFiltersByTypeAndText();
    void whatIfCurveMarksTheLimit();
    void evictedAndWorkingSetExplainEvictions();
    void entryDetailShowsOneEntry();
    void entriesAreSelectedByClickAndKeys();
    void clickingAFlushTickListsWhatItEvicted();
    void controlsDriveTheCacheAndFiles();
    void inspectorCreatesItsOwnMonitor();
    void inspectorWindowShowsTheInspector();
    void wholeInspectorScreenshots_data();
    void wholeInspectorScreenshots();
    void entryListKeepsItsPlaceThroughHits();
    void eventLogFollowsUntilTheUserScrollsUp();
    void flushTimelineStaysWhereTheUserReads();
    void offlineEveryPanelShowsTheFile_data();
    void offlineEveryPanelShowsTheFile();
    void viewsKeepTheirStateAcrossLayouts();
    void largeCacheScreenshots_data();
    void largeCacheScreenshots();
    void linkedTimelineSharesOneWindow();
    void linkedTimelineOnALoadedTrace();
    void linkedTimelineScreenshots_data();
    void linkedTimelineScreenshots();
    void refreshesKeepDelegatesAndHiddenListsIdle();

private:
    struct Scene
    {
        std::unique_ptr<QQuickWindow> window;
        QQuickItem *item = nullptr;
    };
    // Loads `type` from CacheScope.Inspector with `monitor` into a shown offscreen window.
    Scene show(const QString &type, CacheMonitor *monitor, QSize size);
    void script();
    void refreshed() { m_monitor->refresh(); QCoreApplication::processEvents(); }

    std::unique_ptr<QQmlEngine> m_engine;
    std::unique_ptr<ImageCache> m_cache;
    std::unique_ptr<CacheMonitor> m_monitor;
    QImage m_held; // a copy kept outside the cache: its entry is "in use"
};

void tst_InspectorViews::initTestCase()
{
    m_engine = std::make_unique<QQmlEngine>();
    m_engine->addImportPath(QStringLiteral(CACHESCOPE_QML_IMPORT_DIR));
    m_cache = std::make_unique<ImageCache>(InitialLimitKb, EvictionPolicy::Sieve);
    m_cache->setFlushIntervals(SoonInterval, FlushInterval);
    m_monitor = std::make_unique<CacheMonitor>();
    m_monitor->setCache(m_cache.get());
    script();
}

// A QML view that loops on a binding or hits a TypeError is broken even if it looks right.
void tst_InspectorViews::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("Binding loop detected|TypeError|ReferenceError")));
}

void tst_InspectorViews::cleanupTestCase()
{
    m_monitor.reset();
    m_engine.reset();
    m_cache.reset();
}

// Inserts, hits, misses, an error, a manual flush, evictions by a lower limit and a removal, in
// four phases a sample interval apart so that the history has several samples.
void tst_InspectorViews::script()
{
    QImage out;
    for (const Picture &picture : Pictures)
        QVERIFY(m_cache->insert(QLatin1String(picture.key), pictureImage(picture.width, picture.height, picture.colour)));
    for (const char *key : {"photos/sunset.jpg", "photos/sunset.jpg", "icons/star.png", "photos/ocean.jpg"})
        QVERIFY(m_cache->find(QLatin1String(key), &out));
    QVERIFY(m_cache->find(QStringLiteral("icons/star.png"), &m_held));
    QVERIFY(!m_cache->find(QStringLiteral("photos/missing.jpg"), &out));
    QTest::qWait(PhasePauseMs);

    for (const char *key : {"photos/sunset.jpg", "thumbs/cat.jpg", "photos/forest.jpg"})
        QVERIFY(m_cache->find(QLatin1String(key), &out));
    QVERIFY(!m_cache->find(QStringLiteral("thumbs/missing.jpg"), &out));
    QVERIFY(!m_cache->find(QStringLiteral("icons/none.png"), &out));
    m_cache->recordError(QStringLiteral("photos/broken.jpg"), QStringLiteral("Unsupported image format"));
    // What the network tier reports for a load the memory tier missed (shown as tier events).
    m_cache->recordLoad(QStringLiteral("photos/city.jpg"), LoadTier::Fetched, 84 * 1024);
    m_cache->recordLoad(QStringLiteral("photos/sunset.jpg"), LoadTier::DiskHit);
    m_cache->recordLoad(QStringLiteral("thumbs/cat.jpg"), LoadTier::Revalidated);
    QVERIFY(m_cache->insert(QStringLiteral("photos/city.jpg"), pictureImage(512, 320, QColor(0x7a, 0x5a, 0xc0))));
    QVERIFY(m_cache->flush()); // busy: evicts at least one entry
    QTest::qWait(PhasePauseMs);

    m_cache->setCacheLimit(TrimmedLimitKb);
    QVERIFY(m_cache->contains(QStringLiteral("icons/heart.png")));
    m_cache->remove(QStringLiteral("icons/heart.png"));
    QTest::qWait(PhasePauseMs);

    m_cache->setCacheLimit(InitialLimitKb);
    out = QImage(); // only m_held stays outside the cache
    QTest::qWait(PhasePauseMs);
    refreshed();

    const CacheStats stats = m_cache->stats();
    QCOMPARE(stats.hits, 8u);
    QCOMPARE(stats.misses, 3u);
    QCOMPARE(stats.errors, 1u);
    QCOMPARE(stats.diskHits, 1u);
    QCOMPARE(stats.revalidations, 1u);
    QCOMPARE(stats.fetches, 1u);
    QVERIFY(stats.evictionsFor(EvictionCause::FlushTimer) >= 1);
    QVERIFY(stats.evictionsFor(EvictionCause::CostLimit) >= 1);
    QCOMPARE(stats.evictionsFor(EvictionCause::Removed), 1u);
    QVERIFY(m_cache->contains(QStringLiteral("icons/star.png"))); // the in-use entry stays
    QVERIFY(m_monitor->history()->count() >= 2);
}

tst_InspectorViews::Scene tst_InspectorViews::show(const QString &type, CacheMonitor *monitor, QSize size)
{
    Scene scene;
    QQmlComponent component(m_engine.get());
    component.setData("import CacheScope.Inspector\n" + type.toUtf8() + " {}\n", inlineUrl(type));
    if (!component.isReady()) {
        qWarning().noquote() << component.errorString();
        return scene;
    }
    std::unique_ptr<QObject> object(
            component.createWithInitialProperties({{QStringLiteral("monitor"), QVariant::fromValue(monitor)},
                                                   {QStringLiteral("width"), size.width()},
                                                   {QStringLiteral("height"), size.height()}}));
    if (!object) {
        qWarning().noquote() << component.errorString();
        return scene;
    }
    auto *item = qobject_cast<QQuickItem *>(object.get());
    if (!item)
        return scene;
    scene.window = std::make_unique<QQuickWindow>();
    scene.window->resize(size);
    object.release()->setParent(scene.window.get());
    item->setParentItem(scene.window->contentItem());
    item->setSize(size);
    scene.window->show();
    if (!QTest::qWaitForWindowExposed(scene.window.get()))
        return {};
    scene.item = item;
    return scene;
}

void tst_InspectorViews::overviewShowsTheStatistics()
{
    const Scene scene = show(QStringLiteral("OverviewView"), m_monitor.get(), ViewSize);
    QVERIFY(scene.item);
    refreshed();
    const CacheStats stats = m_cache->stats();

    QCOMPARE(textOf(scene.item, "entryCountValue"), QString::number(stats.count));
    QCOMPARE(textOf(scene.item, "hitsValue"), QStringLiteral("8"));
    QCOMPARE(textOf(scene.item, "missesValue"), QStringLiteral("3"));
    QCOMPARE(textOf(scene.item, "errorsValue"), QStringLiteral("1"));
    QCOMPARE(textOf(scene.item, "hitRateValue"), percent(8.0 / 11.0));
    QCOMPARE(textOf(scene.item, "insertionsValue"), QString::number(stats.insertions));
    QCOMPARE(textOf(scene.item, "usedValue"), kib(stats.totalUsed) + " / " + kib(InitialLimitKb));
    QCOMPARE(textOf(scene.item, "evictions_costLimit"),
             QString::number(stats.evictionsFor(EvictionCause::CostLimit)));
    QCOMPARE(textOf(scene.item, "evictions_flushTimer"),
             QString::number(stats.evictionsFor(EvictionCause::FlushTimer)));
    QCOMPARE(textOf(scene.item, "evictions_removed"), QStringLiteral("1"));
    QCOMPARE(textOf(scene.item, "evictions_cleared"), QStringLiteral("0"));
    QCOMPARE(textOf(scene.item, "panelDetail"), QStringLiteral("policy SIEVE"));

    // The flush timer runs (entries were inserted) and counts down to its next tick.
    QVERIFY(m_cache->isFlushTimerActive());
    const QString timer = textOf(scene.item, "flushTimerState");
    QVERIFY2(timer.startsWith(QStringLiteral("running · next tick in ")), qPrintable(timer));
    QVERIFY(findItem(scene.item, "flushCountdown")->isVisible());

    // The gauge fills in proportion to the use.
    QQuickItem *gauge = findItem(scene.item, "usedGauge");
    QVERIFY(gauge);
    const QList<QQuickItem *> fill = gauge->childItems();
    QVERIFY(!fill.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(fill.first()->width(), gauge->width() * stats.totalUsed / InitialLimitKb, 2000);
}

void tst_InspectorViews::entriesListTheCacheInEvictionOrder()
{
    const Scene scene = show(QStringLiteral("EntriesView"), m_monitor.get(), ViewSize);
    QVERIFY(scene.item);
    refreshed();
    QQuickItem *list = findItem(scene.item, "entryList");
    QVERIFY(list);
    // Read once the thumbnails are made: while one is scaled, the provider's copy of the image
    // makes the core call its entry "in use" (the view discounts it; this comparison cannot).
    QTRY_COMPARE(listRows(list).size(), m_cache->count());
    for (QQuickItem *image : findItems(list, "thumbnail"))
        QTRY_COMPARE_WITH_TIMEOUT(image->property("status").toInt(), ImageReady, 5000);
    const QList<CacheEntryInfo> entries = m_cache->entries();
    QCOMPARE(list->property("count").toInt(), int(entries.size()));
    QCOMPARE(textOf(scene.item, "panelDetail"), QStringLiteral("%1 entries").arg(entries.size()));

    QTRY_COMPARE(listRows(list).size(), entries.size());
    const QList<QQuickItem *> rows = listRows(list);
    bool sawInUse = false;
    for (int i = 0; i < rows.size(); ++i) {
        const CacheEntryInfo &entry = entries.at(i);
        QQuickItem *row = rows.at(i);
        QCOMPARE(textOf(row, "entryKey"), entry.key);
        QCOMPARE(textOf(row, "entryCost"), kib(entry.costKb));
        const QString details = textOf(row, "entryDetails");
        const QString hits = entry.hits == 1 ? QStringLiteral("1 hit") : QStringLiteral("%1 hits").arg(entry.hits);
        QVERIFY2(details.startsWith(QStringLiteral("%1×%2 · %3 · used ")
                                            .arg(entry.size.width()).arg(entry.size.height()).arg(hits)),
                 qPrintable(details));
        QVERIFY2(details.endsWith(QStringLiteral(" ago")), qPrintable(details));
        // The next victim is labelled; only it.
        QCOMPARE(findItem(row, "nextVictimBadge")->isVisible(), i == 0);
        QCOMPARE(findItem(row, "inUseBadge")->isVisible(), entry.inUse);
        sawInUse = sawInUse || entry.inUse;
    }
    QVERIFY(sawInUse);

    // Every thumbnail arrives through the read-only thumbnail provider.
    for (QQuickItem *image : findItems(list, "thumbnail"))
        QTRY_COMPARE_WITH_TIMEOUT(image->property("status").toInt(), ImageReady, 5000);
    // ... without a single hit or miss being counted.
    QCOMPARE(m_cache->stats().hits, 8u);
    QCOMPARE(m_cache->stats().misses, 3u);
}

void tst_InspectorViews::entriesSortAndFilter()
{
    const Scene scene = show(QStringLiteral("EntriesView"), m_monitor.get(), ViewSize);
    QVERIFY(scene.item);
    QQuickItem *list = findItem(scene.item, "entryList");
    const QList<CacheEntryInfo> entries = m_cache->entries();

    findItem(scene.item, "entrySort")->setProperty("currentIndex", 1); // Cost
    findItem(scene.item, "entryOrder")->setProperty("checked", true); // descending
    qint64 largest = 0;
    QString largestKey;
    for (const CacheEntryInfo &entry : entries) {
        if (entry.costKb > largest) {
            largest = entry.costKb;
            largestKey = entry.key;
        }
    }
    QTRY_COMPARE(textOf(listRows(list).value(0), "entryKey"), largestKey);

    findItem(scene.item, "entryFilter")->setProperty("text", QStringLiteral("photos/"));
    const auto photos = std::count_if(entries.begin(), entries.end(), [](const CacheEntryInfo &entry) {
        return entry.key.startsWith(QLatin1String("photos/"));
    });
    QVERIFY(photos > 0 && photos < entries.size());
    QTRY_VERIFY(rowsAllContain(list, "entryKey", QStringLiteral("photos/"), int(photos)));
    QCOMPARE(list->property("count").toInt(), int(photos));
    QCOMPARE(textOf(scene.item, "panelDetail"), QStringLiteral("%1 of %2 entries").arg(photos).arg(entries.size()));

    findItem(scene.item, "entryFilter")->setProperty("text", QStringLiteral("no such key"));
    QTRY_COMPARE(list->property("count").toInt(), 0);
}

void tst_InspectorViews::entryHitFlashes()
{
    const Scene scene = show(QStringLiteral("EntriesView"), m_monitor.get(), ViewSize);
    QVERIFY(scene.item);
    QQuickItem *list = findItem(scene.item, "entryList");
    // The opacity of the flash overlay in `key`'s row; -1 while there is no such row. (A hit may
    // move the entry in the eviction order, which gives it a new row: look it up every time.)
    auto flashOpacity = [&](const QString &key) -> double {
        for (QQuickItem *row : listRows(list)) {
            if (textOf(row, "entryKey") == key) {
                QQuickItem *flash = findItem(row, "hitFlash");
                return flash ? flash->opacity() : -1.0;
            }
        }
        return -1.0;
    };
    for (const QString key : {QStringLiteral("thumbs/cat.jpg"), QStringLiteral("photos/city.jpg")}) {
        QVERIFY(m_cache->contains(key));
        QTRY_COMPARE_WITH_TIMEOUT(flashOpacity(key), 0.0, 3000);
        QImage out;
        QVERIFY(m_cache->find(key, &out));
        refreshed();
        QTRY_VERIFY_WITH_TIMEOUT(flashOpacity(key) > 0.2, 1000);
        QTRY_COMPARE_WITH_TIMEOUT(flashOpacity(key), 0.0, 3000); // and fades again
    }
    // Other rows did not flash.
    for (QQuickItem *row : listRows(list))
        QCOMPARE(findItem(row, "hitFlash")->opacity(), 0.0);
}

void tst_InspectorViews::evictedEntryFadesWithItsCause()
{
    const Scene scene = show(QStringLiteral("EntriesView"), m_monitor.get(), ViewSize);
    QVERIFY(scene.item);
    QQuickItem *list = findItem(scene.item, "entryList");
    const QString key = QStringLiteral("tmp/short-lived.png");
    QVERIFY(m_cache->insert(key, pictureImage(32, 32, Qt::magenta)));
    refreshed();
    m_cache->remove(key);
    refreshed();

    auto rowFor = [&]() -> QQuickItem * {
        for (QQuickItem *row : listRows(list)) {
            if (textOf(row, "entryKey") == key)
                return row;
        }
        return nullptr;
    };
    QTRY_VERIFY(rowFor());
    QQuickItem *row = rowFor();
    QCOMPARE(textOf(row, "entryDetails"), QStringLiteral("evicted · removed"));
    QVERIFY(!findItem(row, "nextVictimBadge")->isVisible());
    QVERIFY(!findItem(row, "inUseBadge")->isVisible());
    // Its picture fades (towards Theme.evictedOpacity) while it lingers; its text stays opaque,
    // the cause in the cause's colour.
    QTRY_VERIFY_WITH_TIMEOUT(rowFor() && findItem(rowFor(), "thumbnailFrame")->opacity() < 0.9, 1500);
    QCOMPARE(rowFor()->opacity(), 1.0);
    QCOMPARE(findItem(row, "entryDetails")->property("color").value<QColor>(), QColor(QStringLiteral("#b0b6c2"))); // causeColors.removed
    // The row leaves once its lingering time is over.
    QTRY_VERIFY_WITH_TIMEOUT(rowFor() == nullptr, 5000);
    QCOMPARE(list->property("count").toInt(), m_cache->count());
}

void tst_InspectorViews::costMapTilesTheEntriesAndTheFreeSpace()
{
    const Scene scene = show(QStringLiteral("CostMapView"), m_monitor.get(), ViewSize);
    QVERIFY(scene.item);
    refreshed();
    const QList<CacheEntryInfo> entries = m_cache->entries();
    const int used = m_cache->totalUsed();
    const int limit = m_cache->cacheLimit();
    QVERIFY(used < limit);

    QQuickItem *map = findItem(scene.item, "costMap");
    QVERIFY(map);
    const QList<QQuickItem *> tiles = findItems(map, "costTile");
    QCOMPARE(tiles.size(), entries.size() + 1); // + the free space

    // Tiles fill the map, each in proportion to its cost (gaps between tiles aside).
    const double mapArea = map->width() * map->height();
    const double gap = 2.0;
    double covered = 0;
    int freeTiles = 0;
    for (QQuickItem *tile : tiles) {
        const double cost = tile->property("costKb").toDouble();
        const double area = (tile->width() + gap) * (tile->height() + gap);
        covered += area;
        QVERIFY2(qAbs(area / mapArea - cost / limit) < 0.01,
                 qPrintable(QStringLiteral("%1: %2 of the map for %3 of the limit")
                                    .arg(tile->property("key").toString()).arg(area / mapArea).arg(cost / limit)));
        if (tile->property("kind").toString() == QLatin1String("free")) {
            ++freeTiles;
            QCOMPARE(cost, double(limit - used));
            QCOMPARE(textOf(tile, "tileLabel"), QStringLiteral("free"));
        }
    }
    QCOMPARE(freeTiles, 1);
    QVERIFY(qAbs(covered / mapArea - 1.0) < 0.01);
    // The biggest entry is labelled with its key and cost.
    QStringList labels;
    for (QQuickItem *label : visibleItems(map, "tileLabel"))
        labels << label->property("text").toString();
    QVERIFY2(labels.contains(QStringLiteral("photos/city.jpg")) || labels.contains(QStringLiteral("photos/sunset.jpg")),
             qPrintable(labels.join(QLatin1String(", "))));

    // A lower limit shrinks the free tile at the next refresh.
    m_cache->setCacheLimit(used);
    refreshed();
    QTRY_COMPARE(findItems(map, "costTile").size(), int(m_cache->entries().size()));
    m_cache->setCacheLimit(limit);
    refreshed();
}

void tst_InspectorViews::historyChartsTheSamples()
{
    const Scene scene = show(QStringLiteral("HistoryView"), m_monitor.get(), ViewSize);
    QVERIFY(scene.item);
    refreshed();
    const HistoryModel *history = m_monitor->history();
    QVERIFY(history->count() >= 2);
    QCOMPARE(textOf(scene.item, "panelDetail"), QStringLiteral("%1 samples, one per second").arg(history->count()));

    QQuickItem *hitRate = findItem(scene.item, "hitRateChart");
    QQuickItem *used = findItem(scene.item, "usedChart");
    QVERIFY(hitRate && used);
    // One polyline point per sample with lookups; the used line also ends at "now".
    int hitRatePoints = 0;
    const QJSValue segments = jsProperty(hitRate, "segments");
    for (int i = 0; i < segments.property("length").toInt(); ++i)
        hitRatePoints += segments.property(i).property("length").toInt();
    const QList<double> hitRates = history->hitRates();
    const auto withLookups = std::count_if(hitRates.begin(), hitRates.end(), [](double rate) { return rate >= 0; });
    QVERIFY(withLookups >= 1);
    QCOMPARE(hitRatePoints, int(withLookups));
    QCOMPARE(jsProperty(used, "segments").property(0).property("length").toInt(), history->count() + 1);
    QCOMPARE(jsProperty(used, "limitPoints").property("length").toInt(), history->count() + 1);

    // The value shown is the newest sample that had lookups.
    const auto lastKnown = std::find_if(hitRates.rbegin(), hitRates.rend(), [](double rate) { return rate >= 0; });
    QCOMPARE(textOf(hitRate, "chartValue"), percent(*lastKnown));
    QCOMPARE(textOf(used, "chartValue"), kib(m_cache->totalUsed()) + " / " + kib(m_cache->cacheLimit()));
}

void tst_InspectorViews::flushTimelineMarksEveryTick()
{
    const Scene scene = show(QStringLiteral("FlushTimeline"), m_monitor.get(), ViewSize);
    QVERIFY(scene.item);
    refreshed();
    const EventListModel *timeline = m_monitor->flushTimeline();
    const QList<QQuickItem *> marks = findItems(scene.item, "flushMark");
    QCOMPARE(marks.size(), timeline->rowCount());

    int ticks = 0;
    int starts = 0;
    for (QQuickItem *mark : marks) {
        const QString type = mark->property("type").toString();
        QVERIFY(mark->isVisible()); // all within the time axis
        if (type == QLatin1String("timer-start"))
            ++starts;
        if (type != QLatin1String("flush"))
            continue;
        ++ticks;
        QVERIFY(mark->property("manual").toBool());
        const int evicted = mark->property("entries").toInt();
        QVERIFY(evicted >= 1);
        QCOMPARE(textOf(mark, "tickLabel"), QString::number(evicted));
        QVERIFY(findItem(mark, "tickLabel")->isVisible());
    }
    QCOMPARE(ticks, 1);
    QVERIFY(starts >= 1);
    const QString detail = textOf(scene.item, "panelDetail");
    QVERIFY2(detail.startsWith(QStringLiteral("next tick in ")), qPrintable(detail));
}

void tst_InspectorViews::eventLogFiltersByTypeAndText()
{
    const Scene scene = show(QStringLiteral("EventLogView"), m_monitor.get(), ViewSize);
    QVERIFY(scene.item);
    refreshed();
    QQuickItem *list = findItem(scene.item, "eventList");
    const EventListModel *log = m_monitor->eventLog();
    QCOMPARE(list->property("count").toInt(), log->rowCount());
    // The newest event is in view at the bottom.
    QTRY_VERIFY(list->property("atYEnd").toBool());

    findItem(scene.item, "eventTypes")->setProperty("currentIndex", 6); // Errors
    QTRY_VERIFY(rowsAllContain(list, "eventSummary", QStringLiteral("error photos/broken.jpg: Unsupported image format"), 1));
    QCOMPARE(list->property("count").toInt(), 1);
    QCOMPARE(textOf(scene.item, "panelDetail"), QStringLiteral("1 of %1 events").arg(log->rowCount()));

    findItem(scene.item, "eventTypes")->setProperty("currentIndex", 0); // all
    findItem(scene.item, "eventFilter")->setProperty("text", QStringLiteral("sunset"));
    int sunset = 0;
    for (int row = 0; row < log->rowCount(); ++row)
        sunset += log->index(row).data(EventListModel::SummaryRole).toString().contains(QLatin1String("sunset"));
    QVERIFY(sunset >= 4); // an insert and four hits at least
    QTRY_VERIFY(rowsAllContain(list, "eventSummary", QStringLiteral("sunset"), sunset));
    QCOMPARE(list->property("count").toInt(), sunset);
}

// A Zipf-like trace on a cache of its own: the curve is drawn, the current limit marked at a quarter
// of the axis (the axis ends at 400%), the headline states the hit ratio at the limit, and hovering
// shows the value under the pointer.
void tst_InspectorViews::whatIfCurveMarksTheLimit()
{
    constexpr int LimitKb = 2000;
    constexpr int Keys = 200;
    constexpr int Requests = 2000;
    ImageCache cache(LimitKb, EvictionPolicy::Lru);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    quint32 state = 12345;
    const auto next = [&] { state = state * 1664525u + 1013904223u; return state >> 8; };
    for (int i = 0; i < Requests; ++i) {
        // Skewed: small keys far more often (a product of two uniform draws).
        const int key = int(quint64(next() % Keys) * (next() % Keys) / Keys);
        const QString name = QStringLiteral("photos/%1.jpg").arg(key);
        if (!cache.find(name, nullptr))
            QVERIFY(cache.insert(name, QImage(128, 8 + key % 40, QImage::Format_ARGB32)));
    }
    monitor.refresh();

    const QSize size(640, 300);
    const Scene scene = show(QStringLiteral("WhatIfView"), &monitor, size);
    QVERIFY(scene.item);
    auto *curve = qvariant_cast<QObject *>(scene.item->property("curve"));
    QVERIFY(curve);
    QTRY_COMPARE_WITH_TIMEOUT(curve->property("requests").toInt(), Requests, 5000);
    QTRY_VERIFY(!curve->property("busy").toBool());
    const CacheStats stats = cache.stats();
    QCOMPARE(qRound(curve->property("hitRatioAtLimit").toDouble() * Requests), int(stats.hits));
    QVERIFY2(textOf(scene.item, "whatIfHeadline").startsWith(QStringLiteral("at the limit, ")),
             qPrintable(textOf(scene.item, "whatIfHeadline")));
    QQuickItem *marker = findItem(scene.item, "currentLimitMarker");
    QVERIFY(marker && marker->isVisible());
    const QQuickItem *plot = marker->parentItem();
    QVERIFY(qAbs(marker->x() - plot->width() / 4) < 1.5);

    const QPointF over = plot->mapToScene(QPointF(plot->width() * 0.75, plot->height() / 2));
    QTest::mouseMove(scene.window.get(), over.toPoint() - QPoint(4, 0)); // enters
    QTest::mouseMove(scene.window.get(), over.toPoint());
    QTRY_VERIFY(textOf(scene.item, "whatIfHeadline").contains(QStringLiteral("this trace would hit")));

    const QImage shot = scene.window->grabWindow();
    const QString file = QDir(QStringLiteral(CACHESCOPE_SCREENSHOT_DIR)).filePath(QStringLiteral("whatif-640x300.png"));
    QVERIFY(shot.save(file));
    qInfo().noquote() << "screenshot:" << file;
}

// A working set one image larger than the cache, and one icon at two sizes: the evicted list names
// each victim's trigger, the summary calls it thrashing, the working set lists the re-missed keys
// and the duplicate source.
void tst_InspectorViews::evictedAndWorkingSetExplainEvictions()
{
    ImageCache cache(1000, EvictionPolicy::Lru);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    QVERIFY(cache.insert(QStringLiteral("icons/star.png@32x32"), QImage(32, 32, QImage::Format_ARGB32)));
    QVERIFY(cache.insert(QStringLiteral("icons/star.png@64x64"), QImage(64, 64, QImage::Format_ARGB32)));
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 4; ++i) {
            const QString key = QStringLiteral("photos/%1.jpg@256x256").arg(i);
            if (!cache.find(key, nullptr))
                QVERIFY(cache.insert(key, QImage(256, 256, QImage::Format_ARGB32))); // 256 KiB
            // The icons stay recent, so only photos go.
            QVERIFY(cache.find(QStringLiteral("icons/star.png@32x32"), nullptr));
            QVERIFY(cache.find(QStringLiteral("icons/star.png@64x64"), nullptr));
        }
        monitor.refresh();
    }
    const QSize size(640, 420);
    const Scene evicted = show(QStringLiteral("EvictedView"), &monitor, size);
    QVERIFY(evicted.item);
    refreshed();
    QVERIFY(monitor.thrash()->reMissRate() >= 0.25);
    QVERIFY2(textOf(evicted.item, "reMissSummary").contains(QStringLiteral("too small for this working set")),
             qPrintable(textOf(evicted.item, "reMissSummary")));
    const QList<QQuickItem *> triggers = visibleItems(evicted.item, "evictedTrigger");
    QVERIFY(!triggers.isEmpty());
    QVERIFY2(triggers.first()->property("text").toString().startsWith(QStringLiteral("by insert photos/")),
             qPrintable(triggers.first()->property("text").toString()));
    QVERIFY(evicted.window->grabWindow().save(QDir(QStringLiteral(CACHESCOPE_SCREENSHOT_DIR)).filePath(QStringLiteral("evicted-640x420.png"))));

    const Scene workingSet = show(QStringLiteral("WorkingSetView"), &monitor, size);
    QVERIFY(workingSet.item);
    QTRY_VERIFY(!visibleItems(workingSet.item, "reMissKey").isEmpty());
    QVERIFY(textOf(workingSet.item, "duplicatesSummary").startsWith(QStringLiteral("1 source at several sizes")));
    QVERIFY(workingSet.window->grabWindow().save(QDir(QStringLiteral(CACHESCOPE_SCREENSHOT_DIR)).filePath(QStringLiteral("workingset-640x420.png"))));
}

void tst_InspectorViews::entryDetailShowsOneEntry()
{
    const Scene scene = show(QStringLiteral("EntryDetailView"), m_monitor.get(), QSize(640, 360));
    QVERIFY(scene.item);
    refreshed();
    quint64 star = 0;
    for (const CacheEntryInfo &entry : m_monitor->snapshot().entries) {
        if (entry.key == QLatin1String("icons/star.png"))
            star = entry.entryId;
    }
    QVERIFY(star != 0);
    scene.item->setProperty("entryId", double(star));
    QCOMPARE(textOf(scene.item, "entryKey"), QStringLiteral("icons/star.png"));
    QVERIFY2(textOf(scene.item, "entryDecoded").startsWith(QStringLiteral("128×128 · ARGB32")),
             qPrintable(textOf(scene.item, "entryDecoded")));
    quint32 hits = 0;
    for (const CacheEntryInfo &entry : m_cache->entries()) {
        if (entry.entryId == star)
            hits = entry.hits;
    }
    QCOMPARE(textOf(scene.item, "entryHits"), QString::number(hits));
    QQuickItem *history = findItem(scene.item, "entryHistory");
    QVERIFY(history);
    QVERIFY(history->property("count").toInt() >= 2); // its insert and hits
    QQuickItem *preview = findItem(scene.item, "entryPreview");
    QTRY_COMPARE_WITH_TIMEOUT(preview->property("status").toInt(), ImageReady, 5000);
    QTest::qWait(200);
    QVERIFY(scene.window->grabWindow().save(QDir(QStringLiteral(CACHESCOPE_SCREENSHOT_DIR)).filePath(QStringLiteral("entry-640x360.png"))));
}

void tst_InspectorViews::entriesAreSelectedByClickAndKeys()
{
    const Scene scene = show(QStringLiteral("EntriesView"), m_monitor.get(), ViewSize);
    QVERIFY(scene.item);
    refreshed();
    QQuickItem *list = findItem(scene.item, "entryList");
    QVERIFY(list);
    QTRY_VERIFY(list->property("count").toInt() >= 3);
    const auto rowAt = [&](int index) {
        QQuickItem *row = nullptr;
        QMetaObject::invokeMethod(list, "itemAtIndex", Q_RETURN_ARG(QQuickItem *, row), Q_ARG(int, index));
        return row;
    };
    QCOMPARE(scene.item->property("selectedEntryId").toDouble(), 0.0);
    QQuickItem *second = rowAt(1);
    QVERIFY(second);
    const QPointF centre = second->mapToScene(QPointF(second->width() / 2, second->height() / 2));
    QTest::mouseClick(scene.window.get(), Qt::LeftButton, {}, centre.toPoint());
    QTRY_COMPARE(scene.item->property("selectedEntryId").toDouble(), second->property("entryId").toDouble());
    QVERIFY(list->hasActiveFocus());
    QVERIFY(second->property("selected").toBool());
    QTest::keyClick(scene.window.get(), Qt::Key_Down);
    QCOMPARE(scene.item->property("selectedEntryId").toDouble(), rowAt(2)->property("entryId").toDouble());
    QTest::keyClick(scene.window.get(), Qt::Key_Up);
    QTest::keyClick(scene.window.get(), Qt::Key_Up);
    QCOMPARE(scene.item->property("selectedEntryId").toDouble(), rowAt(0)->property("entryId").toDouble());
}

void tst_InspectorViews::clickingAFlushTickListsWhatItEvicted()
{
    const Scene scene = show(QStringLiteral("FlushTimeline"), m_monitor.get(), ViewSize);
    QVERIFY(scene.item);
    refreshed();
    QQuickItem *busyTick = nullptr;
    for (QQuickItem *mark : findItems(scene.item, "flushMark")) {
        if (mark->property("type").toString() == QLatin1String("flush") && mark->property("entries").toInt() > 0)
            busyTick = mark;
    }
    QVERIFY(busyTick); // the script's flush() evicted at least one entry
    const QPointF centre = busyTick->mapToScene(QPointF(busyTick->width() / 2, busyTick->height() - 2));
    QTest::mouseClick(scene.window.get(), Qt::LeftButton, {}, centre.toPoint());
    QObject *popup = scene.item->findChild<QObject *>(QStringLiteral("evictedByTick"));
    QVERIFY(popup);
    QTRY_VERIFY(popup->property("opened").toBool());
    const QVariantList rows = popup->property("rows").toList();
    QCOMPARE(rows.size(), busyTick->property("entries").toInt());
    QCOMPARE(rows.first().toMap().value(QStringLiteral("cause")).toString(), EntryModel::causeName(EvictionCause::FlushTimer));
    QVERIFY(scene.window->grabWindow().save(QDir(QStringLiteral(CACHESCOPE_SCREENSHOT_DIR)).filePath(QStringLiteral("flush-tick-evicted.png"))));
}

void tst_InspectorViews::controlsDriveTheCacheAndFiles()
{
    // A cache of its own: these controls clear it.
    ImageCache cache(1024);
    cache.setFlushIntervals(SoonInterval, FlushInterval);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    for (int i = 0; i < 4; ++i)
        QVERIFY(cache.insert(QStringLiteral("controls/%1").arg(i), pictureImage(128, 128, Qt::darkGreen)));
    monitor.refresh();

    const Scene scene = show(QStringLiteral("ControlsBar"), &monitor, QSize(1000, 60));
    QVERIFY(scene.item);
    QQuickItem *limit = findItem(scene.item, "limitBox");
    QCOMPARE(limit->property("value").toInt(), 1024);
    QCOMPARE(textOf(scene.item, "statusLabel"), QStringLiteral("Live"));

    // The limit, as if typed: the SpinBox reports valueModified.
    limit->setProperty("value", 2048);
    QVERIFY(QMetaObject::invokeMethod(limit, "valueModified"));
    QCOMPARE(cache.cacheLimit(), 2048);

    const auto ticks = cache.stats().flushTicks;
    QVERIFY(QMetaObject::invokeMethod(findItem(scene.item, "flushButton"), "clicked"));
    QCOMPARE(cache.stats().flushTicks, ticks + 1);

    QQuickItem *pause = findItem(scene.item, "pauseButton");
    pause->setProperty("checked", true);
    QVERIFY(QMetaObject::invokeMethod(pause, "toggled"));
    QVERIFY(monitor.isPaused());
    QCOMPARE(pause->property("text").toString(), QStringLiteral("Resume"));
    QCOMPARE(textOf(scene.item, "statusLabel"), QStringLiteral("Paused"));
    pause->setProperty("checked", false);
    QVERIFY(QMetaObject::invokeMethod(pause, "toggled"));
    QVERIFY(!monitor.isPaused());

    // Export the snapshot and the trace to a typed path, then open the snapshot and go live again.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString snapshotPath = dir.filePath(QStringLiteral("snap shot.json"));
    const QString tracePath = dir.filePath(QStringLiteral("trace.json"));
    QQuickItem *path = findItem(scene.item, "pathField");
    QQuickItem *exportButton = findItem(scene.item, "exportButton");
    QVERIFY(exportButton->isEnabled()); // nothing typed: the file dialog asks
    path->setProperty("text", snapshotPath);
    QObject *exportSnapshot = scene.item->findChild<QObject *>(QStringLiteral("exportSnapshotItem"));
    QObject *exportTrace = scene.item->findChild<QObject *>(QStringLiteral("exportTraceItem"));
    QVERIFY(exportSnapshot && exportTrace);
    QVERIFY(QMetaObject::invokeMethod(exportSnapshot, "triggered"));
    QCOMPARE(textOf(scene.item, "statusLabel"), QStringLiteral("Snapshot saved to %1").arg(snapshotPath));
    path->setProperty("text", tracePath);
    QVERIFY(QMetaObject::invokeMethod(exportTrace, "triggered"));
    for (const auto &[file, format] : {std::pair{snapshotPath, "cachescope-snapshot"}, std::pair{tracePath, "cachescope-trace"}}) {
        QFile json(file);
        QVERIFY2(json.open(QIODevice::ReadOnly), qPrintable(file));
        QCOMPARE(QJsonDocument::fromJson(json.readAll()).object().value(QLatin1String("format")).toString(),
                 QLatin1String(format));
    }

    QQuickItem *live = findItem(scene.item, "liveButton");
    QVERIFY(!live->isEnabled());
    path->setProperty("text", snapshotPath);
    QVERIFY(QMetaObject::invokeMethod(findItem(scene.item, "openButton"), "clicked"));
    QVERIFY(monitor.isOffline());
    QVERIFY(live->isEnabled());
    QVERIFY(!limit->isEnabled());
    QCOMPARE(textOf(scene.item, "statusLabel"), QStringLiteral("Showing %1").arg(snapshotPath));
    QVERIFY(QMetaObject::invokeMethod(live, "clicked"));
    QVERIFY(!monitor.isOffline());
    QCOMPARE(textOf(scene.item, "statusLabel"), QStringLiteral("Live"));

    // Nothing typed: Open and Export go through QtQuick.Dialogs' file dialog.
    QObject *chooser = scene.item->findChild<QObject *>(QStringLiteral("fileChooser"));
    QVERIFY(chooser);
    path->setProperty("text", QString());
    QVERIFY(QMetaObject::invokeMethod(findItem(scene.item, "openButton"), "clicked"));
    QTRY_VERIFY(chooser->property("visible").toBool());
    QCOMPARE(chooser->property("purpose").toString(), QStringLiteral("load"));
    // As if the user picked the file: the dialog's own accept() takes what its view selected.
    QVERIFY(chooser->setProperty("selectedFile", QUrl::fromLocalFile(tracePath)));
    QVERIFY(QMetaObject::invokeMethod(chooser, "close"));
    QVERIFY(QMetaObject::invokeMethod(chooser, "accepted"));
    QTRY_VERIFY(monitor.isOffline());
    QCOMPARE(textOf(scene.item, "statusLabel"), QStringLiteral("Showing %1").arg(tracePath));
    QCOMPARE(path->property("text").toString(), tracePath);
    QVERIFY(QMetaObject::invokeMethod(live, "clicked"));
    const QString chosenSnapshot = dir.filePath(QStringLiteral("chosen.json"));
    path->setProperty("text", QString());
    QVERIFY(QMetaObject::invokeMethod(exportSnapshot, "triggered"));
    QTRY_VERIFY(chooser->property("visible").toBool());
    QCOMPARE(chooser->property("purpose").toString(), QStringLiteral("snapshot"));
    QVERIFY(chooser->setProperty("selectedFile", QUrl::fromLocalFile(chosenSnapshot)));
    QVERIFY(QMetaObject::invokeMethod(chooser, "close"));
    QVERIFY(QMetaObject::invokeMethod(chooser, "accepted"));
    QTRY_VERIFY(QFile::exists(chosenSnapshot));
    QCOMPARE(textOf(scene.item, "statusLabel"), QStringLiteral("Snapshot saved to %1").arg(chosenSnapshot));

    // A file that cannot be read shows the monitor's error.
    path->setProperty("text", dir.filePath(QStringLiteral("missing.json")));
    QVERIFY(QMetaObject::invokeMethod(findItem(scene.item, "openButton"), "clicked"));
    QVERIFY(!monitor.isOffline());
    QVERIFY2(textOf(scene.item, "statusLabel").startsWith(QLatin1String("Cannot open")),
             qPrintable(textOf(scene.item, "statusLabel")));

    QVERIFY(QMetaObject::invokeMethod(findItem(scene.item, "clearButton"), "clicked"));
    QCOMPARE(cache.count(), 0);
}

void tst_InspectorViews::inspectorCreatesItsOwnMonitor()
{
    QQmlComponent component(m_engine.get());
    component.setData("import CacheScope.Inspector\nCacheInspector { width: 1280; height: 800 }\n", inlineUrl(QStringLiteral("Own")));
    QVERIFY2(component.isReady(), qPrintable(component.errorString()));
    std::unique_ptr<QObject> inspector(component.create());
    QVERIFY2(inspector, qPrintable(component.errorString()));
    auto *own = qvariant_cast<CacheMonitor *>(inspector->property("activeMonitor"));
    QVERIFY(own);
    QCOMPARE(own->cache(), &ImageCache::instance());

    // Given a monitor, it shows that one (and lets its own go).
    inspector->setProperty("monitor", QVariant::fromValue(m_monitor.get()));
    QCOMPARE(qvariant_cast<CacheMonitor *>(inspector->property("activeMonitor")), m_monitor.get());
}

void tst_InspectorViews::inspectorWindowShowsTheInspector()
{
    QQmlComponent component(m_engine.get());
    component.setData("import CacheScope.Inspector\nCacheInspectorWindow {}\n", inlineUrl(QStringLiteral("Window")));
    QVERIFY2(component.isReady(), qPrintable(component.errorString()));
    std::unique_ptr<QObject> object(
            component.createWithInitialProperties({{QStringLiteral("monitor"), QVariant::fromValue(m_monitor.get())}}));
    QVERIFY2(object, qPrintable(component.errorString()));
    auto *window = qobject_cast<QQuickWindow *>(object.get());
    QVERIFY(window);
    QCOMPARE(window->size(), WideSize);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QQuickItem *inspector = qvariant_cast<QQuickItem *>(window->property("inspector"));
    QVERIFY(inspector);
    QCOMPARE(qvariant_cast<CacheMonitor *>(inspector->property("activeMonitor")), m_monitor.get());
    QCOMPARE(window->title(), QStringLiteral("CacheScope Inspector"));
    QVERIFY(findItem(inspector, "wideLayout"));
}

void tst_InspectorViews::wholeInspectorScreenshots_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("tab");
    QTest::addColumn<int>("page");
    QTest::newRow("wide") << WideSize << -1 << 0;
    QTest::newRow("wide-investigate") << WideSize << -1 << 1;
    const char *tabs[] = {"overview", "entries", "costmap", "history", "flush", "log",
                          "entry", "evicted", "workingset", "whatif"};
    for (int tab = 0; tab < 10; ++tab)
        QTest::addRow("narrow-%s", tabs[tab]) << NarrowSize << tab << 0;
}

void tst_InspectorViews::wholeInspectorScreenshots()
{
    QFETCH(QSize, size);
    QFETCH(int, tab);
    QFETCH(int, page);
    const Scene scene = show(QStringLiteral("CacheInspector"), m_monitor.get(), size);
    QVERIFY(scene.item);
    const bool narrow = tab >= 0;
    if (narrow)
        scene.item->setProperty("currentTab", tab);
    scene.item->setProperty("widePage", page);
    refreshed();
    if (page == 1 || tab == 6) { // the investigate page shows a selected entry
        QQuickItem *entries = findItem(scene.item, "entriesView");
        QVERIFY(entries);
        entries->setProperty("selectedEntryId", double(m_cache->entries().constLast().entryId));
    }

    // Thumbnails loaded, animations settled.
    for (QQuickItem *image : visibleItems(scene.item, "thumbnail"))
        QTRY_COMPARE_WITH_TIMEOUT(image->property("status").toInt(), ImageReady, 5000);
    QTest::qWait(500);

    const QImage shot = scene.window->grabWindow();
    QCOMPARE(shot.size(), size * scene.window->devicePixelRatio());
    const QString name = narrow ? QStringLiteral("inspector-%1x%2-%3.png").arg(size.width()).arg(size.height())
                                          .arg(QLatin1String(QTest::currentDataTag()).mid(7))
                                : QStringLiteral("inspector-%1x%2%3.png").arg(size.width()).arg(size.height())
                                          .arg(page == 1 ? QStringLiteral("-investigate") : QString());
    const QString file = QDir(QStringLiteral(CACHESCOPE_SCREENSHOT_DIR)).filePath(name);
    QVERIFY(shot.save(file));
    qInfo().noquote() << "screenshot:" << file;

    // In the narrow tabs' order; the wide layout shows the first six on the live page, and the
    // entries with the last four on the investigate page.
    const QStringList views = {"overviewView", "entriesView", "costMapView", "historyView", "flushTimeline",
                               "eventLogView", "entryDetailView", "evictedView", "workingSetView", "whatIfView"};
    const auto shownWide = [&](qsizetype index) { return page == 0 ? index < 6 : index == 1 || index >= 6; };
    QVERIFY(findItem(scene.item, narrow ? "narrowLayout" : "wideLayout"));
    QVERIFY(visibleItems(scene.item, "controlsBar").size() == 1);
    QList<QRectF> panels;
    for (qsizetype index = 0; index < views.size(); ++index) {
        const QString &name = views.at(index);
        QQuickItem *view = findItem(scene.item, name);
        QVERIFY2(view, qPrintable(name));
        const bool shown = narrow ? index == tab : shownWide(index);
        QCOMPARE(view->isVisible(), shown);
        if (!shown)
            continue;
        const QRectF rect = view->mapRectToScene(QRectF(0, 0, view->width(), view->height()));
        QVERIFY2(rect.width() >= 200 && rect.height() >= 120,
                 qPrintable(QStringLiteral("%1: %2x%3").arg(name).arg(rect.width()).arg(rect.height())));
        QVERIFY2(QRectF(QPointF(), size).contains(rect), qPrintable(name));
        for (const QRectF &other : std::as_const(panels))
            QVERIFY2(!rect.intersects(other), qPrintable(name + " overlaps another view"));
        panels.append(rect);
    }
    QQuickItem *controls = findItem(scene.item, "controlsBar");
    const QRectF controlsRect = controls->mapRectToScene(QRectF(0, 0, controls->width(), controls->height()));
    for (const QRectF &panel : std::as_const(panels))
        QVERIFY(!controlsRect.intersects(panel));

    const ColourCensus colours = census(shot);
    QVERIFY2(colours.distinct >= 32, qPrintable(QStringLiteral("%1 colours").arg(colours.distinct)));
    QVERIFY2(colours.mostCommonShare < 0.9,
             qPrintable(QStringLiteral("%1 of the pixels share one colour").arg(colours.mostCommonShare)));
}

namespace {

// A mouse wheel turn over `item`, as a user scrolls: positive `steps` scroll up.
void wheel(QQuickItem *item, int steps)
{
    static constexpr int DegreesPerStep = 120;
    const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
    const QPointF global = item->window()->mapToGlobal(centre.toPoint());
    QWheelEvent event(centre, global, QPoint(), QPoint(0, steps * DegreesPerStep), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(item->window(), &event);
}

// The summary of a ListView's last delegate (row count-1), or "" while it has none.
QString lastSummary(QQuickItem *list)
{
    QQuickItem *row = nullptr;
    QMetaObject::invokeMethod(list, "itemAtIndex", Q_RETURN_ARG(QQuickItem *, row),
                              Q_ARG(int, list->property("count").toInt() - 1));
    return row ? textOf(row, "eventSummary") : QString();
}

// The key of the entry row at the top of a list's viewport.
QString topRowKey(QQuickItem *list)
{
    int index = -1;
    QMetaObject::invokeMethod(list, "indexAt", Q_RETURN_ARG(int, index), Q_ARG(qreal, 1.0),
                              Q_ARG(qreal, list->property("contentY").toDouble() + 1.0));
    QQuickItem *row = nullptr;
    QMetaObject::invokeMethod(list, "itemAtIndex", Q_RETURN_ARG(QQuickItem *, row), Q_ARG(int, index));
    return row ? textOf(row, "entryKey") : QStringLiteral("<no row %1>").arg(index);
}

// Whether a flickable shows the end of its content: atYEnd, or no room to scroll at all.
bool atEnd(QQuickItem *list)
{
    return list->property("atYEnd").toBool();
}

} // namespace

// The entry list on a real-sized cache: under LRU each hit moves a row, and the view's model must
// deliver that as moves, not as layout changes (which rebuild every delegate and lose the place).
void tst_InspectorViews::entryListKeepsItsPlaceThroughHits()
{
    static constexpr int EntryCount = 10'000;
    static constexpr int Hits = 1000;
    static constexpr int Stride = 7; // coprime with EntryCount
    static constexpr int ScrolledRows = 4000;
    static constexpr int HitsPerRefresh = 100; // live, at 10 Hz: a refresh every 100 hits
    ImageCache cache(EntryCount, EvictionPolicy::Lru);
    cache.setFlushIntervals(SoonInterval, FlushInterval);
    const QImage tile = pictureImage(16, 16, Qt::darkCyan); // 1 KiB
    for (int i = 0; i < EntryCount; ++i)
        QVERIFY(cache.insert(QStringLiteral("grid/%1.png").arg(i), tile));
    CacheMonitor monitor;
    monitor.setCache(&cache);
    const Scene scene = show(QStringLiteral("EntriesView"), &monitor, ViewSize);
    QVERIFY(scene.item);
    QQuickItem *list = findItem(scene.item, "entryList");
    QTRY_COMPARE(list->property("count").toInt(), EntryCount);
    auto *model = qvariant_cast<QAbstractItemModel *>(list->property("model"));
    QVERIFY(model);

    const double rowHeight = listRows(list).value(0)->height();
    list->setProperty("contentY", ScrolledRows * rowHeight);
    QTRY_VERIFY(!listRows(list).isEmpty());
    QCoreApplication::processEvents();
    const double contentY = list->property("contentY").toDouble();
    QVERIFY(contentY > 0);

    QSignalSpy resets(model, &QAbstractItemModel::modelReset);
    QSignalSpy layouts(model, &QAbstractItemModel::layoutChanged);
    QImage out;
    for (int i = 0; i < Hits; ++i) {
        QVERIFY(cache.find(QStringLiteral("grid/%1.png").arg((i * Stride) % EntryCount), &out));
        if (i % HitsPerRefresh == HitsPerRefresh - 1) {
            monitor.refresh();
            QCoreApplication::processEvents();
        }
    }
    QTest::qWait(100); // the view polishes
    QCOMPARE(resets.count(), 0);
    QCOMPARE(layouts.count(), 0);
    QCOMPARE(list->property("count").toInt(), EntryCount);
    QCOMPARE(list->property("contentY").toDouble(), contentY);
}

// Full at EventLogCapacity, the log still follows new events; a user scrolling up stops it, and
// "jump to latest" resumes.
void tst_InspectorViews::eventLogFollowsUntilTheUserScrollsUp()
{
    ImageCache cache(1024);
    cache.setFlushIntervals(SoonInterval, FlushInterval);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    QImage out;
    int misses = 0;
    auto miss = [&](int count) {
        for (int i = 0; i < count; ++i)
            cache.find(QStringLiteral("absent/%1").arg(misses++), &out);
        monitor.refresh();
    };
    const Scene scene = show(QStringLiteral("EventLogView"), &monitor, ViewSize);
    QVERIFY(scene.item);
    QQuickItem *list = findItem(scene.item, "eventList");
    miss(CacheMonitor::EventLogCapacity + 100);
    QCOMPARE(monitor.eventLog()->rowCount(), CacheMonitor::EventLogCapacity);
    QTRY_VERIFY(atEnd(list));

    // Full: every refresh drops as many rows as it adds, and the newest must still be in view.
    for (int round = 0; round < 3; ++round) {
        miss(20);
        const QString newest = QStringLiteral("miss absent/%1").arg(misses - 1);
        QTRY_COMPARE(lastSummary(list), newest);
        QTRY_VERIFY(atEnd(list));
    }
    QQuickItem *jump = findItem(scene.item, "jumpToLatest");
    QVERIFY(jump);
    QVERIFY(!jump->isVisible());

    // The user scrolls up to read: new events no longer move the view.
    wheel(list, 5);
    QTRY_VERIFY(!atEnd(list));
    QTRY_VERIFY(!list->property("moving").toBool());
    QVERIFY(!list->property("following").toBool());
    QTRY_VERIFY(jump->isVisible());
    miss(20);
    QTest::qWait(100);
    QVERIFY(!atEnd(list));
    QVERIFY(!list->property("following").toBool());

    // Jump to latest: at the end again, and following.
    QVERIFY(QMetaObject::invokeMethod(jump, "clicked"));
    QTRY_VERIFY(atEnd(list));
    QVERIFY(list->property("following").toBool());
    QTRY_VERIFY(!jump->isVisible());
    miss(20);
    QTRY_COMPARE(lastSummary(list), QStringLiteral("miss absent/%1").arg(misses - 1));
    QTRY_VERIFY(atEnd(list));
}

void tst_InspectorViews::flushTimelineStaysWhereTheUserReads()
{
    static constexpr int Ticks = 80; // many more rows than the list shows
    ImageCache cache(1024);
    cache.setFlushIntervals(SoonInterval, FlushInterval);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    for (int i = 0; i < Ticks; ++i)
        cache.flush();
    monitor.refresh();
    const Scene scene = show(QStringLiteral("FlushTimeline"), &monitor, ViewSize);
    QVERIFY(scene.item);
    QQuickItem *list = findItem(scene.item, "tickList");
    QVERIFY(list && list->isVisible());
    QTRY_VERIFY(atEnd(list));

    wheel(list, 3);
    QTRY_VERIFY(!atEnd(list));
    QTRY_VERIFY(!list->property("moving").toBool());
    const double contentY = list->property("contentY").toDouble();
    cache.flush();
    monitor.refresh();
    QTest::qWait(100);
    QCOMPARE(list->property("contentY").toDouble(), contentY); // no snap to the end
    QVERIFY(!atEnd(list));

    QQuickItem *jump = findItem(scene.item, "jumpToLatest");
    QVERIFY(jump && jump->isVisible());
    QVERIFY(QMetaObject::invokeMethod(jump, "clicked"));
    QTRY_VERIFY(atEnd(list));
    cache.flush();
    monitor.refresh();
    QTRY_VERIFY(atEnd(list));
}

void tst_InspectorViews::offlineEveryPanelShowsTheFile_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QSize>("size");
    QTest::newRow("snapshot-wide") << QStringLiteral("snapshot") << WideSize;
    QTest::newRow("trace-wide") << QStringLiteral("trace") << WideSize;
    QTest::newRow("trace-narrow") << QStringLiteral("trace") << NarrowSize;
}

// A loaded file replaces the live cache in every panel, and every panel says where its data
// comes from.
void tst_InspectorViews::offlineEveryPanelShowsTheFile()
{
    QFETCH(QString, kind);
    QFETCH(QSize, size);
    refreshed();
    QTemporaryDir dir;
    const QString name = kind + QStringLiteral(".json");
    const QUrl file = QUrl::fromLocalFile(dir.filePath(name));
    QVERIFY(kind == QLatin1String("trace") ? m_monitor->exportTrace(file) : m_monitor->exportSnapshot(file));

    // A monitor that watched another cache first: none of that may stay on screen.
    ImageCache other(1024);
    other.setFlushIntervals(SoonInterval, FlushInterval);
    for (int i = 0; i < 3; ++i)
        QVERIFY(other.insert(QStringLiteral("other/%1").arg(i), pictureImage(64, 64, Qt::darkRed)));
    QImage out;
    QVERIFY(other.find(QStringLiteral("other/0"), &out));
    CacheMonitor monitor;
    monitor.setCache(&other);
    monitor.refresh();
    QVERIFY2(monitor.load(file), qPrintable(monitor.lastError()));

    const Scene scene = show(QStringLiteral("CacheInspector"), &monitor, size);
    QVERIFY(scene.item);
    // In the narrow tabs' order; the wide layout shows the first six on the live page, and the
    // entries with the last four on the investigate page.
    const QStringList views = {"overviewView", "entriesView", "costMapView", "historyView", "flushTimeline",
                               "eventLogView", "entryDetailView", "evictedView", "workingSetView", "whatIfView"};
    const bool narrow = size.width() < WideSize.width() / 2;
    for (int tab = 0; tab < views.size(); ++tab) {
        if (narrow)
            scene.item->setProperty("currentTab", tab);
        else
            scene.item->setProperty("widePage", tab < 6 ? 0 : 1);
        QQuickItem *view = findItem(scene.item, views.at(tab));
        QVERIFY2(view, qPrintable(views.at(tab)));
        QTRY_VERIFY(view->isVisible());
        const QList<QQuickItem *> notes = visibleItems(view, "panelSource");
        QVERIFY2(notes.size() == 1, qPrintable(views.at(tab)));
        QVERIFY2(notes.first()->property("text").toString().contains(name),
                 qPrintable(views.at(tab) + ": " + notes.first()->property("text").toString()));
        // Nothing of the other cache.
        for (QQuickItem *key : visibleItems(view, "entryKey"))
            QVERIFY2(!key->property("text").toString().startsWith(QLatin1String("other/")), qPrintable(views.at(tab)));
        for (QQuickItem *row : visibleItems(view, "eventSummary"))
            QVERIFY2(!row->property("text").toString().contains(QLatin1String("other/")), qPrintable(views.at(tab)));
    }
    if (kind == QLatin1String("trace")) {
        QCOMPARE(monitor.entries()->rowCount(), 0);
        QCOMPARE(monitor.hits(), double(m_cache->stats().hits)); // counted from the trace
    } else {
        QCOMPARE(monitor.eventLog()->rowCount(), 0);
        QCOMPARE(monitor.count(), m_cache->count());
    }

    if (!narrow || kind == QLatin1String("trace")) {
        QTest::qWait(300);
        const QString shot = QDir(QStringLiteral(CACHESCOPE_SCREENSHOT_DIR))
                                     .filePath(QStringLiteral("inspector-offline-%1.png").arg(QLatin1String(QTest::currentDataTag())));
        QVERIFY(scene.window->grabWindow().save(shot));
        qInfo().noquote() << "screenshot:" << shot;
    }
}

// Crossing the narrow width rearranges the views; it must not recreate them: filter, sort, order
// and scroll position stay as the user left them.
void tst_InspectorViews::viewsKeepTheirStateAcrossLayouts()
{
    ImageCache cache(1024 * 1024);
    cache.setFlushIntervals(SoonInterval, FlushInterval);
    const QImage tile = pictureImage(16, 16, Qt::darkCyan);
    for (int i = 0; i < 300; ++i)
        QVERIFY(cache.insert(QStringLiteral("%1/%2.png").arg(i % 2 ? "odd" : "even").arg(i), tile));
    CacheMonitor monitor;
    monitor.setCache(&cache);
    const Scene scene = show(QStringLiteral("CacheInspector"), &monitor, WideSize);
    QVERIFY(scene.item);
    QVERIFY(findItem(scene.item, "wideLayout"));

    QQuickItem *entries = findItem(scene.item, "entriesView");
    findItem(entries, "entryFilter")->setProperty("text", QStringLiteral("odd/"));
    findItem(entries, "entrySort")->setProperty("currentIndex", 3); // Key
    findItem(entries, "entryOrder")->setProperty("checked", true);
    QQuickItem *list = findItem(entries, "entryList");
    QTRY_COMPARE(list->property("count").toInt(), 150);
    QTRY_VERIFY(!listRows(list).isEmpty());
    list->setProperty("contentY", 40 * listRows(list).first()->height());
    QQuickItem *log = findItem(scene.item, "eventLogView");
    findItem(log, "eventFilter")->setProperty("text", QStringLiteral("insert"));
    findItem(log, "eventTypes")->setProperty("currentIndex", 2); // Inserts
    QCoreApplication::processEvents();
    const double contentY = list->property("contentY").toDouble();
    QVERIFY(contentY > 0);
    const QString topKey = topRowKey(list);
    QVERIFY(topKey.startsWith(QLatin1String("odd/")));

    for (const QSize size : {NarrowSize, WideSize, NarrowSize}) {
        scene.window->resize(size);
        scene.item->setSize(size);
        const bool narrow = size == NarrowSize;
        QTRY_VERIFY(findItem(scene.item, narrow ? "narrowLayout" : "wideLayout"));
        if (narrow)
            scene.item->setProperty("currentTab", 1); // Entries
        QQuickItem *entriesNow = findItem(scene.item, "entriesView");
        QTRY_VERIFY(entriesNow->isVisible());
        QCOMPARE(findItem(entriesNow, "entryFilter")->property("text").toString(), QStringLiteral("odd/"));
        QCOMPARE(findItem(entriesNow, "entrySort")->property("currentIndex").toInt(), 3);
        QVERIFY(findItem(entriesNow, "entryOrder")->property("checked").toBool());
        QQuickItem *listNow = findItem(entriesNow, "entryList");
        QTRY_COMPARE(listNow->property("count").toInt(), 150);
        QTRY_COMPARE(listNow->property("contentY").toDouble(), contentY);
        QCOMPARE(topRowKey(listNow), topKey);
        QQuickItem *logNow = findItem(scene.item, "eventLogView");
        QCOMPARE(findItem(logNow, "eventFilter")->property("text").toString(), QStringLiteral("insert"));
        QCOMPARE(findItem(logNow, "eventTypes")->property("currentIndex").toInt(), 2);
    }
}

void tst_InspectorViews::largeCacheScreenshots_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("tab");
    QTest::newRow("wide") << WideSize << -1;
    QTest::newRow("narrow-entries") << NarrowSize << 1;
    QTest::newRow("narrow-costmap") << NarrowSize << 2;
    QTest::newRow("narrow-log") << NarrowSize << 5;
}

// The whole inspector on a cache of 10,000 entries of mixed sizes, the event log scrolled up by
// the user: the cost map gathers what is too small to see, the log offers to jump to the latest.
void tst_InspectorViews::largeCacheScreenshots()
{
    QFETCH(QSize, size);
    QFETCH(int, tab);
    static constexpr int EntryCount = 10'000;
    static constexpr int LimitKb = 64 * 1024;
    ImageCache cache(LimitKb, EvictionPolicy::Lru);
    cache.setFlushIntervals(SoonInterval, FlushInterval);
    const Picture &large = Pictures[0];
    const QImage big = pictureImage(large.width, large.height, large.colour);
    const QImage small = pictureImage(32, 32, QColor(0x4a, 0x9a, 0xd0)); // 4 KiB
    for (int i = 0; i < 12; ++i)
        QVERIFY(cache.insert(QStringLiteral("large/%1.jpg").arg(i), big));
    for (int i = 0; i < EntryCount - 12; ++i)
        QVERIFY(cache.insert(QStringLiteral("tiles/%1.png").arg(i), small));
    CacheMonitor monitor;
    monitor.setCache(&cache);
    const Scene scene = show(QStringLiteral("CacheInspector"), &monitor, size);
    QVERIFY(scene.item);
    if (tab >= 0)
        scene.item->setProperty("currentTab", tab);
    QImage out;
    for (int i = 0; i < 300; ++i)
        cache.find(QStringLiteral("tiles/%1.png").arg(i * 31 % EntryCount), &out);
    monitor.refresh();
    QQuickItem *log = findItem(findItem(scene.item, "eventLogView"), "eventList");
    if (log->isVisible()) {
        QTRY_VERIFY(log->property("contentHeight").toDouble() > log->height()); // laid out
        QTRY_VERIFY(atEnd(log));
        wheel(log, 4);
        QTRY_VERIFY(!log->property("following").toBool());
        QTRY_VERIFY(!log->property("moving").toBool());
    }
    QTest::qWait(500);
    const QString name = QStringLiteral("inspector-large-%1.png").arg(QLatin1String(QTest::currentDataTag()));
    const QString file = QDir(QStringLiteral(CACHESCOPE_SCREENSHOT_DIR)).filePath(name);
    QVERIFY(scene.window->grabWindow().save(file));
    qInfo().noquote() << "screenshot:" << file;
    if (tab < 0 || tab == 2) {
        QQuickItem *map = findItem(scene.item, "costMap");
        QVERIFY(!findItems(map, "costTile").isEmpty());
        QVERIFY(findItems(map, "costTile").size() < 100); // not one per entry
    }
}

namespace {

// A press, a drag by dx in small steps (as a hand moves) and a release, over `item`'s centre.
void drag(QQuickWindow *window, QQuickItem *item, int dx)
{
    const QPoint start = item->mapToScene(QPointF(item->width() / 2, item->height() / 2)).toPoint();
    QTest::mousePress(window, Qt::LeftButton, {}, start);
    static constexpr int Steps = 10;
    for (int step = 1; step <= Steps; ++step)
        QTest::mouseMove(window, start + QPoint(dx * step / Steps, 0));
    QTest::mouseRelease(window, Qt::LeftButton, {}, start + QPoint(dx, 0));
}

// Moves the pointer to `to` as a hand would: from beside it, so the scene sees it enter and move.
void hover(QQuickWindow *window, QPoint to)
{
    QTest::mouseMove(window, to - QPoint(3, 3));
    QTest::mouseMove(window, to);
}

// The point of `plotArea` (a LinkedPlot's timeWindowArea) at `fraction` of its width.
QPoint pointIn(QQuickItem *plotArea, double fraction)
{
    return plotArea->mapToScene(QPointF(plotArea->width() * fraction, plotArea->height() / 3)).toPoint();
}

const QRegularExpression ClockTime(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d$"));

} // namespace

// History, flush timeline and event strip show one window: zooming or panning any of them moves
// all, panning into the past stops following the present (every plot then offers "Latest"), the
// pointer's time shows in all with its clock time, and a click scrolls the event log there.
void tst_InspectorViews::linkedTimelineSharesOneWindow()
{
    refreshed();
    TimeWindow *window = m_monitor->timeWindow();
    window->reset();
    const Scene scene = show(QStringLiteral("CacheInspector"), m_monitor.get(), WideSize);
    QVERIFY(scene.item);
    QQuickItem *used = findItem(findItem(scene.item, "usedChart"), "timeWindowArea");
    QQuickItem *hitRate = findItem(findItem(scene.item, "hitRateChart"), "timeWindowArea");
    QQuickItem *track = findItem(scene.item, "flushTrack");
    QQuickItem *strip = findItem(scene.item, "eventStrip");
    QVERIFY(used && hitRate && track && strip);
    QVERIFY(window->isFollowing());
    QVERIFY(visibleItems(scene.item, "followLatest").isEmpty());

    // The wheel over the used chart zooms every view (following: the right edge stays at now).
    const double span = window->spanMs();
    wheel(used, 12); // a couple of seconds: less than the script covers, so there is room to pan
    QTRY_VERIFY(window->spanMs() < span);
    QCOMPARE(window->spanMs(), std::max(TimeWindow::MinSpanMs, span / std::pow(TimeWindow::ZoomStep, 12)));
    QVERIFY(window->isFollowing());
    QQuickItem *tick = nullptr;
    for (QQuickItem *mark : findItems(track, "flushMark")) {
        if (mark->property("type").toString() == QLatin1String("flush"))
            tick = mark;
    }
    QVERIFY(tick);
    const auto markAt = [&] {
        return window->xOf(tick->property("timeMs").toDouble(), tick->parentItem()->width()) - tick->width() / 2;
    };
    QTRY_COMPARE(tick->x(), markAt());

    // A drag to the right on the flush timeline looks into the past: all views stop following.
    const double end = window->endMs();
    drag(scene.window.get(), track, 100);
    QTRY_VERIFY(!window->isFollowing());
    QVERIFY2(window->endMs() < end, qPrintable(QString::number(window->endMs() - end)));
    QTRY_COMPARE(tick->x(), markAt());
    QCOMPARE(visibleItems(scene.item, "followLatest").size(), 4); // hit rate, used, flush, events
    QObject *popup = scene.item->findChild<QObject *>(QStringLiteral("evictedByTick"));
    QVERIFY(popup && !popup->property("opened").toBool()); // a drag is not a click on a tick
    // ...and stays there while the present moves on.
    const double heldEnd = window->endMs();
    QTest::qWait(300);
    refreshed();
    QCOMPARE(window->endMs(), heldEnd);

    // The pointer over the hit rate chart: its time, with the clock, in every linked view.
    hover(scene.window.get(), pointIn(hitRate, 0.5));
    QTRY_VERIFY(window->isHovering());
    QVERIFY(std::abs(window->hoverMs() - (window->startMs() + window->spanMs() / 2)) < window->spanMs() / 50);
    for (QQuickItem *view : {track, strip, findItem(scene.item, "usedChart")}) {
        QQuickItem *cursor = findItem(view, "timeCursor");
        QVERIFY(cursor && cursor->isVisible());
        const QString clock = textOf(cursor, "cursorClock");
        QVERIFY2(ClockTime.match(clock).hasMatch(), qPrintable(clock));
        QCOMPARE(clock, window->clockText(window->hoverMs()));
    }

    // "Latest" follows the present again, in every view.
    QVERIFY(QMetaObject::invokeMethod(findItem(track, "followLatest"), "clicked"));
    QVERIFY(window->isFollowing());
    QCOMPARE(window->endMs(), m_monitor->now());
    QTRY_VERIFY(visibleItems(scene.item, "followLatest").isEmpty());

    // A click on a chart scrolls the event log to the first event at that moment, and frames it.
    window->reset();
    const QList<CacheEvent> &events = m_monitor->eventLog()->events();
    QVERIFY(events.size() > 2);
    const double middleMs = double(EntryModel::toMs(events.at(events.size() / 2).time));
    const QPoint at = used->mapToScene(QPointF(std::floor(window->xOf(middleMs, used->width())), used->height() / 3)).toPoint();
    const double clickedMs = window->timeAt(used->mapFromScene(at).x(), used->width());
    QTest::mouseClick(scene.window.get(), Qt::LeftButton, {}, at);
    QQuickItem *log = findItem(scene.item, "eventLogView");
    QQuickItem *list = findItem(log, "eventList");
    const auto first = std::find_if(events.begin(), events.end(), [&](const CacheEvent &event) {
        return double(EntryModel::toMs(event.time)) >= clickedMs;
    });
    QVERIFY(first != events.end());
    QTRY_COMPARE(log->property("pointedSequence").toDouble(), double(first->sequence));
    QVERIFY(!list->property("following").toBool());
    const int row = int(first - events.begin());
    QQuickItem *pointed = nullptr;
    QTRY_VERIFY(QMetaObject::invokeMethod(list, "itemAtIndex", Q_RETURN_ARG(QQuickItem *, pointed), Q_ARG(int, row)) && pointed);
    const double contentY = list->property("contentY").toDouble();
    QVERIFY(pointed->y() >= contentY && pointed->y() + pointed->height() <= contentY + list->height());
    QVERIFY(pointed->property("pointedAt").toBool());

    // The clicked plot has the keys: - zooms out, Left pans back, End follows, 0 resets.
    QVERIFY(used->parentItem()->hasActiveFocus() || findItem(findItem(scene.item, "usedChart"), "linkedPlot")->hasActiveFocus());
    const double autoSpan = window->spanMs();
    QTest::keyClick(scene.window.get(), Qt::Key_Plus);
    QCOMPARE(window->spanMs(), autoSpan / TimeWindow::ZoomStep);
    QTest::keyClick(scene.window.get(), Qt::Key_Minus);
    QCOMPARE(window->spanMs(), autoSpan);
    for (int i = 0; i < 12; ++i) // shorter than the script's events cover: room to pan
        QTest::keyClick(scene.window.get(), Qt::Key_Plus);
    QTest::keyClick(scene.window.get(), Qt::Key_Left);
    QVERIFY(!window->isFollowing());
    QTest::keyClick(scene.window.get(), Qt::Key_End);
    QVERIFY(window->isFollowing());
    QVERIFY(!window->isAutoSpan());
    QTest::keyClick(scene.window.get(), Qt::Key_0);
    QVERIFY(window->isAutoSpan());
    window->reset();
}

// Offline: the window covers the trace's own events, and clock times are its capturedAt's.
void tst_InspectorViews::linkedTimelineOnALoadedTrace()
{
    refreshed();
    QTemporaryDir dir;
    const QUrl file = QUrl::fromLocalFile(dir.filePath(QStringLiteral("trace.json")));
    QVERIFY(m_monitor->exportTrace(file));
    CacheMonitor monitor;
    QVERIFY2(monitor.load(file), qPrintable(monitor.lastError()));
    const QDateTime capturedAt = QDateTime::fromString(
            QJsonDocument::fromJson([&] { QFile f(file.toLocalFile()); f.open(QIODevice::ReadOnly); return f.readAll(); }())
                    .object().value(QLatin1String("capturedAt")).toString(), Qt::ISODateWithMs);
    QVERIFY(capturedAt.isValid());
    TimeWindow *window = monitor.timeWindow();
    QCOMPARE(window->now() + window->wallClockOffsetMs(), double(capturedAt.toMSecsSinceEpoch()));

    const Scene scene = show(QStringLiteral("FlushTimeline"), &monitor, ViewSize);
    QVERIFY(scene.item);
    const QList<QQuickItem *> marks = findItems(scene.item, "flushMark");
    QVERIFY(!marks.isEmpty());
    for (QQuickItem *mark : marks)
        QVERIFY(mark->isVisible()); // the default window covers the file
    // Hovering a mark finds it (one pointer area for all marks) and shows the file's clock.
    // (The script's flush tick: the oldest mark may sit on the left edge.)
    QQuickItem *mark = *std::find_if(marks.begin(), marks.end(), [](QQuickItem *m) { return m->property("type").toString() == QLatin1String("flush"); });
    hover(scene.window.get(), mark->mapToScene(QPointF(mark->width() / 2, mark->height() - 2)).toPoint());
    QTRY_VERIFY(scene.item->property("hoveredRow").toInt() >= 0);
    const double hoveredMs = monitor.flushTimeline()->data(monitor.flushTimeline()->index(scene.item->property("hoveredRow").toInt()),
                                                             EventListModel::TimeMsRole).toDouble();
    QVERIFY(std::abs(hoveredMs - mark->property("timeMs").toDouble()) <= window->spanMs() / 20);
    const QString clock = textOf(findItem(scene.item, "timeCursor"), "cursorClock");
    QVERIFY2(ClockTime.match(clock).hasMatch(), qPrintable(clock));
    const double markMs = mark->property("timeMs").toDouble();
    QCOMPARE(window->clockText(markMs),
             capturedAt.addMSecs(qint64(std::llround(markMs - window->now()))).toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")));
}

void tst_InspectorViews::linkedTimelineScreenshots_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("tab");
    QTest::newRow("wide") << WideSize << -1;
    QTest::newRow("narrow-history") << NarrowSize << 3;
    QTest::newRow("narrow-flush") << NarrowSize << 4;
    QTest::newRow("narrow-log") << NarrowSize << 5;
}

// The linked timeline zoomed in and panned back, the pointer over the history: the cursor and
// its clock time in every linked view, "Latest" offered.
void tst_InspectorViews::linkedTimelineScreenshots()
{
    QFETCH(QSize, size);
    QFETCH(int, tab);
    refreshed();
    TimeWindow *window = m_monitor->timeWindow();
    window->reset();
    const Scene scene = show(QStringLiteral("CacheInspector"), m_monitor.get(), size);
    QVERIFY(scene.item);
    if (tab >= 0)
        scene.item->setProperty("currentTab", tab);
    refreshed();
    // The script's first seconds, zoomed in from the oldest datum.
    const double covered = window->now() - window->earliestMs();
    window->zoom(window->spanMs() / std::min(12'000.0, covered * 0.8), window->endMs());
    window->showEarliest();
    QVERIFY(!window->isFollowing());
    const QString views[] = {QStringLiteral("usedChart"), QStringLiteral("flushTrack"), QStringLiteral("eventStrip")};
    for (const QString &name : views) {
        QQuickItem *view = findItem(scene.item, name);
        if (view && view->isVisible()) {
            QQuickItem *area = name == QLatin1String("usedChart") ? findItem(view, "timeWindowArea") : view;
            hover(scene.window.get(), pointIn(area, 0.55));
            break;
        }
    }
    QTRY_VERIFY(window->isHovering());
    QTest::qWait(300);
    const QString name = QStringLiteral("inspector-timeline-%1.png").arg(QLatin1String(QTest::currentDataTag()));
    const QString file = QDir(QStringLiteral(CACHESCOPE_SCREENSHOT_DIR)).filePath(name);
    QVERIFY(scene.window->grabWindow().save(file));
    qInfo().noquote() << "screenshot:" << file;
    window->setHoverMs(std::numeric_limits<double>::quiet_NaN());
    window->reset();
}

// What a refresh changes is rebound into the delegates that show it, not shown by new ones: the
// time axes' and value axes' ticks stay the same items while the present moves on and the limit
// changes, and a list on the hidden page makes no rows for evictions until it is shown.
void tst_InspectorViews::refreshesKeepDelegatesAndHiddenListsIdle()
{
    ImageCache cache(64, EvictionPolicy::Lru);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    const Scene scene = show(QStringLiteral("CacheInspector"), &monitor, WideSize);
    QVERIFY(scene.item);
    QCOMPARE(scene.item->property("widePage").toInt(), 0);
    const auto ticks = [&] {
        QList<QQuickItem *> items = findItems(scene.item, "axisTick");
        items.append(findItems(scene.item, "valueTick"));
        return QSet<QQuickItem *>(items.cbegin(), items.cend());
    };
    QQuickItem *evictedList = findItem(scene.item, "evictedList");
    QVERIFY(evictedList);
    const auto churn = [&](int round) {
        for (int i = 0; i < 8; ++i) { // 16 KiB each: the limit keeps four, the rest is evicted
            const QString key = QStringLiteral("churn/%1/%2").arg(round).arg(i);
            QVERIFY(cache.insert(key, QImage(64, 64, QImage::Format_ARGB32)));
            QVERIFY(cache.find(key, nullptr));
        }
    };
    // Once the first data are in and the layout has settled (the axes' widths set how many
    // ticks fit, and a loaded machine may take a while), the ticks stay: wait until one refresh
    // leaves them as they were, then watch five more.
    churn(0);
    QSet<QQuickItem *> before;
    const auto settled = [&] {
        monitor.refresh();
        QCoreApplication::processEvents();
        const QSet<QQuickItem *> previous = std::exchange(before, ticks());
        return !previous.isEmpty() && previous == before;
    };
    // Under ASan on a loaded 2-core machine a refresh of the whole inspector takes long enough
    // that QTRY's default 5 s was found to be just too short.
    constexpr int SettleTimeoutMs = 20'000;
    QTRY_VERIFY_WITH_TIMEOUT(settled(), SettleTimeoutMs);
    QVERIFY(before.size() >= 8); // four linked time axes and two value axes
    const QList<QPointer<QQuickItem>> watched(before.cbegin(), before.cend());
    for (int round = 1; round <= 5; ++round) {
        churn(round);
        if (round == 3)
            cache.setCacheLimit(96); // the used chart's value ticks follow the limit
        QTest::qWait(60); // the present moves on
        monitor.refresh();
        QCoreApplication::processEvents();
    }
    QVERIFY(std::all_of(watched.cbegin(), watched.cend(), [](const QPointer<QQuickItem> &tick) { return !tick.isNull(); }));
    QCOMPARE(ticks(), before);
    QVERIFY(monitor.evicted()->rowCount() > 0);
    QCOMPARE(evictedList->property("count").toInt(), 0); // hidden: no rows made

    scene.item->setProperty("widePage", 1);
    QTRY_COMPARE(evictedList->property("count").toInt(), monitor.evicted()->rowCount());
    QTRY_VERIFY(!visibleItems(evictedList, "evictedTrigger").isEmpty());
}

QTEST_MAIN(tst_InspectorViews)
#include "tst_inspectorviews.moc"

