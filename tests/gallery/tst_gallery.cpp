// Copyright (C) 2026 The CacheScope authors.
// The gallery demo, run the way the README's screenshots are made: headless, auto-scrolling,
// with --screenshot and --quit-after. The picture must show something and the cache must have
// worked: misses, insertions, evictions (the demo limit is small) and hits on the way back.
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qprocess.h>
#include <QtCore/qset.h>
#include <QtCore/qtemporarydir.h>
#include <QtGui/qimage.h>
#include <QtTest/qtest.h>

class tst_Gallery : public QObject
{
    Q_OBJECT

private slots:
    void headlessRunShowsPicturesAndCacheTraffic();
    void networkAlbumIsFetchedThenServedFromDisk();
};

namespace {
QJsonObject runGallery(const QStringList &arguments, const QString &statsFile)
{
    static constexpr int ProcessTimeoutMs = 120'000;
    QProcess gallery;
    gallery.setProcessChannelMode(QProcess::ForwardedChannels);
    gallery.start(QStringLiteral(GALLERY_EXECUTABLE),
                  arguments + QStringList{QStringLiteral("--stats"), statsFile});
    if (!gallery.waitForFinished(ProcessTimeoutMs) || gallery.exitStatus() != QProcess::NormalExit
        || gallery.exitCode() != 0)
        return {};
    QFile file(statsFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}
} // namespace

void tst_Gallery::headlessRunShowsPicturesAndCacheTraffic()
{
    static constexpr int RunMs = 8000;
    static constexpr int ProcessTimeoutMs = 120'000;
    static constexpr int MinDistinctColours = 500; // a blank or single-panel window has a few
    QTemporaryDir dir;
    const QString screenshot = dir.filePath(QStringLiteral("gallery.png"));
    const QString stats = dir.filePath(QStringLiteral("stats.json"));

    QProcess gallery;
    gallery.setProcessChannelMode(QProcess::ForwardedChannels);
    gallery.start(QStringLiteral(GALLERY_EXECUTABLE),
                  {QStringLiteral("--images"), dir.filePath(QStringLiteral("album")),
                   QStringLiteral("--count"), QStringLiteral("90"),
                   QStringLiteral("--auto-scroll"),
                   QStringLiteral("--quit-after"), QString::number(RunMs),
                   QStringLiteral("--screenshot"), screenshot,
                   QStringLiteral("--stats"), stats});
    QVERIFY(gallery.waitForFinished(ProcessTimeoutMs));
    QCOMPARE(gallery.exitStatus(), QProcess::NormalExit);
    QCOMPARE(gallery.exitCode(), 0);

    const QImage image(screenshot);
    QVERIFY2(!image.isNull(), "no screenshot written");
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    }
    QVERIFY2(colours.size() >= MinDistinctColours,
             qPrintable(QStringLiteral("only %1 distinct colours").arg(colours.size())));

    QFile file(stats);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    QVERIFY(json.value(QLatin1String("misses")).toDouble() > 0);
    QVERIFY(json.value(QLatin1String("insertions")).toDouble() > 0);
    QVERIFY(json.value(QLatin1String("evictions")).toDouble() > 0);
    QVERIFY(json.value(QLatin1String("hits")).toDouble() > 0);
    QCOMPARE(json.value(QLatin1String("errors")).toDouble(), 0.0);
    QVERIFY(json.value(QLatin1String("totalUsedKb")).toDouble()
            <= json.value(QLatin1String("cacheLimitKb")).toDouble());
}

// The network album (the same pictures over HTTP from 127.0.0.1 inside the gallery): what one run
// downloads, later runs with the same disk folder show with no download. A run may quit before
// every visible picture has arrived (a sanitizer build is slow), so runs repeat, with the same
// folder, until one downloads nothing: a picture is downloaded at most once over all of them.
void tst_Gallery::networkAlbumIsFetchedThenServedFromDisk()
{
    static constexpr int RunMs = 4000;
    static constexpr int PictureCount = 40;
    static constexpr int MaxRuns = 4;
    QTemporaryDir dir;
    const QStringList arguments{QStringLiteral("--images"), dir.filePath(QStringLiteral("album")),
                                QStringLiteral("--count"), QString::number(PictureCount),
                                QStringLiteral("--album"), QStringLiteral("network"),
                                QStringLiteral("--disk-cache"), dir.filePath(QStringLiteral("disk")),
                                QStringLiteral("--quit-after"), QString::number(RunMs)};
    double downloaded = 0;
    for (int run = 1; run <= MaxRuns; ++run) {
        const QJsonObject stats = runGallery(
                arguments, dir.filePath(QStringLiteral("run-%1.json").arg(run)));
        QVERIFY2(!stats.isEmpty(), qPrintable(QStringLiteral("run %1 failed").arg(run)));
        QCOMPARE(stats.value(QLatin1String("networkErrors")).toDouble(), 0.0);
        QCOMPARE(stats.value(QLatin1String("errors")).toDouble(), 0.0);
        const double fetches = stats.value(QLatin1String("fetches")).toDouble();
        if (run == 1)
            QVERIFY(fetches > 0);
        downloaded += fetches;
        QVERIFY2(downloaded <= PictureCount,
                 qPrintable(QStringLiteral("%1 downloads of %2 pictures: some were downloaded "
                                           "again").arg(downloaded).arg(PictureCount)));
        if (run > 1 && fetches == 0) {
            QVERIFY(stats.value(QLatin1String("diskHits")).toDouble() > 0);
            return;
        }
    }
    QFAIL("every run downloaded pictures again");
}

QTEST_GUILESS_MAIN(tst_Gallery)
#include "tst_gallery.moc"
