// Copyright (C) 2026 The CacheScope authors.
// The inspector's thumbnail provider as any QML in the engine can reach it: whatever size is asked
// for, a thumbnail stays small, and only the URLs the entry model hands out show any pixels.
#include <cachemonitor.h>
#include <thumbnailprovider.h>

#include <QtCore/qregularexpression.h>
#include <QtTest/qtest.h>

#include <atomic>
#include <thread>

using namespace CacheScope;

namespace {

constexpr QLatin1StringView UrlScheme("image://cachescope-thumbnail/");

QImage picture(int width, int height)
{
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::darkMagenta);
    return image;
}

bool isBlank(const QImage &image)
{
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (qAlpha(image.pixel(x, y)) != 0)
                return false;
        }
    }
    return true;
}

// The provider's id for a thumbnail URL (what Qt passes to requestImage()).
QString idOf(const QString &url)
{
    return url.startsWith(UrlScheme) ? url.mid(UrlScheme.size()) : QString();
}

QStringList thumbnailUrls(CacheMonitor &monitor)
{
    QStringList urls;
    const EntryModel &model = *monitor.entries();
    for (int row = 0; row < model.rowCount(); ++row)
        urls.append(model.index(row).data(EntryModel::ThumbnailRole).toString());
    return urls;
}

} // namespace

class tst_ThumbnailProvider : public QObject
{
    Q_OBJECT

private slots:
    void requestedSizeIsClamped_data();
    void requestedSizeIsClamped();
    void urlsCarryUnguessableTokens();
    void guessedIdsShowNothing();
    void tokensDieWithTheirEntry();
    void makingAThumbnailDoesNotMarkTheEntryInUse();
};

void tst_ThumbnailProvider::requestedSizeIsClamped_data()
{
    constexpr int Max = ThumbnailProvider::MaxThumbnailSide;
    constexpr int Default = ThumbnailProvider::DefaultThumbnailSide;
    QTest::addColumn<QSize>("requested");
    QTest::addColumn<QSize>("box"); // what the thumbnail must fit in

    QTest::newRow("int max") << QSize(INT_MAX, INT_MAX) << QSize(Max, Max);
    QTest::newRow("huge") << QSize(100000, 100000) << QSize(Max, Max);
    QTest::newRow("huge width") << QSize(INT_MAX, 40) << QSize(Max, 40);
    QTest::newRow("just over") << QSize(Max + 1, Max + 1) << QSize(Max, Max);
    QTest::newRow("the maximum") << QSize(Max, Max) << QSize(Max, Max);
    QTest::newRow("zero") << QSize(0, 0) << QSize(Default, Default);
    QTest::newRow("negative") << QSize(-1, -1) << QSize(Default, Default);
    QTest::newRow("int min") << QSize(INT_MIN, INT_MIN) << QSize(Default, Default);
    QTest::newRow("mixed") << QSize(INT_MIN, INT_MAX) << QSize(Default, Max);
    QTest::newRow("small") << QSize(32, 20) << QSize(32, 20);
}

void tst_ThumbnailProvider::requestedSizeIsClamped()
{
    QFETCH(QSize, requested);
    QFETCH(QSize, box);
    ImageCache cache(100000);
    cache.insert(QStringLiteral("big"), picture(2000, 1500));
    CacheMonitor monitor;
    monitor.setCache(&cache);
    const QString url = thumbnailUrls(monitor).value(0);
    ThumbnailProvider provider;

    QSize size;
    const QImage thumbnail = provider.requestImage(idOf(url), &size, requested);
    QVERIFY(!thumbnail.isNull());
    QVERIFY2(thumbnail.width() <= box.width() && thumbnail.height() <= box.height(),
             qPrintable(QStringLiteral("%1x%2").arg(thumbnail.width()).arg(thumbnail.height())));
    QCOMPARE(size, QSize(2000, 1500)); // the original's size, as Qt expects
    QVERIFY(!isBlank(thumbnail));

    // An entry that is gone gets an empty tile of the clamped size, never an allocation of the
    // requested one.
    const QImage gone = provider.requestImage(QStringLiteral("no-such-token"), &size, requested);
    QCOMPARE(gone.size(), box);
    QCOMPARE(size, box);
    QVERIFY(isBlank(gone));
}

void tst_ThumbnailProvider::urlsCarryUnguessableTokens()
{
    ImageCache cache(100000);
    for (int i = 0; i < 20; ++i)
        cache.insert(QStringLiteral("photo-%1").arg(i), picture(10, 10));
    CacheMonitor monitor;
    monitor.setCache(&cache);
    const QStringList urls = thumbnailUrls(monitor);
    QCOMPARE(urls.size(), 20);

    static const QRegularExpression token(QStringLiteral("^[0-9a-f]{32}$")); // 128 bits, hex
    for (const QString &url : urls) {
        QVERIFY2(url.startsWith(UrlScheme), qPrintable(url));
        QVERIFY2(token.match(idOf(url)).hasMatch(), qPrintable(url));
    }
    QCOMPARE(QSet<QString>(urls.cbegin(), urls.cend()).size(), urls.size());
    // Stable while the entry lives, so a view does not reload its thumbnails on every refresh.
    monitor.refresh();
    QCOMPARE(thumbnailUrls(monitor), urls);

    // A second monitor on the same cache gets tokens of its own.
    CacheMonitor other;
    other.setCache(&cache);
    const QStringList otherUrls = thumbnailUrls(other);
    for (const QString &url : otherUrls)
        QVERIFY(!urls.contains(url));
}

void tst_ThumbnailProvider::guessedIdsShowNothing()
{
    ImageCache cache(100000);
    cache.insert(QStringLiteral("secret"), picture(10, 10));
    const quint64 entryId = cache.entries().value(0).entryId;
    CacheMonitor monitor;
    monitor.setCache(&cache);
    ThumbnailProvider provider;
    const QSize box(16, 16);
    QVERIFY(!isBlank(provider.requestImage(idOf(thumbnailUrls(monitor).value(0)), nullptr, box)));

    // What an attacker could try: counters, entry ids, keys, and tokens of the right shape.
    QStringList guesses{QStringLiteral("secret"), QString::number(entryId),
                        QStringLiteral("00000000000000000000000000000000"),
                        QStringLiteral("ffffffffffffffffffffffffffffffff"), QString(),
                        QStringLiteral("/"), QStringLiteral("../secret")};
    static constexpr int Counters = 1000; // more registrations than this test process makes
    for (int registration = -1; registration <= Counters; ++registration) {
        guesses.append(QStringLiteral("%1/%2").arg(registration).arg(entryId));
        guesses.append(QStringLiteral("%1/secret").arg(registration));
    }
    for (const QString &guess : std::as_const(guesses))
        QVERIFY2(isBlank(provider.requestImage(guess, nullptr, box)), qPrintable(guess));
}

void tst_ThumbnailProvider::tokensDieWithTheirEntry()
{
    ImageCache cache(100000);
    cache.insert(QStringLiteral("a"), picture(10, 10));
    cache.insert(QStringLiteral("b"), picture(10, 10));
    ThumbnailProvider provider;
    const QSize box(16, 16);
    QString idOfA;
    {
        CacheMonitor monitor;
        monitor.setCache(&cache);
        const QStringList urls = thumbnailUrls(monitor);
        QCOMPARE(urls.size(), 2);
        idOfA = idOf(urls.at(0));
        const QString idOfB = idOf(urls.at(1));
        cache.remove(QStringLiteral("b"));
        cache.insert(QStringLiteral("b"), picture(10, 10)); // same key, a new entry
        monitor.refresh();
        QVERIFY(isBlank(provider.requestImage(idOfB, nullptr, box)));
        QVERIFY(!thumbnailUrls(monitor).contains(urls.at(1)));
        QVERIFY(!isBlank(provider.requestImage(idOfA, nullptr, box)));
    }
    // The monitor that was handed the URL is gone, and with it every token it was given.
    QVERIFY(isBlank(provider.requestImage(idOfA, nullptr, box)));
}

// The provider works on a copy of the cached image while it scales it down; the entry list must
// not show the entry "in use" for that copy (it would flicker exactly on the row looked at). An
// image held outside stays "in use" throughout.
void tst_ThumbnailProvider::makingAThumbnailDoesNotMarkTheEntryInUse()
{
    static constexpr int Side = 2048; // slow enough to scale that refreshes see it in progress
    static constexpr int Thumbnails = 6;
    ImageCache cache(2 * Side * Side * 4 / 1024 + 64);
    QVERIFY(cache.insert(QStringLiteral("large"), picture(Side, Side)));
    QVERIFY(cache.insert(QStringLiteral("held"), picture(Side / 2, Side / 2)));
    QImage held;
    QVERIFY(cache.find(QStringLiteral("held"), &held));
    CacheMonitor monitor;
    monitor.setCache(&cache);
    const QStringList urls = thumbnailUrls(monitor);
    QCOMPARE(urls.size(), 2);
    const EntryModel &model = *monitor.entries();
    auto inUse = [&](const QString &key) {
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex index = model.index(row);
            if (index.data(EntryModel::KeyRole).toString() == key)
                return index.data(EntryModel::InUseRole).toBool();
        }
        return false;
    };
    QVERIFY(!inUse(QStringLiteral("large")));
    QVERIFY(inUse(QStringLiteral("held")));

    ThumbnailProvider provider;
    int refreshes = 0;
    for (int round = 0; round < Thumbnails; ++round) {
        // Both thumbnails at once, as a view asks for them, on the threads Qt Quick would use.
        std::atomic<bool> done = false;
        std::thread work([&] {
            for (const QString &url : urls)
                provider.requestImage(idOf(url), nullptr, QSize(64, 64));
            done = true;
        });
        bool shownInUse = false;
        bool heldShown = true;
        while (!done) {
            monitor.refresh();
            ++refreshes;
            shownInUse = shownInUse || inUse(QStringLiteral("large"));
            heldShown = heldShown && inUse(QStringLiteral("held"));
        }
        work.join();
        QVERIFY2(!shownInUse, "a thumbnail in the making showed its entry as in use");
        QVERIFY(heldShown);
    }
    QVERIFY(refreshes > Thumbnails); // the refreshes did overlap the scaling
    monitor.refresh();
    QVERIFY(!inUse(QStringLiteral("large")));
    held = QImage();
    monitor.refresh();
    QVERIFY(!inUse(QStringLiteral("held")));
}

QTEST_MAIN(tst_ThumbnailProvider)
#include "tst_thumbnailprovider.moc"
