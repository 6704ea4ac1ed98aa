// Copyright (C) 2026 The CacheScope authors.
// Multi-thread stress (ctest label `stress`, also run under ThreadSanitizer): several threads mix
// every public operation for a bounded time, with a fast flush timer and observers coming and going;
// afterwards the cache's invariants and counters must add up. Both tests also run with more threads
// than the core has reader stripes (eight), so threads share stripes and their hit buffers; the
// second checks the LRU order at quiescent points between rounds of concurrent finds.
#include "testsupport.h"

#include <CacheScope/imagecache.h>

#include <QtCore/qhash.h>
#include <QtCore/qrandom.h>
#include <QtCore/qset.h>
#include <QtTest/qtest.h>

#include <atomic>
#include <barrier>
#include <chrono>
#include <thread>
#include <vector>

using namespace CacheScope;
using namespace TestSupport;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int FewThreads = 4;
constexpr int ManyThreads = 16; // twice the core's reader stripes
// Iterations per worker; override with CACHESCOPE_STRESS_ITERATIONS. Bounded by MaxRunTime too, so
// the test stays short under ThreadSanitizer on two cores.
constexpr int DefaultIterations = 50000;
constexpr auto MaxRunTime = 4s;
constexpr int SharedKeyCount = 24; // string keys all threads fight over
constexpr int VariantsPerKey = 3;  // images per string key (different sizes)
constexpr int HandleImages = 16;
constexpr int MaxHandlesPerThread = 32;
constexpr int BaseLimitKb = 96; // small enough that inserts evict all the time
constexpr auto StressSoon = 3ms;
constexpr auto StressFlush = 7ms;

int iterations()
{
    bool ok = false;
    const int n = qEnvironmentVariableIntValue("CACHESCOPE_STRESS_ITERATIONS", &ok);
    return ok && n > 0 ? n : DefaultIterations;
}

// Every image used in the test, with the string key (index) it belongs to, so a find can check that
// it got an image that was really stored under that key.
struct ImagePool
{
    QList<QImage> keyed;   // keyed[key * VariantsPerKey + v]
    QList<QImage> handles; // for the Key API
    QHash<qint64, int> ownerOf; // cacheKey() -> string key index

    ImagePool()
    {
        for (int k = 0; k < SharedKeyCount; ++k) {
            for (int v = 0; v < VariantsPerKey; ++v) {
                // 1 .. 12 KiB, some above 1 KiB boundaries
                const QImage image = makeImage(RowPixelsPerKb, 1 + (k + 5 * v) % 12,
                                               QColor::fromHsv((k * 15) % 360, 200, 200));
                keyed.append(image);
                ownerOf.insert(image.cacheKey(), k);
            }
        }
        for (int h = 0; h < HandleImages; ++h)
            handles.append(makeImage(32 + h, 32, QColor::fromHsv((h * 20) % 360, 255, 120)));
    }
};

// Counts what the workers did, to reconcile with stats() afterwards.
struct Tally
{
    std::atomic<quint64> stringFinds{0};  // non-empty string key
    std::atomic<quint64> keyFinds{0};     // a non-default Key (maybe stale by then)
    std::atomic<quint64> trueFinds{0};    // finds that returned true
    std::atomic<quint64> stringMisses{0}; // string finds that returned false
    std::atomic<quint64> wrongImages{0};  // a find returned an image stored under another key
    std::atomic<quint64> brokenSnapshots{0};
    std::atomic<int> maxLimitSet{BaseLimitKb};
};

// Counts events; flags any delivery after removeObserver() returned.
class CountingObserver : public CacheObserver
{
public:
    explicit CountingObserver(const ImageCache &cache) : m_cache(cache) { }
    void cacheEvents(Events events) override
    {
        if (m_removed.load(std::memory_order_acquire))
            ++lateDeliveries;
        for (size_t i = 1; i < events.size(); ++i) {
            if (events[i].sequence <= events[i - 1].sequence)
                ++unorderedBatches;
        }
        delivered += events.size();
        (void)m_cache.count(); // call back in, as the inspector would
    }
    void markRemoved() { m_removed.store(true, std::memory_order_release); }

    std::atomic<quint64> delivered{0};
    std::atomic<int> lateDeliveries{0};
    std::atomic<int> unorderedBatches{0};

private:
    const ImageCache &m_cache;
    std::atomic<bool> m_removed{false};
};

// A stats() snapshot is one consistent state, even while other threads change the cache.
bool snapshotIsConsistent(const CacheStats &s)
{
    quint64 byCause = 0;
    for (quint64 n : s.evictionsByCause)
        byCause += n;
    return s.totalUsed >= 0 && s.totalUsed <= std::max(s.cacheLimit, 0) && s.count >= 0
        && s.evictions == byCause && s.insertions - s.evictions == quint64(s.count)
        && s.peakUsed >= s.totalUsed && (s.count == 0) == (s.totalUsed == 0);
}

bool entriesAreConsistent(const QList<CacheEntryInfo> &entries)
{
    QSet<quint64> ids;
    for (const CacheEntryInfo &e : entries) {
        if (e.costKb != expectedCostKb(e.size.width(), e.size.height(), e.depth) || e.entryId == 0)
            return false;
        ids.insert(e.entryId);
    }
    return ids.size() == entries.size();
}

void worker(ImageCache &cache, const ImagePool &pool, Tally &tally, int index, int iterations,
            Clock::time_point deadline)
{
    QRandomGenerator rng(quint32(1000 + index));
    struct Handle
    {
        ImageCache::Key key;
        int image; // index into pool.handles of what this thread last stored under the key
    };
    QList<Handle> handles; // only this thread replaces these, so the expected image is known

    for (int i = 0; i < iterations && Clock::now() < deadline; ++i) {
        const int k = rng.bounded(SharedKeyCount);
        const QString name = QStringLiteral("key%1").arg(k);
        const int op = rng.bounded(100);
        if (op < 25) {
            cache.insert(name, pool.keyed.at(k * VariantsPerKey + rng.bounded(VariantsPerKey)));
        } else if (op < 50) {
            QImage out;
            ++tally.stringFinds;
            if (cache.find(name, &out)) {
                ++tally.trueFinds;
                if (pool.ownerOf.value(out.cacheKey(), -1) != k)
                    ++tally.wrongImages;
            } else {
                ++tally.stringMisses;
            }
        } else if (op < 58) {
            const int image = rng.bounded(HandleImages);
            const ImageCache::Key key = cache.insert(pool.handles.at(image));
            if (key.isValid()) {
                if (handles.size() >= MaxHandlesPerThread)
                    handles.removeFirst();
                handles.append({key, image});
            }
        } else if (op < 68) {
            if (handles.isEmpty())
                continue;
            const Handle &h = handles.at(rng.bounded(handles.size()));
            QImage out;
            ++tally.keyFinds;
            if (cache.find(h.key, &out)) {
                ++tally.trueFinds;
                if (!sameImage(out, pool.handles.at(h.image)))
                    ++tally.wrongImages; // a stale key found someone else's entry
            }
        } else if (op < 72) {
            if (handles.isEmpty())
                continue;
            Handle &h = handles[rng.bounded(handles.size())];
            const int image = rng.bounded(HandleImages);
            if (cache.replace(h.key, pool.handles.at(image)))
                h.image = image;
        } else if (op < 78) {
            cache.remove(name);
        } else if (op < 82) {
            if (!handles.isEmpty())
                cache.remove(handles.takeAt(rng.bounded(handles.size())).key);
        } else if (op < 88) {
            (void)cache.contains(name);
            // Empty keys and null handles are not lookups: never counted.
            (void)cache.find(QString(), nullptr);
            (void)cache.find(ImageCache::Key(), nullptr);
        } else if (op < 91) {
            const int limit = BaseLimitKb / 2 + rng.bounded(BaseLimitKb * 2);
            int seen = tally.maxLimitSet.load();
            while (limit > seen && !tally.maxLimitSet.compare_exchange_weak(seen, limit)) { }
            cache.setCacheLimit(limit);
        } else if (op < 95) {
            if (!snapshotIsConsistent(cache.stats()))
                ++tally.brokenSnapshots;
        } else if (op < 97) {
            if (!entriesAreConsistent(cache.entries()))
                ++tally.brokenSnapshots;
            (void)cache.peek(name);
        } else if (op < 99) {
            cache.flush(rng.bounded(2) ? FlushMode::Busy : FlushMode::Idle);
        } else {
            if (rng.bounded(4) == 0) // occasional: clear() wipes everyone's work
                cache.clear();
            else
                cache.recordError(name, QStringLiteral("stress"));
        }
    }
}

// stats(), count(), totalUsed() and entries() taken with no change in between (the flush timer may
// still be ticking, so retry until two stats() around the reads agree).
struct QuiescentView
{
    CacheStats stats;
    int count = 0;
    int totalUsed = 0;
    int limit = 0;
    QList<CacheEntryInfo> entries;
};

bool sameState(const CacheStats &a, const CacheStats &b)
{
    return a.insertions == b.insertions && a.evictions == b.evictions && a.flushTicks == b.flushTicks
        && a.count == b.count && a.totalUsed == b.totalUsed && a.cacheLimit == b.cacheLimit;
}

bool takeQuiescentView(const ImageCache &cache, QuiescentView *view)
{
    constexpr int Attempts = 200;
    for (int attempt = 0; attempt < Attempts; ++attempt) {
        const CacheStats before = cache.stats();
        view->count = cache.count();
        view->totalUsed = cache.totalUsed();
        view->limit = cache.cacheLimit();
        view->entries = cache.entries();
        view->stats = cache.stats();
        if (sameState(before, view->stats))
            return true;
    }
    return false;
}

} // namespace

class tst_Stress : public QObject
{
    Q_OBJECT

private slots:
    void mixedOperations_data();
    void mixedOperations();
    void recencyAtQuiescentPoints();
};

void tst_Stress::mixedOperations_data()
{
    QTest::addColumn<int>("workerThreads");
    QTest::newRow("4 threads") << FewThreads;
    QTest::newRow("16 threads") << ManyThreads;
}

void tst_Stress::mixedOperations()
{
    QFETCH(const int, workerThreads);
    const ImagePool pool;
    ImageCache cache(BaseLimitKb);
    cache.setFlushIntervals(StressSoon, StressFlush);
    Tally tally;
    const int perThread = iterations();
    const auto deadline = Clock::now() + MaxRunTime;

    std::atomic<bool> workersDone{false};
    std::atomic<int> lateDeliveries{0};
    std::atomic<int> unorderedBatches{0};
    std::atomic<quint64> observed{0};
    // Attaches and detaches observers while the workers run, so delivery races with removal.
    std::thread observerThread([&] {
        while (!workersDone.load()) {
            auto observer = std::make_unique<CountingObserver>(cache);
            cache.addObserver(observer.get());
            std::this_thread::sleep_for(2ms);
            cache.removeObserver(observer.get());
            observer->markRemoved();
            std::this_thread::sleep_for(1ms);
            lateDeliveries += observer->lateDeliveries.load();
            unorderedBatches += observer->unorderedBatches.load();
            observed += observer->delivered.load();
            observer.reset(); // destroyed right after removal: a late call would be a use-after-free
        }
    });

    std::vector<std::thread> workers;
    for (int t = 0; t < workerThreads; ++t)
        workers.emplace_back(worker, std::ref(cache), std::cref(pool), std::ref(tally), t, perThread,
                             deadline);
    for (auto &w : workers)
        w.join();
    workersDone = true;
    observerThread.join();

    QCOMPARE(lateDeliveries.load(), 0);
    QCOMPARE(unorderedBatches.load(), 0);
    QVERIFY(observed.load() > 0);
    QCOMPARE(tally.wrongImages.load(), quint64(0));
    QCOMPARE(tally.brokenSnapshots.load(), quint64(0));

    QuiescentView view;
    QVERIFY2(takeQuiescentView(cache, &view), "the cache never held still");
    const CacheStats &s = view.stats;
    QVERIFY(view.totalUsed <= std::max(view.limit, 0));
    QCOMPARE(view.entries.size(), qsizetype(view.count));
    QCOMPARE(sumOfEntryCosts(view.entries), qint64(view.totalUsed));
    QCOMPARE(s.count, view.count);
    QCOMPARE(s.totalUsed, view.totalUsed);
    QCOMPARE(s.insertions - s.evictions, quint64(view.count));
    QVERIFY(s.peakUsed <= tally.maxLimitSet.load());

    // Every find with a non-empty string counted once, as a hit or a miss; a find that returned
    // true is exactly a hit. Finds by handle count as a miss when stale, or not at all -- both
    // bounds hold either way.
    const quint64 stringFinds = tally.stringFinds.load();
    const quint64 keyFinds = tally.keyFinds.load();
    QCOMPARE(s.hits, tally.trueFinds.load());
    QVERIFY(s.hits + s.misses >= stringFinds);
    QVERIFY(s.misses >= tally.stringMisses.load());
    QVERIFY(s.hits + s.misses <= stringFinds + keyFinds);
    QVERIFY(s.hits > 0);
    QVERIFY(s.insertions > 0);
    QVERIFY(s.evictionsFor(EvictionCause::CostLimit) > 0);
    qInfo("%llu finds, %llu hits, %llu insertions, %llu evictions, %llu ticks, %llu events observed",
          stringFinds + keyFinds, s.hits, s.insertions, s.evictions, s.flushTicks, observed.load());

    // Still fully usable.
    cache.clear();
    QCOMPARE(cache.count(), 0);
    cache.setCacheLimit(BaseLimitKb);
    QVERIFY(cache.insert(QStringLiteral("after"), pool.keyed.first()));
    QVERIFY(cache.find(QStringLiteral("after"), nullptr));
}

// Rounds of concurrent finds by sixteen threads, then one find each in thread order (a marker),
// then a look at the LRU order while nothing runs. Whatever the interleaving, at that point:
// the markers are the most recent entries, in thread order; just before them come the other
// entries found this round; an entry only one thread found this round sits where that thread's
// last find of it puts it among that thread's others; and entries nobody found keep their order.
void tst_Stress::recencyAtQuiescentPoints()
{
    constexpr int Entries = 96;
    constexpr int Rounds = 40;
    constexpr int FindsPerRound = 40; // more than a hit buffer holds
    ImageCache cache(Entries, EvictionPolicy::Lru);
    for (int e = 0; e < Entries; ++e)
        QVERIFY(cache.insert(QString::number(e), imageOfCost(1)));
    QStringList previous = entryKeys(cache.entries());

    std::vector<std::vector<int>> found(ManyThreads); // this round's finds, per thread
    std::vector<int> markers(ManyThreads);
    std::atomic<int> turn{0};
    std::atomic<int> misses{0};
    std::barrier sync(ManyThreads + 1); // the workers and this thread
    std::vector<std::thread> workers;
    for (int t = 0; t < ManyThreads; ++t) {
        workers.emplace_back([&, t] {
            QRandomGenerator rng(quint32(7000 + t));
            for (int round = 0; round < Rounds; ++round) {
                found[size_t(t)].clear();
                for (int i = 0; i < FindsPerRound; ++i) {
                    // Skewed, so threads meet on the same entries.
                    const int e = int(rng.bounded(Entries) * rng.bounded(Entries)) / Entries;
                    found[size_t(t)].push_back(e);
                    if (!cache.find(QString::number(e), nullptr))
                        misses.fetch_add(1);
                }
                sync.arrive_and_wait(); // the concurrent part is over
                for (int seen = turn.load(); seen != t; seen = turn.load())
                    turn.wait(seen);
                if (!cache.find(QString::number(markers[size_t(t)]), nullptr))
                    misses.fetch_add(1);
                turn.fetch_add(1);
                turn.notify_all();
                sync.arrive_and_wait(); // markers found
                sync.arrive_and_wait(); // looked at
            }
        });
    }

    QRandomGenerator rng(7000);
    int failures = 0;
    const auto check = [&](bool ok, const char *what, int round) {
        if (!ok && failures++ < 5)
            qWarning("round %d: %s", round, what);
    };
    for (int round = 0; round < Rounds; ++round) {
        // Distinct markers for the round, chosen before the workers need them.
        QList<int> pool;
        for (int e = 0; e < Entries; ++e)
            pool.append(e);
        for (int t = 0; t < ManyThreads; ++t)
            markers[size_t(t)] = pool.takeAt(rng.bounded(int(pool.size())));
        sync.arrive_and_wait();
        sync.arrive_and_wait();
        const QStringList order = entryKeys(cache.entries()); // next victim first
        turn.store(0);

        QStringList markerKeys;
        for (int m : markers)
            markerKeys.append(QString::number(m));
        QSet<QString> foundKeys;
        QHash<QString, QSet<int>> finders;
        for (int t = 0; t < ManyThreads; ++t) {
            for (int e : found[size_t(t)]) {
                foundKeys.insert(QString::number(e));
                finders[QString::number(e)].insert(t);
            }
        }
        for (const QString &m : markerKeys)
            foundKeys.remove(m);
        const qsizetype tail = markerKeys.size();
        const qsizetype middle = foundKeys.size();
        check(order.size() == Entries, "entries lost", round);
        check(order.mid(order.size() - tail) == markerKeys, "markers not last in thread order",
              round);
        const QStringList middleKeys = order.mid(order.size() - tail - middle, middle);
        check(QSet<QString>(middleKeys.begin(), middleKeys.end()) == foundKeys,
              "this round's finds not just before the markers", round);
        for (int t = 0; t < ManyThreads; ++t) {
            QStringList expected; // t's own entries, in the order of t's last find of each
            for (int e : found[size_t(t)]) {
                const QString key = QString::number(e);
                if (foundKeys.contains(key) && finders[key].size() == 1) {
                    expected.removeOne(key);
                    expected.append(key);
                }
            }
            QStringList actual;
            for (const QString &key : middleKeys) {
                if (expected.contains(key))
                    actual.append(key);
            }
            check(actual == expected, "one thread's finds out of its order", round);
        }
        QStringList untouchedBefore;
        QStringList untouchedNow;
        for (const QString &key : previous) {
            if (!foundKeys.contains(key) && !markerKeys.contains(key))
                untouchedBefore.append(key);
        }
        for (const QString &key : order) {
            if (!foundKeys.contains(key) && !markerKeys.contains(key))
                untouchedNow.append(key);
        }
        check(untouchedNow == untouchedBefore, "entries nobody found changed order", round);
        previous = order;
        sync.arrive_and_wait();
    }
    for (std::thread &w : workers)
        w.join();
    QCOMPARE(misses.load(), 0);
    QCOMPARE(failures, 0);
    QCOMPARE(cache.stats().hits, quint64(Rounds) * ManyThreads * (FindsPerRound + 1));
}

QTEST_GUILESS_MAIN(tst_Stress)
#include "tst_stress.moc"
