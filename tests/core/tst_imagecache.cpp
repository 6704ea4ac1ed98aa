// Copyright (C) 2026 The CacheScope authors.
// API semantics of CacheScope::ImageCache: QPixmapCache's contract (QT_NOTES §1-§2, SPEC §2),
// keys with generations, eviction policies, statistics and the read-only inspection API.
#include "testsupport.h"

#include <CacheScope/imagecache.h>

#include <QtCore/qrandom.h>
#include <QtCore/qset.h>
#include <QtTest/qtest.h>

#include <memory>
#include <utility>

using namespace CacheScope;
using namespace TestSupport;

namespace {

// Most eviction tests use equal entries so that "room for one more" means exactly one victim.
constexpr int EntryKb = 16;
constexpr int EntrySide = 64; // 64 x 64 x 32 bit = 16 KiB
constexpr int SlotCount = 4;
constexpr int FourSlotLimitKb = SlotCount * EntryKb;

QImage entryImage(QColor colour = Qt::green)
{
    return makeImage(EntrySide, EntrySide, colour);
}

// Fills a cache that holds exactly SlotCount entries with a, b, c, d (a is the oldest).
void fillFourSlots(ImageCache &cache)
{
    for (const char *name : {"a", "b", "c", "d"})
        QVERIFY(cache.insert(QLatin1String(name), entryImage()));
    QCOMPARE(cache.count(), SlotCount);
    QCOMPARE(cache.totalUsed(), FourSlotLimitKb);
}

enum class LeakScenario {
    RemoveByString,
    RemoveByKey,
    Clear,
    CostEviction,
    ReplaceByString,
    ReplaceByKey,
    Flush,
    RejectedInsert,
    LimitZero,
    CacheDestroyed,
};

} // namespace

Q_DECLARE_METATYPE(LeakScenario)
Q_DECLARE_METATYPE(EvictionPolicy)

class tst_ImageCache : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void costOf_data();
    void costOf();
    void setCacheLimitTrimsImmediately();
    void nonPositiveLimitStoresNothing_data();
    void nonPositiveLimitStoresNothing();
    void invariantsHoldAfterEveryCall_data();
    void invariantsHoldAfterEveryCall();
    void insertByStringReplacesOldEntry();
    void rejectedInsertDropsOldEntry();
    void costEqualToLimitIsAccepted();
    void insertImageReturnsKey();
    void replaceByKey();
    void replaceByKeyMakesRoomWithoutEvictingItself();
    void replaceByKeyTooCostlyDropsEntry();
    void removeByStringAndKey();
    void clearInvalidatesEveryKey();
    void emptyStringKey();
    void keyValueSemantics();
    void staleKeyNeverFindsReusedSlot();
    void evictedKeyBecomesInvalid();
    void keysFromAnotherCacheFindNothing();
    void findWithNullImagePointer();
    void missLeavesImageUntouched();
    void noLeakedImages_data();
    void noLeakedImages();
    void lruFindPromotes_data();
    void lruFindPromotes();
    void sieveVisitedEntrySurvivesOnePass();
    void lruOrderIsExactAfterManyBufferedHits();
    void sieveEntryFoundEveryRoundSurvives();
    void visitIsSpentByOnePass_data();
    void visitIsSpentByOnePass();
    void containsNeitherCountsNorPromotes();
    void statsCounters();
    void statsSnapshotsAreMonotonic();
    void entriesInEvictionOrder();
    void firstEntryIsNextVictim_data();
    void firstEntryIsNextVictim();
    void peekDoesNotCountOrPromote();
    void inUseWhileCallerHoldsCopy();
    void recordErrorCountsErrors();
};

void tst_ImageCache::defaults()
{
    ImageCache cache;
    QCOMPARE(ImageCache::DefaultCacheLimitKb, 10240); // QPixmapCache's cache_limit_default
    QCOMPARE(cache.cacheLimit(), ImageCache::DefaultCacheLimitKb);
    QCOMPARE(cache.totalUsed(), 0);
    QCOMPARE(cache.count(), 0);
    QCOMPARE(cache.evictionPolicy(), EvictionPolicy::Lru); // chosen from the hit-ratio benchmarks
    QCOMPARE(cache.stats().cacheLimit, ImageCache::DefaultCacheLimitKb);
    QVERIFY(cache.entries().isEmpty());

    constexpr int CustomLimitKb = 500;
    ImageCache custom(CustomLimitKb, EvictionPolicy::Lru);
    QCOMPARE(custom.cacheLimit(), CustomLimitKb);
    QCOMPARE(custom.evictionPolicy(), EvictionPolicy::Lru);

    QCOMPARE(&ImageCache::instance(), &ImageCache::instance());
}

void tst_ImageCache::costOf_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<QImage::Format>("format");
    QTest::addColumn<qint64>("expectedKb");

    // Worked costs at depth 32 from QT_NOTES §1.3.
    QTest::newRow("2x3") << 2 << 3 << TestFormat << qint64(1);
    QTest::newRow("10x10") << 10 << 10 << TestFormat << qint64(1);
    QTest::newRow("64x64") << 64 << 64 << TestFormat << qint64(16);
    QTest::newRow("128x128") << 128 << 128 << TestFormat << qint64(64);
    QTest::newRow("256x256") << 256 << 256 << TestFormat << qint64(256);
    QTest::newRow("300x300") << 300 << 300 << TestFormat << qint64(351);
    QTest::newRow("500x500") << 500 << 500 << TestFormat << qint64(976);
    // Depth matters, and the minimum of 1 KiB applies after rounding down.
    QTest::newRow("grey8 64x64") << 64 << 64 << QImage::Format_Grayscale8 << qint64(4);
    QTest::newRow("rgb16 128x128") << 128 << 128 << QImage::Format_RGB16 << qint64(32);
    QTest::newRow("mono 64x64") << 64 << 64 << QImage::Format_Mono << qint64(1);
}

void tst_ImageCache::costOf()
{
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(QImage::Format, format);
    QFETCH(qint64, expectedKb);

    QImage image(width, height, format);
    image.fill(0);
    QCOMPARE(ImageCache::costOf(image), expectedKb);

    // The cache charges exactly that cost.
    ImageCache cache;
    QVERIFY(cache.insert(QStringLiteral("img"), image));
    QCOMPARE(qint64(cache.totalUsed()), expectedKb);
    QCOMPARE(cache.entries().value(0).costKb, expectedKb);
}

void tst_ImageCache::setCacheLimitTrimsImmediately()
{
    ImageCache cache(FourSlotLimitKb, EvictionPolicy::Lru);
    fillFourSlots(cache);
    if (QTest::currentTestFailed())
        return;

    constexpr int HalfLimitKb = FourSlotLimitKb / 2;
    cache.setCacheLimit(HalfLimitKb);
    QCOMPARE(cache.cacheLimit(), HalfLimitKb);
    QCOMPARE(cache.totalUsed(), HalfLimitKb);
    QCOMPARE(cache.count(), 2);
    // LRU: the two oldest went first.
    QVERIFY(!cache.contains(QStringLiteral("a")));
    QVERIFY(!cache.contains(QStringLiteral("b")));
    QVERIFY(cache.contains(QStringLiteral("c")));
    QVERIFY(cache.contains(QStringLiteral("d")));
    QCOMPARE(cache.stats().evictionsFor(EvictionCause::CostLimit), quint64(2));
    checkInvariants(cache);
    if (QTest::currentTestFailed())
        return;

    // Raising the limit evicts nothing.
    cache.setCacheLimit(FourSlotLimitKb * 10);
    QCOMPARE(cache.count(), 2);
    QCOMPARE(cache.stats().evictionsFor(EvictionCause::CostLimit), quint64(2));
}

void tst_ImageCache::nonPositiveLimitStoresNothing_data()
{
    QTest::addColumn<int>("limit");
    QTest::newRow("zero") << 0;
    QTest::newRow("minus one") << -1;
    QTest::newRow("minus default") << -ImageCache::DefaultCacheLimitKb;
}

void tst_ImageCache::nonPositiveLimitStoresNothing()
{
    QFETCH(int, limit);
    ImageCache cache;
    QVERIFY(cache.insert(QStringLiteral("before"), imageOfCost(1)));
    const ImageCache::Key before = cache.insert(imageOfCost(1));
    QVERIFY(before.isValid());

    cache.setCacheLimit(limit);
    QCOMPARE(cache.count(), 0);
    QCOMPARE(cache.totalUsed(), 0);
    QVERIFY(!before.isValid());

    // Even the cheapest image (1 KiB) is rejected.
    QVERIFY(!cache.insert(QStringLiteral("tiny"), makeImage(1, 1)));
    QVERIFY(!cache.insert(makeImage(1, 1)).isValid());
    QCOMPARE(cache.count(), 0);
    QCOMPARE(cache.totalUsed(), 0);
    checkInvariants(cache);
}

void tst_ImageCache::invariantsHoldAfterEveryCall_data()
{
    addPolicyRows();
}

// A deterministic random walk over the mutating API; the invariants must hold after each call.
void tst_ImageCache::invariantsHoldAfterEveryCall()
{
    QFETCH(EvictionPolicy, policy);
    constexpr int Steps = 600;
    constexpr int KeyNames = 12;
    constexpr int MaxImageKb = 40;
    constexpr int MaxLimitKb = 160;
    constexpr int MinLimitKb = -8; // sometimes non-positive: nothing may be stored then
    constexpr quint32 Seed = 20260101;

    ImageCache cache(MaxLimitKb / 2, policy);
    QRandomGenerator rng(Seed);
    QList<ImageCache::Key> keys;
    for (int step = 0; step < Steps; ++step) {
        const QString name = QStringLiteral("k%1").arg(rng.bounded(KeyNames));
        const QImage image = imageOfCost(1 + rng.bounded(MaxImageKb));
        switch (rng.bounded(9)) {
        case 0:
        case 1:
            cache.insert(name, image);
            break;
        case 2:
            keys.append(cache.insert(image));
            break;
        case 3:
            if (!keys.isEmpty())
                cache.replace(keys.at(rng.bounded(keys.size())), image);
            break;
        case 4:
            cache.remove(name);
            break;
        case 5:
            if (!keys.isEmpty())
                cache.remove(keys.at(rng.bounded(keys.size())));
            break;
        case 6:
            cache.setCacheLimit(MinLimitKb + rng.bounded(MaxLimitKb - MinLimitKb + 1));
            break;
        case 7: {
            QImage out;
            cache.find(name, &out);
            if (!keys.isEmpty())
                cache.find(keys.at(rng.bounded(keys.size())), &out);
            break;
        }
        case 8:
            cache.flush(rng.bounded(2) ? FlushMode::Busy : FlushMode::Idle);
            break;
        }
        checkInvariants(cache);
        if (QTest::currentTestFailed()) {
            qWarning("invariant broken at step %d", step);
            return;
        }
    }
}

void tst_ImageCache::insertByStringReplacesOldEntry()
{
    ImageCache cache;
    const QImage first = makeImage(32, 32, Qt::red);   // 4 KiB
    const QImage second = makeImage(64, 64, Qt::blue); // 16 KiB
    QVERIFY(cache.insert(QStringLiteral("a"), first));
    QVERIFY(cache.insert(QStringLiteral("a"), second));

    QCOMPARE(cache.count(), 1);
    QCOMPARE(qint64(cache.totalUsed()), ImageCache::costOf(second));
    QImage out;
    QVERIFY(cache.find(QStringLiteral("a"), &out));
    QVERIFY(sameImage(out, second));

    const CacheStats stats = cache.stats();
    QCOMPARE(stats.insertions, quint64(2));
    QCOMPARE(stats.evictionsFor(EvictionCause::Replaced), quint64(1));
    QCOMPARE(stats.evictedKb, quint64(ImageCache::costOf(first)));
    checkInvariants(cache);
}

void tst_ImageCache::rejectedInsertDropsOldEntry()
{
    ImageCache cache(FourSlotLimitKb);
    QVERIFY(cache.insert(QStringLiteral("a"), entryImage()));
    QVERIFY(cache.insert(QStringLiteral("other"), entryImage()));

    const QImage tooCostly = imageOfCost(FourSlotLimitKb + 1);
    QVERIFY(!cache.insert(QStringLiteral("a"), tooCostly));
    // As QPixmapCache: the old entry under that key is gone anyway...
    QVERIFY(!cache.contains(QStringLiteral("a")));
    QImage out;
    QVERIFY(!cache.find(QStringLiteral("a"), &out));
    QVERIFY(out.isNull());
    // ...but nothing else was trimmed for an image that was never going to fit.
    QVERIFY(cache.contains(QStringLiteral("other")));
    QCOMPARE(cache.count(), 1);
    QCOMPARE(cache.totalUsed(), EntryKb);
    QCOMPARE(cache.stats().evictionsFor(EvictionCause::Replaced), quint64(1));
    QCOMPARE(cache.stats().evictionsFor(EvictionCause::CostLimit), quint64(0));

    // A rejected insert under a new key changes nothing.
    const CacheStats before = cache.stats();
    QVERIFY(!cache.insert(QStringLiteral("new"), tooCostly));
    QCOMPARE(cache.count(), 1);
    QCOMPARE(cache.stats().evictions, before.evictions);
    QCOMPARE(cache.stats().insertions, before.insertions);
    checkInvariants(cache);
}

void tst_ImageCache::costEqualToLimitIsAccepted()
{
    ImageCache cache(FourSlotLimitKb);
    fillFourSlots(cache);
    if (QTest::currentTestFailed())
        return;
    const QImage exactlyTheLimit = imageOfCost(FourSlotLimitKb);
    QVERIFY(cache.insert(QStringLiteral("big"), exactlyTheLimit));
    QCOMPARE(cache.count(), 1);
    QCOMPARE(cache.totalUsed(), FourSlotLimitKb);
    QVERIFY(cache.contains(QStringLiteral("big")));

    const ImageCache::Key key = cache.insert(exactlyTheLimit);
    QVERIFY(key.isValid());
    QCOMPARE(cache.count(), 1);
    QVERIFY(!cache.contains(QStringLiteral("big")));
    checkInvariants(cache);
}

void tst_ImageCache::insertImageReturnsKey()
{
    ImageCache cache(FourSlotLimitKb);
    const QImage image = entryImage();
    const ImageCache::Key key = cache.insert(image);
    QVERIFY(key.isValid());
    QCOMPARE(cache.count(), 1);
    QImage out;
    QVERIFY(cache.find(key, &out));
    QVERIFY(sameImage(out, image));
    // Entries inserted by handle have no string key.
    QCOMPARE(cache.entries().value(0).key, QString());

    const ImageCache::Key rejected = cache.insert(imageOfCost(FourSlotLimitKb + 1));
    QVERIFY(!rejected.isValid());
    QVERIFY(rejected != key);
    QCOMPARE(cache.count(), 1);
    QVERIFY(key.isValid());
    checkInvariants(cache);
}

void tst_ImageCache::replaceByKey()
{
    ImageCache cache;
    const QImage replacement = makeImage(32, 32, Qt::yellow);

    QVERIFY(!cache.replace(ImageCache::Key(), replacement));
    QCOMPARE(cache.count(), 0);

    const ImageCache::Key stale = cache.insert(makeImage(8, 8));
    cache.remove(stale);
    QVERIFY(!cache.replace(stale, replacement));
    QCOMPARE(cache.count(), 0);
    QVERIFY(!stale.isValid());

    const QImage original = makeImage(16, 16, Qt::red);
    const ImageCache::Key key = cache.insert(original);
    const ImageCache::Key copy = key;
    QVERIFY(cache.replace(key, replacement));
    QVERIFY(key.isValid());
    QVERIFY(copy.isValid()); // copies share the handle, unlike QPixmapCache's replace
    QCOMPARE(copy, key);
    QCOMPARE(cache.count(), 1);
    QCOMPARE(qint64(cache.totalUsed()), ImageCache::costOf(replacement));
    QImage out;
    QVERIFY(cache.find(copy, &out));
    QVERIFY(sameImage(out, replacement));
    QCOMPARE(cache.entries().value(0).size, replacement.size());
    checkInvariants(cache);
}

void tst_ImageCache::replaceByKeyMakesRoomWithoutEvictingItself()
{
    ImageCache cache(FourSlotLimitKb, EvictionPolicy::Lru);
    // The handle entry is the oldest, i.e. the first LRU victim.
    const ImageCache::Key key = cache.insert(entryImage());
    for (const char *name : {"b", "c", "d"})
        QVERIFY(cache.insert(QLatin1String(name), entryImage()));

    const QImage twoSlots = imageOfCost(2 * EntryKb);
    QVERIFY(cache.replace(key, twoSlots)); // fits the limit, so the key must stay valid
    QVERIFY(key.isValid());
    QImage out;
    QVERIFY(cache.find(key, &out));
    QVERIFY(sameImage(out, twoSlots));
    QVERIFY(cache.totalUsed() <= FourSlotLimitKb);
    QCOMPARE(cache.count(), 3);
    checkInvariants(cache);
}

void tst_ImageCache::replaceByKeyTooCostlyDropsEntry()
{
    ImageCache cache(FourSlotLimitKb);
    const QImage original = entryImage();
    const ImageCache::Key key = cache.insert(original);
    QVERIFY(cache.insert(QStringLiteral("other"), entryImage()));

    QVERIFY(!cache.replace(key, imageOfCost(FourSlotLimitKb + 1)));
    QVERIFY(!key.isValid());
    QCOMPARE(cache.count(), 1);
    QVERIFY(cache.contains(QStringLiteral("other")));
    QVERIFY(original.isDetached()); // the old image was released too
    checkInvariants(cache);
}

void tst_ImageCache::removeByStringAndKey()
{
    ImageCache cache;
    QVERIFY(cache.insert(QStringLiteral("a"), entryImage()));
    const ImageCache::Key key = cache.insert(entryImage());
    const ImageCache::Key keyCopy = key;
    QCOMPARE(cache.count(), 2);

    // Absent or invalid: no-ops that count nothing.
    const CacheStats before = cache.stats();
    cache.remove(QStringLiteral("absent"));
    cache.remove(ImageCache::Key());
    QCOMPARE(cache.count(), 2);
    QCOMPARE(cache.stats().evictions, before.evictions);

    cache.remove(QStringLiteral("a"));
    QVERIFY(!cache.contains(QStringLiteral("a")));
    QCOMPARE(cache.count(), 1);
    QCOMPARE(cache.stats().evictionsFor(EvictionCause::Removed), quint64(1));

    cache.remove(key);
    QVERIFY(!key.isValid());
    QVERIFY(!keyCopy.isValid());
    QCOMPARE(cache.count(), 0);
    QCOMPARE(cache.totalUsed(), 0);
    QCOMPARE(cache.stats().evictionsFor(EvictionCause::Removed), quint64(2));

    // Removing again (now stale) is a no-op.
    cache.remove(keyCopy);
    cache.remove(QStringLiteral("a"));
    QCOMPARE(cache.stats().evictionsFor(EvictionCause::Removed), quint64(2));
    checkInvariants(cache);
}

void tst_ImageCache::clearInvalidatesEveryKey()
{
    constexpr int HandleCount = 5;
    ImageCache cache;
    QList<ImageCache::Key> keys;
    for (int i = 0; i < HandleCount; ++i)
        keys.append(cache.insert(entryImage()));
    QVERIFY(cache.insert(QStringLiteral("s1"), entryImage()));
    QVERIFY(cache.insert(QStringLiteral("s2"), entryImage()));
    const int entriesBefore = cache.count();
    const int usedBefore = cache.totalUsed();

    cache.clear();
    QCOMPARE(cache.count(), 0);
    QCOMPARE(cache.totalUsed(), 0);
    QVERIFY(cache.entries().isEmpty());
    for (const ImageCache::Key &key : std::as_const(keys)) {
        QVERIFY(!key.isValid());
        QVERIFY(!cache.find(key, nullptr));
    }
    QVERIFY(!cache.find(QStringLiteral("s1"), nullptr));
    QVERIFY(!cache.contains(QStringLiteral("s2")));
    const CacheStats stats = cache.stats();
    QCOMPARE(stats.evictionsFor(EvictionCause::Cleared), quint64(entriesBefore));
    QCOMPARE(stats.evictedKb, quint64(usedBefore));
    QVERIFY(!cache.isFlushTimerActive());

    // Still works, and new keys never make the old ones valid again (QPixmapCache's clear()
    // restarts its ids at 1).
    QList<ImageCache::Key> fresh;
    for (int i = 0; i < HandleCount; ++i) {
        fresh.append(cache.insert(entryImage(Qt::cyan)));
        QVERIFY(fresh.last().isValid());
    }
    for (const ImageCache::Key &key : std::as_const(keys)) {
        QVERIFY(!key.isValid());
        QVERIFY(!cache.find(key, nullptr));
        QVERIFY(!fresh.contains(key));
    }
    QVERIFY(cache.insert(QStringLiteral("s1"), entryImage()));
    QVERIFY(cache.find(QStringLiteral("s1"), nullptr));
    checkInvariants(cache);
}

void tst_ImageCache::emptyStringKey()
{
    ImageCache cache;
    const QImage image = entryImage();
    QVERIFY(!cache.insert(QString(), image));
    QVERIFY(!cache.insert(QStringLiteral(""), image));
    QCOMPARE(cache.count(), 0);
    QVERIFY(image.isDetached()); // not stored anywhere

    QImage sentinel = makeImage(2, 2);
    const qint64 sentinelKey = sentinel.cacheKey();
    QVERIFY(!cache.find(QString(), &sentinel));
    QCOMPARE(sentinel.cacheKey(), sentinelKey);
    QVERIFY(!cache.contains(QString()));
    cache.remove(QString());
    QCOMPARE(cache.stats().evictions, quint64(0));
    // An empty key is not a lookup at all, so it is neither a hit nor a miss.
    QCOMPARE(cache.stats().misses, quint64(0));
    QCOMPARE(cache.stats().insertions, quint64(0));

    // An invalid handle behaves the same way.
    QVERIFY(!cache.find(ImageCache::Key(), &sentinel));
    QCOMPARE(sentinel.cacheKey(), sentinelKey);
    QCOMPARE(cache.stats().misses, quint64(0));
}

void tst_ImageCache::keyValueSemantics()
{
    using Key = ImageCache::Key;
    constexpr size_t Seed = 42;
    ImageCache cache;

    const Key null1, null2;
    QVERIFY(!null1.isValid());
    QVERIFY(null1 == null2);
    QVERIFY(!(null1 != null2));
    QCOMPARE(qHash(null1), qHash(null2));
    QCOMPARE(qHash(null1, Seed), qHash(null2, Seed));

    const Key key = cache.insert(entryImage());
    const Key other = cache.insert(entryImage());
    QVERIFY(key.isValid());
    QVERIFY(key != null1);
    QVERIFY(key != other); // identity, not content: both images are equal

    Key copy(key);
    QVERIFY(copy == key);
    QVERIFY(!(copy != key));
    QCOMPARE(qHash(copy), qHash(key));
    QCOMPARE(qHash(copy, Seed), qHash(key, Seed));

    Key assigned;
    assigned = key;
    QCOMPARE(assigned, key);

    Key moved(std::move(copy));
    QCOMPARE(moved, key);
    QVERIFY(moved.isValid());
    QVERIFY(!copy.isValid()); // NOLINT(bugprone-use-after-move): a moved-from key is null

    Key moveAssigned;
    moveAssigned = std::move(assigned);
    QCOMPARE(moveAssigned, key);

    Key s1 = key, s2 = other;
    s1.swap(s2);
    QCOMPARE(s1, other);
    QCOMPARE(s2, key);
    std::swap(s1, s2);
    QCOMPARE(s1, key);
    QCOMPARE(s2, other);

    // Usable in Qt's hashed containers.
    const QSet<Key> set{key, other, moved, moveAssigned};
    QCOMPARE(set.size(), 2);
    QVERIFY(set.contains(key));
    QVERIFY(set.contains(other));
    QVERIFY(!set.contains(null1));

    // Copies share validity; equality survives invalidation.
    cache.remove(key);
    QVERIFY(!moved.isValid());
    QVERIFY(!moveAssigned.isValid());
    QCOMPARE(moved, key);
    QCOMPARE(qHash(moved, Seed), qHash(key, Seed));
    QVERIFY(other.isValid());
}

void tst_ImageCache::staleKeyNeverFindsReusedSlot()
{
    constexpr int Rounds = 200;
    constexpr int LiveKeys = 3; // keep a few alive so slots are reused in varying order
    ImageCache cache;

    const QImage staleImage = makeImage(8, 8, Qt::black);
    const ImageCache::Key stale = cache.insert(staleImage);
    QVERIFY(stale.isValid());
    cache.remove(stale);
    QVERIFY(!stale.isValid());

    QList<ImageCache::Key> live;
    for (int round = 0; round < Rounds; ++round) {
        const QImage image = makeImage(8, 8, QColor::fromHsv(round % 360, 255, 255));
        const ImageCache::Key fresh = cache.insert(image);
        QVERIFY(fresh.isValid());
        QVERIFY(fresh != stale);
        QVERIFY(!stale.isValid());

        QImage out;
        QVERIFY(!cache.find(stale, &out));
        QVERIFY(out.isNull());
        QVERIFY(!cache.replace(stale, staleImage));
        const int countBefore = cache.count();
        cache.remove(stale); // must not remove whatever reuses its slot
        QCOMPARE(cache.count(), countBefore);
        QVERIFY(fresh.isValid());
        QVERIFY(cache.find(fresh, &out));
        QVERIFY(sameImage(out, image));

        live.append(fresh);
        if (live.size() > LiveKeys) {
            // Remove from the middle as well as the ends so free slots come back in odd orders.
            const ImageCache::Key victim = live.takeAt((round * 7) % live.size());
            cache.remove(victim);
            QVERIFY(!victim.isValid());
            QVERIFY(!cache.find(victim, nullptr));
        }
    }
    QVERIFY(staleImage.isDetached());
    checkInvariants(cache);
}

void tst_ImageCache::evictedKeyBecomesInvalid()
{
    ImageCache cache(2 * EntryKb, EvictionPolicy::Lru);
    const ImageCache::Key first = cache.insert(entryImage());
    const ImageCache::Key second = cache.insert(entryImage());
    const ImageCache::Key third = cache.insert(entryImage()); // evicts first
    QVERIFY(!first.isValid());
    QVERIFY(second.isValid());
    QVERIFY(third.isValid());
    QVERIFY(!cache.find(first, nullptr));

    // Its slot gets reused by later inserts; the evicted key still finds nothing.
    for (int i = 0; i < SlotCount; ++i) {
        const ImageCache::Key later = cache.insert(entryImage());
        QVERIFY(later.isValid());
        QVERIFY(!first.isValid());
        QVERIFY(!cache.find(first, nullptr));
    }
}

void tst_ImageCache::keysFromAnotherCacheFindNothing()
{
    ImageCache a;
    ImageCache b;
    const QImage imageA = makeImage(16, 16, Qt::red);
    const QImage imageB = makeImage(16, 16, Qt::blue);
    // Both caches are fresh, so these likely share a slot index and generation.
    const ImageCache::Key keyA = a.insert(imageA);
    const ImageCache::Key keyB = b.insert(imageB);
    QVERIFY(keyA.isValid());
    QVERIFY(keyB.isValid());
    QVERIFY(keyA != keyB);

    QImage out;
    QVERIFY(!b.find(keyA, &out));
    QVERIFY(out.isNull());
    QVERIFY(!b.replace(keyA, makeImage(4, 4)));
    b.remove(keyA);
    QCOMPARE(b.count(), 1);
    QVERIFY(keyB.isValid());
    QVERIFY(b.find(keyB, &out));
    QVERIFY(sameImage(out, imageB));

    // Nothing that happened in b touched a's entry.
    QVERIFY(keyA.isValid());
    QVERIFY(a.find(keyA, &out));
    QVERIFY(sameImage(out, imageA));
}

void tst_ImageCache::findWithNullImagePointer()
{
    ImageCache cache;
    QVERIFY(cache.insert(QStringLiteral("a"), entryImage()));
    const ImageCache::Key key = cache.insert(entryImage());
    QVERIFY(cache.find(QStringLiteral("a"), nullptr));
    QVERIFY(cache.find(key, nullptr));
    QVERIFY(!cache.find(QStringLiteral("absent"), nullptr));
    const CacheStats stats = cache.stats();
    QCOMPARE(stats.hits, quint64(2));
    QCOMPARE(stats.misses, quint64(1));
}

void tst_ImageCache::missLeavesImageUntouched()
{
    ImageCache cache;
    const ImageCache::Key stale = cache.insert(entryImage());
    cache.remove(stale);

    QImage sentinel = makeImage(3, 3, Qt::magenta);
    const qint64 sentinelKey = sentinel.cacheKey();
    QVERIFY(!cache.find(QStringLiteral("absent"), &sentinel));
    QCOMPARE(sentinel.cacheKey(), sentinelKey);
    QCOMPARE(cache.stats().misses, quint64(1));
    QVERIFY(!cache.find(stale, &sentinel));
    QCOMPARE(sentinel.cacheKey(), sentinelKey);
    QCOMPARE(cache.stats().hits, quint64(0));
}

void tst_ImageCache::noLeakedImages_data()
{
    QTest::addColumn<LeakScenario>("scenario");
    QTest::newRow("remove by string") << LeakScenario::RemoveByString;
    QTest::newRow("remove by key") << LeakScenario::RemoveByKey;
    QTest::newRow("clear") << LeakScenario::Clear;
    QTest::newRow("cost eviction") << LeakScenario::CostEviction;
    QTest::newRow("replace by string") << LeakScenario::ReplaceByString;
    QTest::newRow("replace by key") << LeakScenario::ReplaceByKey;
    QTest::newRow("flush") << LeakScenario::Flush;
    QTest::newRow("rejected insert") << LeakScenario::RejectedInsert;
    QTest::newRow("limit zero") << LeakScenario::LimitZero;
    QTest::newRow("cache destroyed") << LeakScenario::CacheDestroyed;
}

// The cache must drop its copy of an image as soon as the entry leaves (before the call returns).
void tst_ImageCache::noLeakedImages()
{
    QFETCH(LeakScenario, scenario);
    const QImage held = entryImage(Qt::darkRed);
    QVERIFY(held.isDetached());

    auto cache = std::make_unique<ImageCache>(FourSlotLimitKb, EvictionPolicy::Lru);
    const QString name = QStringLiteral("held");
    ImageCache::Key key;
    if (scenario == LeakScenario::RemoveByKey || scenario == LeakScenario::ReplaceByKey)
        key = cache->insert(held);
    else if (scenario != LeakScenario::RejectedInsert)
        QVERIFY(cache->insert(name, held));
    if (scenario != LeakScenario::RejectedInsert)
        QVERIFY(!held.isDetached()); // the cache shares it now

    switch (scenario) {
    case LeakScenario::RemoveByString:
        cache->remove(name);
        break;
    case LeakScenario::RemoveByKey:
        cache->remove(key);
        break;
    case LeakScenario::Clear:
        cache->clear();
        break;
    case LeakScenario::CostEviction:
        for (int i = 0; i < SlotCount; ++i)
            QVERIFY(cache->insert(QStringLiteral("filler%1").arg(i), entryImage()));
        QVERIFY(!cache->contains(name));
        break;
    case LeakScenario::ReplaceByString:
        QVERIFY(cache->insert(name, entryImage(Qt::white)));
        break;
    case LeakScenario::ReplaceByKey:
        QVERIFY(cache->replace(key, entryImage(Qt::white)));
        break;
    case LeakScenario::Flush:
        QVERIFY(cache->flush(FlushMode::Busy));
        QCOMPARE(cache->count(), 0);
        break;
    case LeakScenario::RejectedInsert: {
        const QImage tooBig = imageOfCost(FourSlotLimitKb + 1);
        QVERIFY(!cache->insert(name, tooBig));
        QVERIFY(tooBig.isDetached());
        QVERIFY(!cache->insert(tooBig).isValid());
        QVERIFY(tooBig.isDetached());
        return;
    }
    case LeakScenario::LimitZero:
        cache->setCacheLimit(0);
        break;
    case LeakScenario::CacheDestroyed:
        cache.reset();
        break;
    }
    QVERIFY2(held.isDetached(), "the cache still holds a copy of an image that left it");
}

void tst_ImageCache::lruFindPromotes_data()
{
    QTest::addColumn<bool>("byKey");
    QTest::newRow("by string") << false;
    QTest::newRow("by key") << true;
}

void tst_ImageCache::lruFindPromotes()
{
    QFETCH(bool, byKey);
    ImageCache cache(FourSlotLimitKb, EvictionPolicy::Lru);
    const QString oldest = QStringLiteral("oldest");
    ImageCache::Key oldestKey;
    if (byKey)
        oldestKey = cache.insert(entryImage());
    else
        QVERIFY(cache.insert(oldest, entryImage()));
    for (const char *name : {"b", "c", "d"})
        QVERIFY(cache.insert(QLatin1String(name), entryImage()));

    QVERIFY(byKey ? cache.find(oldestKey, nullptr) : cache.find(oldest, nullptr));
    QVERIFY(cache.insert(QStringLiteral("e"), entryImage()));

    QVERIFY(byKey ? oldestKey.isValid() : cache.contains(oldest)); // promoted, so it survived
    QVERIFY(!cache.contains(QStringLiteral("b")));                 // the next-oldest went instead
    QVERIFY(cache.contains(QStringLiteral("c")));
    QVERIFY(cache.contains(QStringLiteral("d")));
    QVERIFY(cache.contains(QStringLiteral("e")));

    QVERIFY(cache.insert(QStringLiteral("f"), entryImage()));
    QVERIFY(!cache.contains(QStringLiteral("c")));
}

void tst_ImageCache::sieveVisitedEntrySurvivesOnePass()
{
    ImageCache cache(FourSlotLimitKb, EvictionPolicy::Sieve);
    fillFourSlots(cache);
    if (QTest::currentTestFailed())
        return;

    QVERIFY(cache.find(QStringLiteral("a"), nullptr));
    QVERIFY(cache.find(QStringLiteral("c"), nullptr));
    QVERIFY(cache.insert(QStringLiteral("e"), entryImage()));
    QVERIFY(cache.contains(QStringLiteral("a"))); // visited: spared although oldest
    QVERIFY(!cache.contains(QStringLiteral("b"))); // unvisited older entry goes first
    QVERIFY(cache.insert(QStringLiteral("f"), entryImage()));
    QVERIFY(cache.contains(QStringLiteral("c")));  // visited: spared
    QVERIFY(!cache.contains(QStringLiteral("d"))); // unvisited: evicted
    QVERIFY(cache.contains(QStringLiteral("a")));
    QCOMPARE(cache.count(), SlotCount);
    QCOMPARE(cache.stats().evictionsFor(EvictionCause::CostLimit), quint64(2));
}

// LRU hits are buffered per reader thread and applied in batches; the order must still be exact,
// also when a buffer fills up between two writes (far more hits than the buffer holds).
void tst_ImageCache::lruOrderIsExactAfterManyBufferedHits()
{
    constexpr int EntryCount = 200;
    constexpr int Rounds = 3;
    ImageCache cache(EntryCount, EvictionPolicy::Lru); // 1 KiB each
    for (int i = 0; i < EntryCount; ++i)
        QVERIFY(cache.insert(QStringLiteral("k%1").arg(i), imageOfCost(1)));
    QStringList expected;
    for (int round = 0; round < Rounds; ++round) {
        expected.clear();
        // A fixed permutation per round: i * 7919 mod 200 visits every entry once.
        for (int i = 0; i < EntryCount; ++i) {
            const QString key = QStringLiteral("k%1").arg((i * 7919 + round * 13) % EntryCount);
            QVERIFY(cache.find(key, nullptr));
            expected.append(key);
        }
    }
    QCOMPARE(entryKeys(cache.entries()), expected); // least recently used first
    // And the eviction that follows takes the true LRU entry.
    QVERIFY(cache.insert(QStringLiteral("new"), imageOfCost(1)));
    QVERIFY(!cache.contains(expected.first()));
    QVERIFY(cache.contains(expected.at(1)));
}

void tst_ImageCache::sieveEntryFoundEveryRoundSurvives()
{
    constexpr int Rounds = 3 * SlotCount;
    ImageCache cache(FourSlotLimitKb, EvictionPolicy::Sieve);
    fillFourSlots(cache);
    if (QTest::currentTestFailed())
        return;
    for (int round = 0; round < Rounds; ++round) {
        QVERIFY(cache.find(QStringLiteral("a"), nullptr));
        QVERIFY(cache.insert(QStringLiteral("new%1").arg(round), entryImage()));
        QVERIFY2(cache.contains(QStringLiteral("a")), qPrintable(QString::number(round)));
        QCOMPARE(cache.count(), SlotCount);
    }
}

void tst_ImageCache::visitIsSpentByOnePass_data()
{
    addPolicyRows();
}

// One hit buys one reprieve, not immortality: once every other entry has been used more recently,
// the once-found entry is the victim again.
void tst_ImageCache::visitIsSpentByOnePass()
{
    QFETCH(EvictionPolicy, policy);
    ImageCache cache(FourSlotLimitKb, policy);
    fillFourSlots(cache);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(cache.find(QStringLiteral("a"), nullptr));
    QVERIFY(cache.insert(QStringLiteral("e"), entryImage())); // evicts b, spares a
    QVERIFY(cache.contains(QStringLiteral("a")));
    QVERIFY(!cache.contains(QStringLiteral("b")));
    for (const char *name : {"c", "d", "e"})
        QVERIFY(cache.find(QLatin1String(name), nullptr));
    QVERIFY(cache.insert(QStringLiteral("f"), entryImage()));
    QVERIFY(!cache.contains(QStringLiteral("a")));
    for (const char *name : {"c", "d", "e", "f"})
        QVERIFY(cache.contains(QLatin1String(name)));
}

void tst_ImageCache::containsNeitherCountsNorPromotes()
{
    ImageCache cache(FourSlotLimitKb, EvictionPolicy::Lru);
    fillFourSlots(cache);
    if (QTest::currentTestFailed())
        return;
    constexpr int Repeats = 3;
    for (int i = 0; i < Repeats; ++i)
        QVERIFY(cache.contains(QStringLiteral("a")));
    QVERIFY(!cache.contains(QStringLiteral("absent")));
    QCOMPARE(cache.stats().hits, quint64(0));
    QCOMPARE(cache.stats().misses, quint64(0));
    QCOMPARE(cache.entries().value(0).hits, quint32(0));

    QVERIFY(cache.insert(QStringLiteral("e"), entryImage()));
    QVERIFY(!cache.contains(QStringLiteral("a"))); // still the LRU victim
    QVERIFY(cache.contains(QStringLiteral("b")));
}

void tst_ImageCache::statsCounters()
{
    ImageCache cache(FourSlotLimitKb, EvictionPolicy::Lru);
    {
        const CacheStats zero = cache.stats();
        QCOMPARE(zero.hits, quint64(0));
        QCOMPARE(zero.misses, quint64(0));
        QCOMPARE(zero.insertions, quint64(0));
        QCOMPARE(zero.evictions, quint64(0));
        QCOMPARE(zero.evictedKb, quint64(0));
        QCOMPARE(zero.flushTicks, quint64(0));
        QCOMPARE(zero.errors, quint64(0));
        QCOMPARE(zero.peakUsed, 0);
        QCOMPARE(zero.hitRate(), 0.0);
        QCOMPARE(zero.cacheLimit, FourSlotLimitKb);
    }

    QVERIFY(cache.insert(QStringLiteral("a"), entryImage()));
    QVERIFY(cache.insert(QStringLiteral("b"), entryImage()));
    QVERIFY(cache.find(QStringLiteral("a"), nullptr));
    QVERIFY(!cache.find(QStringLiteral("zz"), nullptr));
    QCOMPARE(cache.stats().hits, quint64(1));
    QCOMPARE(cache.stats().misses, quint64(1));
    QCOMPARE(cache.stats().hitRate(), 0.5);

    QVERIFY(cache.insert(QStringLiteral("a"), entryImage())); // Replaced: a, order b, a
    cache.remove(QStringLiteral("b"));                         // Removed: b, order a
    for (const char *name : {"c", "d", "e", "f"})               // CostLimit: a
        QVERIFY(cache.insert(QLatin1String(name), entryImage()));
    QVERIFY(cache.flush(FlushMode::Busy));                      // FlushTimer: c
    QCOMPARE(cache.count(), 3);
    cache.clear();                                              // Cleared: d, e, f

    const CacheStats stats = cache.stats();
    QCOMPARE(stats.insertions, quint64(7));
    QCOMPARE(stats.evictionsFor(EvictionCause::Replaced), quint64(1));
    QCOMPARE(stats.evictionsFor(EvictionCause::Removed), quint64(1));
    QCOMPARE(stats.evictionsFor(EvictionCause::CostLimit), quint64(1));
    QCOMPARE(stats.evictionsFor(EvictionCause::FlushTimer), quint64(1));
    QCOMPARE(stats.evictionsFor(EvictionCause::Cleared), quint64(3));
    QCOMPARE(stats.evictions, quint64(7));
    QCOMPARE(stats.evictedKb, quint64(7 * EntryKb));
    QCOMPARE(stats.flushTicks, quint64(1));
    QCOMPARE(stats.peakUsed, FourSlotLimitKb);
    QCOMPARE(stats.count, 0);
    QCOMPARE(stats.totalUsed, 0);
    QCOMPARE(stats.hits, quint64(1));
    QCOMPARE(stats.misses, quint64(1));
    checkInvariants(cache);
}

void tst_ImageCache::statsSnapshotsAreMonotonic()
{
    constexpr int Rounds = 50;
    ImageCache cache(FourSlotLimitKb);
    CacheStats previous = cache.stats();
    for (int i = 0; i < Rounds; ++i) {
        cache.insert(QStringLiteral("k%1").arg(i % 7), entryImage());
        cache.find(QStringLiteral("k%1").arg(i % 5), nullptr);
        if (i % 10 == 9)
            cache.clear();
        const CacheStats now = cache.stats();
        QVERIFY(now.hits >= previous.hits);
        QVERIFY(now.misses >= previous.misses);
        QVERIFY(now.insertions >= previous.insertions);
        QVERIFY(now.evictions >= previous.evictions);
        QVERIFY(now.evictedKb >= previous.evictedKb);
        QVERIFY(now.peakUsed >= previous.peakUsed);
        QVERIFY(now.peakUsed <= FourSlotLimitKb);
        for (int c = 0; c < EvictionCauseCount; ++c)
            QVERIFY(now.evictionsByCause[c] >= previous.evictionsByCause[c]);
        previous = now;
    }
    QVERIFY(previous.hits > 0);
    QVERIFY(previous.misses > 0);
}

void tst_ImageCache::entriesInEvictionOrder()
{
    ImageCache cache(ImageCache::DefaultCacheLimitKb, EvictionPolicy::Lru);
    const QImage imageA = makeImage(64, 64);   // 16 KiB
    const QImage imageK = makeImage(32, 32);   // 4 KiB
    const QImage imageC = makeImage(128, 128); // 64 KiB
    QVERIFY(cache.insert(QStringLiteral("a"), imageA));
    const ImageCache::Key key = cache.insert(imageK);
    QVERIFY(cache.insert(QStringLiteral("c"), imageC));
    QVERIFY(cache.find(QStringLiteral("a"), nullptr));
    QVERIFY(cache.find(QStringLiteral("a"), nullptr));
    QVERIFY(cache.find(key, nullptr));

    const CacheStats statsBefore = cache.stats();
    const auto entries = cache.entries();
    // Least recently used first: c (inserted last, never found), then a, then the handle entry.
    QCOMPARE(entryKeys(entries), (QStringList{QStringLiteral("c"), QStringLiteral("a"), QString()}));
    QCOMPARE(entries.at(0).size, imageC.size());
    QCOMPARE(entries.at(1).size, imageA.size());
    QCOMPARE(entries.at(2).size, imageK.size());
    QCOMPARE(entries.at(0).costKb, qint64(64));
    QCOMPARE(entries.at(1).costKb, qint64(16));
    QCOMPARE(entries.at(2).costKb, qint64(4));
    QCOMPARE(entries.at(0).hits, quint32(0));
    QCOMPARE(entries.at(1).hits, quint32(2));
    QCOMPARE(entries.at(2).hits, quint32(1));
    QSet<quint64> ids;
    for (const auto &e : entries) {
        QCOMPARE(e.depth, TestDepth);
        QVERIFY(e.entryId != 0);
        QVERIFY(e.lastAccess >= e.inserted);
        ids.insert(e.entryId);
    }
    QCOMPARE(ids.size(), entries.size());

    // Reading twice changes neither the statistics nor the order.
    const auto again = cache.entries();
    QCOMPARE(entryKeys(again), entryKeys(entries));
    const CacheStats statsAfter = cache.stats();
    QCOMPARE(statsAfter.hits, statsBefore.hits);
    QCOMPARE(statsAfter.misses, statsBefore.misses);

    // ...and the order is the real one: trimming by one byte's worth evicts the first entry.
    cache.setCacheLimit(cache.totalUsed() - 1);
    QVERIFY(!cache.contains(QStringLiteral("c")));
    QVERIFY(cache.contains(QStringLiteral("a")));
    QVERIFY(key.isValid());
}

void tst_ImageCache::firstEntryIsNextVictim_data()
{
    addPolicyRows();
}

void tst_ImageCache::firstEntryIsNextVictim()
{
    QFETCH(EvictionPolicy, policy);
    ImageCache cache(FourSlotLimitKb, policy);
    fillFourSlots(cache);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(cache.find(QStringLiteral("a"), nullptr));
    QVERIFY(cache.find(QStringLiteral("b"), nullptr));

    constexpr int Rounds = 6;
    for (int round = 0; round < Rounds; ++round) {
        const QString nextVictim = cache.entries().value(0).key;
        QVERIFY(!nextVictim.isEmpty());
        QVERIFY(cache.insert(QStringLiteral("n%1").arg(round), entryImage()));
        QVERIFY2(!cache.contains(nextVictim),
                 qPrintable(QStringLiteral("entries() said %1 goes next").arg(nextVictim)));
        if (round % 2 == 0) // keep some visited bits around
            QVERIFY(cache.find(QStringLiteral("n%1").arg(round), nullptr));
    }
}

void tst_ImageCache::peekDoesNotCountOrPromote()
{
    ImageCache cache(FourSlotLimitKb, EvictionPolicy::Lru);
    const QImage imageA = entryImage(Qt::darkBlue);
    QVERIFY(cache.insert(QStringLiteral("a"), imageA));
    for (const char *name : {"b", "c", "d"})
        QVERIFY(cache.insert(QLatin1String(name), entryImage()));

    QVERIFY(sameImage(cache.peek(QStringLiteral("a")), imageA));
    QVERIFY(cache.peek(QStringLiteral("absent")).isNull());
    const quint64 idOfA = cache.entries().value(0).entryId;
    QVERIFY(sameImage(cache.peek(idOfA), imageA));
    QVERIFY(cache.peek(quint64(0)).isNull());
    QCOMPARE(cache.stats().hits, quint64(0));
    QCOMPARE(cache.stats().misses, quint64(0));
    QCOMPARE(cache.entries().value(0).hits, quint32(0));

    QVERIFY(cache.insert(QStringLiteral("e"), entryImage()));
    QVERIFY(!cache.contains(QStringLiteral("a"))); // not promoted by peek
    QVERIFY(cache.peek(idOfA).isNull());           // ids are never reused for other entries
}

void tst_ImageCache::inUseWhileCallerHoldsCopy()
{
    ImageCache cache;
    QVERIFY(cache.insert(QStringLiteral("a"), entryImage())); // a temporary: only the cache has it
    QCOMPARE(cache.entries().value(0).inUse, false);

    QImage held;
    QVERIFY(cache.find(QStringLiteral("a"), &held));
    QCOMPARE(cache.entries().value(0).inUse, true);

    held = QImage();
    QCOMPARE(cache.entries().value(0).inUse, false);

    QImage peeked = cache.peek(QStringLiteral("a"));
    QCOMPARE(cache.entries().value(0).inUse, true);
    peeked = QImage();
    QCOMPARE(cache.entries().value(0).inUse, false);
}

void tst_ImageCache::recordErrorCountsErrors()
{
    ImageCache cache;
    cache.recordError(QStringLiteral("broken.png"), QStringLiteral("corrupt file"));
    cache.recordError(QStringLiteral("missing.png"), QStringLiteral("no such file"));
    const CacheStats stats = cache.stats();
    QCOMPARE(stats.errors, quint64(2));
    QCOMPARE(stats.hits, quint64(0));
    QCOMPARE(stats.misses, quint64(0));
    QCOMPARE(stats.count, 0);
}

QTEST_GUILESS_MAIN(tst_ImageCache)
#include "tst_imagecache.moc"
