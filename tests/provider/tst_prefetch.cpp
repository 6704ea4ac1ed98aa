// Copyright (C) 2026 The CacheScope authors.
// prefetch() is callable by any QML, so it is bounded (ids per call, prefetches pending), skips
// duplicates, resolves ids on a worker thread rather than the caller's, and can be cancelled
// without disturbing the Images that share its loads.
#include "support/hungloader.h"
#include "support/providertest.h"

#include <QtCore/qthread.h>

using namespace ProviderTest;
using namespace TestFixtures;
using CacheScope::CacheEvent;
using CacheScope::CacheEventType;
using CacheScope::CacheObserver;

namespace {

QStringList ids(const QString &prefix, int count, int first = 0)
{
    QStringList list;
    for (int i = first; i < first + count; ++i)
        list.append(QStringLiteral("%1/%2").arg(prefix).arg(i));
    return list;
}

// Records the threads that reported errors.
class ErrorThreads : public CacheObserver
{
public:
    void cacheEvents(Events events) override
    {
        for (const CacheEvent &event : events) {
            if (event.type == CacheEventType::Error) {
                QMutexLocker lock(&mutex);
                threads.append(QThread::currentThread());
            }
        }
    }
    QList<QThread *> get() const
    {
        QMutexLocker lock(&mutex);
        return threads;
    }

private:
    mutable QMutex mutex;
    QList<QThread *> threads;
};

} // namespace

class tst_Prefetch : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void takesAtMostSoManyIdsPerCall();
    void pendingPrefetchesAreBounded();
    void duplicatesAreSkipped();
    void idsAreResolvedOffTheCallingThread();
    void cancelPrefetchStopsWhatIsQueuedAndRunning();
    void cancelPrefetchLeavesImagesAlone();

private:
    std::unique_ptr<FixtureFolder> m_files;
    std::unique_ptr<MessageRecorder> m_log;
};

void tst_Prefetch::initTestCase()
{
    m_files = std::make_unique<FixtureFolder>();
    QVERIFY2(m_files->isValid(), qPrintable(m_files->errorString()));
    m_log = std::make_unique<MessageRecorder>();
}

void tst_Prefetch::init()
{
    m_log->clear();
}

void tst_Prefetch::takesAtMostSoManyIdsPerCall()
{
    ImageCache cache;
    ImageProvider provider(cache);
    HungLoader hung;
    provider.setLoader(QStringLiteral("gen"), hung.loader());
    // Before: all 100000 were resolved, one by one, on the calling (GUI) thread, and queued.
    QCOMPARE(provider.prefetch(ids(QStringLiteral("gen"), 100000), QSize(16, 16)),
             ImageProvider::MaxPrefetchIdsPerCall);
    QVERIFY(provider.pendingPrefetches() <= ImageProvider::MaxPrefetchIdsPerCall);
    QVERIFY2(m_log->count(ProviderCategory, QStringLiteral("prefetch: took 512 ids")) == 1, qPrintable(m_log->dump()));
    hung.open();
    provider.waitForIdle();
    QCOMPARE(hung.get(&HungLoader::State::started), ImageProvider::MaxPrefetchIdsPerCall);
    QCOMPARE(provider.pendingPrefetches(), 0);
    QCOMPARE(cache.stats().misses, 0u); // prefetching counts neither hits nor misses
}

void tst_Prefetch::pendingPrefetchesAreBounded()
{
    ImageCache cache(100 * 1024);
    ImageProvider provider(cache);
    HungLoader hung;
    provider.setLoader(QStringLiteral("gen"), hung.loader());
    int taken = 0;
    for (int call = 0; call < 10; ++call)
        taken += provider.prefetch(ids(QStringLiteral("gen"), ImageProvider::MaxPrefetchIdsPerCall,
                                       call * ImageProvider::MaxPrefetchIdsPerCall),
                                   QSize());
    QCOMPARE(taken, ImageProvider::MaxPendingPrefetches);
    QCOMPARE(provider.pendingPrefetches(), ImageProvider::MaxPendingPrefetches);
    hung.open();
    provider.waitForIdle();
    QTRY_COMPARE(provider.pendingPrefetches(), 0);
    // Room again.
    QCOMPARE(provider.prefetch(ids(QStringLiteral("gen"), 3, 100000), QSize()), 3);
    provider.waitForIdle();
    QCOMPARE(hung.get(&HungLoader::State::started), ImageProvider::MaxPendingPrefetches + 3);
}

void tst_Prefetch::duplicatesAreSkipped()
{
    ImageCache cache;
    ImageProvider provider(cache);
    HungLoader hung;
    provider.setLoader(QStringLiteral("gen"), hung.loader());
    QCOMPARE(provider.prefetch({QStringLiteral("gen/a"), QStringLiteral("gen/a"), QStringLiteral("gen/b")},
                               QSize(8, 8)),
             2);
    // Still pending from the call before: only c is new.
    QCOMPARE(provider.prefetch({QStringLiteral("gen/a"), QStringLiteral("gen/c")}, QSize(8, 8)), 1);
    // Another size is another image.
    QCOMPARE(provider.prefetch({QStringLiteral("gen/a")}, QSize(4, 4)), 1);
    hung.open();
    provider.waitForIdle();
    QCOMPARE(hung.get(&HungLoader::State::started), 4);
    QCOMPARE(cache.count(), 4);
}

void tst_Prefetch::idsAreResolvedOffTheCallingThread()
{
    ImageCache cache;
    ErrorThreads errors;
    cache.addObserver(&errors);
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    QCOMPARE(provider.prefetch({QStringLiteral("../outside/secret.png"), QString::fromLatin1(Missing),
                                QString::fromLatin1(Small.name)},
                               QSize()),
             3);
    provider.waitForIdle();
    cache.removeObserver(&errors);
    // Both refusals were found -- and reported -- by a worker: the caller did no file system work.
    const QList<QThread *> threads = errors.get();
    QCOMPARE(threads.size(), 2);
    for (QThread *thread : threads)
        QVERIFY(thread != QThread::currentThread());
    QCOMPARE(cache.stats().errors, 2u);
    QCOMPARE(cache.count(), 1); // the good one still loaded
}

void tst_Prefetch::cancelPrefetchStopsWhatIsQueuedAndRunning()
{
    ImageCache cache;
    ImageProvider provider(cache);
    HungLoader hung;
    hung.pollsToken = true;
    provider.setLoader(QStringLiteral("gen"), hung.loader());
    QCOMPARE(provider.prefetch(ids(QStringLiteral("gen"), 40), QSize()), 40);
    QVERIFY(hung.waitUntil([](const HungLoader::State &s) {
        return s.running == ImageProvider::DefaultLoaderThreads;
    }));
    provider.cancelPrefetch();
    // The running calls see their token cancelled and return; the queued ones never start.
    QVERIFY(hung.waitUntil([](const HungLoader::State &s) {
        return s.returned == ImageProvider::DefaultLoaderThreads;
    }));
    provider.waitForIdle();
    QCOMPARE(hung.get(&HungLoader::State::started), ImageProvider::DefaultLoaderThreads);
    QCOMPARE(hung.get(&HungLoader::State::sawCancelled), ImageProvider::DefaultLoaderThreads);
    QTRY_COMPARE(provider.pendingPrefetches(), 0);
    QCOMPARE(cache.stats().errors, 0u); // cancelling is not failing
    QCOMPARE(cache.count(), 0);

    // Prefetching works again afterwards.
    hung.open();
    QCOMPARE(provider.prefetch(ids(QStringLiteral("gen"), 2), QSize()), 2);
    provider.waitForIdle();
    QCOMPARE(cache.count(), 2);
}

void tst_Prefetch::cancelPrefetchLeavesImagesAlone()
{
    ImageCache cache;
    ImageProvider provider(cache);
    HungLoader hung;
    hung.pollsToken = true;
    provider.setLoader(QStringLiteral("gen"), hung.loader());
    QCOMPARE(provider.prefetch({QStringLiteral("gen/shared")}, QSize()), 1);
    QVERIFY(hung.waitUntil([](const HungLoader::State &s) { return s.running == 1; }));
    Request image = request(provider, QStringLiteral("gen/shared")); // joins the prefetch's load
    provider.cancelPrefetch();
    settle(50);
    QCOMPARE(hung.get(&HungLoader::State::returned), 0); // the Image still wants it
    hung.open();
    QVERIFY(image.wait());
    QCOMPARE(image.response->errorString(), QString());
    QCOMPARE(hung.get(&HungLoader::State::started), 1);
}

QTEST_MAIN(tst_Prefetch)
#include "tst_prefetch.moc"
