// Copyright (C) 2026 The CacheScope authors.
// The inspector at scale (issue 15): the full CacheInspector (wide layout, every view live,
// offscreen, 1280x800) on a cache of --entries entries, while two worker threads ask for about
// 20k Zipf finds/s and 500 inserts/s of new keys (each evicts one). Without --no-inspector the
// inspector watches; with it, only the GUI event loop runs (the baseline, in a process of its own
// so that nothing of the inspector is loaded).
//
//   bench_inspector --entries 10000 --seconds 8 [--no-inspector] [--grab shot.png]
//
// Prints one JSON object:
//   busyFraction   GUI-thread time inside event handling / wall time (rendering included)
//   refreshP50Ms, refreshP95Ms   one timer-driven CacheMonitor refresh (models and bindings)
//   latenessP50Ms, latenessP99Ms, latenessMaxMs   how late a 10 ms timer fires
//   findRatio, insertRatio   the workers' achieved rate / their target rate
//   rssMiB         resident memory at the end; the inspector's is the difference to --no-inspector
#include "zipf.h"

#include <cachemonitor.h>

#include <CacheScope/imagecache.h>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qdir.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qfile.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>
#include <QtGui/qguiapplication.h>
#include <QtQml/qqmlcomponent.h>
#include <QtQml/qqmlengine.h>
#include <QtQuick/qquickitem.h>
#include <QtQuick/qquickwindow.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr double FindsPerSecond = 20'000;
constexpr double InsertsPerSecond = 500;
constexpr int EntryKb = 1;          // 16x16 ARGB32
constexpr int EntrySide = 16;
constexpr int ProbeIntervalMs = 10; // the timer whose lateness is measured
constexpr int WarmUpMs = 1000;      // the inspector's first load is not measured
const QSize WindowSize(1280, 800);

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = std::size_t(std::min<double>(double(values.size() - 1), p * double(values.size() - 1) + 0.5));
    return values[index];
}

double residentMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

// Times every top-level event the GUI thread handles, and which of them refreshed the monitor.
class TimedApplication : public QGuiApplication
{
public:
    using QGuiApplication::QGuiApplication;

    bool notify(QObject *receiver, QEvent *event) override
    {
        // Other threads' events (image readers, the flush timer) come through here too: only the
        // GUI thread's are timed, and only it touches the counters.
        if (QThread::currentThread() != thread())
            return QGuiApplication::notify(receiver, event);
        if (m_depth++ > 0 || !m_measuring) {
            const bool result = QGuiApplication::notify(receiver, event);
            --m_depth;
            return result;
        }
        m_refreshed = false;
        const auto start = Clock::now();
        const bool result = QGuiApplication::notify(receiver, event);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        --m_depth;
        busyMs += ms;
        if (m_refreshed)
            refreshMs.push_back(ms);
        return result;
    }
    void markRefreshed() { m_refreshed = true; }
    void setMeasuring(bool on) { m_measuring = on; }

    double busyMs = 0;
    std::vector<double> refreshMs;

private:
    int m_depth = 0;
    bool m_measuring = false;
    bool m_refreshed = false;
};

// Runs `work` `perSecond` times a second until stopped, catching up in small steps.
template <typename Work>
std::uint64_t paced(const std::atomic<bool> &stop, double perSecond, Work work)
{
    const auto start = Clock::now();
    std::uint64_t done = 0;
    while (!stop.load(std::memory_order_relaxed)) {
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        const auto due = std::uint64_t(elapsed * perSecond);
        while (done < due && !stop.load(std::memory_order_relaxed)) {
            work(done);
            ++done;
        }
        std::this_thread::sleep_for(1ms);
    }
    return done;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("entries"), QStringLiteral("Entries in the cache."), QStringLiteral("n"), QStringLiteral("10000")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Measured seconds."), QStringLiteral("s"), QStringLiteral("8")});
    parser.addOption({QStringLiteral("no-inspector"), QStringLiteral("Only the event loop: the baseline.")});
    parser.addOption({QStringLiteral("grab"), QStringLiteral("Save the window as it looks under load, at the end."), QStringLiteral("png")});
    parser.process(app);
    const int entries = parser.value(QStringLiteral("entries")).toInt();
    const int seconds = parser.value(QStringLiteral("seconds")).toInt();
    const bool withInspector = !parser.isSet(QStringLiteral("no-inspector"));

    CacheScope::ImageCache &cache = CacheScope::ImageCache::instance();
    cache.setCacheLimit(entries * EntryKb);
    const std::vector<QString> keys = Bench::makeKeys(std::size_t(entries));
    QImage image(EntrySide, EntrySide, QImage::Format_ARGB32);
    for (const QString &key : keys) {
        image.fill(Qt::darkCyan); // detach: one image per entry, as decoded images are
        cache.insert(key, image);
    }

    std::unique_ptr<QQmlEngine> engine;
    std::unique_ptr<QQuickWindow> window;
    std::unique_ptr<CacheScope::CacheMonitor> monitor;
    if (withInspector) {
        engine = std::make_unique<QQmlEngine>();
        engine->addImportPath(QStringLiteral(CACHESCOPE_QML_IMPORT_DIR));
        monitor = std::make_unique<CacheScope::CacheMonitor>();
        monitor->setCache(&cache);
        QObject::connect(monitor.get(), &CacheScope::CacheMonitor::statsChanged, &app,
                         [&app] { app.markRefreshed(); });
        QQmlComponent component(engine.get());
        component.setData("import CacheScope.Inspector\nCacheInspector {}\n", QUrl::fromLocalFile(QDir::temp().filePath(QStringLiteral("bench_inspector.qml"))));
        if (!component.isReady()) {
            std::fprintf(stderr, "cannot load CacheInspector: %s\n", qPrintable(component.errorString()));
            return 1;
        }
        std::unique_ptr<QObject> object(component.createWithInitialProperties(
                {{QStringLiteral("monitor"), QVariant::fromValue(monitor.get())},
                 {QStringLiteral("width"), WindowSize.width()},
                 {QStringLiteral("height"), WindowSize.height()}}));
        auto *item = qobject_cast<QQuickItem *>(object.get());
        if (!item) {
            std::fprintf(stderr, "cannot create CacheInspector: %s\n", qPrintable(component.errorString()));
            return 1;
        }
        window = std::make_unique<QQuickWindow>();
        window->resize(WindowSize);
        object.release()->setParent(window.get());
        item->setParentItem(window->contentItem());
        window->show();
    }

    std::atomic<bool> stop{false};
    std::uint64_t finds = 0;
    std::uint64_t inserts = 0;
    std::thread finder([&] {
        Bench::Zipf zipf(std::size_t(entries), Bench::ZipfExponent);
        Bench::Rng rng(Bench::StreamSeed);
        finds = paced(stop, FindsPerSecond, [&](std::uint64_t) { cache.find(keys[zipf(rng)], nullptr); });
    });
    std::thread inserter([&] {
        QImage fresh(EntrySide, EntrySide, QImage::Format_ARGB32);
        inserts = paced(stop, InsertsPerSecond, [&](std::uint64_t i) {
            fresh.fill(Qt::darkMagenta);
            cache.insert(QStringLiteral("new/%1").arg(i), fresh); // evicts one entry
        });
    });

    std::vector<double> lateness;
    QElapsedTimer sinceProbe;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(ProbeIntervalMs);
    QObject::connect(&probe, &QTimer::timeout, &app, [&] {
        if (sinceProbe.isValid())
            lateness.push_back(std::max(0.0, double(sinceProbe.nsecsElapsed()) / 1e6 - ProbeIntervalMs));
        sinceProbe.start();
    });
    QElapsedTimer wall;
    QTimer::singleShot(WarmUpMs, &app, [&] {
        lateness.clear();
        sinceProbe.invalidate();
        app.busyMs = 0;
        app.refreshMs.clear();
        app.setMeasuring(true);
        wall.start();
        probe.start();
    });
    const QString grabFile = parser.value(QStringLiteral("grab"));
    double wallMs = 0;
    QTimer::singleShot(WarmUpMs + seconds * 1000, &app, [&] {
        app.setMeasuring(false); // the grab is not part of the measurement
        wallMs = double(wall.nsecsElapsed()) / 1e6;
        if (window && !grabFile.isEmpty() && !window->grabWindow().save(grabFile))
            std::fprintf(stderr, "cannot save %s\n", qPrintable(grabFile));
        app.quit();
    });
    const auto started = Clock::now();
    app.exec();
    stop = true;
    finder.join();
    inserter.join();
    const double workerSeconds = std::chrono::duration<double>(Clock::now() - started).count();

    QJsonObject json{{QStringLiteral("entries"), entries},
                     {QStringLiteral("inspector"), withInspector},
                     {QStringLiteral("seconds"), wallMs / 1000.0},
                     {QStringLiteral("busyFraction"), app.busyMs / wallMs},
                     {QStringLiteral("refreshes"), int(app.refreshMs.size())},
                     {QStringLiteral("refreshP50Ms"), percentile(app.refreshMs, 0.50)},
                     {QStringLiteral("refreshP95Ms"), percentile(app.refreshMs, 0.95)},
                     {QStringLiteral("latenessP50Ms"), percentile(lateness, 0.50)},
                     {QStringLiteral("latenessP99Ms"), percentile(lateness, 0.99)},
                     {QStringLiteral("latenessMaxMs"), percentile(lateness, 1.0)},
                     {QStringLiteral("findRatio"), double(finds) / workerSeconds / FindsPerSecond},
                     {QStringLiteral("insertRatio"), double(inserts) / workerSeconds / InsertsPerSecond},
                     {QStringLiteral("rssMiB"), residentMiB()}};
    window.reset();
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    return 0;
}
