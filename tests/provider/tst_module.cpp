// Copyright (C) 2026 The CacheScope authors.
// The `CacheScope` QML module from C++: `import CacheScope` registers the provider on the
// importing engine (under a configurable id, keeping one the app registered itself), and the
// `ImageCache` singleton's change notifications stay at a bounded rate however busy the cache is.
#include "support/quickscene.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qscopeguard.h>
#include <QtCore/qtemporarydir.h>

using namespace ProviderTest;
using namespace TestFixtures;
using CacheScope::NetworkSettings;

namespace {

// Loads `qml` in `engine` (with the build's QML folder on the import path). Caller owns the result.
QObject *load(QQmlEngine &engine, const QString &qml, QString *error = nullptr)
{
    QQmlComponent component(&engine);
    component.setData(qml.toUtf8(), QUrl(QStringLiteral("qrc:/cachescope-test/module.qml")));
    QObject *object = component.create();
    if (!object && error)
        *error = component.errorString();
    return object;
}

const QString SingletonQml = QStringLiteral("import QtQml\nimport CacheScope\n"
                                            "QtObject { property QtObject cache: ImageCache }\n");

QObject *singletonOf(QObject *holder)
{
    return holder ? holder->property("cache").value<QObject *>() : nullptr;
}

double number(QObject *object, const char *name)
{
    return object->property(name).toDouble();
}

// An engine whose provider serves `cache` (which must outlive it), and the ImageCache singleton
// it shows; `singleton` is null, and `error` says why, if the module did not load.
struct SingletonScene
{
    explicit SingletonScene(ImageCache &cache) : provider(new ImageProvider(cache))
    {
        engine.addImportPath(qmlImportDir());
        engine.addImageProvider(ImageProvider::providerId(), provider); // the engine owns it
        holder.reset(load(engine, SingletonQml, &error));
        singleton = singletonOf(holder.get());
    }

    ImageProvider *provider;
    QQmlEngine engine;
    QString error;
    std::unique_ptr<QObject> holder;
    QObject *singleton = nullptr;
};

} // namespace

class tst_Module : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void importRegistersProviderOnEachEngine();
    void imageBeforeAnySingletonUseLoads();
    void appRegisteredProviderIsKept();
    void providerIdIsConfigurable();
    void singletonPropertiesFromCpp();
    void notificationsAreCoalesced();
    void theLastHitsOfABurstAreShown();
    void limitWrittenRightAfterACppChange();
    void appCanLockSettingsAgainstQml();
    void networkSettingsFromQml();
    void prefetchFromQmlIsBoundedAndCancellable();

private:
    std::unique_ptr<FixtureFolder> m_files;
};

void tst_Module::initTestCase()
{
    m_files = std::make_unique<FixtureFolder>();
    QVERIFY2(m_files->isValid(), qPrintable(m_files->errorString()));
}

void tst_Module::importRegistersProviderOnEachEngine()
{
    QQmlEngine a;
    QQmlEngine b;
    for (QQmlEngine *engine : {&a, &b}) {
        engine->addImportPath(qmlImportDir());
        QVERIFY(!engine->imageProvider(ImageProvider::providerId()));
        QString error;
        std::unique_ptr<QObject> object(load(*engine, SingletonQml, &error));
        QVERIFY2(object, qPrintable(error));
        auto *provider = dynamic_cast<ImageProvider *>(engine->imageProvider(ImageProvider::providerId()));
        QVERIFY2(provider, "import CacheScope must register an ImageProvider");
        QCOMPARE(&provider->cache(), &ImageCache::instance()); // the process-wide cache by default
        QCOMPARE(provider->imageType(), QQmlImageProviderBase::ImageResponse);
        QVERIFY(provider->flags() & QQmlImageProviderBase::ForceAsynchronousImageLoading);
    }
    QVERIFY(a.imageProvider(ImageProvider::providerId()) != b.imageProvider(ImageProvider::providerId()));
}

// The provider must exist before the first Image asks, even when nothing touches the singleton.
void tst_Module::imageBeforeAnySingletonUseLoads()
{
    QQuickView view;
    view.engine()->addImportPath(qmlImportDir());
    QQmlComponent component(view.engine());
    component.setData("import QtQuick\nimport CacheScope\n"
                      "Image { cache: false; source: \"image://cache/qrc:/cachescope-test/checker.ppm\" }\n",
                      QUrl(QStringLiteral("qrc:/cachescope-test/first.qml")));
    std::unique_ptr<QObject> image(component.create());
    QVERIFY2(image, qPrintable(component.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(image.get()), int(Ready), LongWaitMs);
    QCOMPARE(image->property("implicitWidth").toInt(), 8);
}

void tst_Module::appRegisteredProviderIsKept()
{
    ImageCache own;
    QQmlEngine engine;
    engine.addImportPath(qmlImportDir());
    auto *mine = new ImageProvider(own);
    engine.addImageProvider(ImageProvider::providerId(), mine);
    QString error;
    std::unique_ptr<QObject> holder(load(engine, SingletonQml, &error));
    QVERIFY2(holder, qPrintable(error));
    QCOMPARE(engine.imageProvider(ImageProvider::providerId()), mine);

    // The singleton reports the cache behind the engine's provider, not the process-wide one.
    QObject *singleton = singletonOf(holder.get());
    QVERIFY(singleton);
    QVERIFY(own.insert(QStringLiteral("own/one"), QImage(16, 16, QImage::Format_RGB32)));
    QMetaObject::invokeMethod(singleton, "refresh");
    QCOMPARE(singleton->property("count").toInt(), 1);
    QCOMPARE(singleton->property("count").toInt(), own.count());
}

void tst_Module::providerIdIsConfigurable()
{
    const QString id = QStringLiteral("thumbs");
    ImageProvider::setProviderId(id);
    auto restore = qScopeGuard([] { ImageProvider::setProviderId(QString()); });
    QCOMPARE(ImageProvider::providerId(), id);

    QQuickView view;
    view.engine()->addImportPath(qmlImportDir());
    QQmlComponent component(view.engine());
    component.setData(QStringLiteral(
            "import QtQuick\nimport CacheScope\n"
            "Item {\n"
            "    property alias image: img\n"
            "    property var roots: ImageCache.roots\n"
            "    Image { id: img; cache: false }\n"
            "    Component.onCompleted: { ImageCache.roots = [\"%1\"]; img.source = \"image://thumbs/small.png\" }\n"
            "}\n").arg(m_files->root()).toUtf8(),
            QUrl(QStringLiteral("qrc:/cachescope-test/thumbs.qml")));
    std::unique_ptr<QObject> root(component.create());
    QVERIFY2(root, qPrintable(component.errorString()));
    QVERIFY(dynamic_cast<ImageProvider *>(view.engine()->imageProvider(id)));
    QVERIFY(!view.engine()->imageProvider(QStringLiteral("cache")));
    auto *image = root->property("image").value<QObject *>();
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(image), int(Ready), LongWaitMs);
    QCOMPARE(image->property("implicitWidth").toInt(), Small.size.width());
    QCOMPARE(root->property("roots").toStringList(), QStringList{m_files->root()});

    restore.dismiss();
    ImageProvider::setProviderId(QString()); // empty restores the default
    QCOMPARE(ImageProvider::providerId(), QStringLiteral("cache"));
}

void tst_Module::singletonPropertiesFromCpp()
{
    ImageCache own(1000);
    const SingletonScene scene(own);
    ImageProvider *provider = scene.provider;
    QObject *s = scene.singleton;
    QVERIFY2(s, qPrintable(scene.error));

    // Every property the README promises exists with its notify signal.
    for (const char *name : {"cacheLimit", "totalUsed", "count", "hits", "misses", "hitRate",
                             "evictions", "errors", "flushTimerActive", "roots"}) {
        const int index = s->metaObject()->indexOfProperty(name);
        QVERIFY2(index >= 0, name);
        QVERIFY2(s->metaObject()->property(index).hasNotifySignal(), name);
    }
    QCOMPARE(s->property("cacheLimit").toInt(), 1000);

    QSignalSpy limitSpy(s, SIGNAL(cacheLimitChanged()));
    QVERIFY(s->setProperty("cacheLimit", 300));
    QCOMPARE(own.cacheLimit(), 300);
    QCOMPARE(s->property("cacheLimit").toInt(), 300);
    QCOMPARE(limitSpy.count(), 1);
    QVERIFY(s->setProperty("cacheLimit", 300));
    QCOMPARE(limitSpy.count(), 1); // unchanged: no signal
    own.setCacheLimit(400); // changed behind its back: reported at the next coalesced update
    QTRY_COMPARE_WITH_TIMEOUT(s->property("cacheLimit").toInt(), 400, LongWaitMs);
    QCOMPARE(limitSpy.count(), 2);

    QSignalSpy rootsSpy(s, SIGNAL(rootsChanged()));
    const QStringList roots{m_files->root(), m_files->root2()};
    QVERIFY(s->setProperty("roots", roots));
    QCOMPARE(provider->roots(), roots);
    QCOMPARE(s->property("roots").toStringList(), roots);
    QCOMPARE(rootsSpy.count(), 1);
    QVERIFY(s->setProperty("roots", roots));
    QCOMPARE(rootsSpy.count(), 1);

    // Statistics follow the cache.
    QVERIFY(own.insert(QStringLiteral("a"), QImage(64, 64, QImage::Format_RGB32))); // 16 KiB
    QVERIFY(own.find(QStringLiteral("a"), nullptr));
    QVERIFY(!own.find(QStringLiteral("b"), nullptr));
    own.recordError(QStringLiteral("x"), QStringLiteral("test error"));
    QTRY_COMPARE_WITH_TIMEOUT(number(s, "hits"), 1.0, LongWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(number(s, "errors"), 1.0, LongWaitMs);
    QCOMPARE(number(s, "misses"), 1.0);
    QCOMPARE(number(s, "hitRate"), 0.5);
    QCOMPARE(s->property("count").toInt(), 1);
    QCOMPARE(s->property("totalUsed").toInt(), 16);
    QTRY_VERIFY_WITH_TIMEOUT(s->property("flushTimerActive").toBool(), LongWaitMs);

    bool evicted = false;
    QVERIFY(QMetaObject::invokeMethod(s, "flush", Q_RETURN_ARG(bool, evicted)));
    QVERIFY(evicted);
    QCOMPARE(s->property("count").toInt(), 0); // flush() refreshes at once
    QCOMPARE(number(s, "evictions"), 1.0);

    QVERIFY(own.insert(QStringLiteral("c"), QImage(64, 64, QImage::Format_RGB32)));
    QVERIFY(QMetaObject::invokeMethod(s, "clear"));
    QCOMPARE(s->property("count").toInt(), 0);
    QCOMPARE(s->property("totalUsed").toInt(), 0);
    QCOMPARE(s->property("flushTimerActive").toBool(), false);
}

// Hits reach observers in batches (CacheObserver), so a refresh can come between a hit and the
// batch it will go in, and that batch may never come if the burst ends there. The singleton looks
// once more after a refresh that saw a change, so the last hits are shown all the same.
void tst_Module::theLastHitsOfABurstAreShown()
{
    ImageCache own(100000);
    const SingletonScene scene(own);
    QObject *s = scene.singleton;
    QVERIFY2(s, qPrintable(scene.error));
    QImage image(16, 16, QImage::Format_RGB32);
    image.fill(Qt::gray);
    QVERIFY(own.insert(QStringLiteral("a"), image));
    QTest::qWait(400); // the insert's refresh, and the look after it, are done
    QSignalSpy spy(s, SIGNAL(statsChanged()));
    QVERIFY(own.find(QStringLiteral("a"), nullptr)); // isolated: delivered at once, a refresh due
    QTest::qWait(60);
    QVERIFY(own.find(QStringLiteral("a"), nullptr)); // 50 ms on: delivered, no new refresh
    QVERIFY(spy.wait(LongWaitMs));
    QCOMPARE(number(s, "hits"), 2.0);
    // Within 50 ms of the last batch: logged, and nothing else happens to the cache.
    QVERIFY(own.find(QStringLiteral("a"), nullptr));
    // Soon: not at the next flush timer tick (an exclusive section, which delivers the batch).
    constexpr int FewIntervalsMs = 2000;
    QTRY_COMPARE_WITH_TIMEOUT(number(s, "hits"), 3.0, FewIntervalsMs);
}

// Worker threads hammer the cache; statsChanged() must come at most about once per
// NotificationInterval (100 ms), not once per operation -- and the final values must be right.
void tst_Module::notificationsAreCoalesced()
{
    ImageCache own(100000);
    const SingletonScene scene(own);
    QObject *s = scene.singleton;
    QVERIFY2(s, qPrintable(scene.error));
    QSignalSpy spy(s, SIGNAL(statsChanged()));

    constexpr int Threads = 4;
    constexpr int BurstMs = 1000; // long enough for several notification intervals
    std::atomic<int> done{0};
    std::atomic<qint64> operations{0};
    std::vector<std::unique_ptr<QThread>> threads;
    QElapsedTimer timer;
    timer.start();
    for (int t = 0; t < Threads; ++t) {
        threads.emplace_back(QThread::create([&own, &done, &operations, &timer, t] {
            QImage image(16, 16, QImage::Format_RGB32);
            image.fill(Qt::gray);
            qint64 i = 0;
            for (; timer.elapsed() < BurstMs; ++i) {
                const QString key = QStringLiteral("t%1/%2").arg(t).arg(i % 200);
                if (i % 3 == 0)
                    own.insert(key, image);
                else
                    own.find(key, nullptr);
                if (i % 64 == 0)
                    QThread::usleep(200); // leave the GUI thread some CPU on a 2-core machine
            }
            operations += i;
            ++done;
        }));
        threads.back()->start();
    }
    while (done.load() < Threads)
        QTest::qWait(5); // the GUI thread keeps its event loop running, as an app would
    for (auto &thread : threads)
        QVERIFY(thread->wait(LongWaitMs));
    const auto final = own.stats();
    QTRY_COMPARE_WITH_TIMEOUT(number(s, "hits"), double(final.hits), LongWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(number(s, "misses"), double(final.misses), LongWaitMs);
    QTest::qWait(300); // anything still queued arrives
    const qint64 elapsed = timer.elapsed();
    const int emitted = spy.count();
    const qint64 bound = elapsed / 100 + 3;
    qInfo("%d statsChanged() for %lld cache operations in %lld ms (bound %lld)", emitted,
          operations.load(), elapsed, bound);
    QVERIFY2(emitted >= 2, "the properties must update during the burst, not only after it");
    QVERIFY2(emitted <= bound, qPrintable(QStringLiteral("%1 emitted in %2 ms").arg(emitted).arg(elapsed)));
    QCOMPARE(s->property("count").toInt(), own.count());
    QCOMPARE(s->property("totalUsed").toInt(), own.totalUsed());
    QCOMPARE(number(s, "evictions"), double(own.stats().evictions));
}

// The singleton's cacheLimit is a coalesced copy; writing a value equal to that (possibly stale)
// copy must still set the cache's limit.
void tst_Module::limitWrittenRightAfterACppChange()
{
    ImageCache own(1000);
    const SingletonScene scene(own);
    QObject *s = scene.singleton;
    QVERIFY2(s, qPrintable(scene.error));
    QCOMPARE(s->property("cacheLimit").toInt(), 1000);

    own.setCacheLimit(400);               // e.g. the app's C++ side, or the inspector
    QVERIFY(s->setProperty("cacheLimit", 1000)); // QML puts it back before the next update
    QCOMPARE(own.cacheLimit(), 1000);
    QTRY_COMPARE_WITH_TIMEOUT(s->property("cacheLimit").toInt(), 1000, LongWaitMs);
    QCOMPARE(own.cacheLimit(), 1000);
}

void tst_Module::appCanLockSettingsAgainstQml()
{
    FixtureFolder files;
    QVERIFY2(files.isValid(), qPrintable(files.errorString()));
    ImageCache own(1000);
    QQmlEngine engine;
    engine.addImportPath(qmlImportDir());
    auto *provider = new ImageProvider(own);
    provider->setRoots({files.root()});
    QCOMPARE(provider->lockedQmlSettings(), CacheScope::QmlSettings());
    provider->setLockedQmlSettings(CacheScope::QmlSetting::Roots | CacheScope::QmlSetting::CacheLimit);
    engine.addImageProvider(ImageProvider::providerId(), provider);
    // App QML (or QML it loads from elsewhere) tries to widen the roots and grow the cache.
    const QString qml = QStringLiteral(
            "import QtQml\nimport CacheScope\n"
            "QtObject { property QtObject cache: ImageCache\n"
            "  Component.onCompleted: { ImageCache.roots = ['/']; ImageCache.cacheLimit = 999999 } }\n");
    MessageRecorder log;
    QString error;
    std::unique_ptr<QObject> holder(load(engine, qml, &error));
    QVERIFY2(holder, qPrintable(error));
    QCOMPARE(provider->roots(), QStringList{files.root()});
    QCOMPARE(own.cacheLimit(), 1000);
    QObject *s = singletonOf(holder.get());
    QCOMPARE(s->property("roots").toStringList(), QStringList{files.root()});
    QCOMPARE(s->property("cacheLimit").toInt(), 1000);
    QCOMPARE(log.count(QStringLiteral("cachescope.qml"), QStringLiteral("ImageCache.roots is locked")), 1);
    QCOMPARE(log.count(QStringLiteral("cachescope.qml"), QStringLiteral("ImageCache.cacheLimit is locked")), 1);

    // Unlocked again from C++, QML may write them.
    provider->setLockedQmlSettings({});
    QVERIFY(s->setProperty("cacheLimit", 2000));
    QCOMPARE(own.cacheLimit(), 2000);
}

// ImageCache.networkEnabled / allowedHosts write the provider's NetworkSettings (keeping the
// C++-only fields), follow changes made from C++, and obey QmlSetting::Network.
void tst_Module::networkSettingsFromQml()
{
    ImageCache own;
    QQmlEngine engine;
    engine.addImportPath(qmlImportDir());
    auto *provider = new ImageProvider(own);
    QTemporaryDir disk;
    QVERIFY(disk.isValid());
    NetworkSettings fromCpp;
    fromCpp.diskCacheDirectory = disk.path();
    fromCpp.maxRedirects = 2;
    provider->setNetworkSettings(fromCpp);
    engine.addImageProvider(ImageProvider::providerId(), provider);
    const QString qml = QStringLiteral(
            "import QtQml\nimport CacheScope\n"
            "QtObject { property QtObject cache: ImageCache\n"
            "  property bool enabled: ImageCache.networkEnabled\n"
            "  property var hosts: ImageCache.allowedHosts\n"
            "  function enable(hosts) { ImageCache.allowedHosts = hosts; ImageCache.networkEnabled = true }\n"
            "  function disable() { ImageCache.networkEnabled = false } }\n");
    QString error;
    std::unique_ptr<QObject> holder(load(engine, qml, &error));
    QVERIFY2(holder, qPrintable(error));
    QObject *s = singletonOf(holder.get());
    QVERIFY(s);
    for (const char *name : {"networkEnabled", "allowedHosts", "diskHits", "revalidations", "fetches",
                             "bytesDownloaded", "networkErrors"}) {
        const int index = s->metaObject()->indexOfProperty(name);
        QVERIFY2(index >= 0, name);
        QVERIFY2(s->metaObject()->property(index).hasNotifySignal(), name);
    }
    QCOMPARE(holder->property("enabled").toBool(), false); // off until the app enables it

    QSignalSpy changed(s, SIGNAL(networkChanged()));
    const QStringList hosts{QStringLiteral("127.0.0.1"), QStringLiteral("cdn.example.com")};
    QVERIFY(QMetaObject::invokeMethod(holder.get(), "enable", Q_ARG(QVariant, hosts)));
    NetworkSettings now = provider->networkSettings();
    QVERIFY(now.enabled);
    QCOMPARE(now.allowedHosts, hosts);
    QCOMPARE(now.diskCacheDirectory, disk.path()); // what only C++ sets is kept
    QCOMPARE(now.maxRedirects, 2);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(holder->property("enabled").toBool(), true);
    QCOMPARE(holder->property("hosts").toStringList(), hosts);
    QVERIFY(QMetaObject::invokeMethod(holder.get(), "enable", Q_ARG(QVariant, hosts)));
    QCOMPARE(changed.count(), 2); // unchanged: no signal

    // C++ changes reach QML bindings.
    now.allowedHosts = {QStringLiteral("*")};
    provider->setNetworkSettings(now);
    QCOMPARE(changed.count(), 3);
    QCOMPARE(holder->property("hosts").toStringList(), QStringList{QStringLiteral("*")});

    // Locked: QML cannot switch the network on (or off), and says so.
    provider->setLockedQmlSettings(CacheScope::QmlSetting::Network);
    MessageRecorder log;
    QVERIFY(QMetaObject::invokeMethod(holder.get(), "disable"));
    QVERIFY(provider->networkSettings().enabled);
    QCOMPARE(holder->property("enabled").toBool(), true);
    QVERIFY(QMetaObject::invokeMethod(holder.get(), "enable", Q_ARG(QVariant, QStringList{QStringLiteral("evil.example")})));
    QCOMPARE(provider->networkSettings().allowedHosts, QStringList{QStringLiteral("*")});
    QCOMPARE(holder->property("hosts").toStringList(), QStringList{QStringLiteral("*")});
    QCOMPARE(log.count(QStringLiteral("cachescope.qml"), QStringLiteral("ImageCache.networkEnabled is locked")), 1);
    QCOMPARE(log.count(QStringLiteral("cachescope.qml"), QStringLiteral("ImageCache.allowedHosts is locked")), 1);
}

void tst_Module::prefetchFromQmlIsBoundedAndCancellable()
{
    ImageCache own;
    QQmlEngine engine;
    engine.addImportPath(qmlImportDir());
    auto *provider = new ImageProvider(own);
    CountingLoader counter;
    counter.gated = true;
    provider->setLoader(QStringLiteral("gen"), counter.loader());
    engine.addImageProvider(ImageProvider::providerId(), provider);
    const QString qml = QStringLiteral(
            "import QtQml\nimport CacheScope\n"
            "QtObject { property QtObject cache: ImageCache\n"
            "  function many() { var ids = []; for (var i = 0; i < 5000; ++i) ids.push('gen/' + i);"
            "    return ImageCache.prefetch(ids, Qt.size(8, 8)) } }\n");
    QString error;
    std::unique_ptr<QObject> holder(load(engine, qml, &error));
    QVERIFY2(holder, qPrintable(error));
    QVariant taken;
    QVERIFY(QMetaObject::invokeMethod(holder.get(), "many", Q_RETURN_ARG(QVariant, taken)));
    QCOMPARE(taken.toInt(), ImageProvider::MaxPrefetchIdsPerCall);
    QVERIFY(QMetaObject::invokeMethod(singletonOf(holder.get()), "cancelPrefetch"));
    counter.openGate();
    provider->waitForIdle();
    QVERIFY(counter.calls() <= provider->loaderThreadCount()); // only those already running
    QTRY_COMPARE(provider->pendingPrefetches(), 0);
}

QTEST_MAIN(tst_Module)
#include "tst_module.moc"
