// Copyright (C) 2026 The CacheScope authors.
// Shared helpers for the core tests: test images with known costs and the cache invariants.
#pragma once

#include <CacheScope/imagecache.h>

#include <QtCore/qstring.h>
#include <QtGui/qcolor.h>
#include <QtGui/qimage.h>
#include <QtTest/qtest.h>

#include <algorithm>

namespace TestSupport {

using CacheScope::ImageCache;

// The data of a test that runs once per eviction policy: one column "policy", a row per policy.
inline void addPolicyRows()
{
    QTest::addColumn<CacheScope::EvictionPolicy>("policy");
    QTest::newRow("lru") << CacheScope::EvictionPolicy::Lru;
    QTest::newRow("sieve") << CacheScope::EvictionPolicy::Sieve;
}

// Every test image is 32-bit, so cost (KiB) = width * height * 4 / 1024.
inline constexpr QImage::Format TestFormat = QImage::Format_ARGB32_Premultiplied;
inline constexpr int TestDepth = 32;
// A row of this many 32-bit pixels costs exactly 1 KiB, so an image RowPixelsPerKb wide and
// N rows high costs exactly N KiB.
inline constexpr int RowPixelsPerKb = 256;

inline QImage makeImage(int width, int height, QColor colour = Qt::red)
{
    QImage image(width, height, TestFormat);
    image.fill(colour);
    return image;
}

// An image whose cost is exactly `kb` KiB (kb >= 1).
inline QImage imageOfCost(int kb, QColor colour = Qt::blue)
{
    return makeImage(RowPixelsPerKb, kb, colour);
}

// "The same image": copies of one QImage share data and so share cacheKey(); a deep copy does not.
inline bool sameImage(const QImage &a, const QImage &b)
{
    return !a.isNull() && a.cacheKey() == b.cacheKey();
}

// QPixmapCache's cost formula, written out independently of ImageCache::costOf().
inline qint64 expectedCostKb(qint64 width, qint64 height, qint64 depth)
{
    return std::max<qint64>(1, width * height * depth / 8 / 1024);
}

inline qint64 sumOfEntryCosts(const QList<CacheScope::CacheEntryInfo> &entries)
{
    qint64 sum = 0;
    for (const auto &e : entries)
        sum += e.costKb;
    return sum;
}

inline QStringList entryKeys(const QList<CacheScope::CacheEntryInfo> &entries)
{
    QStringList keys;
    for (const auto &e : entries)
        keys << e.key;
    return keys;
}

// The invariants that must hold whenever no other thread is using `cache` (and no flush tick runs
// in between). Use as: checkInvariants(cache); if (QTest::currentTestFailed()) return;
inline void checkInvariants(const ImageCache &cache)
{
    const int limit = cache.cacheLimit();
    const int used = cache.totalUsed();
    const int count = cache.count();
    const auto entries = cache.entries();
    const auto stats = cache.stats();

    QVERIFY2(used <= std::max(limit, 0),
             qPrintable(QStringLiteral("totalUsed %1 > limit %2").arg(used).arg(limit)));
    QVERIFY(used >= 0);
    QCOMPARE(entries.size(), qsizetype(count));
    QCOMPARE(sumOfEntryCosts(entries), qint64(used));
    QCOMPARE(stats.count, count);
    QCOMPARE(stats.totalUsed, used);
    QCOMPARE(stats.cacheLimit, limit);
    QVERIFY(stats.peakUsed >= used);
    quint64 byCause = 0;
    for (quint64 n : stats.evictionsByCause)
        byCause += n;
    QCOMPARE(stats.evictions, byCause);
    // Every entry that is in the cache was inserted and has not left it yet.
    QCOMPARE(stats.insertions - stats.evictions, quint64(count));
    for (const auto &e : entries) {
        QVERIFY(e.costKb >= 1);
        QCOMPARE(e.costKb, expectedCostKb(e.size.width(), e.size.height(), e.depth));
    }
}

} // namespace TestSupport
