// Copyright (C) 2026 The CacheScope authors.
// Exact LRU across threads (issue 11, item 2). Hits are buffered per reader stripe; the buffers
// must be merged in the order the hits happened, not stripe by stripe, and a buffer that fills up
// must not be applied ahead of older hits still buffered in other stripes. Deterministic: threads
// take turns, so every pair of hits is ordered by a happens-before relation. This process's first
// lookup (the test thread's) claims stripe 0; threads started after it claim the next stripes
// while they live, and more threads than stripes share them.
#include "testsupport.h"

#include <CacheScope/imagecache.h>

#include <QtCore/qrandom.h>
#include <QtTest/qtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

using namespace CacheScope;
using namespace TestSupport;

namespace {

constexpr int EntryKb = 1;
// More than any hit buffer holds, so a buffer fills (and is staged) on the way.
constexpr int ManyHits = 100;
// More than the staging area holds too, so a full buffer falls back to the exclusive lock.
constexpr int VeryManyHits = 1000;
// More threads than the core's eight reader stripes.
constexpr int TurnThreads = 16;
constexpr int TurnEntries = 48;
constexpr int Turns = 1200;
constexpr quint32 TurnSeed = 20261203;

QString keyOf(int entry)
{
    return QStringLiteral("entry-%1").arg(entry);
}

// Runs `work(turn)` for turn 0 .. turns-1, each on the thread the schedule names, one at a time.
class Turnstile
{
public:
    explicit Turnstile(std::vector<int> threadOfTurn) : m_threadOfTurn(std::move(threadOfTurn)) { }

    template <typename Work>
    void run(int threadCount, Work work)
    {
        std::vector<std::thread> threads;
        threads.reserve(size_t(threadCount));
        for (int t = 0; t < threadCount; ++t) {
            threads.emplace_back([this, t, &work] {
                std::unique_lock lock(m_mutex);
                for (;;) {
                    m_changed.wait(lock, [&] { return done() || m_threadOfTurn[m_turn] == t; });
                    if (done())
                        return;
                    const int turn = int(m_turn);
                    lock.unlock();
                    work(turn);
                    lock.lock();
                    ++m_turn;
                    m_changed.notify_all();
                }
            });
        }
        for (std::thread &thread : threads)
            thread.join();
    }

private:
    bool done() const { return m_turn == m_threadOfTurn.size(); }

    std::vector<int> m_threadOfTurn;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    size_t m_turn = 0;
};

} // namespace

class tst_LruThreads : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void hitsReplayInTheOrderTheyHappened();
    void aFullBufferWaitsForOlderHits_data();
    void aFullBufferWaitsForOlderHits();
    void turnsAcrossMoreThreadsThanStripes();
};

void tst_LruThreads::initTestCase()
{
    ImageCache cache(EntryKb, EvictionPolicy::Lru);
    QVERIFY(!cache.find(QStringLiteral("warm-up"), nullptr)); // this thread claims stripe 0
}

// With a limit of two entries: insert A, B; another thread finds A; this one finds B; insert C:
// A, the least recently used, goes.
void tst_LruThreads::hitsReplayInTheOrderTheyHappened()
{
    ImageCache cache(2 * EntryKb, EvictionPolicy::Lru);
    QVERIFY(cache.insert(QStringLiteral("A"), imageOfCost(EntryKb)));
    QVERIFY(cache.insert(QStringLiteral("B"), imageOfCost(EntryKb)));

    bool found = false;
    std::thread([&] { found = cache.find(QStringLiteral("A"), nullptr); }).join(); // stripe 1
    QVERIFY(found);
    QVERIFY(cache.find(QStringLiteral("B"), nullptr)); // later, in stripe 0: B is the newest

    QVERIFY(cache.insert(QStringLiteral("C"), imageOfCost(EntryKb)));
    QVERIFY(!cache.contains(QStringLiteral("A")));
    QVERIFY(cache.contains(QStringLiteral("B")));
    QVERIFY(cache.contains(QStringLiteral("C")));
}

void tst_LruThreads::aFullBufferWaitsForOlderHits_data()
{
    QTest::addColumn<int>("hits");
    QTest::newRow("staged") << ManyHits;
    QTest::newRow("staging full") << VeryManyHits;
}

// Another thread finds A and ends, its hit still buffered; this thread then finds B so often that
// its buffer fills, again and again. Applying those hits on their own would promote B before A's
// older hit, and make B the victim.
void tst_LruThreads::aFullBufferWaitsForOlderHits()
{
    QFETCH(const int, hits);
    ImageCache cache(2 * EntryKb, EvictionPolicy::Lru);
    QVERIFY(cache.insert(QStringLiteral("A"), imageOfCost(EntryKb)));
    QVERIFY(cache.insert(QStringLiteral("B"), imageOfCost(EntryKb)));

    bool found = false;
    std::thread([&] { found = cache.find(QStringLiteral("A"), nullptr); }).join();
    QVERIFY(found);
    for (int i = 0; i < hits; ++i)
        QVERIFY(cache.find(QStringLiteral("B"), nullptr));

    QVERIFY(cache.insert(QStringLiteral("C"), imageOfCost(EntryKb)));
    QVERIFY(!cache.contains(QStringLiteral("A")));
    QVERIFY(cache.contains(QStringLiteral("B")));
    QCOMPARE(cache.stats().hits, quint64(1 + hits));
    const QList<CacheEntryInfo> entries = cache.entries();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.first().hits, quint32(hits)); // B: every hit promoted, none lost
}

// Sixteen threads, two to a stripe, take turns at finding random entries; the cache's eviction
// order must be the one a single LRU list of those finds has. Some threads get long runs of turns,
// so buffers fill and are applied in between.
void tst_LruThreads::turnsAcrossMoreThreadsThanStripes()
{
    ImageCache cache(TurnEntries * EntryKb, EvictionPolicy::Lru);
    QStringList expected; // next victim first
    for (int e = 0; e < TurnEntries; ++e) {
        QVERIFY(cache.insert(keyOf(e), imageOfCost(EntryKb)));
        expected.append(keyOf(e));
    }

    QRandomGenerator random(TurnSeed);
    std::vector<int> threadOfTurn;
    std::vector<int> entryOfTurn;
    for (int turn = 0; turn < Turns; ++turn) {
        // Runs of one thread's turns now and then, longer than a hit buffer.
        const bool longRun = turn > 0 && random.bounded(40) == 0;
        const int thread = longRun ? threadOfTurn.back() : int(random.bounded(TurnThreads));
        const int runLength = longRun ? ManyHits / 2 : 1;
        for (int i = 0; i < runLength; ++i) {
            threadOfTurn.push_back(thread);
            // Skewed, so some entries are hit by several threads in a row.
            const int entry = int(random.bounded(TurnEntries) * random.bounded(TurnEntries))
                              / TurnEntries;
            entryOfTurn.push_back(entry);
            expected.removeOne(keyOf(entry));
            expected.append(keyOf(entry));
        }
    }

    std::atomic<int> misses{0};
    Turnstile(threadOfTurn).run(TurnThreads, [&](int turn) {
        if (!cache.find(keyOf(entryOfTurn[size_t(turn)]), nullptr))
            misses.fetch_add(1, std::memory_order_relaxed);
    });
    QCOMPARE(misses.load(), 0);
    QCOMPARE(entryKeys(cache.entries()), expected);
    QCOMPARE(cache.stats().hits, quint64(threadOfTurn.size()));
}

QTEST_GUILESS_MAIN(tst_LruThreads)
#include "tst_lruthreads.moc"
