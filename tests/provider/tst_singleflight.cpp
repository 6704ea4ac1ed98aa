// Copyright (C) 2026 The CacheScope authors.
// Single-flight: however many requests for one cache key arrive while it loads, it is decoded
// once, every requester gets that one result, and statistics still count every request.
#include "support/quickscene.h"

#include <QtCore/qeventloop.h>
#include <QtCore/qtimer.h>

using namespace ProviderTest;
using namespace TestFixtures;

namespace {

constexpr int ImageCount = 100;

// `count` Images with cache: false (so each one asks the provider itself: Qt Quick's pixmap cache
// would otherwise merge identical requests before they reach us), all showing `source`.
QString imagesQml(int count, const QString &source, const QString &extra = QString())
{
    return QStringLiteral("import QtQuick\n"
                          "Grid {\n"
                          "    columns: 20\n"
                          "    property alias repeater: rep\n"
                          "    function readyCount() { var n = 0; for (var i = 0; i < rep.count; ++i) if (rep.itemAt(i).status === Image.Ready) ++n; return n }\n"
                          "    function errorCount() { var n = 0; for (var i = 0; i < rep.count; ++i) if (rep.itemAt(i).status === Image.Error) ++n; return n }\n"
                          "    function sizesOk(w, h) { for (var i = 0; i < rep.count; ++i) if (rep.itemAt(i).implicitWidth !== w || rep.itemAt(i).implicitHeight !== h) return false; return true }\n"
                          "    Repeater { id: rep; model: %1; Image { cache: false; source: %2; %3 } }\n"
                          "}\n")
            .arg(count)
            .arg(source, extra);
}

int callInt(QObject *object, const char *method)
{
    QVariant result;
    QMetaObject::invokeMethod(object, method, Q_RETURN_ARG(QVariant, result));
    return result.toInt();
}

} // namespace

class tst_SingleFlight : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void directRequestsDecodeOnce();
    void requestsFromManyThreadsDecodeOnce();
    void hundredImagesDecodeOnce();
    void hundredImagesShareOneFailure();
    void sizesAreSeparateFlights();
    void spellingsOfOneFileShareAnEntry();

private:
    std::unique_ptr<FixtureFolder> m_files;
};

void tst_SingleFlight::initTestCase()
{
    m_files = std::make_unique<FixtureFolder>();
    QVERIFY2(m_files->isValid(), qPrintable(m_files->errorString()));
}

void tst_SingleFlight::directRequestsDecodeOnce()
{
    ImageCache cache;
    ImageProvider provider(cache);
    CountingLoader counter;
    counter.gated = true; // held open until every request has joined
    provider.setLoader(QStringLiteral("count"), counter.loader());

    std::vector<std::unique_ptr<QQuickImageResponse>> responses;
    std::vector<std::unique_ptr<QSignalSpy>> spies;
    for (int i = 0; i < ImageCount; ++i) {
        responses.emplace_back(provider.requestImageResponse(QStringLiteral("count/new"), QSize(32, 32)));
        spies.push_back(std::make_unique<QSignalSpy>(responses.back().get(), &QQuickImageResponse::finished));
    }
    QTRY_COMPARE_WITH_TIMEOUT(counter.running(), 1, LongWaitMs);
    counter.openGate();
    for (auto &spy : spies)
        QVERIFY(waitFinished(*spy));
    QCOMPARE(counter.calls(), 1);

    const QImage first = responseImage(responses.front().get());
    QCOMPARE(first.size(), QSize(32, 32));
    for (auto &response : responses) {
        QCOMPARE(response->errorString(), QString());
        QCOMPARE(responseImage(response.get()).cacheKey(), first.cacheKey()); // one copy, shared
    }
    const auto stats = cache.stats();
    QCOMPARE(stats.insertions, 1u);
    QCOMPARE(stats.hits + stats.misses, quint64(ImageCount)); // every request is counted
    QCOMPARE(cache.count(), 1);
}

// Requests arrive from several threads at once (each response lives in, and finishes on, the
// thread that asked, as with Qt Quick's per-engine reader threads).
void tst_SingleFlight::requestsFromManyThreadsDecodeOnce()
{
    ImageCache cache;
    ImageProvider provider(cache);
    CountingLoader counter;
    counter.delay = std::chrono::milliseconds(200);
    provider.setLoader(QStringLiteral("count"), counter.loader());

    constexpr int Threads = 8;
    constexpr int PerThread = ImageCount / Threads + 1;
    QSemaphore start;
    QMutex mutex;
    QSet<qint64> imageKeys;
    std::atomic<int> ok{0};
    std::atomic<int> wrongThread{0};
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < Threads; ++t) {
        threads.emplace_back(QThread::create([&] {
            start.acquire();
            std::vector<std::unique_ptr<QQuickImageResponse>> mine;
            int finished = 0;
            QEventLoop loop;
            for (int i = 0; i < PerThread; ++i) {
                mine.emplace_back(provider.requestImageResponse(QStringLiteral("count/threads"), QSize()));
                QObject::connect(mine.back().get(), &QQuickImageResponse::finished, &loop, [&] {
                    if (QThread::currentThread() != mine.front()->thread())
                        ++wrongThread;
                    if (++finished == PerThread)
                        loop.quit();
                });
            }
            QTimer::singleShot(LongWaitMs, &loop, &QEventLoop::quit);
            loop.exec();
            for (auto &response : mine) {
                const QImage image = responseImage(response.get());
                if (!image.isNull() && response->errorString().isEmpty()) {
                    ++ok;
                    QMutexLocker lock(&mutex);
                    imageKeys.insert(image.cacheKey());
                }
            }
        }));
        threads.back()->start();
    }
    start.release(Threads);
    for (auto &thread : threads)
        QVERIFY(thread->wait(LongWaitMs * 2));
    QCOMPARE(ok.load(), Threads * PerThread);
    QCOMPARE(wrongThread.load(), 0);
    QCOMPARE(counter.calls(), 1);
    QCOMPARE(imageKeys.size(), 1);
    QCOMPARE(cache.stats().insertions, 1u);
}

void tst_SingleFlight::hundredImagesDecodeOnce()
{
    QuickScene scene;
    CountingLoader counter;
    counter.gated = true;
    scene.provider->setLoader(QStringLiteral("count"), counter.loader());
    QQuickItem *grid = scene.create(imagesQml(ImageCount, QStringLiteral("\"image://cache/count/brand-new\""),
                                              QStringLiteral("sourceSize: Qt.size(24, 24)")));
    QVERIFY2(grid, qPrintable(scene.lastError));
    QVERIFY(scene.show());

    // Every Image asked the provider itself, while the one load was held open. The load may
    // still be queued on the pool when the last request arrives, so wait for it to start.
    QTRY_COMPARE_WITH_TIMEOUT(scene.provider->created(), ImageCount, LongWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(counter.calls(), 1, LongWaitMs);
    counter.openGate();
    QTRY_COMPARE_WITH_TIMEOUT(callInt(grid, "readyCount"), ImageCount, LongWaitMs);
    QCOMPARE(counter.calls(), 1);
    QVariant sizesOk;
    QMetaObject::invokeMethod(grid, "sizesOk", Q_RETURN_ARG(QVariant, sizesOk), Q_ARG(QVariant, 24),
                              Q_ARG(QVariant, 24));
    QVERIFY(sizesOk.toBool());
    QCOMPARE(scene.cache.count(), 1);
    QCOMPARE(scene.cache.stats().insertions, 1u);
    QCOMPARE(scene.cache.stats().hits + scene.cache.stats().misses, quint64(ImageCount));
    // Decoding ran on the provider's pool, not on the GUI thread nor on Qt's reader thread.
    const auto call = counter.log().constFirst();
    QVERIFY(call.thread != QCoreApplication::instance()->thread());
    QVERIFY(!scene.provider->requestThreads().contains(call.thread));
    QVERIFY(!scene.provider->requestThreads().contains(QCoreApplication::instance()->thread()));
    delete grid;
}

void tst_SingleFlight::hundredImagesShareOneFailure()
{
    QuickScene scene;
    CountingLoader counter;
    counter.gated = true;
    counter.failWith = QStringLiteral("backend said no");
    scene.provider->setLoader(QStringLiteral("count"), counter.loader());
    QQuickItem *grid = scene.create(imagesQml(ImageCount, QStringLiteral("\"image://cache/count/doomed\"")));
    QVERIFY2(grid, qPrintable(scene.lastError));
    QVERIFY(scene.show());
    QTRY_COMPARE_WITH_TIMEOUT(scene.provider->created(), ImageCount, LongWaitMs);
    counter.openGate();
    QTRY_COMPARE_WITH_TIMEOUT(callInt(grid, "errorCount"), ImageCount, LongWaitMs);
    QCOMPARE(counter.calls(), 1);
    QCOMPARE(scene.cache.stats().errors, 1u); // one failed load, reported once
    QCOMPARE(scene.cache.count(), 0);
    // Every Image was told why.
    QTRY_VERIFY_WITH_TIMEOUT(scene.warnings.filter(QStringLiteral("backend said no")).size() >= ImageCount,
                             LongWaitMs);
    delete grid;
}

void tst_SingleFlight::sizesAreSeparateFlights()
{
    QuickScene scene;
    CountingLoader counter;
    counter.gated = true;
    scene.provider->setLoader(QStringLiteral("count"), counter.loader());
    QQuickItem *grid = scene.create(imagesQml(
            ImageCount, QStringLiteral("\"image://cache/count/two-sizes\""),
            QStringLiteral("sourceSize.width: index % 2 ? 40 : 20")));
    QVERIFY2(grid, qPrintable(scene.lastError));
    QVERIFY(scene.show());
    QTRY_COMPARE_WITH_TIMEOUT(scene.provider->created(), ImageCount, LongWaitMs);
    counter.openGate();
    QTRY_COMPARE_WITH_TIMEOUT(callInt(grid, "readyCount"), ImageCount, LongWaitMs);
    QCOMPARE(counter.calls(), 2);
    QCOMPARE(scene.cache.count(), 2);
    delete grid;
}

void tst_SingleFlight::spellingsOfOneFileShareAnEntry()
{
    QuickScene scene;
    scene.provider->setRoots({m_files->root()});
    const QString qml = QStringLiteral(
            "import QtQuick\n"
            "Grid {\n"
            "    columns: 10\n"
            "    property alias repeater: rep\n"
            "    function readyCount() { var n = 0; for (var i = 0; i < rep.count; ++i) if (rep.itemAt(i).status === Image.Ready) ++n; return n }\n"
            "    Repeater { id: rep; model: 60\n"
            "        Image { cache: false; source: [\"image://cache/opaque.png\", \"image://cache/./opaque.png\", \"image://cache/inner_link.png\"][index % 3] }\n"
            "    }\n"
            "}\n");
    QQuickItem *grid = scene.create(qml);
    QVERIFY2(grid, qPrintable(scene.lastError));
    QVERIFY(scene.show());
    QTRY_COMPARE_WITH_TIMEOUT(callInt(grid, "readyCount"), 60, LongWaitMs);
    QCOMPARE(scene.cache.stats().insertions, 1u);
    QCOMPARE(scene.cache.count(), 1);
    delete grid;
}

QTEST_MAIN(tst_SingleFlight)
#include "tst_singleflight.moc"
