// Copyright (C) 2026 The CacheScope authors.
// Items destroyed mid-load: hundreds of Images created and destroyed (Repeater, Loader, source
// changes, whole views) while slow loads are in flight. Every response Qt Quick gets must emit
// finished() exactly once -- also when cancelled -- so the engine deletes it; nothing may touch a
// destroyed object (run under ASan: scripts/test with CACHESCOPE_SANITIZE="address;undefined");
// the cache stays consistent and the provider keeps working.
#include "support/quickscene.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qrandom.h>

using namespace ProviderTest;
using namespace TestFixtures;

namespace {

int callInt(QObject *object, const char *method)
{
    QVariant result;
    QMetaObject::invokeMethod(object, method, Q_RETURN_ARG(QVariant, result));
    return result.toInt();
}

// The cache's invariants when nothing else is using it.
void checkCache(const ImageCache &cache)
{
    const auto entries = cache.entries();
    QVERIFY(cache.totalUsed() <= std::max(cache.cacheLimit(), 0));
    QCOMPARE(entries.size(), qsizetype(cache.count()));
    qint64 sum = 0;
    for (const auto &e : entries)
        sum += e.costKb;
    QCOMPARE(sum, qint64(cache.totalUsed()));
}

// Every response handed to the engine finished exactly once and was deleted by it.
void checkResponsesSettled(QuickScene &scene)
{
    scene.provider->waitForIdle();
    QTRY_COMPARE_WITH_TIMEOUT(scene.provider->liveResponses(), 0, LongWaitMs);
    QCOMPARE(scene.provider->destroyed(), scene.provider->created());
    QCOMPARE(scene.provider->destroyedWithoutSingleFinish(), 0);
    QCOMPARE(scene.provider->finishedTwice(), 0);
    QCOMPARE(scene.provider->finishedOnForeignThread(), 0);
}

const QString GridQml = QStringLiteral(
        "import QtQuick\n"
        "Item {\n"
        "    property int imageCount: 0\n"
        "    property int round: 0\n"
        "    property bool qtCache: false\n"
        "    property alias repeater: rep\n"
        "    function readyCount() { var n = 0; for (var i = 0; i < rep.count; ++i) if (rep.itemAt(i).status === Image.Ready) ++n; return n }\n"
        "    Grid {\n"
        "        columns: 30\n"
        "        Repeater {\n"
        "            id: rep\n"
        "            model: imageCount\n"
        "            Image {\n"
        "                cache: qtCache\n"
        "                source: \"image://cache/slow/\" + (index % 150) + \"-\" + (round % 3)\n"
        "                sourceSize.width: 8 + index % 5\n"
        "            }\n"
        "        }\n"
        "    }\n"
        "}\n");

} // namespace

class tst_Lifecycle : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void hiddenApplicationTrimsWhatNoImageShows();
    void repeaterCreateDestroy_data();
    void repeaterCreateDestroy();
    void loaderToggling();
    void rapidSourceChanges();
    void destroyViewMidLoad();

private:
    std::unique_ptr<FixtureFolder> m_files;
};

void tst_Lifecycle::initTestCase()
{
    m_files = std::make_unique<FixtureFolder>();
    QVERIFY2(m_files->isValid(), qPrintable(m_files->errorString()));
}

void tst_Lifecycle::repeaterCreateDestroy_data()
{
    QTest::addColumn<bool>("qtCache");
    QTest::newRow("cache: false") << false;
    QTest::newRow("cache: true (Qt Quick shares the loads)") << true;
}

void tst_Lifecycle::repeaterCreateDestroy()
{
    QFETCH(bool, qtCache);
    QuickScene scene;
    CountingLoader slow;
    slow.delay = std::chrono::milliseconds(4);
    scene.provider->setLoader(QStringLiteral("slow"), slow.loader());
    QQuickItem *root = scene.create(GridQml);
    QVERIFY2(root, qPrintable(scene.lastError));
    root->setProperty("qtCache", qtCache);
    QVERIFY(scene.show());

    QRandomGenerator rng(1234);
    for (int round = 0; round < 25; ++round) {
        root->setProperty("round", round);
        root->setProperty("imageCount", 300);
        QTest::qWait(int(rng.bounded(25)));
        root->setProperty("imageCount", round % 4 == 0 ? 0 : int(rng.bounded(60)));
        QTest::qWait(int(rng.bounded(10)));
    }
    root->setProperty("imageCount", 0);
    QTest::qWait(50);
    qInfo("%d requests, %d decoded by the loader", scene.provider->created(), slow.calls());
    QVERIFY2(slow.calls() > 0, "the loads must actually have started");
    QVERIFY(scene.provider->created() >= 300);
    checkResponsesSettled(scene);
    if (QTest::currentTestFailed())
        return;
    checkCache(scene.cache);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(scene.cache.stats().errors, 0u);

    // Still working: a fresh set loads completely.
    root->setProperty("round", 100);
    root->setProperty("imageCount", 120);
    QTRY_COMPARE_WITH_TIMEOUT(callInt(root, "readyCount"), 120, LongWaitMs);
    root->setProperty("imageCount", 0);
    checkResponsesSettled(scene);
    delete root;
}

void tst_Lifecycle::loaderToggling()
{
    QuickScene scene;
    CountingLoader slow;
    slow.delay = std::chrono::milliseconds(3);
    scene.provider->setLoader(QStringLiteral("slow"), slow.loader());
    scene.provider->setRoots({m_files->root()});
    QQuickItem *root = scene.create(QStringLiteral(
            "import QtQuick\n"
            "Item {\n"
            "    property bool on: false\n"
            "    property int round: 0\n"
            "    Loader {\n"
            "        active: on\n"
            "        sourceComponent: Flow {\n"
            "            width: 1400\n"
            "            Repeater {\n"
            "                model: 200\n"
            "                Image {\n"
            "                    cache: false\n"
            "                    source: index % 10 === 0 ? \"image://cache/photo.jpg\"\n"
            "                                             : \"image://cache/slow/L\" + round + \"-\" + index\n"
            "                    sourceSize.height: 10 + index % 3\n"
            "                }\n"
            "            }\n"
            "        }\n"
            "    }\n"
            "}\n"));
    QVERIFY2(root, qPrintable(scene.lastError));
    QVERIFY(scene.show());
    for (int round = 0; round < 20; ++round) {
        root->setProperty("round", round);
        root->setProperty("on", true);
        QTest::qWait(round % 5);
        root->setProperty("on", false);
        QTest::qWait(round % 3);
    }
    QVERIFY2(slow.calls() > 0, "the loads must actually have started");
    QVERIFY(scene.provider->created() >= 200);
    qInfo("%d requests, %d decoded by the loader", scene.provider->created(), slow.calls());
    checkResponsesSettled(scene);
    if (QTest::currentTestFailed())
        return;
    checkCache(scene.cache);
    QCOMPARE(scene.cache.stats().errors, 0u);
    delete root;
}

// One Image whose source changes faster than loads finish: each change releases (cancels) the
// previous request.
void tst_Lifecycle::rapidSourceChanges()
{
    QuickScene scene;
    CountingLoader slow;
    slow.delay = std::chrono::milliseconds(5);
    scene.provider->setLoader(QStringLiteral("slow"), slow.loader());
    QQuickItem *root = scene.create(QStringLiteral(
            "import QtQuick\n"
            "Row {\n"
            "    property int n: 0\n"
            "    property alias a: a\n"
            "    Image { id: a; cache: false; source: \"image://cache/slow/src\" + n }\n"
            "    Image { cache: true; source: \"image://cache/slow/src\" + (n % 7) }\n"
            "}\n"));
    QVERIFY2(root, qPrintable(scene.lastError));
    QVERIFY(scene.show());
    for (int i = 0; i < 500; ++i) {
        root->setProperty("n", i);
        if (i % 10 == 0)
            QCoreApplication::processEvents();
    }
    auto *a = root->property("a").value<QObject *>();
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(a), int(Ready), LongWaitMs);
    qInfo("%d of 507 distinct loads were decoded; the rest were skipped after cancellation", slow.calls());
    checkResponsesSettled(scene);
    if (QTest::currentTestFailed())
        return;
    checkCache(scene.cache);
    delete root;
}

// Whole views (engine, reader thread, provider) destroyed while hundreds of loads are in flight.
void tst_Lifecycle::destroyViewMidLoad()
{
    ImageCache shared; // outlives every view, like the process-wide cache
    CountingLoader slow;
    slow.delay = std::chrono::milliseconds(3);
    for (int round = 0; round < 6; ++round) {
        auto view = std::make_unique<QQuickView>();
        auto *provider = new TrackingProvider(shared);
        provider->setLoader(QStringLiteral("slow"), slow.loader());
        provider->setRoots({m_files->root()});
        view->engine()->addImageProvider(ImageProvider::providerId(), provider);
        view->resize(800, 600);
        QQmlComponent component(view->engine());
        component.setData(QStringLiteral(
                "import QtQuick\n"
                "Flow {\n"
                "    width: 800\n"
                "    property int round: 0\n"
                "    Repeater {\n"
                "        model: 300\n"
                "        Image {\n"
                "            cache: index % 2\n"
                "            source: index % 25 === 0 ? \"image://cache/missing.png\"\n"
                "                                     : \"image://cache/slow/V\" + (index % 120) + \"-\" + round\n"
                "            sourceSize.width: 12\n"
                "        }\n"
                "    }\n"
                "}\n").toUtf8(), QUrl(QStringLiteral("qrc:/cachescope-test/view.qml")));
        auto *item = qobject_cast<QQuickItem *>(component.create());
        QVERIFY2(item, qPrintable(component.errorString()));
        item->setProperty("round", round);
        item->setParentItem(view->contentItem());
        item->setParent(view->contentItem());
        view->show();
        QTRY_VERIFY_WITH_TIMEOUT(provider->created() > 0, LongWaitMs); // loads under way
        QTest::qWait(round * 7);
        const int requests = provider->created();
        QElapsedTimer shutdown;
        shutdown.start();
        view.reset(); // items, engine and provider go while loads run
        qInfo("round %d: %d requests, %d loader calls so far; destroying the view took %lld ms",
              round, requests, slow.calls(), shutdown.elapsed());
        checkCache(shared);
        if (QTest::currentTestFailed())
            return;
    }
    QTest::qWait(100);
    checkCache(shared);

    // The cache (and a new provider on it) still work.
    QuickScene scene;
    scene.provider->setLoader(QStringLiteral("slow"), slow.loader());
    QQuickItem *item = scene.create(QStringLiteral(
            "import QtQuick\nImage { cache: false; source: \"image://cache/slow/after\" }"));
    QVERIFY2(item, qPrintable(scene.lastError));
    QVERIFY(scene.show());
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(item), int(Ready), LongWaitMs);
    delete item;
}

// Going to the background gives memory back: entries no Image shows go (as Trimmed), the ones
// on screen stay; an app can turn it off.
void tst_Lifecycle::hiddenApplicationTrimsWhatNoImageShows()
{
    ImageCache cache;
    ImageProvider provider(cache);
    QVERIFY(provider.trimInBackground());
    QImage image(16, 16, QImage::Format_RGB32);
    image.fill(Qt::blue);
    QVERIFY(cache.insert(QStringLiteral("unused"), image.copy()));
    QVERIFY(cache.insert(QStringLiteral("shown"), image.copy()));
    QImage shown;
    QVERIFY(cache.find(QStringLiteral("shown"), &shown));

    Q_EMIT qGuiApp->applicationStateChanged(Qt::ApplicationActive); // back to the front: nothing
    QCOMPARE(cache.count(), 2);
    Q_EMIT qGuiApp->applicationStateChanged(Qt::ApplicationHidden);
    QCOMPARE(cache.count(), 1);
    QVERIFY(cache.contains(QStringLiteral("shown")));
    QCOMPARE(cache.stats().evictionsFor(CacheScope::EvictionCause::Trimmed), 1u);

    provider.setTrimInBackground(false);
    shown = QImage();
    Q_EMIT qGuiApp->applicationStateChanged(Qt::ApplicationSuspended);
    QCOMPARE(cache.count(), 1);
    provider.setTrimInBackground(true);
    Q_EMIT qGuiApp->applicationStateChanged(Qt::ApplicationSuspended);
    QCOMPARE(cache.count(), 0);
}

QTEST_MAIN(tst_Lifecycle)
#include "tst_lifecycle.moc"
