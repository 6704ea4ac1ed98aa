// Copyright (C) 2026 The CacheScope authors.
// App loaders are isolated from the provider and from each other: exceptions become errors, hung
// loaders delay neither file images nor the provider's (or the engine's) destruction, their
// concurrency is bounded, a timeout ends every load, a token tells a running loader to stop, and
// two registrations under one prefix never share cache entries.
#include "support/hungloader.h"
#include "support/providertest.h"
#include "support/quickscene.h"

#include <QtCore/qelapsedtimer.h>
#include <QtQml/qqmlcomponent.h>
#include <QtQml/qqmlengine.h>

#include <stdexcept>

using namespace ProviderTest;
using namespace TestFixtures;
using CacheScope::CancellationToken;
using namespace std::chrono_literals;

namespace {

// Far less than any wait in this file that expects something to happen; what must NOT wait for a
// hung loader has to come back well within it.
constexpr auto PromptMs = 5000;

QImage solid(QColor colour)
{
    QImage image(4, 4, QImage::Format_RGB32);
    image.fill(colour);
    return image;
}

} // namespace

class tst_LoaderIsolation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void throwingLoaderIsAnError_data();
    void throwingLoaderIsAnError();
    void hungLoadersDoNotBlockFileImages();
    void loaderConcurrencyIsBounded();
    void timeoutEndsTheLoad();
    void cancellingEveryRequestTellsTheLoaderToStop();
    void destroyingTheProviderDoesNotWaitForHungLoaders();
    void destroyingTheEngineDoesNotWaitForHungLoaders();
    void twoProvidersUnderOnePrefixDoNotShareImages();
    void reRegisteringAPrefixGetsNewKeys();

private:
    std::unique_ptr<FixtureFolder> m_files;
    std::unique_ptr<MessageRecorder> m_log;
};

void tst_LoaderIsolation::initTestCase()
{
    m_files = std::make_unique<FixtureFolder>();
    QVERIFY2(m_files->isValid(), qPrintable(m_files->errorString()));
    m_log = std::make_unique<MessageRecorder>();
}

void tst_LoaderIsolation::throwingLoaderIsAnError_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("std::bad_alloc (a 32768x32768 image)") << 0 << QStringLiteral("out of memory");
    QTest::newRow("std::runtime_error") << 1 << QStringLiteral("threw on \"x\": database gone");
    QTest::newRow("not a std::exception") << 2 << QStringLiteral("unknown exception");
}

void tst_LoaderIsolation::throwingLoaderIsAnError()
{
    QFETCH(int, kind);
    QFETCH(QString, expected);
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setLoader(QStringLiteral("throws"), [kind](const QString &, const QSize &) -> LoadResult {
        switch (kind) {
        case 0: throw std::bad_alloc();
        case 1: throw std::runtime_error("database gone");
        default: throw 42;
        }
    });
    Request r = request(provider, QStringLiteral("throws/x"));
    QVERIFY(r.wait());
    QVERIFY2(r.response->errorString().contains(expected), qPrintable(r.response->errorString()));
    QVERIFY(r.response->errorString().contains(QStringLiteral("throws")));
    QCOMPARE(r.response->textureFactory(), nullptr);
    QCOMPARE(cache.stats().errors, 1u);
    QCOMPARE(cache.count(), 0);

    // The provider and its loader threads live on.
    provider.setLoader(QStringLiteral("ok"), [](const QString &, const QSize &) {
        return LoadResult{solid(Qt::red), {}};
    });
    Request after = request(provider, QStringLiteral("ok/y"));
    QVERIFY(after.wait());
    QCOMPARE(after.response->errorString(), QString());
}

void tst_LoaderIsolation::hungLoadersDoNotBlockFileImages()
{
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    HungLoader hung;
    provider.setLoader(QStringLiteral("net"), hung.loader());
    std::vector<Request> stuck;
    for (int i = 0; i < 8; ++i)
        stuck.push_back(request(provider, QStringLiteral("net/avatar%1").arg(i)));
    QVERIFY(hung.waitUntil([](const HungLoader::State &s) {
        return s.running == ImageProvider::DefaultLoaderThreads;
    }));

    // Before the loaders got threads of their own, these queued behind them for as long as they hung.
    QElapsedTimer timer;
    timer.start();
    Request file = request(provider, QString::fromLatin1(Photo.name), QSize(64, 0));
    Request resource = request(provider, QStringLiteral("qrc:/cachescope-test/checker.ppm"));
    QVERIFY(file.wait(PromptMs));
    QVERIFY(resource.wait(PromptMs));
    QCOMPARE(file.response->errorString(), QString());
    QCOMPARE(resource.response->errorString(), QString());
    QCOMPARE(hung.get(&HungLoader::State::returned), 0);

    hung.open();
    for (Request &r : stuck) {
        QVERIFY(r.wait());
        QCOMPARE(r.response->errorString(), QString());
    }
}

void tst_LoaderIsolation::loaderConcurrencyIsBounded()
{
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setLoaderThreadCount(2);
    QCOMPARE(provider.loaderThreadCount(), 2);
    HungLoader hung;
    provider.setLoader(QStringLiteral("slow"), hung.loader());
    std::vector<Request> requests;
    for (int i = 0; i < 10; ++i)
        requests.push_back(request(provider, QStringLiteral("slow/%1").arg(i)));
    QVERIFY(hung.waitUntil([](const HungLoader::State &s) { return s.running == 2; }));
    settle(100); // room for a third call, were it allowed
    QCOMPARE(hung.get(&HungLoader::State::started), 2);
    hung.open();
    for (Request &r : requests)
        QVERIFY(r.wait());
    QCOMPARE(hung.get(&HungLoader::State::maxRunning), 2);
    QCOMPARE(hung.get(&HungLoader::State::returned), 10);
}

void tst_LoaderIsolation::timeoutEndsTheLoad()
{
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setLoaderTimeout(200ms);
    QCOMPARE(provider.loaderTimeout(), 200ms);
    HungLoader hung;
    provider.setLoader(QStringLiteral("slow"), hung.loader());
    QElapsedTimer timer;
    timer.start();
    Request first = request(provider, QStringLiteral("slow/a"));
    Request joined = request(provider, QStringLiteral("slow/a")); // single-flight: the same load
    QVERIFY(first.wait(PromptMs));
    QVERIFY(joined.wait(PromptMs));
    QVERIFY(timer.elapsed() >= 190);
    for (Request *r : {&first, &joined}) {
        QVERIFY2(r->response->errorString().contains(QStringLiteral("did not answer \"slow/a\" within 200 ms")),
                 qPrintable(r->response->errorString()));
        QCOMPARE(r->response->textureFactory(), nullptr);
    }
    QCOMPARE(cache.stats().errors, 1u); // one load, one error
    QVERIFY(m_log->count(ProviderCategory, QStringLiteral("did not answer")) >= 1);

    // The late answer is discarded, and the token told the loader it was no longer wanted.
    hung.open();
    QVERIFY(hung.waitUntil([](const HungLoader::State &s) { return s.returned == 1; }));
    provider.waitForIdle();
    QCOMPARE(hung.get(&HungLoader::State::sawCancelled), 1);
    QCOMPARE(cache.count(), 0);

    // The next request is a new load, which now succeeds.
    Request again = request(provider, QStringLiteral("slow/a"));
    QVERIFY(again.wait());
    QCOMPARE(again.response->errorString(), QString());
    QCOMPARE(hung.get(&HungLoader::State::started), 2);
}

void tst_LoaderIsolation::cancellingEveryRequestTellsTheLoaderToStop()
{
    ImageCache cache;
    ImageProvider provider(cache);
    HungLoader hung;
    hung.pollsToken = true;
    provider.setLoader(QStringLiteral("slow"), hung.loader());
    Request a = request(provider, QStringLiteral("slow/x"));
    Request b = request(provider, QStringLiteral("slow/x"));
    QVERIFY(hung.waitUntil([](const HungLoader::State &s) { return s.running == 1; }));
    a.response->cancel();
    settle(50);
    QCOMPARE(hung.get(&HungLoader::State::returned), 0); // b still waits
    b.response->cancel();
    QVERIFY(hung.waitUntil([](const HungLoader::State &s) { return s.returned == 1; }, PromptMs));
    QCOMPARE(hung.get(&HungLoader::State::sawCancelled), 1);
    QVERIFY(a.wait());
    QVERIFY(b.wait());
    provider.waitForIdle();
    QCOMPARE(cache.stats().errors, 0u); // a cancellation is not an error

    // A request after the cancellation starts a new load rather than joining the stopping one.
    hung.open();
    Request c = request(provider, QStringLiteral("slow/x"));
    QVERIFY(c.wait());
    QCOMPARE(c.response->errorString(), QString());
    QCOMPARE(hung.get(&HungLoader::State::started), 2);
}

void tst_LoaderIsolation::destroyingTheProviderDoesNotWaitForHungLoaders()
{
    ImageCache cache;
    HungLoader hung;
    // What the loader captured must live as long as a call that still runs: a canary tells.
    auto canary = std::make_shared<int>(7);
    std::weak_ptr<int> watch = canary;
    std::vector<Request> requests;
    QElapsedTimer timer;
    {
        auto provider = std::make_unique<ImageProvider>(cache);
        provider->setLoader(QStringLiteral("net"),
                            [loader = hung.loader(), canary = std::move(canary)](
                                    const QString &id, const QSize &size, const CancellationToken &token) {
                                LoadResult result = loader(id, size, token);
                                if (*canary != 7) // read after the provider is gone
                                    result = LoadResult::failure(QStringLiteral("canary died"));
                                return result;
                            });
        for (int i = 0; i < 6; ++i)
            requests.push_back(request(*provider, QStringLiteral("net/%1").arg(i)));
        QVERIFY(hung.waitUntil([](const HungLoader::State &s) {
            return s.running == ImageProvider::DefaultLoaderThreads;
        }));
        timer.start();
    } // the running calls hang; before, this waited for them (forever)
    QVERIFY2(timer.elapsed() < PromptMs, qPrintable(QString::number(timer.elapsed())));
    for (Request &r : requests) {
        QVERIFY(r.wait(PromptMs));
        QVERIFY2(r.response->errorString().contains(QStringLiteral("shut down")),
                 qPrintable(r.response->errorString()));
    }
    QVERIFY(!watch.expired()); // still captured by the running calls
    const int statsErrors = int(cache.stats().errors);

    hung.open(); // the calls return into a provider that no longer exists
    QVERIFY(hung.waitUntil([](const HungLoader::State &s) {
        return s.returned == ImageProvider::DefaultLoaderThreads;
    }));
    QTRY_VERIFY_WITH_TIMEOUT(watch.expired(), PromptMs); // released once the last call returned
    QCOMPARE(hung.get(&HungLoader::State::started), ImageProvider::DefaultLoaderThreads);
    QCOMPARE(cache.count(), 0); // nothing reached the cache after the provider went
    QCOMPARE(int(cache.stats().errors), statsErrors);
}

void tst_LoaderIsolation::destroyingTheEngineDoesNotWaitForHungLoaders()
{
    ImageCache cache;
    HungLoader hung;
    QElapsedTimer timer;
    {
        QQmlEngine engine;
        auto *provider = new ImageProvider(cache); // owned by the engine
        provider->setLoader(QStringLiteral("net"), hung.loader());
        engine.addImageProvider(QStringLiteral("cache"), provider);
        QQmlComponent component(&engine);
        component.setData("import QtQuick\n"
                          "Item { Repeater { model: 6; Image { source: 'image://cache/net/' + index } } }",
                          QUrl());
        std::unique_ptr<QObject> root(component.create());
        QVERIFY2(root, qPrintable(component.errorString()));
        QVERIFY(hung.waitUntil([](const HungLoader::State &s) { return s.started >= 1; }));
        timer.start();
        root.reset();
    } // ~QQmlEngine destroys the provider
    QVERIFY2(timer.elapsed() < PromptMs, qPrintable(QString::number(timer.elapsed())));
    hung.open();
    QVERIFY(hung.waitUntil([](const HungLoader::State &s) { return s.running == 0; }));
    QCOMPARE(cache.count(), 0);
}

void tst_LoaderIsolation::twoProvidersUnderOnePrefixDoNotShareImages()
{
    ImageCache cache; // one cache, as two windows of one app share ImageCache::instance()
    ImageProvider windowA(cache);
    ImageProvider windowB(cache);
    windowA.setLoader(QStringLiteral("avatar"), [](const QString &, const QSize &) {
        return LoadResult{solid(Qt::red), {}};
    });
    windowB.setLoader(QStringLiteral("avatar"), [](const QString &, const QSize &) {
        return LoadResult{solid(Qt::blue), {}};
    });
    QVERIFY(windowA.cacheKey(QStringLiteral("avatar/me"), QSize())
            != windowB.cacheKey(QStringLiteral("avatar/me"), QSize()));
    Request a = request(windowA, QStringLiteral("avatar/me"));
    QVERIFY(a.wait());
    Request b = request(windowB, QStringLiteral("avatar/me"));
    QVERIFY(b.wait());
    QCOMPARE(responseImage(a.response.get()).pixelColor(0, 0), QColor(Qt::red));
    QCOMPARE(responseImage(b.response.get()).pixelColor(0, 0), QColor(Qt::blue));
    QCOMPARE(cache.count(), 2);
    QCOMPARE(cache.stats().hits, 0u);
}

void tst_LoaderIsolation::reRegisteringAPrefixGetsNewKeys()
{
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setLoader(QStringLiteral("gen"), [](const QString &, const QSize &) {
        return LoadResult{solid(Qt::red), {}};
    });
    const QString before = provider.cacheKey(QStringLiteral("gen/x"), QSize());
    provider.setLoader(QStringLiteral("gen"), [](const QString &, const QSize &) {
        return LoadResult{solid(Qt::blue), {}};
    });
    QVERIFY(provider.cacheKey(QStringLiteral("gen/x"), QSize()) != before);
    // setLoader(prefix, {}) still reads as "unregister".
    provider.setLoader(QStringLiteral("gen"), {});
    QString error;
    QCOMPARE(provider.cacheKey(QStringLiteral("gen/x"), QSize(), &error), QString());
    provider.setLoader(QStringLiteral("gen"), [](const QString &, const QSize &) {
        return LoadResult{solid(Qt::blue), {}};
    });
    provider.removeLoader(QStringLiteral("gen"));
    QCOMPARE(provider.cacheKey(QStringLiteral("gen/x"), QSize(), &error), QString());
}

QTEST_MAIN(tst_LoaderIsolation)
#include "tst_loaderisolation.moc"
