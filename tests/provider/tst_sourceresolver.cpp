// Copyright (C) 2026 The CacheScope authors.
// Id resolution through the public API (cacheKey() and requestImageResponse): roots in order (paths
// or file: URLs, missing ones ignored), resources, the cache key = resolved id + requested size
// (independent of how the id is spelled), and the id length limit.
#include "support/providertest.h"

#include <QtCore/qurl.h>

using namespace ProviderTest;
using namespace TestFixtures;

class tst_SourceResolver : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void rootsFirstMatchWins();
    void rootsAcceptUrlsAndIgnoreMissingFolders();
    void noRootsIsAClearError();
    void cacheKeyIncludesRequestedSize();
    void cacheKeyIsSpellingIndependent();
    void resources();
    void idLengthLimitBoundary();

private:
    std::unique_ptr<FixtureFolder> m_files;
    std::unique_ptr<MessageRecorder> m_log;
};

void tst_SourceResolver::initTestCase()
{
    m_files = std::make_unique<FixtureFolder>();
    QVERIFY2(m_files->isValid(), qPrintable(m_files->errorString()));
    m_log = std::make_unique<MessageRecorder>();
}

void tst_SourceResolver::init()
{
    m_log->clear();
}

void tst_SourceResolver::rootsFirstMatchWins()
{
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root(), m_files->root2()});

    Request red = request(provider, QStringLiteral("red.png"));
    QVERIFY(red.wait());
    QCOMPARE(responseImage(red.response.get()).size(), RootRedSize);
    Request only2 = request(provider, QStringLiteral("only2.png"));
    QVERIFY(only2.wait());
    QCOMPARE(only2.response->errorString(), QString());
    QCOMPARE(responseImage(only2.response.get()).size(), Root2RedSize);

    provider.setRoots({m_files->root2(), m_files->root()});
    QCOMPARE(provider.roots(), QStringList({m_files->root2(), m_files->root()}));
    Request red2 = request(provider, QStringLiteral("red.png"));
    QVERIFY(red2.wait());
    QCOMPARE(responseImage(red2.response.get()).size(), Root2RedSize);
    // Different files, different keys: never the wrong cached image.
    QVERIFY(provider.cacheKey(QStringLiteral("red.png"), QSize()).startsWith(m_files->root2()));
}

void tst_SourceResolver::rootsAcceptUrlsAndIgnoreMissingFolders()
{
    ImageCache cache;
    ImageProvider provider(cache);
    const QString missing = m_files->path() + QStringLiteral("/no-such-folder");
    const QStringList roots{missing, QUrl::fromLocalFile(m_files->root()).toString()};
    m_log->clear();
    provider.setRoots(roots);
    QCOMPARE(provider.roots(), roots); // read back as set
    QVERIFY2(m_log->count(ProviderCategory, QStringLiteral("no-such-folder")) >= 1, qPrintable(m_log->dump()));

    Request r = request(provider, QString::fromLatin1(Small.name));
    QVERIFY(r.wait());
    QCOMPARE(r.response->errorString(), QString());
    QCOMPARE(responseImage(r.response.get()).size(), Small.size);
}

void tst_SourceResolver::noRootsIsAClearError()
{
    ImageCache cache;
    ImageProvider provider(cache);
    Request r = request(provider, QString::fromLatin1(Small.name));
    QVERIFY(r.wait());
    QVERIFY2(r.response->errorString().contains(QStringLiteral("root"), Qt::CaseInsensitive),
             qPrintable(r.response->errorString()));
    QCOMPARE(r.response->textureFactory(), nullptr);
    QCOMPARE(cache.stats().errors, 1u);
}

void tst_SourceResolver::cacheKeyIncludesRequestedSize()
{
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    const QString id = QString::fromLatin1(Photo.name);
    QString error;
    const QString unset = provider.cacheKey(id, QSize(), &error);
    QCOMPARE(error, QString());
    QVERIFY(!unset.isEmpty());
    // (0,0) is what Qt sends while `sourceSize: Qt.size(width, height)` bindings are still 0: the
    // same request as no sourceSize at all.
    QCOMPARE(provider.cacheKey(id, QSize(0, 0)), unset);
    QCOMPARE(provider.cacheKey(id, QSize(-1, -1)), unset);
    const QSet<QString> keys{unset, provider.cacheKey(id, QSize(100, 0)),
                             provider.cacheKey(id, QSize(0, 100)),
                             provider.cacheKey(id, QSize(100, 100)),
                             provider.cacheKey(id, QSize(100, 75))};
    QCOMPARE(keys.size(), 5);
    QVERIFY(unset.contains(m_files->rootFile(id))); // resolved (canonical) path, not the raw id

    // Two sizes are two entries; each size decodes once.
    Request a = request(provider, id, QSize(100, 0));
    Request b = request(provider, id, QSize(0, 100));
    QVERIFY(a.wait());
    QVERIFY(b.wait());
    QCOMPARE(responseImage(a.response.get()).size(), QSize(100, 75));
    QCOMPARE(responseImage(b.response.get()).size(), QSize(133, 100));
    QCOMPARE(cache.count(), 2);
    QVERIFY(cache.contains(provider.cacheKey(id, QSize(100, 0))));
    QVERIFY(cache.contains(provider.cacheKey(id, QSize(0, 100))));
}

void tst_SourceResolver::cacheKeyIsSpellingIndependent()
{
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    const QString key = provider.cacheKey(QString::fromLatin1(Opaque.name), QSize(10, 10));
    QVERIFY(!key.isEmpty());
    QCOMPARE(provider.cacheKey(QStringLiteral("./") + QLatin1StringView(Opaque.name), QSize(10, 10)), key);
    QCOMPARE(provider.cacheKey(QStringLiteral("sub/./../") + QLatin1StringView(Opaque.name), QSize(10, 10)),
             QString()); // ".." is refused outright, even when it would stay inside
    // A symlink that stays inside its root is the file it points to.
    QCOMPARE(provider.cacheKey(QString::fromLatin1(InnerLink), QSize(10, 10)), key);
    QCOMPARE(provider.cacheKey(QStringLiteral("opaque%2Epng"), QSize(10, 10)), key);
}

void tst_SourceResolver::resources()
{
    ImageCache cache;
    ImageProvider provider(cache);
    const QString qrcKey = provider.cacheKey(QStringLiteral("qrc:/cachescope-test/checker.ppm"), QSize());
    QVERIFY(!qrcKey.isEmpty());
    QCOMPARE(provider.cacheKey(QStringLiteral(":/cachescope-test/checker.ppm"), QSize()), qrcKey);

    Request r = request(provider, QStringLiteral("qrc:/cachescope-test/checker.ppm"));
    QVERIFY(r.wait());
    QCOMPARE(r.response->errorString(), QString());
    QCOMPARE(responseImage(r.response.get()).size(), QSize(8, 6));
    Request colon = request(provider, QStringLiteral(":/cachescope-test/checker.ppm"));
    QVERIFY(colon.wait());
    QCOMPARE(cache.stats().hits, 1u);

    Request missing = request(provider, QStringLiteral("qrc:/cachescope-test/none.png"));
    QVERIFY(missing.wait());
    QVERIFY2(missing.response->errorString().contains(QStringLiteral("not found"), Qt::CaseInsensitive),
             qPrintable(missing.response->errorString()));
    QString error;
    QCOMPARE(provider.cacheKey(QStringLiteral("qrc:/cachescope-test/../../etc/passwd"), QSize(), &error),
             QString());
    QVERIFY(error.contains(QStringLiteral("..")));
}

void tst_SourceResolver::idLengthLimitBoundary()
{
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setLoader(QStringLiteral("gen"), [](const QString &, const QSize &) {
        QImage image(4, 4, QImage::Format_RGB32);
        image.fill(Qt::green);
        return LoadResult{image, {}};
    });
    const QString prefix = QStringLiteral("gen/");
    const QString atLimit = prefix + QString(ImageProvider::MaxIdLength - prefix.size(), QLatin1Char('a'));
    const QString overLimit = atLimit + QLatin1Char('a');
    QCOMPARE(atLimit.size(), ImageProvider::MaxIdLength);
    QString error;
    QVERIFY(!provider.cacheKey(atLimit, QSize(), &error).isEmpty());
    QCOMPARE(error, QString());
    QCOMPARE(provider.cacheKey(overLimit, QSize(), &error), QString());
    QVERIFY2(error.contains(QString::number(ImageProvider::MaxIdLength)), qPrintable(error));
    QVERIFY2(error.size() < 400, "the error must not echo a huge id back"); // readable

    Request ok = request(provider, atLimit);
    QVERIFY(ok.wait());
    QCOMPARE(ok.response->errorString(), QString());
}

QTEST_MAIN(tst_SourceResolver)
#include "tst_sourceresolver.moc"
