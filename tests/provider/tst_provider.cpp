// Copyright (C) 2026 The CacheScope authors.
// The provider driven directly through its public API (requestImageResponse), without a QML engine:
// the response contract of QT_NOTES §5.3 (finished() exactly once, never early, also on cancel;
// responses and providers destroyed mid-load), decoding into scene graph formats that the cache and
// the texture factory share, threads, and prefetch.
#include "support/providertest.h"

#include <QtCore/qfileinfo.h>

#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtGui/qimagereader.h>
#include <QtGui/qimagewriter.h>

using namespace ProviderTest;
using namespace TestFixtures;

class tst_Provider : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void loadsFileAtOriginalSize();
    void storesSceneGraphFormats_data();
    void storesSceneGraphFormats();
    void everyReadableFormatLoads_data();
    void everyReadableFormatLoads();
    void hitIsServedFromCacheAndSharesPixels();
    void finishedNeverEmittedInsideRequest();
    void finishedNotEmittedBeforeWorkIsDone();
    void cancelStillFinishesExactlyOnce();
    void cancelledQueuedLoadIsSkipped();
    void destroyResponsesMidLoad();
    void destroyProviderWithLoadsPending();
    void imageOverCacheLimitIsStillDelivered();
    void loadsRunOnABoundedPoolOffTheCallingThread();
    void prefetchFillsTheCache();

private:
    std::unique_ptr<FixtureFolder> m_files;
    std::unique_ptr<MessageRecorder> m_log;
};

void tst_Provider::initTestCase()
{
    m_files = std::make_unique<FixtureFolder>();
    QVERIFY2(m_files->isValid(), qPrintable(m_files->errorString()));
    m_log = std::make_unique<MessageRecorder>();
}

void tst_Provider::init()
{
    m_log->clear();
}

void tst_Provider::loadsFileAtOriginalSize()
{
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});

    Request r = request(provider, QString::fromLatin1(Opaque.name));
    QVERIFY(r.wait());
    QCOMPARE(r.response->errorString(), QString());
    const QImage image = responseImage(r.response.get());
    QCOMPARE(image.size(), Opaque.size);
    QCOMPARE(image.pixel(0, 0), patternImage(Opaque.size).pixel(0, 0));
    settle();
    QCOMPARE(r.finished->count(), 1);

    const auto stats = cache.stats();
    QCOMPARE(stats.misses, 1u);
    QCOMPARE(stats.hits, 0u);
    QCOMPARE(stats.insertions, 1u);
    QCOMPARE(stats.errors, 0u);
    QCOMPARE(cache.count(), 1);
    QVERIFY(cache.contains(provider.cacheKey(QString::fromLatin1(Opaque.name), QSize())));
}

void tst_Provider::storesSceneGraphFormats_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("format");
    QTest::newRow("png rgb") << QString::fromLatin1(Opaque.name) << Opaque.size << int(QImage::Format_RGB32);
    QTest::newRow("png alpha") << QString::fromLatin1(Alpha.name) << Alpha.size
                               << int(QImage::Format_ARGB32_Premultiplied);
    QTest::newRow("jpeg") << QString::fromLatin1(Photo.name) << Photo.size << int(QImage::Format_RGB32);
    QTest::newRow("grayscale png") << QString::fromLatin1(Gray.name) << Gray.size << int(QImage::Format_RGB32);
    QTest::newRow("indexed png") << QString::fromLatin1(Indexed.name) << Indexed.size << -1;
    QTest::newRow("bmp") << QString::fromLatin1(Bmp.name) << Bmp.size << int(QImage::Format_RGB32);
    QTest::newRow("nested") << QString::fromLatin1(Nested.name) << Nested.size << int(QImage::Format_RGB32);
}

void tst_Provider::storesSceneGraphFormats()
{
    QFETCH(QString, id);
    QFETCH(QSize, size);
    QFETCH(int, format);
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});

    Request r = request(provider, id);
    QVERIFY(r.wait());
    QCOMPARE(r.response->errorString(), QString());
    std::unique_ptr<QQuickTextureFactory> factory(r.response->textureFactory());
    QVERIFY(factory);
    QCOMPARE(factory->textureSize(), size);
    const QImage delivered = factory->image();
    QVERIFY2(isSceneGraphFormat(delivered.format()), qPrintable(QString::number(delivered.format())));
    if (format >= 0)
        QCOMPARE(int(delivered.format()), format);

    const QImage cached = cache.peek(provider.cacheKey(id, QSize()));
    QVERIFY(!cached.isNull());
    QVERIFY(isSceneGraphFormat(cached.format()));
    QCOMPARE(cached.cacheKey(), delivered.cacheKey()); // the very same pixels, not a converted copy
}

void tst_Provider::everyReadableFormatLoads_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QSize>("size");
    QDir root(m_files->root());
    root.mkpath(QStringLiteral("formats"));
    const QSize size(37, 23);
    const QList<QByteArray> readable = QImageReader::supportedImageFormats();
    for (const QByteArray &format : QImageWriter::supportedImageFormats()) {
        if (!readable.contains(format))
            continue;
        const QString id = QStringLiteral("formats/image.") + QString::fromLatin1(format);
        if (!patternImage(size).save(m_files->rootFile(id), format.constData()))
            continue;
        // Some writers change the size (icns keeps only standard icon sizes): not ours to test.
        if (QImage(m_files->rootFile(id), format.constData()).size() != size)
            continue;
        QTest::newRow(format.constData()) << id << size;
    }
    // The classic 1x1 GIF89a.
    static const char gif[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00"
                              "\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
    QFile file(m_files->rootFile(QStringLiteral("formats/pixel.gif")));
    if (readable.contains("gif") && file.open(QIODevice::WriteOnly)) {
        file.write(gif, sizeof(gif) - 1);
        file.close();
        QTest::newRow("gif (hand-made)") << QStringLiteral("formats/pixel.gif") << QSize(1, 1);
    }
}

void tst_Provider::everyReadableFormatLoads()
{
    QFETCH(QString, id);
    QFETCH(QSize, size);
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    // Formats outside the default allowlist (xpm, xbm: text formats with parsers of their own) are
    // refused, from their content, until the app opts in.
    const QByteArray format = QFileInfo(id).suffix().toLatin1();
    const bool allowedByDefault = ImageProvider::defaultAllowedFormats().contains(
            format == "jpg" ? QByteArrayLiteral("jpeg") : format);
    if (!allowedByDefault) {
        Request refused = request(provider, id);
        QVERIFY(refused.wait());
        QVERIFY2(refused.response->errorString().contains(QStringLiteral("not an allowed format")),
                 qPrintable(refused.response->errorString()));
        QCOMPARE(cache.count(), 0);
        provider.setAllowedFormats(ImageProvider::defaultAllowedFormats() << format);
    }
    Request full = request(provider, id);
    QVERIFY(full.wait());
    QCOMPARE(full.response->errorString(), QString());
    const QImage image = responseImage(full.response.get());
    QCOMPARE(image.size(), size);
    QVERIFY(isSceneGraphFormat(image.format()));
    if (size.width() > 20) {
        Request scaled = request(provider, id, QSize(20, 0));
        QVERIFY(scaled.wait());
        QCOMPARE(scaled.response->errorString(), QString());
        QCOMPARE(responseImage(scaled.response.get()).size(),
                 QSize(20, qRound(size.height() * 20.0 / size.width())));
    }
}

void tst_Provider::hitIsServedFromCacheAndSharesPixels()
{
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    const QString id = QString::fromLatin1(Photo.name);

    Request first = request(provider, id, QSize(100, 0));
    QVERIFY(first.wait());
    const QImage a = responseImage(first.response.get());
    QCOMPARE(a.size(), QSize(100, 75));

    Request second = request(provider, id, QSize(100, 0));
    QVERIFY(second.wait());
    const QImage b = responseImage(second.response.get());
    QCOMPARE(b.cacheKey(), a.cacheKey());

    const auto stats = cache.stats();
    QCOMPARE(stats.hits, 1u);
    QCOMPARE(stats.misses, 1u);
    QCOMPARE(stats.insertions, 1u);
    QCOMPARE(cache.count(), 1);
}

void tst_Provider::finishedNeverEmittedInsideRequest()
{
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    {
        Request warm = request(provider, QString::fromLatin1(Opaque.name));
        QVERIFY(warm.wait());
    }
    for (const QString &id : {QString::fromLatin1(Opaque.name), QStringLiteral("../escape.png"),
                              QString::fromLatin1(Missing)}) {
        std::unique_ptr<QQuickImageResponse> response(provider.requestImageResponse(id, QSize()));
        // The spy is attached after the call returned: a finished() emitted inside the call would
        // be lost, and the wait below would time out.
        QSignalSpy spy(response.get(), &QQuickImageResponse::finished);
        QCOMPARE(spy.count(), 0);
        QVERIFY2(spy.wait(LongWaitMs), qPrintable(id));
        settle();
        QCOMPARE(spy.count(), 1);
    }
}

void tst_Provider::finishedNotEmittedBeforeWorkIsDone()
{
    ImageCache cache;
    ImageProvider provider(cache);
    CountingLoader counter;
    counter.gated = true;
    provider.setLoader(QStringLiteral("gen"), counter.loader());

    Request r = request(provider, QStringLiteral("gen/held"));
    QTRY_COMPARE_WITH_TIMEOUT(counter.running(), 1, LongWaitMs);
    settle(300);
    QCOMPARE(r.finished->count(), 0); // the work is not done: finished() must not come yet
    counter.release();
    QVERIFY(r.wait());
    QCOMPARE(r.response->errorString(), QString());
    QCOMPARE(responseImage(r.response.get()).size(), counter.defaultSize);
    settle();
    QCOMPARE(r.finished->count(), 1);
}

void tst_Provider::cancelStillFinishesExactlyOnce()
{
    ImageCache cache;
    ImageProvider provider(cache);
    CountingLoader counter;
    counter.gated = true;
    provider.setLoader(QStringLiteral("gen"), counter.loader());

    Request r = request(provider, QStringLiteral("gen/cancelled"));
    Request other = request(provider, QStringLiteral("gen/cancelled")); // same job, not cancelled
    QTRY_COMPARE_WITH_TIMEOUT(counter.running(), 1, LongWaitMs);
    r.response->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(r.finished->count(), 1, LongWaitMs);
    r.response->cancel(); // a second cancel changes nothing
    settle();
    QCOMPARE(r.finished->count(), 1);
    QCOMPARE(other.finished->count(), 0); // cancelling one waiter does not finish the others

    counter.openGate();
    QVERIFY(other.wait());
    provider.waitForIdle();
    settle();
    QCOMPARE(r.finished->count(), 1); // the late result does not finish the cancelled one again
    QCOMPARE(other.finished->count(), 1);
    QCOMPARE(other.response->errorString(), QString());
    QVERIFY(!responseImage(other.response.get()).isNull());
    other.response->cancel(); // cancel after finishing: still exactly one finished()
    settle();
    QCOMPARE(other.finished->count(), 1);
    QCOMPARE(counter.calls(), 1);
}

void tst_Provider::cancelledQueuedLoadIsSkipped()
{
    ImageCache cache;
    ImageProvider provider(cache);
    CountingLoader counter;
    counter.gated = true;
    provider.setLoader(QStringLiteral("gen"), counter.loader());

    // Occupy every decoding thread with a held load (more of them than threads).
    const int blockerCount = std::max(2, QThread::idealThreadCount()) + 4;
    std::vector<Request> blockers;
    for (int i = 0; i < blockerCount; ++i)
        blockers.push_back(request(provider, QStringLiteral("gen/blocker%1").arg(i)));
    QTRY_VERIFY_WITH_TIMEOUT(counter.running() >= 1, LongWaitMs);
    settle(300);
    const int poolSize = counter.running();
    QVERIFY2(poolSize < blockerCount, "more decoding threads than expected: cannot queue a load behind them");

    Request queued = request(provider, QStringLiteral("gen/skipped"));
    queued.response->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(queued.finished->count(), 1, LongWaitMs);

    counter.openGate();
    for (Request &b : blockers)
        QVERIFY(b.wait());
    provider.waitForIdle();
    settle();
    QCOMPARE(counter.calls(QStringLiteral("skipped")), 0);
    QCOMPARE(queued.finished->count(), 1);
    QVERIFY(!cache.contains(provider.cacheKey(QStringLiteral("gen/skipped"), QSize())));
    QCOMPARE(cache.stats().errors, 0u); // a cancellation is not an error
}

void tst_Provider::destroyResponsesMidLoad()
{
    ImageCache cache;
    ImageProvider provider(cache);
    CountingLoader counter;
    counter.delay = std::chrono::milliseconds(5);
    provider.setLoader(QStringLiteral("gen"), counter.loader());
    provider.setRoots({m_files->root()});

    // Hundreds of responses deleted while their loads run: some cancelled first (as the engine
    // does), some deleted outright.
    for (int round = 0; round < 3; ++round) {
        std::vector<QQuickImageResponse *> responses;
        for (int i = 0; i < 200; ++i) {
            const QString id = i % 4 == 3 ? QString::fromLatin1(Photo.name)
                                          : QStringLiteral("gen/item%1").arg(i % 50);
            responses.push_back(provider.requestImageResponse(id, QSize(32 + round, 0)));
        }
        for (size_t i = 0; i < responses.size(); ++i) {
            if (i % 2)
                responses[i]->cancel();
            delete responses[i];
            if (i % 37 == 0)
                QCoreApplication::processEvents();
        }
    }
    provider.waitForIdle();
    settle(100);

    // The cache is consistent and the provider still works.
    QVERIFY(cache.totalUsed() <= cache.cacheLimit());
    QCOMPARE(cache.stats().errors, 0u);
    Request after = request(provider, QStringLiteral("gen/item1"), QSize(40, 0));
    QVERIFY(after.wait());
    QCOMPARE(after.response->errorString(), QString());
    QCOMPARE(responseImage(after.response.get()).width(), 40);
}

void tst_Provider::destroyProviderWithLoadsPending()
{
    ImageCache cache;
    CountingLoader counter;
    counter.delay = std::chrono::milliseconds(20);
    std::vector<Request> requests;
    {
        auto provider = std::make_unique<ImageProvider>(cache);
        provider->setLoader(QStringLiteral("gen"), counter.loader());
        provider->setRoots({m_files->root()});
        for (int i = 0; i < 12; ++i)
            requests.push_back(request(*provider, QStringLiteral("gen/p%1").arg(i % 6)));
        for (int i = 0; i < 6; ++i)
            requests.push_back(request(*provider, QString::fromLatin1(Photo.name), QSize(10 + i, 0)));
        requests.front().response->cancel();
    } // destroyed here, loads still queued or running: queued ones are dropped
    for (Request &r : requests)
        QVERIFY(r.wait());
    settle();
    // Every response finished exactly once, with an image or with the shutdown as its error.
    int images = 0;
    for (size_t i = 0; i < requests.size(); ++i) {
        QCOMPARE(requests[i].finished->count(), 1);
        if (i == 0)
            continue;
        const QString error = requests[i].response->errorString();
        const bool image = !responseImage(requests[i].response.get()).isNull();
        QVERIFY2(image != !error.isEmpty(), qPrintable(error));
        if (!image)
            QVERIFY2(error.contains(QStringLiteral("shut down")), qPrintable(error));
        images += image;
    }
    QVERIFY(images < int(requests.size()) - 1); // something was still queued
    QVERIFY(cache.totalUsed() <= cache.cacheLimit());
}

void tst_Provider::imageOverCacheLimitIsStillDelivered()
{
    ImageCache cache(1); // 1 KiB
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    Request r = request(provider, QString::fromLatin1(Opaque.name));
    QVERIFY(r.wait());
    QCOMPARE(r.response->errorString(), QString());
    QCOMPARE(responseImage(r.response.get()).size(), Opaque.size);
    QCOMPARE(cache.count(), 0);
    QCOMPARE(cache.totalUsed(), 0);
    QCOMPARE(cache.stats().errors, 0u);
}

void tst_Provider::loadsRunOnABoundedPoolOffTheCallingThread()
{
    ImageCache cache;
    ImageProvider provider(cache);
    CountingLoader counter;
    counter.delay = std::chrono::milliseconds(30);
    provider.setLoader(QStringLiteral("gen"), counter.loader());

    std::vector<Request> requests;
    for (int i = 0; i < 40; ++i)
        requests.push_back(request(provider, QStringLiteral("gen/t%1").arg(i)));
    for (Request &r : requests)
        QVERIFY(r.wait());
    QCOMPARE(counter.calls(), 40);
    const int bound = provider.loaderThreadCount();
    QCOMPARE(bound, ImageProvider::DefaultLoaderThreads);
    QVERIFY2(counter.maxConcurrent() <= bound,
             qPrintable(QStringLiteral("%1 loads at once, bound %2").arg(counter.maxConcurrent()).arg(bound)));
    QVERIFY(counter.maxConcurrent() >= 1);
    QSet<QThread *> threads;
    for (const auto &call : counter.log()) {
        QVERIFY(call.thread != QThread::currentThread());
        threads.insert(call.thread);
    }
    QVERIFY(threads.size() <= bound);
    // Every response finished on its own (the calling) thread.
    for (Request &r : requests)
        QCOMPARE(r.response->thread(), QThread::currentThread());
}

void tst_Provider::prefetchFillsTheCache()
{
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    CountingLoader counter;
    provider.setLoader(QStringLiteral("gen"), counter.loader());

    const QStringList ids{QString::fromLatin1(Opaque.name), QString::fromLatin1(Photo.name),
                          QStringLiteral("gen/pre")};
    provider.prefetch(ids, QSize(50, 0));
    provider.waitForIdle();
    for (const QString &id : ids)
        QVERIFY2(cache.contains(provider.cacheKey(id, QSize(50, 0))), qPrintable(id));
    QCOMPARE(cache.count(), 3);
    QCOMPARE(counter.calls(), 1);

    // Prefetching again does not reload; requesting is a hit.
    provider.prefetch(ids, QSize(50, 0));
    provider.waitForIdle();
    QCOMPARE(counter.calls(), 1);
    const auto before = cache.stats();
    Request r = request(provider, QString::fromLatin1(Photo.name), QSize(50, 0));
    QVERIFY(r.wait());
    QCOMPARE(responseImage(r.response.get()).size(), QSize(50, 38));
    QCOMPARE(cache.stats().hits, before.hits + 1);
    QCOMPARE(cache.stats().misses, before.misses);

    // Bad ids in a prefetch are errors like any other, and do not stop the good ones.
    m_log->clear();
    provider.prefetch({QStringLiteral("../x.png"), QString::fromLatin1(Missing), QString::fromLatin1(Small.name)},
                      QSize());
    provider.waitForIdle();
    QCOMPARE(cache.stats().errors, before.errors + 2);
    QVERIFY(cache.contains(provider.cacheKey(QString::fromLatin1(Small.name), QSize())));
    QVERIFY2(m_log->count(ProviderCategory) >= 2, qPrintable(m_log->dump()));
}

QTEST_MAIN(tst_Provider)
#include "tst_provider.moc"
