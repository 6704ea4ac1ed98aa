// Copyright (C) 2026 The CacheScope authors.
// What-if limits: the hit-ratio curve from a recorded trace. Mattson's stack algorithm (LRU) must
// give exactly what replaying the trace through the real core gives at every size, and at the
// cache's own limit the curve must equal the hit ratio the live cache really had.
#include <cachemonitor.h>
#include <hitratiocurve.h>
#include <missratiocurve.h>

#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <random>

using namespace CacheScope;

namespace {

constexpr int RowPixels = 256; // one Format_ARGB32 row is 1 KiB

QImage imageOfCost(qint64 kb)
{
    return QImage(RowPixels, int(kb), QImage::Format_ARGB32);
}

// A skewed request stream over `keys` keys of 1-64 KiB (some keys much larger than others).
std::vector<MissRatio::Request> zipfLikeTrace(int keys, int length, quint32 seed)
{
    std::mt19937 random(seed);
    std::vector<qint64> costs;
    std::uniform_int_distribution<int> cost(1, 64);
    for (int k = 0; k < keys; ++k)
        costs.push_back(k % 17 == 0 ? 400 + cost(random) : cost(random)); // a few large ones
    std::vector<double> weights;
    for (int k = 0; k < keys; ++k)
        weights.push_back(1.0 / (k + 1));
    std::discrete_distribution<int> pick(weights.begin(), weights.end());
    std::vector<MissRatio::Request> trace;
    for (int i = 0; i < length; ++i) {
        const int k = pick(random);
        trace.push_back({QStringLiteral("k%1").arg(k), costs[std::size_t(k)]});
    }
    return trace;
}

CacheEvent makeEvent(CacheEventType type, const QString &key, qint64 costKb = 0, quint64 id = 0)
{
    CacheEvent e;
    e.type = type;
    e.key = key;
    e.costKb = costKb;
    e.entryId = id;
    return e;
}

} // namespace

class tst_HitRatioCurve : public QObject
{
    Q_OBJECT

private slots:
    void mattsonEqualsReplayThroughTheCore_data();
    void mattsonEqualsReplayThroughTheCore();
    void lruCurveNeverFalls();
    void requestsTakeCostsFromTheTrace();
    void limitsSpanTenToFourHundredPercent();
    void liveCurveMatchesTheCacheAtItsLimit_data();
    void liveCurveMatchesTheCacheAtItsLimit();
    void computesOffTheGuiThreadAndCoalesces();
};

void tst_HitRatioCurve::mattsonEqualsReplayThroughTheCore_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::newRow("seed 1") << 1u;
    QTest::newRow("seed 2") << 2u;
    QTest::newRow("seed 3") << 3u;
}

void tst_HitRatioCurve::mattsonEqualsReplayThroughTheCore()
{
    QFETCH(quint32, seed);
    const auto trace = zipfLikeTrace(300, 6000, seed);
    // Sizes below and above the largest key (which then never fits), and one that holds all.
    const std::vector<qint64> limits{50, 200, 420, 900, 2000, 5000, 40000};
    const auto mattson = MissRatio::lruCurve(trace, limits);
    const auto replayed = MissRatio::replayCurve(trace, limits, EvictionPolicy::Lru);
    QCOMPARE(mattson.size(), limits.size());
    QCOMPARE(replayed.size(), limits.size());
    for (std::size_t i = 0; i < limits.size(); ++i) {
        QCOMPARE(mattson[i].limitKb, limits[i]);
        QCOMPARE(replayed[i].limitKb, limits[i]);
        // Exactly: both are counts of hits over the same requests.
        QVERIFY2(qRound(mattson[i].hitRatio * trace.size()) == qRound(replayed[i].hitRatio * trace.size()),
                 qPrintable(QStringLiteral("at %1 KiB: Mattson %2, replay %3")
                                    .arg(limits[i]).arg(mattson[i].hitRatio).arg(replayed[i].hitRatio)));
    }
    QVERIFY(mattson.front().hitRatio < mattson.back().hitRatio); // the sizes matter for this trace
}

void tst_HitRatioCurve::lruCurveNeverFalls()
{
    const auto trace = zipfLikeTrace(500, 5000, 7);
    const auto curve = MissRatio::lruCurve(trace, MissRatio::limitsAround(3000, 60));
    for (std::size_t i = 1; i < curve.size(); ++i)
        QVERIFY(curve[i].hitRatio >= curve[i - 1].hitRatio); // LRU's inclusion property
}

void tst_HitRatioCurve::requestsTakeCostsFromTheTrace()
{
    const QList<CacheEvent> events{
        makeEvent(CacheEventType::Hit, QStringLiteral("a")),          // cost from a's first insert, later
        makeEvent(CacheEventType::Miss, QStringLiteral("a")),
        makeEvent(CacheEventType::Insert, QStringLiteral("a"), 10),
        makeEvent(CacheEventType::Hit, QStringLiteral("a")),
        makeEvent(CacheEventType::Replace, QStringLiteral("a"), 30),
        makeEvent(CacheEventType::Hit, QStringLiteral("a")),          // the latest cost before
        makeEvent(CacheEventType::Hit, QStringLiteral("shown")),      // known from the entries
        makeEvent(CacheEventType::Hit, QStringLiteral("unknown")),    // left out, counted
        makeEvent(CacheEventType::Insert, QString(), 5, 42),          // a handle-only entry
        makeEvent(CacheEventType::Hit, QString(), 0, 42),
        makeEvent(CacheEventType::Evict, QStringLiteral("a"), 30),    // not a request
        makeEvent(CacheEventType::Miss, QStringLiteral("tiny")),
        makeEvent(CacheEventType::Insert, QStringLiteral("tiny"), 0), // costs at least 1 KiB
    };
    const MissRatio::Requests requests = MissRatio::requestsFrom(events, {{QStringLiteral("shown"), 7}});
    QCOMPARE(requests.unknownCost, 1);
    QList<QPair<QString, qint64>> got;
    for (const MissRatio::Request &r : requests.requests)
        got.append({r.key, r.costKb});
    const QList<QPair<QString, qint64>> expected{
        {QStringLiteral("a"), 10}, {QStringLiteral("a"), 10}, {QStringLiteral("a"), 10},
        {QStringLiteral("a"), 30}, {QStringLiteral("shown"), 7}, {QStringLiteral("#42"), 5},
        {QStringLiteral("tiny"), 1}};
    QCOMPARE(got, expected);
}

void tst_HitRatioCurve::limitsSpanTenToFourHundredPercent()
{
    const auto limits = MissRatio::limitsAround(1000, 40);
    QCOMPARE(limits.front(), 100);
    QCOMPARE(limits.back(), 4000);
    QVERIFY(std::find(limits.begin(), limits.end(), 1000) != limits.end()); // the current one
    QVERIFY(std::is_sorted(limits.begin(), limits.end()));
    QVERIFY(MissRatio::limitsAround(0, 40).empty());
}

void tst_HitRatioCurve::liveCurveMatchesTheCacheAtItsLimit_data()
{
    QTest::addColumn<EvictionPolicy>("policy");
    QTest::newRow("LRU") << EvictionPolicy::Lru;
    QTest::newRow("SIEVE") << EvictionPolicy::Sieve;
}

// A cache serving a trace from empty, single-threaded, with no flush tick meanwhile: the curve at
// the cache's own limit is the hit ratio it really had.
void tst_HitRatioCurve::liveCurveMatchesTheCacheAtItsLimit()
{
    QFETCH(EvictionPolicy, policy);
    constexpr int LimitKb = 1500;
    ImageCache cache(LimitKb, policy);
    cache.setFlushIntervals(std::chrono::hours(1), std::chrono::hours(1));
    CacheMonitor monitor;
    monitor.setCache(&cache);
    const auto trace = zipfLikeTrace(120, 1500, 11); // 1500 requests: their events fit the log
    for (const MissRatio::Request &request : trace) {
        if (!cache.find(request.key, nullptr))
            cache.insert(request.key, imageOfCost(request.costKb));
    }
    monitor.refresh();
    const CacheStats stats = cache.stats();
    QCOMPARE(stats.hits + stats.misses, quint64(trace.size()));

    HitRatioCurve curve;
    curve.setMonitor(&monitor);
    curve.compute();
    curve.waitForResult();
    QCOMPARE(curve.requests(), int(trace.size()));
    QCOMPARE(curve.unknownCost(), 0);
    QCOMPARE(curve.limitKb(), double(LimitKb));
    QCOMPARE(curve.isExact(), policy == EvictionPolicy::Lru);
    QCOMPARE(qRound(curve.hitRatioAtLimit() * trace.size()), int(stats.hits));
    const QVariantList points = curve.curve();
    QVERIFY(points.size() >= HitRatioCurve::DefaultPoints);
    QVERIFY(std::any_of(points.cbegin(), points.cend(), [&](const QVariant &point) {
        return point.toMap().value(QStringLiteral("limitKb")).toDouble() == LimitKb;
    }));
    QCOMPARE(points.front().toMap().value(QStringLiteral("limitKb")).toDouble(), LimitKb / 10.0);
    QCOMPARE(curve.maxLimitKb(), LimitKb * 4.0);
}

void tst_HitRatioCurve::computesOffTheGuiThreadAndCoalesces()
{
    ImageCache cache(500, EvictionPolicy::Lru);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    for (int i = 0; i < 200; ++i) {
        const QString key = QStringLiteral("k%1").arg(i % 40);
        if (!cache.find(key, nullptr))
            cache.insert(key, imageOfCost(20));
    }
    monitor.refresh();
    HitRatioCurve curve;
    curve.setMonitor(&monitor);
    QSignalSpy changed(&curve, &HitRatioCurve::curveChanged);
    QSignalSpy busy(&curve, &HitRatioCurve::busyChanged);
    curve.compute();
    QVERIFY(curve.isBusy());
    curve.compute(); // while one runs: one more afterwards, not two
    curve.compute();
    QTRY_VERIFY(!curve.isBusy());
    QCOMPARE(changed.count(), 2);
    QCOMPARE(busy.count(), 2); // busy, then idle once
    QCOMPARE(curve.requests(), 200);
    // 40 keys of 20 KiB: at 800 KiB and more, only the 40 first requests miss.
    const QVariantList points = curve.curve();
    QCOMPARE(points.back().toMap().value(QStringLiteral("hitRatio")).toDouble(), 160.0 / 200.0);
}

QTEST_GUILESS_MAIN(tst_HitRatioCurve)
#include "tst_hitratiocurve.moc"
