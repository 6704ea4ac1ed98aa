// Copyright (C) 2026 The CacheScope authors.
// The observation interface: which events an observer receives, with what payload, in what order,
// and that observers can be removed and may call back into the cache.
#include "recordingobserver.h"
#include "testsupport.h"

#include <CacheScope/imagecache.h>

#include <QtCore/qhash.h>
#include <QtCore/qregularexpression.h>
#include <QtTest/qtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace CacheScope;
using namespace TestSupport;
using namespace std::chrono_literals;
using Type = CacheEventType;
using Clock = CacheEvent::Clock;

namespace {

// Long enough that no timer tick interferes with a test that does not want one.
constexpr std::chrono::milliseconds NoTickInterval = std::chrono::hours(1);
// Short intervals for the tests that do want timer-driven events.
constexpr std::chrono::milliseconds FastSoon = 10ms;
constexpr std::chrono::milliseconds FastFlush = 20ms;
constexpr int TimerTimeoutMs = 10000;

// Collects the events delivered since the last call (every event but a hit is delivered by the
// thread that caused it before the call returns; the tests that need hits say how they get them).
class EventCursor
{
public:
    explicit EventCursor(const RecordingObserver &observer) : m_observer(observer) { }
    QList<CacheEvent> next()
    {
        const QList<CacheEvent> all = m_observer.events();
        const QList<CacheEvent> fresh = all.mid(m_seen);
        m_seen = all.size();
        return fresh;
    }

private:
    const RecordingObserver &m_observer;
    qsizetype m_seen = 0;
};

QList<Type> sortedTypes(const QList<CacheEvent> &events)
{
    QList<Type> types;
    for (const CacheEvent &e : events)
        types.append(e.type);
    std::sort(types.begin(), types.end());
    return types;
}

QList<Type> sorted(QList<Type> types)
{
    std::sort(types.begin(), types.end());
    return types;
}

CacheEvent firstOfType(const QList<CacheEvent> &events, Type type)
{
    for (const CacheEvent &e : events)
        if (e.type == type)
            return e;
    return {};
}

} // namespace

class tst_Observer : public QObject
{
    Q_OBJECT

private slots:
    void receivesEveryEventType();
    void sequenceAndTimeIncrease();
    void eventTimesLieWithinTheCall();
    void removeObserverStopsDelivery();
    void removeObserverStopsTimerDrivenDelivery();
    void multipleObserversSeeTheSameEvents();
    void observerMayCallBackIntoCache();
    void nestedEventsComeAfterTheOuterBatch();
    void throwingObserverIsContained();
    void eventsFromSeveralThreadsHaveUniqueOrderedSequences();
    void anIsolatedHitIsDeliveredAtOnce();
    void hitsInABurstAreBatched();
    void aMissDeliversTheThreadsHitsFirst();
    void aChangeDeliversEveryThreadsHitsFirst();
    void removeObserverDeliversTheLoggedHits();
    void entriesDeliversTheHitsItReads();
    void batchedHitsKeepExactOrderAgainstChanges();
    void statsWorkWithoutObserver();
};

void tst_Observer::receivesEveryEventType()
{
    ImageCache cache;
    cache.setFlushIntervals(NoTickInterval, NoTickInterval);
    RecordingObserver observer;
    cache.addObserver(&observer);
    EventCursor cursor(observer);

    // First successful insert: Insert + TimerStarted (with the interval to the first tick).
    QVERIFY(cache.insert(QStringLiteral("a"), makeImage(64, 64))); // 16 KiB
    auto batch = cursor.next();
    QCOMPARE(sortedTypes(batch), sorted({Type::Insert, Type::TimerStarted}));
    const CacheEvent insertA = firstOfType(batch, Type::Insert);
    QCOMPARE(insertA.key, QStringLiteral("a"));
    QCOMPARE(insertA.costKb, qint64(16));
    QVERIFY(insertA.entryId != 0);
    QCOMPARE(firstOfType(batch, Type::TimerStarted).nextInterval, NoTickInterval);

    QVERIFY(cache.find(QStringLiteral("a"), nullptr));
    batch = cursor.next();
    QCOMPARE(sortedTypes(batch), QList<Type>{Type::Hit});
    QCOMPARE(batch.at(0).key, QStringLiteral("a"));
    QCOMPARE(batch.at(0).entryId, insertA.entryId);

    QVERIFY(!cache.find(QStringLiteral("zz"), nullptr));
    batch = cursor.next();
    QCOMPARE(sortedTypes(batch), QList<Type>{Type::Miss});
    QCOMPARE(batch.at(0).key, QStringLiteral("zz"));

    // Re-inserting under a string key: the old entry is evicted as Replaced, a new one inserted.
    QVERIFY(cache.insert(QStringLiteral("a"), makeImage(32, 32))); // 4 KiB
    batch = cursor.next();
    QCOMPARE(sortedTypes(batch), sorted({Type::Evict, Type::Insert}));
    const CacheEvent replacedA = firstOfType(batch, Type::Evict);
    QCOMPARE(replacedA.cause, EvictionCause::Replaced);
    QCOMPARE(replacedA.key, QStringLiteral("a"));
    QCOMPARE(replacedA.entryId, insertA.entryId);
    QCOMPARE(replacedA.costKb, qint64(16));
    const CacheEvent insertA2 = firstOfType(batch, Type::Insert);
    QCOMPARE(insertA2.costKb, qint64(4));
    QVERIFY(insertA2.entryId != insertA.entryId); // entry ids are never reused

    const ImageCache::Key key = cache.insert(makeImage(32, 32)); // 4 KiB, by handle
    batch = cursor.next();
    QCOMPARE(sortedTypes(batch), QList<Type>{Type::Insert});
    QCOMPARE(batch.at(0).key, QString());
    const quint64 handleEntry = batch.at(0).entryId;

    QVERIFY(cache.replace(key, makeImage(32, 16))); // 2 KiB
    batch = cursor.next();
    QCOMPARE(sortedTypes(batch), QList<Type>{Type::Replace});
    QCOMPARE(batch.at(0).entryId, handleEntry);
    QCOMPARE(batch.at(0).costKb, qint64(2));

    // Limit 5 < 4 + 2: one entry goes for the cost limit.
    constexpr int SmallLimitKb = 5;
    cache.setCacheLimit(SmallLimitKb);
    batch = cursor.next();
    QCOMPARE(sortedTypes(batch), sorted({Type::LimitChanged, Type::Evict}));
    QCOMPARE(firstOfType(batch, Type::LimitChanged).costKb, qint64(SmallLimitKb));
    QCOMPARE(firstOfType(batch, Type::Evict).cause, EvictionCause::CostLimit);
    QCOMPARE(cache.count(), 1);

    cache.setCacheLimit(ImageCache::DefaultCacheLimitKb);
    cursor.next();
    QVERIFY(cache.insert(QStringLiteral("r"), makeImage(8, 8)));
    cursor.next();
    cache.remove(QStringLiteral("r"));
    batch = cursor.next();
    QCOMPARE(sortedTypes(batch), QList<Type>{Type::Evict});
    QCOMPARE(batch.at(0).cause, EvictionCause::Removed);
    QCOMPARE(batch.at(0).key, QStringLiteral("r"));

    cache.recordError(QStringLiteral("bad.png"), QStringLiteral("corrupt"));
    batch = cursor.next();
    QCOMPARE(sortedTypes(batch), QList<Type>{Type::Error});
    QCOMPARE(batch.at(0).key, QStringLiteral("bad.png"));
    QCOMPARE(batch.at(0).message, QStringLiteral("corrupt"));

    for (int i = 0; i < 3; ++i)
        QVERIFY(cache.insert(QStringLiteral("f%1").arg(i), makeImage(32, 32)));
    cursor.next();
    QVERIFY(cache.flush(FlushMode::Busy));
    batch = cursor.next();
    const CacheEvent tick = firstOfType(batch, Type::FlushTick);
    QCOMPARE(tick.type, Type::FlushTick);
    QVERIFY(tick.manual);
    QCOMPARE(tick.mode, FlushMode::Busy);
    QVERIFY(tick.entries >= 1);
    QVERIFY(tick.kb >= 1);
    QVERIFY(firstOfType(batch, Type::Evict).type == Type::Evict);
    QCOMPARE(firstOfType(batch, Type::Evict).cause, EvictionCause::FlushTimer);

    const int entriesBeforeClear = cache.count();
    const int kbBeforeClear = cache.totalUsed();
    QVERIFY(entriesBeforeClear > 0);
    cache.clear();
    batch = cursor.next();
    // Cleared entries are reported once, as Clear, not one Evict each.
    QCOMPARE(sortedTypes(batch), sorted({Type::Clear, Type::TimerStopped}));
    const CacheEvent clear = firstOfType(batch, Type::Clear);
    QCOMPARE(clear.entries, entriesBeforeClear);
    QCOMPARE(clear.kb, qint64(kbBeforeClear));

    cache.removeObserver(&observer);
}

void tst_Observer::sequenceAndTimeIncrease()
{
    ImageCache cache(64);
    cache.setFlushIntervals(NoTickInterval, NoTickInterval);
    RecordingObserver observer;
    cache.addObserver(&observer);
    constexpr int Rounds = 40;
    for (int i = 0; i < Rounds; ++i) {
        cache.insert(QStringLiteral("k%1").arg(i % 9), makeImage(64, 32)); // evicts as it goes
        cache.find(QStringLiteral("k%1").arg(i % 5), nullptr);
        if (i % 13 == 12)
            cache.clear();
    }
    cache.removeObserver(&observer);

    const QList<CacheEvent> events = observer.events();
    QVERIFY(events.size() > 2 * Rounds);
    for (qsizetype i = 1; i < events.size(); ++i) {
        QVERIFY2(events.at(i).sequence > events.at(i - 1).sequence, qPrintable(QString::number(i)));
        QVERIFY(events.at(i).time >= events.at(i - 1).time);
    }
}

void tst_Observer::eventTimesLieWithinTheCall()
{
    ImageCache cache;
    cache.setFlushIntervals(NoTickInterval, NoTickInterval);
    RecordingObserver observer;
    cache.addObserver(&observer);
    const auto before = Clock::now();
    QVERIFY(cache.insert(QStringLiteral("a"), makeImage(8, 8)));
    QVERIFY(cache.find(QStringLiteral("a"), nullptr));
    const auto after = Clock::now();
    cache.removeObserver(&observer);
    const auto events = observer.events();
    QVERIFY(!events.isEmpty());
    for (const CacheEvent &e : events) {
        QVERIFY(e.time >= before);
        QVERIFY(e.time <= after);
    }
}

void tst_Observer::removeObserverStopsDelivery()
{
    ImageCache cache;
    cache.setFlushIntervals(NoTickInterval, NoTickInterval);
    RecordingObserver observer;
    cache.addObserver(&observer);
    QVERIFY(cache.insert(QStringLiteral("a"), makeImage(8, 8)));
    QVERIFY(observer.size() > 0);
    cache.removeObserver(&observer);
    const qsizetype seen = observer.size();

    QVERIFY(cache.insert(QStringLiteral("b"), makeImage(8, 8)));
    const ImageCache::Key key = cache.insert(makeImage(8, 8));
    QVERIFY(cache.replace(key, makeImage(4, 4)));
    QVERIFY(cache.find(QStringLiteral("a"), nullptr));
    QVERIFY(!cache.find(QStringLiteral("zz"), nullptr));
    cache.remove(QStringLiteral("a"));
    cache.setCacheLimit(100);
    cache.recordError(QStringLiteral("x"), QStringLiteral("y"));
    QVERIFY(cache.flush(FlushMode::Idle));
    cache.clear();
    QCOMPARE(observer.size(), seen);

    // Counting goes on without observers.
    QCOMPARE(cache.stats().hits, quint64(1));
    QCOMPARE(cache.stats().misses, quint64(1));
    QCOMPARE(cache.stats().errors, quint64(1));
}

void tst_Observer::removeObserverStopsTimerDrivenDelivery()
{
    constexpr int Entries = 200;
    ImageCache cache;
    cache.setFlushIntervals(FastSoon, FastFlush);
    RecordingObserver observer;
    cache.addObserver(&observer);
    for (int i = 0; i < Entries; ++i)
        QVERIFY(cache.insert(QStringLiteral("k%1").arg(i), makeImage(16, 16)));
    QTRY_VERIFY_WITH_TIMEOUT(observer.countOf(Type::FlushTick) >= 1, TimerTimeoutMs);

    cache.removeObserver(&observer);
    const qsizetype seen = observer.size();
    const quint64 ticksBefore = cache.stats().flushTicks;
    // Keep the timer ticking (inserts keep the cache from decaying to empty); none of it may reach
    // the removed observer.
    constexpr int MoreTicks = 3;
    const auto deadline = Clock::now() + std::chrono::milliseconds(TimerTimeoutMs);
    for (int i = 0; cache.stats().flushTicks < ticksBefore + MoreTicks; ++i) {
        QVERIFY2(Clock::now() < deadline, "the flush timer stopped ticking");
        QVERIFY(cache.insert(QStringLiteral("more%1").arg(i), makeImage(16, 16)));
        QTest::qWait(int(FastSoon.count() / 2));
    }
    QCOMPARE(observer.size(), seen);
}

void tst_Observer::multipleObserversSeeTheSameEvents()
{
    ImageCache cache;
    cache.setFlushIntervals(NoTickInterval, NoTickInterval);
    RecordingObserver first;
    RecordingObserver second;
    cache.addObserver(&first);
    cache.addObserver(&second);
    QVERIFY(cache.insert(QStringLiteral("a"), makeImage(8, 8)));
    QVERIFY(cache.find(QStringLiteral("a"), nullptr));
    cache.removeObserver(&first);
    QVERIFY(!cache.find(QStringLiteral("b"), nullptr));
    cache.removeObserver(&second);

    const auto a = first.events();
    const auto b = second.events();
    QCOMPARE(b.size(), a.size() + 1); // the Miss came after `first` left
    for (qsizetype i = 0; i < a.size(); ++i) {
        QCOMPARE(a.at(i).sequence, b.at(i).sequence);
        QCOMPARE(a.at(i).type, b.at(i).type);
    }
    QCOMPARE(b.last().type, Type::Miss);
}

// Observers run with no cache lock held, so they may use the cache -- also from the timer thread.
// A deadlock here trips the QTest watchdog (QTEST_FUNCTION_TIMEOUT) or ctest's timeout.
void tst_Observer::observerMayCallBackIntoCache()
{
    ImageCache cache;
    cache.setFlushIntervals(FastSoon, FastFlush);
    RecordingObserver observer;
    std::atomic<int> callbacks{0};
    std::atomic<int> tickCallbacks{0};
    std::atomic<int> insertsNotYetVisible{0};
    std::atomic<int> reentrantFinds{0};
    observer.onEvents = [&](std::span<const CacheEvent> events) {
        static thread_local bool nested = false;
        const CacheStats stats = cache.stats();
        const auto entries = cache.entries();
        Q_UNUSED(stats);
        Q_UNUSED(entries);
        (void)cache.count();
        (void)cache.totalUsed();
        (void)cache.isFlushTimerActive();
        (void)cache.remainingTimeToTick();
        for (const CacheEvent &e : events) {
            if (e.type == Type::FlushTick && !e.manual)
                ++tickCallbacks;
            if (e.type == Type::Insert && e.key == QStringLiteral("a")) {
                // Delivered after the change: the entry is already visible.
                if (!cache.contains(e.key))
                    ++insertsNotYetVisible;
                (void)cache.peek(e.key);
                if (!nested) {
                    nested = true;
                    if (cache.find(e.key, nullptr)) // mutating call from inside a callback
                        ++reentrantFinds;
                    nested = false;
                }
            }
        }
        ++callbacks;
    };
    cache.addObserver(&observer);

    QVERIFY(cache.insert(QStringLiteral("a"), makeImage(16, 16)));
    QCOMPARE(reentrantFinds.load(), 1);
    QCOMPARE(insertsNotYetVisible.load(), 0);
    QVERIFY(cache.insert(QStringLiteral("b"), makeImage(16, 16)));
    cache.remove(QStringLiteral("b"));
    QVERIFY(cache.flush(FlushMode::Busy));
    QVERIFY(cache.insert(QStringLiteral("c"), makeImage(16, 16)));
    // Timer-thread deliveries call back too.
    QTRY_VERIFY_WITH_TIMEOUT(tickCallbacks.load() >= 1, TimerTimeoutMs);
    cache.clear();
    cache.removeObserver(&observer);
    QVERIFY(callbacks.load() > 0);
    QCOMPARE(cache.stats().hits, quint64(1)); // the find made from inside the callback
}

// O1 answers Insert(k) with remove(k). The Evict(k) that causes must reach every observer after
// the batch that carried Insert(k) -- O2 included, which had not seen the Insert yet.
void tst_Observer::nestedEventsComeAfterTheOuterBatch()
{
    ImageCache cache;
    cache.setFlushIntervals(NoTickInterval, NoTickInterval);
    RecordingObserver first;
    RecordingObserver second;
    first.onEvents = [&cache](std::span<const CacheEvent> events) {
        for (const CacheEvent &e : events) {
            if (e.type == Type::Insert)
                cache.remove(e.key);
        }
    };
    cache.addObserver(&first);
    cache.addObserver(&second);

    QVERIFY(cache.insert(QStringLiteral("k"), makeImage(8, 8)));
    QCOMPARE(cache.count(), 0); // the nested remove did happen
    cache.removeObserver(&first);
    cache.removeObserver(&second);

    for (const RecordingObserver *observer : {&first, &second}) {
        const QList<CacheEvent> events = observer->events();
        QList<Type> types;
        for (const CacheEvent &e : events)
            types.append(e.type);
        // Insert and TimerStarted in one batch, in either order; then the nested batch.
        QCOMPARE(types.size(), 4);
        QCOMPARE(sorted(types.mid(0, 2)), sorted({Type::Insert, Type::TimerStarted}));
        QCOMPARE(types.mid(2), (QList<Type>{Type::Evict, Type::TimerStopped}));
        QCOMPARE(events.at(2).cause, EvictionCause::Removed);
        for (qsizetype i = 1; i < events.size(); ++i)
            QVERIFY(events.at(i).sequence > events.at(i - 1).sequence);
    }
}

// An observer that throws changes nothing the cache promises: the call that caused the events
// returns normally (with its key), clear() does not terminate, and the other observers still get
// every event. The cache logs the failure under its logging category.
void tst_Observer::throwingObserverIsContained()
{
    class ThrowingObserver : public CacheObserver
    {
    public:
        std::atomic<int> calls{0};
        void cacheEvents(Events) override
        {
            ++calls;
            throw std::runtime_error("observer failure");
        }
    };

    ImageCache cache;
    cache.setFlushIntervals(NoTickInterval, NoTickInterval);
    ThrowingObserver thrower;
    RecordingObserver recorder;
    cache.addObserver(&thrower);
    cache.addObserver(&recorder);
    // Logged, but not once per failure: the first one at least.
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("observer threw.*observer failure")));
    QTest::failOnWarning(QRegularExpression(QStringLiteral("^(?!.*observer threw)")));

    const ImageCache::Key key = cache.insert(makeImage(8, 8));
    QVERIFY(key.isValid());
    QVERIFY(cache.insert(QStringLiteral("a"), makeImage(8, 8)));
    QVERIFY(cache.find(QStringLiteral("a"), nullptr));
    QVERIFY(cache.replace(key, makeImage(4, 4)));
    cache.remove(key);
    QVERIFY(!key.isValid());
    cache.flush(FlushMode::Idle);
    QVERIFY(cache.insert(QStringLiteral("b"), makeImage(8, 8)));
    cache.clear(); // noexcept: an escaping exception would terminate
    QCOMPARE(cache.count(), 0);
    QVERIFY(!cache.isFlushTimerActive());
    cache.removeObserver(&thrower);
    cache.removeObserver(&recorder);

    QVERIFY(thrower.calls.load() >= 7);
    QCOMPARE(recorder.countOf(Type::Insert), 3);
    QCOMPARE(recorder.countOf(Type::Hit), 1);
    QCOMPARE(recorder.countOf(Type::Replace), 1);
    QCOMPARE(recorder.countOf(Type::Clear), 1);
    checkInvariants(cache);
}

void tst_Observer::eventsFromSeveralThreadsHaveUniqueOrderedSequences()
{
    constexpr int Threads = 4;
    constexpr int OpsPerThread = 300;
    ImageCache cache(256);
    cache.setFlushIntervals(NoTickInterval, NoTickInterval);
    RecordingObserver observer;
    cache.addObserver(&observer);

    std::vector<std::thread> workers;
    for (int t = 0; t < Threads; ++t) {
        workers.emplace_back([&cache, t] {
            const QImage image = makeImage(32, 32);
            for (int i = 0; i < OpsPerThread; ++i) {
                const QString name = QStringLiteral("t%1-%2").arg(t).arg(i % 17);
                cache.insert(name, image);
                cache.find(name, nullptr);
            }
        });
    }
    for (auto &w : workers)
        w.join();
    cache.removeObserver(&observer);

    const QList<CacheEvent> events = observer.events();
    QSet<quint64> sequences;
    for (const CacheEvent &e : events)
        sequences.insert(e.sequence);
    QCOMPARE(sequences.size(), events.size());

    // In sequence order, each thread's own events are in its program order: every hit comes after
    // the insert of its key that it found. (Delivery order can differ: another thread may deliver
    // a thread's hits.)
    const QList<CacheEvent> ordered = observer.eventsBySequence();
    for (int t = 0; t < Threads; ++t) {
        const QString prefix = QStringLiteral("t%1-").arg(t);
        int inserts = 0;
        QString lastInserted;
        for (const CacheEvent &e : ordered) {
            if (!e.key.startsWith(prefix))
                continue;
            if (e.type == Type::Insert || e.type == Type::Replace) {
                ++inserts;
                lastInserted = e.key;
            } else if (e.type == Type::Hit) {
                QVERIFY2(e.key == lastInserted, qPrintable(QStringLiteral("thread %1: hit %2 after insert %3")
                                                              .arg(t).arg(e.key, lastInserted)));
            }
        }
        QCOMPARE(inserts, OpsPerThread);
    }
}

namespace {
QList<CacheEvent> hitsIn(const QList<CacheEvent> &events)
{
    QList<CacheEvent> hits;
    for (const CacheEvent &e : events)
        if (e.type == Type::Hit)
            hits.append(e);
    return hits;
}

// A cache with `count` entries "k0".. of 4 KiB, observed from then on, and a stripe that has just
// delivered nothing for longer than the batching delay.
struct ObservedCache
{
    explicit ObservedCache(int count, int limitKb = 1024) : cache(limitKb, EvictionPolicy::Lru)
    {
        cache.setFlushIntervals(NoTickInterval, NoTickInterval);
        for (int i = 0; i < count; ++i)
            cache.insert(QStringLiteral("k%1").arg(i), makeImage(32, 32));
        cache.addObserver(&observer);
        std::this_thread::sleep_for(BatchDelay + 10ms);
    }
    ~ObservedCache() { cache.removeObserver(&observer); }

    static constexpr std::chrono::milliseconds BatchDelay{50}; // CacheObserver's
    ImageCache cache;
    RecordingObserver observer;
};
} // namespace

void tst_Observer::anIsolatedHitIsDeliveredAtOnce()
{
    ObservedCache f(1);
    for (int round = 0; round < 3; ++round) {
        const Clock::time_point before = Clock::now();
        QVERIFY(f.cache.find(QStringLiteral("k0"), nullptr));
        const QList<CacheEvent> hits = hitsIn(f.observer.events());
        QCOMPARE(hits.size(), round + 1);
        QCOMPARE(hits.last().key, QStringLiteral("k0"));
        QVERIFY(hits.last().time >= before);
        std::this_thread::sleep_for(ObservedCache::BatchDelay + 5ms);
    }
}

void tst_Observer::hitsInABurstAreBatched()
{
    constexpr int Burst = 10;
    ObservedCache f(Burst);
    const Clock::time_point start = Clock::now();
    for (int i = 0; i < Burst; ++i)
        QVERIFY(f.cache.find(QStringLiteral("k%1").arg(i), nullptr));
    const qsizetype delivered = hitsIn(f.observer.events()).size();
    QVERIFY(delivered >= 1); // the first, isolated
    if (Clock::now() - start < ObservedCache::BatchDelay) // not held up past the delay
        QVERIFY2(delivered < Burst, qPrintable(QString::number(delivered)));
    f.cache.deliverBufferedEvents();
    const QList<CacheEvent> hits = hitsIn(f.observer.eventsBySequence());
    QCOMPARE(hits.size(), Burst);
    for (int i = 0; i < Burst; ++i) {
        QCOMPARE(hits.at(i).key, QStringLiteral("k%1").arg(i)); // in the order they happened
        if (i > 0) {
            QVERIFY(hits.at(i).sequence > hits.at(i - 1).sequence);
            QVERIFY(hits.at(i).time >= hits.at(i - 1).time);
        }
    }
    // Nothing twice: a second request delivers nothing more.
    f.cache.deliverBufferedEvents();
    QCOMPARE(hitsIn(f.observer.events()).size(), Burst);

    // A full log goes by itself: 1 isolated + 64 logged, unless the delay took some earlier.
    f.observer.reset();
    std::this_thread::sleep_for(ObservedCache::BatchDelay + 5ms);
    constexpr int Full = 1 + 64;
    const Clock::time_point fullStart = Clock::now();
    for (int i = 0; i < Full; ++i)
        QVERIFY(f.cache.find(QStringLiteral("k%1").arg(i % Burst), nullptr));
    if (Clock::now() - fullStart < ObservedCache::BatchDelay)
        QCOMPARE(hitsIn(f.observer.events()).size(), Full);
    // The stats never wait for a batch.
    QCOMPARE(f.cache.stats().hits, quint64(Burst + Full));
}

void tst_Observer::aMissDeliversTheThreadsHitsFirst()
{
    ObservedCache f(3);
    for (int i = 0; i < 3; ++i)
        QVERIFY(f.cache.find(QStringLiteral("k%1").arg(i), nullptr));
    QVERIFY(!f.cache.find(QStringLiteral("absent"), nullptr));
    const QList<CacheEvent> events = f.observer.eventsBySequence();
    QCOMPARE(events.size(), 4);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(events.at(i).key, QStringLiteral("k%1").arg(i));
    QCOMPARE(events.last().type, Type::Miss);
}

// Hits on another thread, then an insert here that evicts their entry: the insert delivers them
// before it returns, numbered before the eviction, with the entry's key.
void tst_Observer::aChangeDeliversEveryThreadsHitsFirst()
{
    constexpr int Hits = 5;
    ObservedCache f(2, /*limitKb=*/8); // two 4 KiB entries fill it
    std::thread reader([&f] {
        for (int i = 0; i < Hits; ++i)
            f.cache.find(QStringLiteral("k0"), nullptr);
    });
    reader.join();
    QVERIFY(f.cache.find(QStringLiteral("k1"), nullptr)); // k0 is now the LRU victim
    QVERIFY(f.cache.insert(QStringLiteral("new"), makeImage(32, 32)));
    const QList<CacheEvent> events = f.observer.eventsBySequence();
    const QList<CacheEvent> hits = hitsIn(events);
    QCOMPARE(hits.size(), Hits + 1);
    const auto evict = std::find_if(events.begin(), events.end(),
                                    [](const CacheEvent &e) { return e.type == Type::Evict; });
    QVERIFY(evict != events.end());
    QCOMPARE(evict->key, QStringLiteral("k0"));
    for (const CacheEvent &hit : hits) {
        QVERIFY(hit.sequence < evict->sequence);
        QVERIFY(hit.key == QStringLiteral("k0") || hit.key == QStringLiteral("k1"));
    }
    // The hits counted into the entries as they are read then.
    const QList<CacheEntryInfo> entries = f.cache.entries();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.first().key, QStringLiteral("k1"));
    const auto hitOnK1 = std::find_if(hits.begin(), hits.end(),
                                      [](const CacheEvent &e) { return e.key == QStringLiteral("k1"); });
    QVERIFY(hitOnK1 != hits.end());
    QCOMPARE(entries.first().lastAccess, hitOnK1->time);
}

void tst_Observer::removeObserverDeliversTheLoggedHits()
{
    auto f = std::make_unique<ObservedCache>(4);
    for (int i = 0; i < 4; ++i)
        QVERIFY(f->cache.find(QStringLiteral("k%1").arg(i), nullptr));
    f->cache.removeObserver(&f->observer);
    QCOMPARE(hitsIn(f->observer.events()).size(), 4);
    QVERIFY(f->cache.find(QStringLiteral("k0"), nullptr)); // no longer observed
    f->cache.deliverBufferedEvents();
    QCOMPARE(hitsIn(f->observer.events()).size(), 4);
}

// entries() takes the logged hits (their times are the entries' last access), and delivers them
// rather than leaving them for whoever changes the cache next.
void tst_Observer::entriesDeliversTheHitsItReads()
{
    ObservedCache f(3);
    for (int i = 0; i < 3; ++i)
        QVERIFY(f.cache.find(QStringLiteral("k%1").arg(i), nullptr));
    const QList<CacheEntryInfo> entries = f.cache.entries();
    const QList<CacheEvent> hits = hitsIn(f.observer.eventsBySequence());
    QCOMPARE(hits.size(), 3);
    QCOMPARE(entries.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(entries.at(i).key, hits.at(i).key); // LRU: least recently hit first
        QCOMPARE(entries.at(i).lastAccess, hits.at(i).time);
    }
}

// More reader threads than cores, hitting while a writer inserts and evicts: once delivered, every
// hit is there (as many as stats() counted), every sequence number is unique, and each entry's hits
// lie between its insert and its eviction.
void tst_Observer::batchedHitsKeepExactOrderAgainstChanges()
{
    constexpr int Readers = 4;
    constexpr int Keys = 32;
    constexpr int Writes = 400;
    constexpr quint64 MinHits = 20'000;
    ImageCache cache(Keys * 4 / 2); // 4 KiB entries: half of the keys fit
    cache.setFlushIntervals(NoTickInterval, NoTickInterval);
    RecordingObserver observer;
    cache.addObserver(&observer);
    const CacheStats before = cache.stats();
    std::atomic<bool> done{false};
    std::vector<std::thread> readers;
    for (int r = 0; r < Readers; ++r) {
        readers.emplace_back([&cache, &done, r] {
            for (int i = r; !done.load(std::memory_order_relaxed); ++i)
                cache.find(QStringLiteral("k%1").arg(i * 7 % Keys), nullptr);
        });
    }
    const QImage image = makeImage(32, 32);
    for (int i = 0; i < Writes; ++i) {
        cache.insert(QStringLiteral("k%1").arg(i * 5 % Keys), image);
        std::this_thread::yield(); // readers hit in between, whatever the scheduler does
        if (i == Writes / 2)
            std::this_thread::sleep_for(60ms); // and some batches go by delay
    }
    while (cache.stats().hits - before.hits < MinHits)
        std::this_thread::yield();
    done = true;
    for (std::thread &reader : readers)
        reader.join();
    cache.deliverBufferedEvents();
    const CacheStats after = cache.stats();

    const QList<CacheEvent> events = observer.eventsBySequence();
    QCOMPARE(quint64(hitsIn(events).size()), after.hits - before.hits);
    QHash<quint64, int> state; // entry id -> 1 inserted, 2 evicted
    for (qsizetype i = 0; i < events.size(); ++i) {
        const CacheEvent &e = events.at(i);
        if (i > 0)
            QVERIFY(e.sequence > events.at(i - 1).sequence);
        switch (e.type) {
        case Type::Insert:
            QVERIFY(!state.contains(e.entryId));
            state.insert(e.entryId, 1);
            break;
        case Type::Hit:
            QVERIFY2(state.value(e.entryId) == 1, qPrintable(QStringLiteral("hit on %1 (%2) outside its life")
                                                                 .arg(e.key).arg(state.value(e.entryId))));
            QVERIFY(!e.key.isEmpty());
            break;
        case Type::Evict:
            QCOMPARE(state.value(e.entryId), 1);
            state[e.entryId] = 2;
            break;
        default:
            break;
        }
    }
    cache.removeObserver(&observer);
}

void tst_Observer::statsWorkWithoutObserver()
{
    ImageCache cache(64, EvictionPolicy::Lru);
    cache.setFlushIntervals(NoTickInterval, NoTickInterval);
    for (int i = 0; i < 6; ++i) // 6 x 16 KiB into 64 KiB: two cost-limit evictions
        QVERIFY(cache.insert(QStringLiteral("k%1").arg(i), makeImage(64, 64)));
    QVERIFY(cache.find(QStringLiteral("k5"), nullptr));
    QVERIFY(!cache.find(QStringLiteral("k0"), nullptr));
    cache.recordError(QStringLiteral("e"), QStringLiteral("m"));
    const CacheStats stats = cache.stats();
    QCOMPARE(stats.insertions, quint64(6));
    QCOMPARE(stats.evictionsFor(EvictionCause::CostLimit), quint64(2));
    QCOMPARE(stats.hits, quint64(1));
    QCOMPARE(stats.misses, quint64(1));
    QCOMPARE(stats.errors, quint64(1));
    QCOMPARE(stats.count, 4);
    // Last access is still maintained for inserts without an observer.
    for (const auto &e : cache.entries())
        QVERIFY(e.lastAccess >= e.inserted);
    checkInvariants(cache);
}

QTEST_GUILESS_MAIN(tst_Observer)
#include "tst_observer.moc"
