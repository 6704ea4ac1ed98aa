// Copyright (C) 2026 The CacheScope authors.
// Target 9: the provider end to end, headless, against Qt Quick's own file loading and cache.
//
// 500 distinct 1024x768 JPEGs (gradient, shapes, text and noise; quality 85) are written to a
// temporary folder before anything runs. One iteration of a grid benchmark creates
// ProviderGrid.qml -- a Grid with a Repeater of 500 asynchronous Images, sourceSize 128x128, so
// every Image decodes to 128x96 -- in a QQmlEngine without a window (asynchronous Images load
// through the engine's reader thread; nothing is rendered), timed (manual time) from the creation
// of the grid until every Image is Ready. An Image in Error, a wrong decoded size or a grid that
// does not settle fails the run (SkipWithError, and the program exits with status 1).
//
//   grid/ours/cold    `image://cache/<file>`, `cache: false` (CacheScope caches, not Qt Quick, as
//                     the README recommends): a fresh engine, ImageCache::instance() cleared
//   grid/qt/cold      `file:<path>`, `cache: true` (Qt Quick's defaults): a fresh engine, and file
//                     names Qt Quick has never seen. Its pixmap cache is process-wide and keeps
//                     released pixmaps, so each run reads hard links to the same files made in a
//                     new folder (same inodes: the OS page cache is as warm as for ours)
//   grid/<who>/warm   the grid destroyed and created again in the same engine (scrolling away and
//                     back): ours answers from its cache; Qt Quick keeps only 2 MiB of released
//                     pixmaps (about 40 of these thumbnails) and decodes the rest again
//   grid/<who>/shared a second grid while the first is still alive: Qt Quick shares the live
//                     pixmaps without loading anything; ours (`cache: false`) asks the provider
//   decode/scaled           one file per iteration read with QImageReader::setScaledSize(128x96),
//                           the reader calls the provider's decoder makes (imagedecoder.cpp)
//   decode/full_then_scale  a full 1024x768 read, then QImage::scaled() into the 128x128 box
//                           (KeepAspectRatio, SmoothTransformation)
//
// Warm and shared runs first fill their engine with one untimed grid. "Cold" means in no image
// cache; the files are in the OS page cache for both sides. Both sides decode at 128x96 (Qt
// Quick's file loading uses setScaledSize as well), Qt Quick on its one reader thread per engine,
// ours on the provider's pool (one thread per core).
#include "benchmain.h"

#include <CacheScope/imagecache.h>
#include <CacheScope/imageprovider.h>

#include <QtCore/qdir.h>
#include <QtCore/qeventloop.h>
#include <QtCore/qfileinfo.h>
#include <QtCore/qrandom.h>
#include <QtCore/qtemporarydir.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>
#include <QtCore/qurl.h>
#include <QtGui/qguiapplication.h>
#include <QtGui/qimagereader.h>
#include <QtGui/qpainter.h>
#include <QtQml/qqmlcomponent.h>
#include <QtQml/qqmlengine.h>
#include <QtQuick/qquickitem.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int PhotoCount = 500;
constexpr QSize PhotoSize(1024, 768);
constexpr int PhotoQuality = 85;
constexpr int ShapesPerPhoto = 24;
constexpr int NoiseAmplitude = 12; // ± per channel: photo-like file sizes, not a flat gradient's
constexpr int CaptionPixelSize = 96;
constexpr QSize RequestedSize(128, 128); // the Images' sourceSize
constexpr QSize ThumbnailSize(128, 96);  // what both sides decode to: fit within, keep aspect
// Timed grids per run, after the untimed one that fills the caches: a reused grid takes ~20 ms,
// except Qt's warm one, which decodes most of the photos again (~0.8 s).
constexpr int ReusedGridsPerRun = 10;
constexpr int QtWarmGridsPerRun = 3;
constexpr auto SettleTimeout = 120s;
// Room for every thumbnail (500 x 48 KiB = 23.4 MiB) and more: a warm grid must never miss.
constexpr int GridCacheLimitKb = 64 * 1024;
// Keeps the flush timer out of the runs: an idle tick would evict a quarter of a warm cache.
constexpr std::chrono::milliseconds FlushIntervalBeyondRuns = 1h;

std::atomic<bool> anyRunFailed{false};

void fail(benchmark::State &state, const QString &why)
{
    anyRunFailed = true;
    qCritical("bench_provider: %s", qPrintable(why));
    state.SkipWithError(qPrintable(why));
}

double seconds(Clock::duration elapsed)
{
    return std::chrono::duration<double>(elapsed).count();
}

// A deterministic content generator per photo (xorshift32): cheap enough for 400 M samples.
class Noise
{
public:
    explicit Noise(quint32 seed) : m_state(seed | 1u) { }
    quint32 next()
    {
        m_state ^= m_state << 13;
        m_state ^= m_state >> 17;
        m_state ^= m_state << 5;
        return m_state;
    }

private:
    quint32 m_state;
};

int noisy(int channel, quint32 bits)
{
    const int offset = int(bits % (2 * NoiseAmplitude + 1)) - NoiseAmplitude;
    return std::clamp(channel + offset, 0, 255);
}

QImage makePhoto(int index)
{
    QImage photo(PhotoSize, QImage::Format_RGB32);
    QRandomGenerator random{quint32(index)};
    {
        QPainter painter(&photo);
        const int hue = (index * 37) % 360;
        QLinearGradient gradient(0, 0, PhotoSize.width(), PhotoSize.height());
        gradient.setColorAt(0, QColor::fromHsv(hue, 200, 230));
        gradient.setColorAt(1, QColor::fromHsv((hue + 150) % 360, 180, 60));
        painter.fillRect(photo.rect(), gradient);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        for (int shape = 0; shape < ShapesPerPhoto; ++shape) {
            painter.setBrush(QColor::fromHsv(random.bounded(360), 120 + random.bounded(120),
                                             80 + random.bounded(170), 170));
            const int width = 40 + random.bounded(320);
            const int height = 40 + random.bounded(240);
            painter.drawEllipse(random.bounded(PhotoSize.width()) - width / 2,
                                random.bounded(PhotoSize.height()) - height / 2, width, height);
        }
        QFont font = painter.font();
        font.setPixelSize(CaptionPixelSize);
        painter.setFont(font);
        painter.setPen(Qt::white);
        painter.drawText(photo.rect(), Qt::AlignCenter, QStringLiteral("photo %1").arg(index));
    }
    Noise noise(random.generate());
    for (int y = 0; y < photo.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(photo.scanLine(y));
        for (int x = 0; x < photo.width(); ++x) {
            const quint32 bits = noise.next();
            const QRgb pixel = line[x];
            line[x] = qRgb(noisy(qRed(pixel), bits), noisy(qGreen(pixel), bits >> 10),
                           noisy(qBlue(pixel), bits >> 20));
        }
    }
    return photo;
}

// The 500 JPEGs, written once (on all cores) before any benchmark runs.
class PhotoSet
{
public:
    static const PhotoSet &instance()
    {
        static const PhotoSet photos;
        return photos;
    }

    QString error() const { return m_error; }
    QString folder() const { return m_folder; }
    QString path(int index) const { return m_folder + QLatin1Char('/') + m_names.at(index); }
    const QStringList &names() const { return m_names; }
    double meanFileKb() const { return m_meanFileKb; }

    // What an Image's source says for each photo through the provider.
    QStringList providerSources() const
    {
        QStringList sources;
        for (const QString &name : m_names)
            sources.append(QStringLiteral("image://%1/%2")
                                   .arg(CacheScope::ImageProvider::providerId(), name));
        return sources;
    }

    // A new folder of hard links to the photos: names no cache has seen, the same file contents.
    QString makeUnseenCopy() const
    {
        namespace fs = std::filesystem;
        const QString copy = QStringLiteral("%1/unseen-%2").arg(m_root.path()).arg(m_copies++);
        std::error_code error;
        fs::create_directory(copy.toStdString(), error);
        for (int index = 0; !error && index < PhotoCount; ++index) {
            const std::string from = path(index).toStdString();
            const std::string to = (copy + QLatin1Char('/') + m_names.at(index)).toStdString();
            fs::create_hard_link(from, to, error);
            if (error) // a file system without hard links: a copy reads the same
                fs::copy_file(from, to, error);
        }
        return error ? QString() : copy;
    }

private:
    PhotoSet() : m_folder(m_root.filePath(QStringLiteral("photos")))
    {
        if (!m_root.isValid() || !QDir().mkpath(m_folder)) {
            m_error = QStringLiteral("cannot create a temporary folder: %1")
                              .arg(m_root.errorString());
            return;
        }
        for (int index = 0; index < PhotoCount; ++index)
            m_names.append(QStringLiteral("photo-%1.jpg").arg(index, 3, 10, QLatin1Char('0')));
        std::atomic<int> next{0};
        {
            std::vector<std::jthread> writers;
            for (int thread = 0; thread < std::max(1, QThread::idealThreadCount()); ++thread)
                writers.emplace_back([this, &next] {
                    for (int index = next++; index < PhotoCount; index = next++)
                        makePhoto(index).save(path(index), "JPEG", PhotoQuality);
                });
        }
        qint64 bytes = 0;
        for (int index = 0; index < PhotoCount; ++index) {
            const QFileInfo file(path(index));
            if (!file.exists() || file.size() == 0) {
                m_error = QStringLiteral("cannot write %1").arg(file.filePath());
                return;
            }
            bytes += file.size();
        }
        m_meanFileKb = double(bytes) / PhotoCount / 1024;
    }

    QTemporaryDir m_root;
    QString m_folder;
    QStringList m_names;
    QString m_error;
    double m_meanFileKb = 0;
    mutable int m_copies = 0;
};

// What an Image's source says for each photo in `folder` through Qt Quick's file loading.
QStringList fileSources(const QString &folder)
{
    QStringList sources;
    for (const QString &name : PhotoSet::instance().names())
        sources.append(QUrl::fromLocalFile(folder + QLatin1Char('/') + name).toString());
    return sources;
}

// Removes a folder made by PhotoSet::makeUnseenCopy() when the run is over.
class UnseenCopy
{
public:
    UnseenCopy() : m_folder(PhotoSet::instance().makeUnseenCopy()) { }
    ~UnseenCopy()
    {
        if (!m_folder.isEmpty()) {
            std::error_code ignored;
            std::filesystem::remove_all(m_folder.toStdString(), ignored);
        }
    }
    UnseenCopy(const UnseenCopy &) = delete;
    UnseenCopy &operator=(const UnseenCopy &) = delete;

    bool isValid() const { return !m_folder.isEmpty(); }
    QString folder() const { return m_folder; }

private:
    QString m_folder;
};

enum class Side { Ours, Qt };

// The cache behind `import CacheScope`: big enough for the grid, no flush tick during a run.
CacheScope::ImageCache &ourCache()
{
    CacheScope::ImageCache &cache = CacheScope::ImageCache::instance();
    cache.setCacheLimit(GridCacheLimitKb);
    cache.setFlushIntervals(FlushIntervalBeyondRuns, FlushIntervalBeyondRuns);
    return cache;
}

// A QML engine with ProviderGrid.qml compiled (outside any timing), and no window.
class GridScene
{
public:
    struct Load
    {
        std::unique_ptr<QObject> grid;
        Clock::duration elapsed{};
        QString error; // empty when every Image is Ready at the thumbnail size
    };

    explicit GridScene(Side side) : m_side(side)
    {
        m_engine.addImportPath(QStringLiteral(CACHESCOPE_QML_IMPORT_DIR));
        if (side == Side::Ours) {
            // Configured before QML loads, as an app does; `import CacheScope` keeps it.
            auto *provider = new CacheScope::ImageProvider(ourCache()); // the engine owns it
            provider->setRoots({PhotoSet::instance().folder()});
            m_engine.addImageProvider(CacheScope::ImageProvider::providerId(), provider);
        }
        QObject::connect(&m_engine, &QQmlEngine::warnings, &m_engine,
                         [this](const QList<QQmlError> &warnings) {
                             for (const QQmlError &warning : warnings)
                                 m_warnings.append(warning.toString());
                         });
        m_component.loadUrl(QUrl(QStringLiteral("qrc:/cachescope-bench/ProviderGrid.qml")));
    }

    QString error() const { return m_component.isReady() ? QString() : m_component.errorString(); }

    // Creates a grid of `sources` and returns once every Image has settled: timed from the
    // creation of the grid to the last Image's status change.
    Load load(const QStringList &sources)
    {
        Load result;
        m_warnings.clear();
        const QVariantMap properties{{QStringLiteral("sources"), sources},
                                     {QStringLiteral("qtCache"), m_side == Side::Qt},
                                     {QStringLiteral("requestedSize"), RequestedSize},
                                     {QStringLiteral("cellSize"), ThumbnailSize}};
        const Clock::time_point start = Clock::now();
        result.grid.reset(m_component.createWithInitialProperties(properties));
        if (!result.grid) {
            result.error = m_component.errorString();
            return result;
        }
        if (!result.grid->property("settled").toBool()) {
            QEventLoop loop;
            QObject::connect(result.grid.get(), SIGNAL(settledChanged()), &loop, SLOT(quit()));
            QTimer::singleShot(SettleTimeout, &loop, &QEventLoop::quit);
            loop.exec();
        }
        result.elapsed = Clock::now() - start;
        result.error = problems(*result.grid, sources.size());
        return result;
    }

private:
    QString problems(const QObject &grid, qsizetype expected) const
    {
        const int ready = grid.property("ready").toInt();
        const int failed = grid.property("failed").toInt();
        if (failed > 0)
            return QStringLiteral("%1 of %2 Images ended in Error (first: %3; first warning: %4)")
                    .arg(failed)
                    .arg(expected)
                    .arg(grid.property("firstFailure").toString(), m_warnings.value(0));
        if (ready != expected)
            return QStringLiteral("only %1 of %2 Images were Ready after %3 s")
                    .arg(ready)
                    .arg(expected)
                    .arg(SettleTimeout.count());
        // Both sides must decode to the same size, or the comparison means nothing.
        for (const QQuickItem *item : qobject_cast<const QQuickItem *>(&grid)->childItems()) {
            if (item->metaObject()->indexOfProperty("status") < 0)
                continue; // the Repeater
            const QSize size(item->implicitWidth(), item->implicitHeight());
            if (size != ThumbnailSize)
                return QStringLiteral("%1 decoded at %2x%3, not %4x%5")
                        .arg(item->property("source").toString())
                        .arg(size.width())
                        .arg(size.height())
                        .arg(ThumbnailSize.width())
                        .arg(ThumbnailSize.height());
        }
        return {};
    }

    Side m_side;
    QStringList m_warnings;
    QQmlEngine m_engine;
    QQmlComponent m_component{&m_engine}; // after the engine: destroyed first
};

void countImages(benchmark::State &state)
{
    state.SetItemsProcessed(state.iterations() * PhotoCount);
    state.counters["images"] = PhotoCount;
}

// Each iteration: a fresh engine, nothing of these photos in any image cache, one timed grid.
void coldGrid(benchmark::State &state, Side side)
{
    if (const QString error = PhotoSet::instance().error(); !error.isEmpty())
        return fail(state, error);
    for (auto _ : state) {
        std::optional<UnseenCopy> unseen; // declared first: removed after the engine is gone
        QStringList sources;
        if (side == Side::Ours) {
            ourCache().clear();
            sources = PhotoSet::instance().providerSources();
        } else {
            unseen.emplace();
            if (!unseen->isValid()) {
                fail(state, QStringLiteral("cannot link the photos into a new folder"));
                break;
            }
            sources = fileSources(unseen->folder());
        }
        GridScene scene(side);
        if (const QString error = scene.error(); !error.isEmpty()) {
            fail(state, error);
            break;
        }
        const GridScene::Load load = scene.load(sources);
        if (!load.error.isEmpty()) {
            fail(state, load.error);
            break;
        }
        state.SetIterationTime(seconds(load.elapsed));
    }
    countImages(state);
}

// One engine filled by an untimed first grid; each iteration times another grid of the same
// photos, with the first grid destroyed (`keepFirst` false: warm) or still alive (true: shared).
void reusedGrid(benchmark::State &state, Side side, bool keepFirst)
{
    if (const QString error = PhotoSet::instance().error(); !error.isEmpty())
        return fail(state, error);
    const QStringList sources = side == Side::Ours ? PhotoSet::instance().providerSources()
                                                   : fileSources(PhotoSet::instance().folder());
    if (side == Side::Ours)
        ourCache().clear();
    GridScene scene(side);
    if (const QString error = scene.error(); !error.isEmpty())
        return fail(state, error);
    GridScene::Load first = scene.load(sources);
    if (!first.error.isEmpty())
        return fail(state, first.error);
    if (!keepFirst)
        first.grid.reset();

    const CacheScope::CacheStats before = ourCache().stats();
    for (auto _ : state) {
        const GridScene::Load again = scene.load(sources); // destroyed untimed, after the iteration
        if (!again.error.isEmpty()) {
            fail(state, again.error);
            break;
        }
        state.SetIterationTime(seconds(again.elapsed));
    }
    countImages(state);
    if (side == Side::Ours) {
        // The point of warm: every Image answered from our cache.
        const quint64 misses = ourCache().stats().misses - before.misses;
        state.counters["cache_misses"] = double(misses);
        if (misses > 0)
            fail(state, QStringLiteral("a warm grid missed our cache %1 times").arg(misses));
    }
}

// What the provider's decoder does (imagedecoder.cpp): size from the header, decode scaled.
QImage decodeScaled(const QString &path)
{
    QImageReader reader(path);
    const QSize original = reader.size();
    reader.setScaledSize(original.scaled(RequestedSize, Qt::KeepAspectRatio));
    return reader.read();
}

QImage decodeFullThenScale(const QString &path)
{
    QImageReader reader(path);
    return reader.read().scaled(RequestedSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

// One photo per iteration, single thread, cycling through all 500.
void decode(benchmark::State &state, QImage (*decodeOne)(const QString &))
{
    const PhotoSet &photos = PhotoSet::instance();
    if (!photos.error().isEmpty())
        return fail(state, photos.error());
    int next = 0;
    for (auto _ : state) {
        const QImage thumbnail = decodeOne(photos.path(next));
        benchmark::DoNotOptimize(thumbnail.constBits());
        if (thumbnail.size() != ThumbnailSize) {
            fail(state, QStringLiteral("%1 decoded at %2x%3")
                                .arg(photos.path(next))
                                .arg(thumbnail.width())
                                .arg(thumbnail.height()));
            break;
        }
        next = (next + 1) % PhotoCount;
    }
    state.SetItemsProcessed(state.iterations());
}

void registerBenchmarks()
{
    struct Named
    {
        const char *name;
        Side side;
    };
    for (const Named who : {Named{"ours", Side::Ours}, Named{"qt", Side::Qt}}) {
        const std::string prefix = std::string("grid/") + who.name;
        const Side side = who.side;
        benchmark::RegisterBenchmark((prefix + "/cold").c_str(),
                                     [side](benchmark::State &state) { coldGrid(state, side); })
                ->Iterations(1)
                ->UseManualTime()
                ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark((prefix + "/warm").c_str(),
                                     [side](benchmark::State &state) {
                                         reusedGrid(state, side, false);
                                     })
                ->Iterations(side == Side::Qt ? QtWarmGridsPerRun : ReusedGridsPerRun)
                ->UseManualTime()
                ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark((prefix + "/shared").c_str(),
                                     [side](benchmark::State &state) {
                                         reusedGrid(state, side, true);
                                     })
                ->Iterations(ReusedGridsPerRun)
                ->UseManualTime()
                ->Unit(benchmark::kMillisecond);
    }
    benchmark::RegisterBenchmark("decode/scaled",
                                 [](benchmark::State &state) { decode(state, decodeScaled); })
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("decode/full_then_scale", [](benchmark::State &state) {
        decode(state, decodeFullThenScale);
    })
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
}

} // namespace

int main(int argc, char **argv)
{
    // Headless by design: nothing is shown, so no display is needed.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);

    // The photos exist before any benchmark (or its warm-up) starts.
    const PhotoSet &photos = PhotoSet::instance();
    benchmark::AddCustomContext("photos", std::to_string(PhotoCount));
    benchmark::AddCustomContext("photo_mean_kb", std::to_string(qRound(photos.meanFileKb())));

    const int status = Bench::runBenchmarks(argc, argv, registerBenchmarks);
    return status != 0 ? status : (anyRunFailed ? 1 : 0);
}
