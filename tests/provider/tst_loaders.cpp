// Copyright (C) 2026 The CacheScope authors.
// App-registered loaders for an id prefix: they get the id's rest and the requested size on a
// worker thread, and their images get caching, statistics, scene graph formats and the pixel
// budget like files do; failures are errors that are not cached.
#include "support/providertest.h"

using namespace ProviderTest;
using namespace TestFixtures;

class tst_Loaders : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void loaderGetsCachingAndStatistics();
    void loaderFailuresAreErrorsAndNotCached();
    void loaderImagesAreConvertedAndBudgeted();
    void unregisteringALoader();

private:
    std::unique_ptr<FixtureFolder> m_files;
    std::unique_ptr<MessageRecorder> m_log;
};

void tst_Loaders::initTestCase()
{
    m_files = std::make_unique<FixtureFolder>();
    QVERIFY2(m_files->isValid(), qPrintable(m_files->errorString()));
    m_log = std::make_unique<MessageRecorder>();
}

void tst_Loaders::init()
{
    m_log->clear();
}

void tst_Loaders::loaderGetsCachingAndStatistics()
{
    ImageCache cache;
    ImageProvider provider(cache);
    CountingLoader counter;
    provider.setLoader(QStringLiteral("gen"), counter.loader());

    Request a = request(provider, QStringLiteral("gen/colours/teal"), QSize(40, 0));
    QVERIFY(a.wait());
    QCOMPARE(a.response->errorString(), QString());
    QCOMPARE(responseImage(a.response.get()).size(), counter.sizeFor(QSize(40, 0)));
    QCOMPARE(counter.calls(), 1);
    const auto call = counter.log().constFirst();
    QCOMPARE(call.id, QStringLiteral("colours/teal")); // the id after "<prefix>/"
    QCOMPARE(call.requestedSize, QSize(40, 0));        // the requested size as Qt sent it

    Request b = request(provider, QStringLiteral("gen/colours/teal"), QSize(40, 0));
    QVERIFY(b.wait());
    QCOMPARE(counter.calls(), 1); // cached
    Request c = request(provider, QStringLiteral("gen/colours/teal"), QSize(20, 0));
    QVERIFY(c.wait());
    QCOMPARE(counter.calls(), 2); // another size, another key

    const auto stats = cache.stats();
    QCOMPARE(stats.hits, 1u);
    QCOMPARE(stats.misses, 2u);
    QCOMPARE(stats.insertions, 2u);
    QCOMPARE(cache.count(), 2);
    const QString key = provider.cacheKey(QStringLiteral("gen/colours/teal"), QSize(40, 0));
    QVERIFY(cache.contains(key));
    // Loader keys cannot collide with file keys.
    provider.setRoots({m_files->root()});
    QVERIFY(provider.cacheKey(QString::fromLatin1(Opaque.name), QSize(40, 0)) != key);
}

void tst_Loaders::loaderFailuresAreErrorsAndNotCached()
{
    ImageCache cache;
    ImageProvider provider(cache);
    CountingLoader failing;
    failing.failWith = QStringLiteral("database is offline");
    CountingLoader empty;
    empty.returnNull = true;
    provider.setLoader(QStringLiteral("db"), failing.loader());
    provider.setLoader(QStringLiteral("void"), empty.loader());

    for (int i = 0; i < 2; ++i) {
        m_log->clear();
        Request r = request(provider, QStringLiteral("db/row/7"));
        QVERIFY(r.wait());
        QVERIFY2(r.response->errorString().contains(QStringLiteral("database is offline")),
                 qPrintable(r.response->errorString()));
        QCOMPARE(r.response->textureFactory(), nullptr);
        QVERIFY2(m_log->count(ProviderCategory, QStringLiteral("database is offline")) >= 1,
                 qPrintable(m_log->dump()));
    }
    QCOMPARE(failing.calls(), 2); // not cached: asked again

    Request n = request(provider, QStringLiteral("void/thing"));
    QVERIFY(n.wait());
    QVERIFY2(!n.response->errorString().isEmpty(), "a loader returning no image is an error");
    QVERIFY(n.response->errorString().contains(QStringLiteral("thing")));

    QString error;
    QCOMPARE(provider.cacheKey(QStringLiteral("db/../secret"), QSize(), &error), QString());
    QVERIFY(error.contains(QStringLiteral("..")));

    QCOMPARE(cache.count(), 0);
    QCOMPARE(cache.stats().errors, 3u);
}

void tst_Loaders::loaderImagesAreConvertedAndBudgeted()
{
    ImageCache cache;
    ImageProvider provider(cache);
    CountingLoader rgb; // RGB888
    CountingLoader argb;
    argb.format = QImage::Format_ARGB32;
    CountingLoader huge;
    huge.defaultSize = QSize(1000, 1000);
    provider.setLoader(QStringLiteral("rgb"), rgb.loader());
    provider.setLoader(QStringLiteral("argb"), argb.loader());
    provider.setLoader(QStringLiteral("huge"), huge.loader());

    Request a = request(provider, QStringLiteral("rgb/x"));
    Request b = request(provider, QStringLiteral("argb/x"));
    QVERIFY(a.wait());
    QVERIFY(b.wait());
    QCOMPARE(responseImage(a.response.get()).format(), QImage::Format_RGB32);
    QCOMPARE(responseImage(b.response.get()).format(), QImage::Format_ARGB32_Premultiplied);
    QCOMPARE(cache.peek(provider.cacheKey(QStringLiteral("rgb/x"), QSize())).format(), QImage::Format_RGB32);

    provider.setPixelBudget(999 * 1000);
    Request c = request(provider, QStringLiteral("huge/x"));
    QVERIFY(c.wait());
    QVERIFY2(c.response->errorString().contains(QStringLiteral("budget")), qPrintable(c.response->errorString()));
    QCOMPARE(cache.count(), 2);
}

void tst_Loaders::unregisteringALoader()
{
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    CountingLoader counter;
    provider.setLoader(QStringLiteral("gen"), counter.loader());
    QVERIFY(!provider.cacheKey(QStringLiteral("gen/a"), QSize()).isEmpty());
    provider.setLoader(QStringLiteral("gen"), {});
    Request r = request(provider, QStringLiteral("gen/a"));
    QVERIFY(r.wait());
    QVERIFY2(r.response->errorString().contains(QStringLiteral("not found"), Qt::CaseInsensitive),
             qPrintable(r.response->errorString()));
    QCOMPARE(counter.calls(), 0);
}

QTEST_MAIN(tst_Loaders)
#include "tst_loaders.moc"
