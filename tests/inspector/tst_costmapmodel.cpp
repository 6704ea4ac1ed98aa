// Copyright (C) 2026 The CacheScope authors.
// The cost map's layout in C++: the squarified tree map itself (areas in proportion, tiles inside
// the map, nothing overlapping) and the tile model over a monitor's entries (the free space, the
// "smaller entries" tile, hit testing, and no layout when nothing it shows changed).
#include <cachemonitor.h>
#include <costmapmodel.h>
#include <squarifiedlayout.h>

#include <QtCore/qrandom.h>
#include <QtTest/qabstractitemmodeltester.h>
#include <QtTest/qtest.h>

#include <numeric>

using namespace CacheScope;

namespace {

constexpr int PixelsPerKbRow = 256; // 32-bit pixels: a row of this width costs 1 KiB
constexpr double Tolerance = 1e-6;

QImage imageOfCost(int kb)
{
    QImage image(PixelsPerKbRow, kb, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::darkCyan);
    return image;
}

double areaOf(const QRectF &rect)
{
    return rect.width() * rect.height();
}

bool inside(const QRectF &rect, const QRectF &bounds)
{
    return rect.left() >= bounds.left() - Tolerance && rect.top() >= bounds.top() - Tolerance
            && rect.right() <= bounds.right() + Tolerance && rect.bottom() <= bounds.bottom() + Tolerance
            && rect.width() >= 0 && rect.height() >= 0;
}

bool overlap(const QRectF &a, const QRectF &b)
{
    return std::min(a.right(), b.right()) - std::max(a.left(), b.left()) > Tolerance
            && std::min(a.bottom(), b.bottom()) - std::max(a.top(), b.top()) > Tolerance;
}

} // namespace

class tst_CostMapModel : public QObject
{
    Q_OBJECT

private slots:
    void layoutIsProportionalAndInside_data();
    void layoutIsProportionalAndInside();
    void tilesShowEntriesAndFreeSpace();
    void smallEntriesShareOneTile();
    void tilesAreCapped();
    void noLayoutWhenNothingChanged();
    void hiddenMapWaits();
    void tileAtFindsTheTile();
};

void tst_CostMapModel::layoutIsProportionalAndInside_data()
{
    QTest::addColumn<QList<double>>("weights");
    QTest::addColumn<QRectF>("bounds");
    QTest::newRow("one") << QList<double>{5} << QRectF(0, 0, 400, 300);
    QTest::newRow("equal") << QList<double>{1, 1, 1, 1, 1, 1} << QRectF(10, 20, 300, 300);
    QTest::newRow("classic") << QList<double>{6, 6, 4, 3, 2, 2, 1} << QRectF(0, 0, 600, 400);
    QTest::newRow("tall") << QList<double>{9, 5, 3, 1} << QRectF(0, 0, 50, 700);
    QList<double> random;
    QRandomGenerator generator(42);
    for (int i = 0; i < 300; ++i)
        random.append(1 + generator.bounded(1000.0));
    std::sort(random.begin(), random.end(), std::greater<>());
    QTest::newRow("300 random") << random << QRectF(0, 0, 397.5, 311.25);
    QTest::newRow("skewed") << QList<double>{1e6, 10, 1, 1, 1} << QRectF(0, 0, 400, 300);
}

void tst_CostMapModel::layoutIsProportionalAndInside()
{
    QFETCH(QList<double>, weights);
    QFETCH(QRectF, bounds);
    const QList<QRectF> rects = squarifiedLayout(weights, bounds);
    QCOMPARE(rects.size(), weights.size());
    const double total = std::accumulate(weights.cbegin(), weights.cend(), 0.0);
    double covered = 0;
    for (qsizetype i = 0; i < rects.size(); ++i) {
        const QRectF &rect = rects.at(i);
        QVERIFY2(inside(rect, bounds), qPrintable(QStringLiteral("tile %1 outside").arg(i)));
        const double expected = weights.at(i) / total * areaOf(bounds);
        QVERIFY2(qAbs(areaOf(rect) - expected) <= 1e-6 * areaOf(bounds),
                 qPrintable(QStringLiteral("tile %1: %2 px² for %3").arg(i).arg(areaOf(rect)).arg(expected)));
        covered += areaOf(rect);
    }
    QVERIFY(qAbs(covered - areaOf(bounds)) <= 1e-6 * areaOf(bounds));
    if (rects.size() <= 300) {
        for (qsizetype i = 0; i < rects.size(); ++i) {
            for (qsizetype j = i + 1; j < rects.size(); ++j)
                QVERIFY2(!overlap(rects.at(i), rects.at(j)), qPrintable(QStringLiteral("%1 and %2").arg(i).arg(j)));
        }
    }
    // Squarified: for equal weights in a square, every tile is close to square.
    if (QTest::currentDataTag() == QLatin1String("equal")) {
        for (const QRectF &rect : rects)
            QVERIFY(std::max(rect.width() / rect.height(), rect.height() / rect.width()) <= 2.0);
    }
    QVERIFY(squarifiedLayout({}, bounds).isEmpty());
    QVERIFY(squarifiedLayout(weights, QRectF(0, 0, 0, 100)).isEmpty());
}

void tst_CostMapModel::tilesShowEntriesAndFreeSpace()
{
    ImageCache cache(100, EvictionPolicy::Lru);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    for (int i = 0; i < 6; ++i)
        QVERIFY(cache.insert(QStringLiteral("k%1").arg(i), imageOfCost(5 + 3 * i)));
    monitor.refresh();
    CostMapModel map;
    QAbstractItemModelTester tester(&map, QAbstractItemModelTester::FailureReportingMode::QtTest);
    map.setSize(QSizeF(400, 300));
    map.setEntries(monitor.entries());
    const QRectF bounds(0, 0, 400, 300);
    QCOMPARE(map.rowCount(), 7); // six entries and the free space
    QCOMPARE(map.entryCount(), 6);
    const int used = cache.totalUsed();
    int freeTiles = 0;
    for (int row = 0; row < map.rowCount(); ++row) {
        const QModelIndex index = map.index(row);
        const QRectF rect(index.data(CostMapModel::TileXRole).toDouble(), index.data(CostMapModel::TileYRole).toDouble(),
                          index.data(CostMapModel::TileWidthRole).toDouble(),
                          index.data(CostMapModel::TileHeightRole).toDouble());
        QVERIFY(inside(rect, bounds));
        const double cost = index.data(CostMapModel::CostKbRole).toDouble();
        QVERIFY(qAbs(areaOf(rect) / areaOf(bounds) - cost / 100.0) < 1e-6);
        const QString kind = index.data(CostMapModel::KindRole).toString();
        if (kind == QLatin1String("free")) {
            ++freeTiles;
            QCOMPARE(cost, double(100 - used));
            QCOMPARE(index.data(CostMapModel::PositionRole).toDouble(), -1.0);
        } else {
            QCOMPARE(kind, QStringLiteral("entry"));
            const int rank = index.data(CostMapModel::RankRole).toInt();
            QCOMPARE(index.data(CostMapModel::KeyRole).toString(), QStringLiteral("k%1").arg(rank - 1));
            QCOMPARE(index.data(CostMapModel::PositionRole).toDouble(), (rank - 1) / 5.0);
        }
    }
    QCOMPARE(freeTiles, 1);
    // Largest first: the free space (25 KiB), then the biggest entry.
    QCOMPARE(map.index(0).data(CostMapModel::KindRole).toString(), QStringLiteral("free"));
    QCOMPARE(map.index(1).data(CostMapModel::KeyRole).toString(), QStringLiteral("k5"));
}

void tst_CostMapModel::smallEntriesShareOneTile()
{
    static constexpr int Big = 4;
    static constexpr int Small = 3000;
    ImageCache cache(Big * 1000 + Small, EvictionPolicy::Sieve); // full: no free tile
    CacheMonitor monitor;
    monitor.setCache(&cache);
    for (int i = 0; i < Small; ++i)
        QVERIFY(cache.insert(QStringLiteral("small-%1").arg(i), imageOfCost(1)));
    for (int i = 0; i < Big; ++i)
        QVERIFY(cache.insert(QStringLiteral("big-%1").arg(i), imageOfCost(1000)));
    monitor.refresh();
    QCOMPARE(cache.count(), Big + Small);
    CostMapModel map;
    map.setSize(QSizeF(400, 300)); // 120000 px² for 7000 KiB: a small entry gets 17 px²
    map.setEntries(monitor.entries());
    QCOMPARE(map.rowCount(), Big + 1);
    QCOMPARE(map.entryCount(), Big + Small);
    int rest = 0;
    for (const CostMapModel::Tile &tile : map.tiles()) {
        if (tile.kind == QLatin1String("rest")) {
            ++rest;
            QCOMPARE(tile.entries, Small);
            QCOMPARE(tile.costKb, qint64(Small));
            QVERIFY(qAbs(areaOf(tile.rect) - 120000.0 * Small / (Big * 1000 + Small)) < 1e-3);
        } else {
            QCOMPARE(tile.kind, QStringLiteral("entry"));
            QVERIFY(tile.key.startsWith(QLatin1String("big-")));
            QVERIFY(areaOf(tile.rect) >= CostMapModel::MinTileArea);
        }
    }
    QCOMPARE(rest, 1);
    // A larger map gives them room of their own again.
    map.setSize(QSizeF(4000, 3000));
    QCOMPARE(map.rowCount(), std::min(Big + Small, CostMapModel::MaxTiles + 1));
}

void tst_CostMapModel::tilesAreCapped()
{
    static constexpr int Count = 2000;
    ImageCache cache(Count * 4);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    for (int i = 0; i < Count; ++i)
        QVERIFY(cache.insert(QStringLiteral("e-%1").arg(i), imageOfCost(1 + i % 4)));
    monitor.refresh();
    CostMapModel map;
    map.setSize(QSizeF(4000, 4000)); // every entry would be big enough
    map.setEntries(monitor.entries());
    const QList<CostMapModel::Tile> &tiles = map.tiles();
    const auto own = std::count_if(tiles.begin(), tiles.end(), [](const CostMapModel::Tile &tile) {
        return tile.kind == QLatin1String("entry");
    });
    QCOMPARE(int(own), CostMapModel::MaxTiles);
    // The largest have tiles of their own; the rest share one.
    for (const CostMapModel::Tile &tile : tiles) {
        if (tile.kind == QLatin1String("entry"))
            QCOMPARE(tile.costKb, qint64(4));
        if (tile.kind == QLatin1String("rest"))
            QCOMPARE(tile.entries, Count - CostMapModel::MaxTiles);
    }
}

void tst_CostMapModel::noLayoutWhenNothingChanged()
{
    ImageCache cache(100, EvictionPolicy::Lru);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    for (int i = 0; i < 10; ++i)
        QVERIFY(cache.insert(QStringLiteral("k%1").arg(i), imageOfCost(2 + i)));
    monitor.refresh();
    CostMapModel map;
    map.setEntries(monitor.entries());
    map.setSize(QSizeF(300, 200));
    const int layouts = map.layoutCount();
    QVERIFY(layouts >= 1);

    for (int i = 0; i < 5; ++i)
        monitor.refresh(); // nothing happened
    QCOMPARE(map.layoutCount(), layouts);
    map.setSize(QSizeF(300, 200));
    QCOMPARE(map.layoutCount(), layouts);

    auto hit = [&](const QString &key) {
        QImage out; // released at once: the entry does not stay in use
        QVERIFY(cache.find(key, &out));
    };
    hit(QStringLiteral("k9")); // the last to go already: no rank changes
    QTest::qWait(5);           // a later access time and a hit, which the map does not show
    monitor.refresh();
    QCOMPARE(map.layoutCount(), layouts);

    hit(QStringLiteral("k0")); // LRU: every rank moves
    monitor.refresh();
    QCOMPARE(map.layoutCount(), layouts + 1);
    auto tileOf = [&](const QString &key) {
        for (const CostMapModel::Tile &tile : map.tiles()) {
            if (tile.key == key)
                return tile;
        }
        return CostMapModel::Tile();
    };
    QCOMPARE(tileOf(QStringLiteral("k9")).rank, 9); // one closer to going

    map.setSize(QSizeF(320, 200));
    QCOMPARE(map.layoutCount(), layouts + 2);
    cache.setCacheLimit(90); // the free space shrinks (nothing is evicted: 65 KiB used)
    monitor.refresh();
    QCOMPARE(map.layoutCount(), layouts + 3);
    QImage held;
    QVERIFY(cache.find(QStringLiteral("k9"), &held)); // in use now: the tile shows it
    monitor.refresh();
    QCOMPARE(map.layoutCount(), layouts + 4);
    QVERIFY(tileOf(QStringLiteral("k9")).inUse);
}

void tst_CostMapModel::hiddenMapWaits()
{
    ImageCache cache(100, EvictionPolicy::Lru);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    CostMapModel map;
    map.setActive(false);
    map.setSize(QSizeF(300, 200));
    map.setEntries(monitor.entries());
    QCOMPARE(map.layoutCount(), 0);
    QCOMPARE(map.rowCount(), 0);
    for (int i = 0; i < 10; ++i) {
        QVERIFY(cache.insert(QStringLiteral("k%1").arg(i), imageOfCost(2)));
        monitor.refresh();
        map.setSize(QSizeF(300 + i, 200));
    }
    QCOMPARE(map.layoutCount(), 0);
    map.setActive(true); // shown: one layout of what is there now
    QCOMPARE(map.layoutCount(), 1);
    QCOMPARE(map.entryCount(), 10);
    QCOMPARE(map.rowCount(), 11);
    map.setActive(false);
    map.setActive(true); // nothing changed meanwhile
    QCOMPARE(map.layoutCount(), 1);
}

void tst_CostMapModel::tileAtFindsTheTile()
{
    ImageCache cache(100);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    for (int i = 0; i < 8; ++i)
        QVERIFY(cache.insert(QStringLiteral("k%1").arg(i), imageOfCost(1 + i)));
    monitor.refresh();
    CostMapModel map;
    map.setSize(QSizeF(250, 180));
    map.setEntries(monitor.entries());
    for (int row = 0; row < map.rowCount(); ++row) {
        const QRectF rect = map.tiles().at(row).rect;
        QCOMPARE(map.tileAt(rect.center().x(), rect.center().y()), row);
        QCOMPARE(map.tileAt(rect.left(), rect.top()), row);
        QCOMPARE(map.tile(row).value(QStringLiteral("kind")).toString(), map.tiles().at(row).kind);
    }
    QCOMPARE(map.tileAt(-1, 10), -1);
    QCOMPARE(map.tileAt(10, 180), -1);
    QVERIFY(map.tile(map.rowCount()).isEmpty());
}

QTEST_MAIN(tst_CostMapModel)
#include "tst_costmapmodel.moc"
