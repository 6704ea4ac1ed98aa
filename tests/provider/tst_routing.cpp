// Copyright (C) 2026 The CacheScope authors.
// Zero-change adoption: plain `Image { source: "file:…" / "qrc:/…" / "http://…" }` items load
// through CacheScope once routeImages() (or CACHESCOPE_ROUTE) switches routing on, and through Qt
// Quick's own loading when it is off; routed files still obey the roots; AnimatedImage and QML
// files are never rerouted; invalidating an id reloads the Images showing it with new pixels.
#include "support/httptestserver.h"
#include "support/quickscene.h"

#include <CacheScope/imagerouting.h>

#include <QtCore/qbuffer.h>
#include <QtCore/qprocess.h>
#include <QtCore/qtemporarydir.h>

using namespace ProviderTest;
using namespace TestFixtures;
using CacheScope::NetworkSettings;
using CacheScope::RouteScheme;
using CacheScope::RouteSchemes;

namespace {

const RouteSchemes AllSchemes = RouteScheme::File | RouteScheme::Qrc | RouteScheme::Http | RouteScheme::Https;

QByteArray png(const QColor &colour, QSize size = QSize(40, 30))
{
    return solidPng(colour, size);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// Three plain Images, as an app writes them: nothing names CacheScope.
QString threeImages(const QUrl &file, const QUrl &http)
{
    return QStringLiteral("import QtQuick\nRow {\n"
                          "  property alias fileImage: a\n  property alias qrcImage: b\n"
                          "  property alias httpImage: c\n"
                          "  Image { id: a; source: \"%1\" }\n"
                          "  Image { id: b; source: \"qrc:/cachescope-test/checker.ppm\" }\n"
                          "  Image { id: c; source: \"%2\" }\n}\n")
            .arg(file.toString(), http.toString());
}

QObject *child(QQuickItem *root, const char *name)
{
    return root->property(name).value<QObject *>();
}

bool allSettled(QQuickItem *root)
{
    for (const char *name : {"fileImage", "qrcImage", "httpImage"}) {
        const int status = statusOf(child(root, name));
        if (status == Loading || status == Null)
            return false;
    }
    return true;
}

} // namespace

class tst_Routing : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void offMeansQtQuickLoads();
    void onRoutesFileQrcAndHttp();
    void routedFileOutsideTheRootsIsRefused();
    void onlyStillImagesAreRouted();
    void stopRoutingGivesImagesBackToQt();
    void parsesTheEnvironmentForm();
    void environmentRoutesWithoutCode();
    void invalidateReloadsTheShownImage();
    void invalidatePrefixReloadsOnlyWhatItNames();

private:
    void enableNetwork(ImageProvider &provider);

    std::unique_ptr<FixtureFolder> m_files;
    std::unique_ptr<HttpTestServer> m_server;
    QTemporaryDir m_disk;
};

void tst_Routing::initTestCase()
{
    m_files = std::make_unique<FixtureFolder>();
    QVERIFY2(m_files->isValid(), qPrintable(m_files->errorString()));
    m_server = std::make_unique<HttpTestServer>();
    QVERIFY(m_server->isListening());
    HttpTestServer::Response answer;
    answer.body = png(Qt::blue);
    answer.headers = {{"Cache-Control", "max-age=3600"}};
    m_server->setResponse("/remote.png", answer);
    QVERIFY(m_disk.isValid());
}

void tst_Routing::enableNetwork(ImageProvider &provider)
{
    NetworkSettings settings;
    settings.enabled = true;
    settings.allowedHosts = {QStringLiteral("127.0.0.1")};
    settings.diskCacheDirectory = m_disk.path();
    provider.setNetworkSettings(settings);
}

void tst_Routing::offMeansQtQuickLoads()
{
    QuickScene scene;
    scene.provider->setRoots({m_files->root()});
    QQuickItem *root = scene.create(threeImages(m_files->rootUrl(QString::fromLatin1(Opaque.name)),
                                                m_server->url(QStringLiteral("/remote.png"))));
    QVERIFY2(root, qPrintable(scene.lastError));
    QVERIFY(scene.show());
    QTRY_VERIFY_WITH_TIMEOUT(allSettled(root), LongWaitMs);
    for (const char *name : {"fileImage", "qrcImage", "httpImage"})
        QCOMPARE(statusOf(child(root, name)), Ready);
    QCOMPARE(scene.provider->created(), 0);
    QCOMPARE(scene.cache.count(), 0);
}

void tst_Routing::onRoutesFileQrcAndHttp()
{
    QuickScene scene;
    scene.provider->setRoots({m_files->root()});
    enableNetwork(*scene.provider);
    CacheScope::routeImages(scene.view.engine(), AllSchemes);
    QCOMPARE(CacheScope::routedSchemes(scene.view.engine()), AllSchemes);
    const QUrl file = m_files->rootUrl(QString::fromLatin1(Opaque.name));
    const QUrl http = m_server->url(QStringLiteral("/remote.png"));
    QQuickItem *root = scene.create(threeImages(file, http));
    QVERIFY2(root, qPrintable(scene.lastError));
    QVERIFY(scene.show());
    QTRY_VERIFY_WITH_TIMEOUT(allSettled(root), LongWaitMs);
    for (const char *name : {"fileImage", "qrcImage", "httpImage"})
        QVERIFY2(statusOf(child(root, name)) == Ready, name);
    QCOMPARE(scene.provider->created(), 3);
    QCOMPARE(scene.cache.count(), 3);
    QCOMPARE(scene.cache.stats().misses, 3u);
    QCOMPARE(child(root, "httpImage")->property("sourceSize").toSize(), QSize(40, 30));
    QCOMPARE(scene.provider->networkStats().fetches, 1u);
    // The QML's own view of its sources does not change.
    QCOMPARE(child(root, "fileImage")->property("source").toUrl(), file);
    QCOMPARE(child(root, "httpImage")->property("source").toUrl(), http);

    // A second set of the same Images: memory hits, no request.
    const int requests = m_server->requests("/remote.png");
    QQuickItem *again = scene.create(threeImages(file, http));
    QVERIFY2(again, qPrintable(scene.lastError));
    QTRY_VERIFY_WITH_TIMEOUT(allSettled(again), LongWaitMs);
    QCOMPARE(m_server->requests("/remote.png"), requests);
    QCOMPARE(scene.cache.count(), 3);
}

void tst_Routing::routedFileOutsideTheRootsIsRefused()
{
    QuickScene scene;
    scene.provider->setRoots({m_files->root()});
    CacheScope::routeImages(scene.view.engine(), RouteScheme::File);
    QQuickItem *root = scene.create(QStringLiteral("import QtQuick\nImage { source: \"%1\" }\n")
                                            .arg(QUrl::fromLocalFile(m_files->secret()).toString()));
    QVERIFY2(root, qPrintable(scene.lastError));
    QVERIFY(scene.show());
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(root), int(Error), LongWaitMs);
    QCOMPARE(scene.cache.stats().errors, 1u);
    const QString warnings = scene.warnings.join(QLatin1Char('\n'));
    QVERIFY2(warnings.contains(QLatin1String("outside every root")), qPrintable(warnings));

    // The app can pass the roots it serves instead.
    CacheScope::routeImages(scene.view.engine(), RouteScheme::File, {m_files->outside()});
    QVERIFY(scene.provider->roots().contains(m_files->outside()));
    QQuickItem *allowed = scene.create(QStringLiteral("import QtQuick\nImage { source: \"%1\" }\n")
                                               .arg(QUrl::fromLocalFile(m_files->secret()).toString()));
    QVERIFY2(allowed, qPrintable(scene.lastError));
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(allowed), int(Ready), LongWaitMs);
}

void tst_Routing::onlyStillImagesAreRouted()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A QML file for a Loader: reaches the interceptor too, and must stay with Qt.
    QVERIFY(writeFile(dir.filePath(QStringLiteral("Part.qml")), "import QtQuick\nItem { }\n"));
    QuickScene scene;
    scene.provider->setRoots({dir.path()});
    CacheScope::routeImages(scene.view.engine(), RouteScheme::File);
    const QString qml = QStringLiteral("import QtQuick\nItem {\n"
                                       "  property alias loader: l\n"
                                       "  Loader { id: l; source: \"%1\" }\n}\n")
                                .arg(QUrl::fromLocalFile(dir.filePath(QStringLiteral("Part.qml"))).toString());
    QQuickItem *root = scene.create(qml);
    QVERIFY2(root, qPrintable(scene.lastError));
    QVERIFY(scene.show());
    QObject *loader = child(root, "loader");
    QTRY_COMPARE_WITH_TIMEOUT(loader->property("status").toInt(), 1 /* Loader.Ready */, LongWaitMs);
    QCOMPARE(scene.provider->created(), 0);
    // A routed still image in the same folder does go through the cache.
    QVERIFY(writeFile(dir.filePath(QStringLiteral("still.png")), png(Qt::red)));
    QQuickItem *image = scene.create(QStringLiteral("import QtQuick\nImage { source: \"%1\" }\n")
                                             .arg(QUrl::fromLocalFile(dir.filePath(QStringLiteral("still.png"))).toString()));
    QVERIFY2(image, qPrintable(scene.lastError));
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(image), int(Ready), LongWaitMs);
    QCOMPARE(scene.provider->created(), 1);
}

void tst_Routing::stopRoutingGivesImagesBackToQt()
{
    QuickScene scene;
    scene.provider->setRoots({m_files->root()});
    CacheScope::routeImages(scene.view.engine(), RouteScheme::File);
    CacheScope::stopRoutingImages(scene.view.engine());
    QCOMPARE(CacheScope::routedSchemes(scene.view.engine()), RouteSchemes());
    QQuickItem *root = scene.create(QStringLiteral("import QtQuick\nImage { source: \"%1\" }\n")
                                            .arg(m_files->rootUrl(QString::fromLatin1(Small.name)).toString()));
    QVERIFY2(root, qPrintable(scene.lastError));
    QVERIFY(scene.show());
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(root), int(Ready), LongWaitMs);
    QCOMPARE(scene.provider->created(), 0);
}

void tst_Routing::parsesTheEnvironmentForm()
{
    QString error;
    QCOMPARE(CacheScope::parseRouteSchemes(QStringLiteral("file,qrc,https"), &error),
             RouteScheme::File | RouteScheme::Qrc | RouteScheme::Https);
    QCOMPARE(error, QString());
    QCOMPARE(CacheScope::parseRouteSchemes(QStringLiteral(" HTTP , all "), &error), AllSchemes);
    QCOMPARE(CacheScope::parseRouteSchemes(QStringLiteral("file,ftp"), &error), RouteScheme::File);
    QVERIFY2(error.contains(QLatin1String("ftp")), qPrintable(error));
    QCOMPARE(CacheScope::parseRouteSchemes(QString(), &error), RouteSchemes());
}

// CACHESCOPE_ROUTE with `import CacheScope` and no code: run as a child process, since the plugin
// reads the environment when an engine imports it.
void tst_Routing::environmentRoutesWithoutCode()
{
    if (qEnvironmentVariableIsSet("CACHESCOPE_TST_ROUTING_CHILD")) {
        QSKIP("runs in the parent only");
    }
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CACHESCOPE_ROUTE"), QStringLiteral("file"));
    env.insert(QStringLiteral("CACHESCOPE_ROOTS"), m_files->root());
    env.insert(QStringLiteral("CACHESCOPE_TST_ROUTING_CHILD"), QStringLiteral("1"));
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("childLoadsThroughTheCache")});
    QVERIFY(child.waitForFinished(LongWaitMs));
    const QByteArray output = child.readAll();
    QVERIFY2(child.exitCode() == 0, output.constData());
    QVERIFY2(output.contains("ROUTED 1 ENTRIES 1"), output.constData());
}

void tst_Routing::invalidateReloadsTheShownImage()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = QDir(dir.path()).canonicalPath() + QStringLiteral("/avatar.png");
    QVERIFY(writeFile(path, png(Qt::red, QSize(64, 64))));
    QuickScene scene(QSize(64, 64));
    scene.view.engine()->addImportPath(qmlImportDir());
    scene.provider->setRoots({QDir(dir.path()).canonicalPath()});
    CacheScope::routeImages(scene.view.engine(), RouteScheme::File);
    const QString url = QUrl::fromLocalFile(path).toString();
    QQuickItem *root = scene.create(QStringLiteral("import QtQuick\nimport CacheScope\n"
                                                   "Image {\n  function refresh() { return ImageCache.invalidate(\"%1\") }\n"
                                                   "  source: \"%1\"\n}\n").arg(url));
    QVERIFY2(root, qPrintable(scene.lastError));
    QVERIFY(scene.show());
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(root), int(Ready), LongWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(QColor(scene.view.grabWindow().pixel(32, 32)), QColor(Qt::red), LongWaitMs);

    // The file changes behind the same URL; one call, and the Image shows the new pixels.
    QVERIFY(writeFile(path, png(Qt::green, QSize(64, 64))));
    QVariant removed;
    QVERIFY(QMetaObject::invokeMethod(root, "refresh", Q_RETURN_ARG(QVariant, removed)));
    QCOMPARE(removed.toInt(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(QColor(scene.view.grabWindow().pixel(32, 32)), QColor(Qt::green), LongWaitMs);
    QCOMPARE(statusOf(root), int(Ready));
    QCOMPARE(root->property("source").toUrl(), QUrl(url));
    QCOMPARE(scene.cache.count(), 1);
}

// A prefix reloads every Image under it (one id shown twice is resolved once) and none outside it;
// an Image given another source in the same call keeps that source.
void tst_Routing::invalidatePrefixReloadsOnlyWhatItNames()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = QDir(dir.path()).canonicalPath();
    QVERIFY(QDir(root).mkpath(QStringLiteral("a")) && QDir(root).mkpath(QStringLiteral("b")));
    for (const char *name : {"a/1.png", "a/2.png", "a/3.png", "b/1.png"})
        QVERIFY(writeFile(root + QLatin1Char('/') + QLatin1String(name), png(Qt::red, QSize(16, 16))));
    QuickScene scene(QSize(96, 16));
    scene.view.engine()->addImportPath(qmlImportDir());
    scene.provider->setRoots({root});
    QQuickItem *row = scene.create(QStringLiteral(
            "import QtQuick\nimport CacheScope\nRow {\n"
            "  function refreshA() { const n = ImageCache.invalidatePrefix('a/'); moved.source = 'image://cache/a/3.png'; return n }\n"
            "  Image { objectName: 'a1'; source: 'image://cache/a/1.png' }\n"
            "  Image { objectName: 'a1again'; source: 'image://cache/a/1.png' }\n"
            "  Image { objectName: 'a2'; source: 'image://cache/a/2.png' }\n"
            "  Image { id: moved; objectName: 'moved'; source: 'image://cache/a/2.png' }\n"
            "  Image { objectName: 'b1'; source: 'image://cache/b/1.png' }\n}\n"));
    QVERIFY2(row, qPrintable(scene.lastError));
    QVERIFY(scene.show());
    const auto pixelOf = [&](const char *name) {
        const auto *item = row->findChild<QQuickItem *>(QLatin1String(name));
        const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
        return QColor(scene.view.grabWindow().pixel(centre.toPoint()));
    };
    for (const char *name : {"a1", "a1again", "a2", "moved", "b1"})
        QTRY_COMPARE_WITH_TIMEOUT(pixelOf(name), QColor(Qt::red), LongWaitMs);

    for (const char *name : {"a/1.png", "a/2.png", "a/3.png", "b/1.png"})
        QVERIFY(writeFile(root + QLatin1Char('/') + QLatin1String(name), png(Qt::green, QSize(16, 16))));
    QVariant removed;
    QVERIFY(QMetaObject::invokeMethod(row, "refreshA", Q_RETURN_ARG(QVariant, removed)));
    QCOMPARE(removed.toInt(), 2); // a/1 and a/2; a/3 was never loaded
    for (const char *name : {"a1", "a1again", "a2", "moved"})
        QTRY_COMPARE_WITH_TIMEOUT(pixelOf(name), QColor(Qt::green), LongWaitMs);
    auto *moved = row->findChild<QQuickItem *>(QStringLiteral("moved"));
    QCOMPARE(moved->property("source").toUrl(), QUrl(QStringLiteral("image://cache/a/3.png")));
    // Nothing reloads b/: Qt Quick keeps showing the pixels it has.
    QTest::qWait(100);
    QCOMPARE(pixelOf("b1"), QColor(Qt::red));
    QVERIFY(scene.cache.contains(scene.provider->cacheKey(QStringLiteral("b/1.png"), QSize())));
}

// Not a test of its own: what environmentRoutesWithoutCode() runs in the child process.
class tst_RoutingChild : public QObject
{
    Q_OBJECT
private slots:
    void childLoadsThroughTheCache()
    {
        QQuickView view;
        view.engine()->addImportPath(qmlImportDir());
        QQmlComponent component(view.engine());
        component.setData(QStringLiteral("import QtQuick\nimport CacheScope\nImage { source: \"%1\" }\n")
                                  .arg(QUrl::fromLocalFile(qEnvironmentVariable("CACHESCOPE_ROOTS")
                                                           + QStringLiteral("/opaque.png")).toString())
                                  .toUtf8(),
                          QUrl(QStringLiteral("qrc:/child.qml")));
        std::unique_ptr<QObject> image(component.create());
        QVERIFY2(image, qPrintable(component.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(image.get()), int(Ready), LongWaitMs);
        const bool routed = CacheScope::routedSchemes(view.engine()) == RouteSchemes(RouteScheme::File);
        auto *provider = dynamic_cast<ImageProvider *>(view.engine()->imageProvider(ImageProvider::providerId()));
        QVERIFY(provider);
        printf("ROUTED %d ENTRIES %d\n", int(routed), int(provider->cache().count()));
        fflush(stdout);
    }
};

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    if (qEnvironmentVariableIsSet("CACHESCOPE_TST_ROUTING_CHILD")) {
        tst_RoutingChild child;
        return QTest::qExec(&child, argc, argv);
    }
    tst_Routing test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_routing.moc"
