// Copyright (C) 2026 The CacheScope authors.
// The CacheScope gallery: a grid of several hundred pictures through image://cache, with the
// inspector beside it. Headless: --screenshot FILE --quit-after MS.
#include "albumserver.h"
#include "samplealbum.h"

#include <CacheScope/imagecache.h>
#include <CacheScope/imageprovider.h>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qfile.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qtimer.h>
#include <QtGui/qguiapplication.h>
#include <QtQml/qqmlapplicationengine.h>
#include <QtQuick/qquickwindow.h>

using namespace std::chrono_literals;

namespace {

// Tuned so that eviction and the flush timer show within seconds of scrolling.
constexpr int DemoCacheLimitKb = 6 * 1024;
constexpr auto DemoSoonInterval = 1500ms;
constexpr auto DemoFlushInterval = 4000ms;

QJsonObject statsJson(const CacheScope::CacheStats &stats, const CacheScope::NetworkStats &network)
{
    return {{"hits", double(stats.hits)},           {"misses", double(stats.misses)},
            {"insertions", double(stats.insertions)}, {"evictions", double(stats.evictions)},
            {"errors", double(stats.errors)},       {"flushTicks", double(stats.flushTicks)},
            {"count", stats.count},                 {"totalUsedKb", stats.totalUsed},
            {"cacheLimitKb", stats.cacheLimit},
            {"diskHits", double(network.diskHits)}, {"revalidations", double(network.revalidations)},
            {"fetches", double(network.fetches)},   {"networkErrors", double(network.errors)}};
}

const QString FilesAlbum = QStringLiteral("files");
const QString NetworkAlbum = QStringLiteral("network");

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("cachescope-gallery"));
    QGuiApplication::setOrganizationName(QStringLiteral("CacheScope"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("CacheScope gallery demo"));
    parser.addHelpOption();
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
            QStringLiteral("Save a screenshot of the window to <file> before quitting."),
            QStringLiteral("file"));
    const QCommandLineOption quitAfterOption(QStringLiteral("quit-after"),
            QStringLiteral("Quit after <ms> milliseconds."), QStringLiteral("ms"));
    const QCommandLineOption imagesOption(QStringLiteral("images"),
            QStringLiteral("Folder for the generated sample pictures."), QStringLiteral("folder"),
            SampleAlbum::defaultFolder());
    const QCommandLineOption countOption(QStringLiteral("count"),
            QStringLiteral("How many sample pictures to show."), QStringLiteral("n"),
            QString::number(SampleAlbum::DefaultImageCount));
    const QCommandLineOption autoScrollOption(QStringLiteral("auto-scroll"),
            QStringLiteral("Start with auto-scroll on."));
    const QCommandLineOption statsOption(QStringLiteral("stats"),
            QStringLiteral("Write the cache statistics as JSON to <file> when quitting."),
            QStringLiteral("file"));
    const QCommandLineOption albumOption(QStringLiteral("album"),
            QStringLiteral("Start with the <album>: files (from the folder) or network (the same "
                           "pictures over HTTP from 127.0.0.1, in this process)."),
            QStringLiteral("album"), FilesAlbum);
    const QCommandLineOption diskCacheOption(QStringLiteral("disk-cache"),
            QStringLiteral("Folder of the network album's disk tier (default: under the user's "
                           "cache folder)."),
            QStringLiteral("folder"));
    parser.addOptions({screenshotOption, quitAfterOption, imagesOption, countOption,
                       autoScrollOption, statsOption, albumOption, diskCacheOption});
    parser.process(app);

    const QString folder = parser.value(imagesOption);
    qInfo("Preparing sample pictures in %s ...", qPrintable(folder));
    const QStringList files = SampleAlbum::ensure(folder, parser.value(countOption).toInt());

    CacheScope::ImageCache &cache = CacheScope::ImageCache::instance();
    cache.setCacheLimit(DemoCacheLimitKb);
    cache.setFlushIntervals(DemoSoonInterval, DemoFlushInterval);

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral(CACHESCOPE_QML_IMPORT_DIR));
    // Registered before any QML loads, so the grid's first images already resolve against the
    // album (import CacheScope keeps a provider that is already there).
    auto *provider = new CacheScope::ImageProvider(cache);
    provider->setRoots({folder});
    // The network album: served from this process on loopback, the only host allowed.
    AlbumServer albumServer(folder);
    CacheScope::NetworkSettings network;
    network.enabled = albumServer.isListening();
    network.allowedHosts = {QStringLiteral("127.0.0.1")};
    network.diskCacheDirectory = parser.value(diskCacheOption);
    provider->setNetworkSettings(network);
    engine.addImageProvider(CacheScope::ImageProvider::providerId(), provider);
    engine.setInitialProperties({{QStringLiteral("files"), files},
                                 {QStringLiteral("networkBase"), albumServer.baseUrl().toString()},
                                 {QStringLiteral("album"), parser.value(albumOption)},
                                 {QStringLiteral("autoScroll"), parser.isSet(autoScrollOption)},
                                 {QStringLiteral("soonIntervalMs"), double(DemoSoonInterval.count())},
                                 {QStringLiteral("flushIntervalMs"), double(DemoFlushInterval.count())}});
    engine.load(QUrl(QStringLiteral("qrc:/Gallery/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());

    if (parser.isSet(quitAfterOption)) {
        QTimer::singleShot(parser.value(quitAfterOption).toInt(), &app, [&] {
            if (parser.isSet(screenshotOption) && window) {
                const QString path = parser.value(screenshotOption);
                if (!window->grabWindow().save(path))
                    qWarning("Could not save the screenshot to %s", qPrintable(path));
            }
            QGuiApplication::quit();
        });
    }
    const int status = QGuiApplication::exec();
    if (parser.isSet(statsOption)) {
        QFile out(parser.value(statsOption));
        if (out.open(QIODevice::WriteOnly))
            out.write(QJsonDocument(statsJson(cache.stats(), provider->networkStats())).toJson());
    }
    return status;
}
