// Copyright (C) 2026 The CacheScope authors.
// The inspector's parts that other threads touch, under more threads than cores (and under TSan
// in scripts/test: label `stress`): the event queue the cache's threads write into while the GUI
// thread drains it, and thumbnails made on Qt Quick's loader threads while the monitor refreshes
// and the cache changes under both.
#include <cachemonitor.h>
#include <eventqueue.h>
#include <thumbnailprovider.h>

#include <QtTest/qtest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace CacheScope;

namespace {

constexpr int Threads = 4; // the machine has 2 cores

QImage picture(int side)
{
    QImage image(side, side, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::darkYellow);
    return image;
}

} // namespace

class tst_InspectorThreads : public QObject
{
    Q_OBJECT

private slots:
    void eventQueueKeepsEachWritersOrder();
    void thumbnailsWhileTheCacheChanges();
};

void tst_InspectorThreads::eventQueueKeepsEachWritersOrder()
{
    static constexpr quint64 PerThread = 20'000;
    static constexpr size_t Capacity = 1000;
    static constexpr int BatchSize = 7;
    EventQueue queue(Capacity);
    std::atomic<int> running = Threads;
    std::vector<std::thread> writers;
    for (int t = 0; t < Threads; ++t) {
        writers.emplace_back([&, t] {
            std::vector<CacheEvent> batch(BatchSize);
            for (quint64 s = 0; s < PerThread; s += BatchSize) {
                for (int i = 0; i < BatchSize; ++i) {
                    batch[size_t(i)].entryId = quint64(t);
                    batch[size_t(i)].sequence = s + quint64(i);
                }
                queue.cacheEvents(batch);
            }
            --running;
        });
    }
    quint64 seen = 0;
    quint64 dropped = 0;
    std::vector<qint64> last(Threads, -1);
    bool ordered = true;
    auto take = [&] {
        quint64 lost = 0;
        for (const CacheEvent &event : queue.drain(&lost)) {
            qint64 &previous = last[size_t(event.entryId)];
            ordered = ordered && qint64(event.sequence) > previous;
            previous = qint64(event.sequence);
            ++seen;
        }
        dropped += lost;
    };
    while (running > 0)
        take();
    for (std::thread &writer : writers)
        writer.join();
    take();
    QVERIFY(ordered);
    const quint64 written = Threads * ((PerThread + BatchSize - 1) / BatchSize) * BatchSize;
    QCOMPARE(seen + dropped, written);
    QVERIFY(seen > 0);
}

void tst_InspectorThreads::thumbnailsWhileTheCacheChanges()
{
    static constexpr int Entries = 24;
    static constexpr int Rounds = 60;
    ImageCache cache(Entries * 256, EvictionPolicy::Lru);
    for (int i = 0; i < Entries; ++i)
        QVERIFY(cache.insert(QStringLiteral("p%1").arg(i), picture(256)));
    CacheMonitor monitor;
    monitor.setCache(&cache);
    ThumbnailProvider provider;
    std::atomic<bool> stop = false;
    std::vector<std::thread> loaders;
    // The URLs change as entries come and go: the loaders read them from a list the GUI thread
    // refreshes, under a mutex, as Qt Quick's loaders get theirs from the scene.
    std::mutex urlsMutex;
    QStringList urls;
    auto publish = [&] {
        QStringList fresh;
        for (int row = 0; row < monitor.entries()->rowCount(); ++row)
            fresh.append(monitor.entries()->index(row).data(EntryModel::ThumbnailRole).toString());
        std::scoped_lock lock(urlsMutex);
        urls = fresh;
    };
    publish();
    for (int t = 0; t < Threads; ++t) {
        loaders.emplace_back([&, t] {
            for (int n = t; !stop; ++n) {
                QString url;
                {
                    std::scoped_lock lock(urlsMutex);
                    if (!urls.isEmpty())
                        url = urls.at(n % urls.size());
                }
                const QString id = url.section(QLatin1Char('/'), -1);
                provider.requestImage(id, nullptr, QSize(32, 32));
            }
        });
    }
    bool shownInUse = false;
    for (int round = 0; round < Rounds; ++round) {
        cache.remove(QStringLiteral("p%1").arg(round % Entries));
        QVERIFY(cache.insert(QStringLiteral("p%1").arg(round % Entries), picture(256)));
        monitor.refresh();
        publish();
        for (int row = 0; row < monitor.entries()->rowCount(); ++row) {
            const QModelIndex index = monitor.entries()->index(row);
            shownInUse = shownInUse
                    || (!index.data(EntryModel::EvictedRole).toBool()
                        && index.data(EntryModel::InUseRole).toBool());
        }
    }
    stop = true;
    for (std::thread &loader : loaders)
        loader.join();
    QVERIFY2(!shownInUse, "an entry showed as in use while only thumbnails were made of it");
}

QTEST_MAIN(tst_InspectorThreads)
#include "tst_inspectorthreads.moc"
