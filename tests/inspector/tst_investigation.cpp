// Copyright (C) 2026 The CacheScope authors.
// The inspector's investigation models, fed by a real cache's events: the eviction post-mortem
// (cause, trigger, rank, idle time), the thrash detector (re-misses) and duplicate sources.
#include <cachemonitor.h>
#include <duplicatesourcemodel.h>
#include <entrydetail.h>
#include <entrymodel.h>
#include <evictedmodel.h>
#include <thrashdetector.h>

#include <CacheScope/imagecache.h>

#include <QtTest/qabstractitemmodeltester.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <mutex>
#include <thread>

using namespace CacheScope;

namespace {

constexpr int RowPixels = 256; // one Format_ARGB32 row is 1 KiB

QImage imageOfCost(int kb)
{
    return QImage(RowPixels, kb, QImage::Format_ARGB32);
}

// Collects a cache's events, as the inspector's queue does, for one take() at a time.
class Collector : public CacheObserver
{
public:
    explicit Collector(ImageCache &cache) : m_cache(cache) { cache.addObserver(this); }
    ~Collector() override { m_cache.removeObserver(this); }
    void cacheEvents(Events events) override
    {
        std::scoped_lock lock(m_mutex);
        m_events.insert(m_events.end(), events.begin(), events.end());
    }
    std::vector<CacheEvent> take()
    {
        std::scoped_lock lock(m_mutex);
        return std::exchange(m_events, {});
    }

private:
    ImageCache &m_cache;
    std::mutex m_mutex;
    std::vector<CacheEvent> m_events;
};

QVariant cell(const QAbstractItemModel &model, int row, int role)
{
    return model.index(row, 0).data(role);
}

} // namespace

class tst_Investigation : public QObject
{
    Q_OBJECT

private slots:
    void evictionsKnowWhatPushedThemOut();
    void evictedListIsBounded();
    void reMissesAreCountedPerKey();
    void reMissesOnlyWithinTheWindow();
    void duplicateSourcesGroupTheSizes();
    void sourceOfReadsTheProvidersKeys();
    void entryDetailFollowsOneEntryToItsEnd();
};

void tst_Investigation::evictionsKnowWhatPushedThemOut()
{
    ImageCache cache(30, EvictionPolicy::Lru);
    Collector events(cache);
    EvictedModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const char *key : {"a", "b", "c"})
        QVERIFY(cache.insert(QLatin1String(key), imageOfCost(10)));
    QVERIFY(cache.find(QStringLiteral("a"), nullptr));
    QVERIFY(cache.find(QStringLiteral("b"), nullptr));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    QVERIFY(cache.insert(QStringLiteral("d"), imageOfCost(20))); // needs room: c, then a go
    model.record(events.take(), cache.entries());
    QCOMPARE(model.rowCount(), 2);
    // Newest first: a went after c.
    QCOMPARE(cell(model, 0, EvictedModel::KeyRole).toString(), QStringLiteral("a"));
    QCOMPARE(cell(model, 1, EvictedModel::KeyRole).toString(), QStringLiteral("c"));
    for (int row = 0; row < 2; ++row) {
        QCOMPARE(cell(model, row, EvictedModel::CauseRole).toString(), EntryModel::causeName(EvictionCause::CostLimit));
        QCOMPARE(cell(model, row, EvictedModel::TriggerRole).toString(), QStringLiteral("insert d (20 KiB)"));
        QCOMPARE(cell(model, row, EvictedModel::TriggerKeyRole).toString(), QStringLiteral("d"));
        QCOMPARE(cell(model, row, EvictedModel::TriggerCostKbRole).toDouble(), 20.0);
        QVERIFY(cell(model, row, EvictedModel::IdleMsRole).toDouble() >= 20);
    }
    QCOMPARE(cell(model, 1, EvictedModel::RankRole).toInt(), 1); // c was the next victim
    QCOMPARE(cell(model, 0, EvictedModel::RankRole).toInt(), 2);
    QCOMPARE(cell(model, 0, EvictedModel::HitsRole).toInt(), 1);
    QCOMPARE(cell(model, 1, EvictedModel::HitsRole).toInt(), 0);

    // A manual flush: busy, so it evicts the oldest; the tick lists what it took.
    QVERIFY(cache.flush());
    const std::vector<CacheEvent> flushed = events.take();
    const auto tick = std::find_if(flushed.begin(), flushed.end(),
                                   [](const CacheEvent &e) { return e.type == CacheEventType::FlushTick; });
    QVERIFY(tick != flushed.end());
    model.record(flushed, cache.entries());
    QCOMPARE(cell(model, 0, EvictedModel::TriggerRole).toString(), QStringLiteral("flush()"));
    QCOMPARE(cell(model, 0, EvictedModel::CauseRole).toString(), EntryModel::causeName(EvictionCause::FlushTimer));
    const QVariantList byTick = model.evictedBy(double(tick->sequence));
    QCOMPARE(byTick.size(), tick->entries);
    QCOMPARE(byTick.first().toMap().value(QStringLiteral("key")).toString(),
             cell(model, 0, EvictedModel::KeyRole).toString());

    // The app's own remove and a lower limit.
    QVERIFY(cache.insert(QStringLiteral("e"), imageOfCost(5)));
    QVERIFY(cache.insert(QStringLiteral("f"), imageOfCost(5)));
    model.record(events.take(), cache.entries());
    const QList<CacheEntryInfo> beforeRemove = cache.entries();
    cache.remove(QStringLiteral("f"));
    model.record(events.take(), beforeRemove);
    QCOMPARE(cell(model, 0, EvictedModel::KeyRole).toString(), QStringLiteral("f"));
    QCOMPARE(cell(model, 0, EvictedModel::TriggerRole).toString(), QStringLiteral("remove()"));
    QCOMPARE(cell(model, 0, EvictedModel::RankRole).toInt(), int(beforeRemove.size())); // the newest
    cache.setCacheLimit(1);
    model.record(events.take(), cache.entries());
    QCOMPARE(cell(model, 0, EvictedModel::TriggerRole).toString(), QStringLiteral("limit set to 1 KiB"));

    // A clear is one event: its rows are the entries last shown.
    cache.setCacheLimit(100);
    for (const char *key : {"g", "h"})
        QVERIFY(cache.insert(QLatin1String(key), imageOfCost(3)));
    model.record(events.take(), cache.entries());
    const QList<CacheEntryInfo> shown = cache.entries();
    const int before = model.rowCount();
    cache.clear();
    model.record(events.take(), shown);
    QCOMPARE(model.rowCount(), before + 2);
    QCOMPARE(cell(model, 0, EvictedModel::CauseRole).toString(), EntryModel::causeName(EvictionCause::Cleared));
    QCOMPARE(cell(model, 0, EvictedModel::TriggerRole).toString(), QStringLiteral("clear()"));
}

void tst_Investigation::evictedListIsBounded()
{
    constexpr int Capacity = 5;
    ImageCache cache(10, EvictionPolicy::Lru);
    Collector events(cache);
    EvictedModel model(Capacity);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 0; i < 8; ++i) {
        QVERIFY(cache.insert(QStringLiteral("k%1").arg(i), imageOfCost(10))); // each evicts the one before
        model.record(events.take(), cache.entries());
    }
    for (int i = 8; i < 30; ++i)
        QVERIFY(cache.insert(QStringLiteral("k%1").arg(i), imageOfCost(10)));
    model.record(events.take(), cache.entries()); // more at once than fit
    QCOMPARE(model.rowCount(), Capacity);
    QCOMPARE(cell(model, 0, EvictedModel::KeyRole).toString(), QStringLiteral("k28"));
    QCOMPARE(cell(model, Capacity - 1, EvictedModel::KeyRole).toString(), QStringLiteral("k24"));
}

void tst_Investigation::reMissesAreCountedPerKey()
{
    ImageCache cache(20, EvictionPolicy::Lru);
    Collector events(cache);
    ThrashDetector thrash;
    // A working set of three 10 KiB images in a cache of two: every miss after the first round
    // is a re-miss.
    for (int round = 0; round < 4; ++round) {
        for (const char *key : {"a", "b", "c"}) {
            if (!cache.find(QLatin1String(key), nullptr))
                QVERIFY(cache.insert(QLatin1String(key), imageOfCost(10)));
        }
    }
    QVERIFY(!cache.find(QStringLiteral("never"), nullptr));
    thrash.record(events.take(), cache.entries());
    QCOMPARE(thrash.misses(), 13.0);  // 12 + "never"
    QCOMPARE(thrash.reMisses(), 9.0); // all but the first round's and "never"
    QCOMPARE(thrash.reMissRate(), 9.0 / 13.0);
    const QVariantList top = thrash.topKeys();
    QCOMPARE(top.size(), 3);
    for (const QVariant &row : top) {
        QCOMPARE(row.toMap().value(QStringLiteral("reMisses")).toDouble(), 3.0);
        QCOMPARE(row.toMap().value(QStringLiteral("lastCause")).toString(), EntryModel::causeName(EvictionCause::CostLimit));
    }
    QCOMPARE(top.first().toMap().value(QStringLiteral("key")).toString(), QStringLiteral("a")); // ties by key
}

void tst_Investigation::reMissesOnlyWithinTheWindow()
{
    ImageCache cache(100, EvictionPolicy::Lru);
    Collector events(cache);
    ThrashDetector thrash;
    thrash.setWindowMs(50);
    QVERIFY(cache.insert(QStringLiteral("a"), imageOfCost(10)));
    QVERIFY(cache.insert(QStringLiteral("b"), imageOfCost(10)));
    cache.remove(QStringLiteral("a"));
    QVERIFY(!cache.find(QStringLiteral("a"), nullptr)); // soon after: a re-miss
    thrash.record(events.take(), cache.entries());
    QCOMPARE(thrash.reMisses(), 1.0);
    cache.remove(QStringLiteral("b"));
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
    QVERIFY(!cache.find(QStringLiteral("b"), nullptr)); // long after: an ordinary miss
    QVERIFY(!cache.find(QStringLiteral("a"), nullptr)); // counted once per eviction
    thrash.record(events.take(), cache.entries());
    QCOMPARE(thrash.misses(), 3.0);
    QCOMPARE(thrash.reMisses(), 1.0);
}

void tst_Investigation::duplicateSourcesGroupTheSizes()
{
    ImageCache cache(10'000);
    QVERIFY(cache.insert(QStringLiteral("photos/a.jpg@64x64"), imageOfCost(16)));
    QVERIFY(cache.insert(QStringLiteral("photos/a.jpg@256x256"), imageOfCost(256)));
    QVERIFY(cache.insert(QStringLiteral("photos/a.jpg@0x0"), imageOfCost(1024)));
    QVERIFY(cache.insert(QStringLiteral("photos/b.jpg@64x64"), imageOfCost(16)));
    QVERIFY(cache.insert(QStringLiteral("icons/c.png@32x32"), imageOfCost(4)));
    QVERIFY(cache.insert(QStringLiteral("icons/c.png@16x16"), imageOfCost(1)));
    QVERIFY(cache.insert(QStringLiteral("plain-key"), imageOfCost(1)));
    DuplicateSourceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.update(cache.entries());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 0, DuplicateSourceModel::SourceRole).toString(), QStringLiteral("photos/a.jpg"));
    QCOMPARE(cell(model, 0, DuplicateSourceModel::CopiesRole).toInt(), 3);
    QCOMPARE(cell(model, 0, DuplicateSourceModel::SizesRole).toString(), QStringLiteral("0x0, 256x256, 64x64"));
    QCOMPARE(cell(model, 0, DuplicateSourceModel::TotalKbRole).toDouble(), 1296.0);
    QCOMPARE(cell(model, 0, DuplicateSourceModel::ExtraKbRole).toDouble(), 272.0);
    QCOMPARE(cell(model, 1, DuplicateSourceModel::SourceRole).toString(), QStringLiteral("icons/c.png"));
    QCOMPARE(model.extraKb(), 273.0);

    // Unchanged groups: no reset (the view keeps its place).
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QVERIFY(cache.find(QStringLiteral("photos/b.jpg@64x64"), nullptr));
    model.update(cache.entries());
    QCOMPARE(resets.count(), 0);
    // Inactive (no view shows it): no work until it is shown again, then it catches up.
    model.setActive(false);
    cache.remove(QStringLiteral("icons/c.png@16x16"));
    model.update(cache.entries());
    QCOMPARE(resets.count(), 0);
    QCOMPARE(model.rowCount(), 2);
    model.setActive(true);
    QCOMPARE(resets.count(), 1);
    QCOMPARE(model.rowCount(), 1);
}

void tst_Investigation::sourceOfReadsTheProvidersKeys()
{
    QCOMPARE(DuplicateSourceModel::sourceOf(QStringLiteral("a.png@10x20")), QStringLiteral("a.png"));
    QCOMPARE(DuplicateSourceModel::sourceOf(QStringLiteral("mail@host/a.png@0x0")), QStringLiteral("mail@host/a.png"));
    QCOMPARE(DuplicateSourceModel::sourceOf(QStringLiteral("a.png")), QString());
    QCOMPARE(DuplicateSourceModel::sourceOf(QStringLiteral("a.png@big")), QString());
    QCOMPARE(DuplicateSourceModel::sourceOf(QStringLiteral("a.png@12x")), QString());
    QCOMPARE(DuplicateSourceModel::sourceOf(QStringLiteral("@1x1")), QString());
    QCOMPARE(DuplicateSourceModel::sourceOf(QStringLiteral("a@-1x5")), QString());
}

void tst_Investigation::entryDetailFollowsOneEntryToItsEnd()
{
    ImageCache cache(100, EvictionPolicy::Lru);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    const QString key = QStringLiteral("photos/a.jpg@64x32");
    QVERIFY(cache.insert(key, QImage(64, 32, QImage::Format_RGB32))); // 8 KiB
    QVERIFY(cache.find(key, nullptr));
    QVERIFY(cache.find(key, nullptr));
    monitor.refresh();
    const quint64 id = monitor.snapshot().entries.first().entryId;

    EntryDetail detail;
    detail.setMonitor(&monitor);
    QVERIFY(!detail.isValid());
    detail.setEntryId(double(id));
    QVERIFY(detail.isValid());
    QVERIFY(detail.isPresent());
    QCOMPARE(detail.key(), key);
    QCOMPARE(detail.source(), QStringLiteral("photos/a.jpg"));
    QCOMPARE(detail.requestedSize(), QStringLiteral("64x32"));
    QCOMPARE(detail.decodedSize(), QSize(64, 32));
    QCOMPARE(detail.depth(), 32);
    QCOMPARE(detail.format(), QStringLiteral("RGB32"));
    QCOMPARE(detail.costKb(), 8.0);
    QCOMPARE(detail.hits(), 2.0);
    QVERIFY(!detail.inUse()); // looking at it holds nothing
    QVERIFY(!cache.entries().first().inUse);
    QVERIFY(detail.ageMs() >= 0);
    QStringList types;
    for (const QVariant &event : detail.history())
        types.append(event.toMap().value(QStringLiteral("type")).toString());
    QCOMPARE(types, (QStringList{QStringLiteral("insert"), QStringLiteral("hit"), QStringLiteral("hit")}));

    // Pushed out: it keeps what it knew, and says how it went.
    QVERIFY(cache.insert(QStringLiteral("big"), QImage(256, 95, QImage::Format_ARGB32))); // 95 KiB + 8 > 100
    monitor.refresh(); // the detail follows the monitor's refreshes
    QVERIFY(detail.isValid());
    QVERIFY(!detail.isPresent());
    QCOMPARE(detail.key(), key);
    QCOMPARE(detail.evictedBy(), QStringLiteral("cost limit: insert big (95 KiB)"));
    QCOMPARE(detail.history().last().toMap().value(QStringLiteral("type")).toString(), QStringLiteral("evict"));

    detail.setEntryId(0);
    QVERIFY(!detail.isValid());
    QVERIFY(detail.history().isEmpty());
}

QTEST_GUILESS_MAIN(tst_Investigation)
#include "tst_investigation.moc"
