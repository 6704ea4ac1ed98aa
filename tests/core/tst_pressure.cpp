// Copyright (C) 2026 The CacheScope authors.
// Memory pressure and the tiers below memory: trim() gives back what nobody shows (or everything)
// as its own eviction cause, in eviction order; recordLoad() counts disk hits, revalidations and
// fetches and reports them as events.
#include "recordingobserver.h"

#include <CacheScope/imagecache.h>

#include <QtGui/qimage.h>
#include <QtTest/qtest.h>

using namespace CacheScope;

namespace {
QImage image(int side = 32)
{
    QImage result(side, side, QImage::Format_ARGB32);
    result.fill(Qt::red);
    return result;
}
} // namespace

class tst_Pressure : public QObject
{
    Q_OBJECT

private slots:
    void trimUnusedKeepsWhatIsShown();
    void trimAllEmptiesTheCache();
    void trimOfAnEmptyCacheDoesNothing();
    void recordLoadCountsEveryTier();
};

void tst_Pressure::trimUnusedKeepsWhatIsShown()
{
    ImageCache cache;
    RecordingObserver observer;
    cache.addObserver(&observer);
    for (const char *key : {"a", "b", "c", "d"})
        QVERIFY(cache.insert(QString::fromLatin1(key), image()));
    // Someone (an Image's texture, a caller) holds copies of b and d.
    QImage shownB;
    QImage shownD;
    QVERIFY(cache.find(QStringLiteral("b"), &shownB));
    QVERIFY(cache.find(QStringLiteral("d"), &shownD));
    const int costOfOne = int(ImageCache::costOf(image()));

    QCOMPARE(cache.trim(ImageCache::TrimLevel::Unused), 2);
    QVERIFY(!cache.contains(QStringLiteral("a")));
    QVERIFY(cache.contains(QStringLiteral("b")));
    QVERIFY(!cache.contains(QStringLiteral("c")));
    QVERIFY(cache.contains(QStringLiteral("d")));
    const CacheStats stats = cache.stats();
    QCOMPARE(stats.evictionsFor(EvictionCause::Trimmed), 2u);
    QCOMPARE(stats.evictions, 2u);
    QCOMPARE(stats.evictedKb, quint64(2 * costOfOne));
    QCOMPARE(stats.count, 2);

    // Reported in eviction order (the least recently used first), with the cause.
    QStringList evicted;
    for (const RecordingObserver::Event &event : observer.events()) {
        if (event.type == CacheEventType::Evict) {
            QCOMPARE(event.cause, EvictionCause::Trimmed);
            evicted.append(event.key);
        }
    }
    QCOMPARE(evicted, QStringList({QStringLiteral("a"), QStringLiteral("c")}));

    // Once nobody holds them, they go too.
    shownB = QImage();
    shownD = QImage();
    QCOMPARE(cache.trim(ImageCache::TrimLevel::Unused), 2);
    QCOMPARE(cache.count(), 0);
    QVERIFY(!cache.isFlushTimerActive()); // an empty cache lets the app sleep
    cache.removeObserver(&observer);
}

void tst_Pressure::trimAllEmptiesTheCache()
{
    ImageCache cache;
    QVERIFY(cache.insert(QStringLiteral("a"), image()));
    const ImageCache::Key key = cache.insert(image());
    QImage held;
    QVERIFY(cache.find(QStringLiteral("a"), &held));
    QCOMPARE(cache.trim(ImageCache::TrimLevel::All), 2);
    QCOMPARE(cache.count(), 0);
    QCOMPARE(cache.totalUsed(), 0);
    QVERIFY(!key.isValid());
    QCOMPARE(cache.stats().evictionsFor(EvictionCause::Trimmed), 2u);
    QVERIFY(!held.isNull()); // the holder's copy is its own
    QVERIFY(cache.insert(QStringLiteral("again"), image()));
}

void tst_Pressure::trimOfAnEmptyCacheDoesNothing()
{
    ImageCache cache;
    QCOMPARE(cache.trim(ImageCache::TrimLevel::Unused), 0);
    QCOMPARE(cache.trim(ImageCache::TrimLevel::All), 0);
    QCOMPARE(cache.stats().evictions, 0u);
}

void tst_Pressure::recordLoadCountsEveryTier()
{
    ImageCache cache;
    RecordingObserver observer;
    cache.addObserver(&observer);
    cache.recordLoad(QStringLiteral("https://h/a.png@0x0"), LoadTier::DiskHit);
    cache.recordLoad(QStringLiteral("https://h/b.png@0x0"), LoadTier::Revalidated);
    cache.recordLoad(QStringLiteral("https://h/c.png@0x0"), LoadTier::Fetched, 2049);
    cache.recordLoad(QStringLiteral("https://h/d.png@0x0"), LoadTier::Fetched, 1);
    const CacheStats stats = cache.stats();
    QCOMPARE(stats.diskHits, 1u);
    QCOMPARE(stats.revalidations, 1u);
    QCOMPARE(stats.fetches, 2u);
    QCOMPARE(stats.downloadedKb, 4u); // 3 KiB + 1 KiB: each fetch rounded up
    QCOMPARE(stats.hits + stats.misses, 0u); // tiers are not lookups
    QList<CacheEventType> types;
    for (const RecordingObserver::Event &event : observer.events())
        types.append(event.type);
    QCOMPARE(types, QList<CacheEventType>({CacheEventType::DiskHit, CacheEventType::Revalidate,
                                           CacheEventType::Fetch, CacheEventType::Fetch}));
    QCOMPARE(observer.events().at(2).key, QStringLiteral("https://h/c.png@0x0"));
    QCOMPARE(observer.events().at(2).kb, 3);
    cache.removeObserver(&observer);
}

QTEST_MAIN(tst_Pressure)
#include "tst_pressure.moc"
