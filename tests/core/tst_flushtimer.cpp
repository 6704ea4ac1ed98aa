// Copyright (C) 2026 The CacheScope authors.
// The flush timer (QT_NOTES §1.5, SPEC §3) with short intervals: when it starts and stops, what a
// busy and an idle tick do, manual flush(), worker-thread inserts, and that there is only one timer.
// Timings are never asserted exactly: QTRY_* with generous timeouts, and cadence bounds.
#include "recordingobserver.h"
#include "testsupport.h"

#include <CacheScope/imagecache.h>

#include <QtCore/qthread.h>
#include <QtTest/qtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

using namespace CacheScope;
using namespace TestSupport;
using namespace std::chrono_literals;
using Type = CacheEventType;
using Clock = CacheEvent::Clock;

namespace {

constexpr std::chrono::milliseconds Soon = 40ms;
constexpr std::chrono::milliseconds Flush = 120ms;
// For tests that must not see a timer tick.
constexpr std::chrono::milliseconds NoTickInterval = std::chrono::hours(1);
constexpr int TimeoutMs = 10000;
constexpr int SmallSide = 16; // 16 x 16 x 32 bit = 1 KiB

QImage oneKb()
{
    return makeImage(SmallSide, SmallSide);
}

void insertSmallEntries(ImageCache &cache, int n, const QString &prefix = QStringLiteral("k"))
{
    for (int i = 0; i < n; ++i)
        QVERIFY(cache.insert(prefix + QString::number(i), oneKb()));
}

QList<CacheEvent> timerTicks(const RecordingObserver &observer)
{
    QList<CacheEvent> ticks;
    for (const CacheEvent &e : observer.eventsOfType(Type::FlushTick))
        if (!e.manual)
            ticks.append(e);
    return ticks;
}

// Sleeps without processing events, so nothing can ride on this thread's event loop.
template <typename Predicate>
bool waitWithoutEventLoop(Predicate done, std::chrono::milliseconds timeout)
{
    const auto deadline = Clock::now() + timeout;
    while (!done()) {
        if (Clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

} // namespace

class tst_FlushTimer : public QObject
{
    Q_OBJECT

private slots:
    void intervals();
    void firstSuccessfulInsertStartsTimer();
    void remainingTimeFollowsTimer();
    void busyTickEvictsAtLeastOne();
    void idleTicksCutToThreeQuartersOnSoonInterval();
    void changeBetweenTicksSwitchesBackToBusy();
    void stopsWhenTickEmptiesCache();
    void clearStopsTimer();
    void emptyingCacheStopsTimer_data();
    void emptyingCacheStopsTimer();
    void manualFlush();
    void manualFlushOnEmptyCache();
    void workerQThreadInsertStartsTicking();
    void stdThreadInsertStartsTicking();
    void ticksWithoutMainThreadEventLoop();
    void exactlyOneTimerCadence();
    void timerStartsAndStopsAlternate();
    void destroyWhileTickingEveryMillisecond();
    void destroyedByItsOwnObserverOnTheTimerThread();
};

void tst_FlushTimer::intervals()
{
    ImageCache cache;
    QCOMPARE(ImageCache::DefaultSoonInterval, std::chrono::milliseconds(10'000));
    QCOMPARE(ImageCache::DefaultFlushInterval, std::chrono::milliseconds(30'000));
    QCOMPARE(cache.soonInterval(), ImageCache::DefaultSoonInterval);
    QCOMPARE(cache.flushInterval(), ImageCache::DefaultFlushInterval);
    cache.setFlushIntervals(Soon, Flush);
    QCOMPARE(cache.soonInterval(), Soon);
    QCOMPARE(cache.flushInterval(), Flush);
}

void tst_FlushTimer::firstSuccessfulInsertStartsTimer()
{
    ImageCache cache(64);
    cache.setFlushIntervals(NoTickInterval, NoTickInterval);
    QVERIFY(!cache.isFlushTimerActive());

    // Lookups, rejected inserts and other calls on an empty cache do not start it.
    QVERIFY(!cache.find(QStringLiteral("a"), nullptr));
    QVERIFY(!cache.find(ImageCache::Key(), nullptr));
    QVERIFY(!cache.contains(QStringLiteral("a")));
    QVERIFY(!cache.insert(QStringLiteral("big"), imageOfCost(65)));
    QVERIFY(!cache.insert(imageOfCost(65)).isValid());
    QVERIFY(!cache.insert(QString(), oneKb()));
    cache.setCacheLimit(128);
    (void)cache.stats();
    (void)cache.entries();
    QVERIFY(!cache.isFlushTimerActive());

    QVERIFY(cache.insert(QStringLiteral("a"), oneKb()));
    QVERIFY(cache.isFlushTimerActive());

    // Same for the handle API.
    ImageCache byKey;
    byKey.setFlushIntervals(NoTickInterval, NoTickInterval);
    QVERIFY(byKey.insert(oneKb()).isValid());
    QVERIFY(byKey.isFlushTimerActive());
}

void tst_FlushTimer::remainingTimeFollowsTimer()
{
    // Intervals far apart and long, so the check cannot race a tick.
    constexpr auto LongSoon = std::chrono::minutes(10);
    constexpr auto LongFlush = std::chrono::minutes(60);
    ImageCache cache;
    cache.setFlushIntervals(LongSoon, LongFlush);
    QVERIFY(cache.remainingTimeToTick().count() < 0); // stopped
    QVERIFY(cache.insert(QStringLiteral("a"), oneKb()));
    // A fresh timer runs in busy mode, i.e. on the long (flush) interval.
    const auto remaining = cache.remainingTimeToTick();
    QVERIFY2(remaining > LongSoon && remaining <= LongFlush,
             qPrintable(QString::number(remaining.count())));
    cache.clear();
    QVERIFY(cache.remainingTimeToTick().count() < 0);
}

void tst_FlushTimer::busyTickEvictsAtLeastOne()
{
    constexpr int Entries = 8;
    ImageCache cache;
    cache.setFlushIntervals(Soon, Flush);
    RecordingObserver observer;
    cache.addObserver(&observer);
    insertSmallEntries(cache, Entries);

    QTRY_VERIFY_WITH_TIMEOUT(!timerTicks(observer).isEmpty(), TimeoutMs);
    const CacheEvent first = timerTicks(observer).first();
    QCOMPARE(first.mode, FlushMode::Busy); // the total changed since the (virtual) last tick
    QVERIFY(first.entries >= 1);
    QVERIFY(first.kb >= 1);
    QCOMPARE(first.nextInterval, Flush); // busy keeps the long interval
    QVERIFY(cache.stats().evictionsFor(EvictionCause::FlushTimer) >= 1);
    QVERIFY(cache.stats().flushTicks >= 1);
    cache.removeObserver(&observer);
}

void tst_FlushTimer::idleTicksCutToThreeQuartersOnSoonInterval()
{
    // Enough entries that several idle ticks happen before the cache is empty.
    constexpr int Entries = 64;
    ImageCache cache;
    cache.setFlushIntervals(Soon, Flush);
    RecordingObserver observer;
    cache.addObserver(&observer);
    insertSmallEntries(cache, Entries);
    QCOMPARE(observer.countOf(Type::Insert), qsizetype(Entries));

    // Nothing else touches the cache, so it decays to empty and the timer stops.
    QTRY_VERIFY_WITH_TIMEOUT(!cache.isFlushTimerActive(), TimeoutMs);
    QCOMPARE(cache.count(), 0);

    // Replay the events to know the total before each tick. Ticks before the last insert (a slow
    // machine) may be busy; after it, the first is busy (the total changed) and the rest idle.
    const quint64 lastInsert = observer.eventsOfType(Type::Insert).last().sequence;
    qint64 total = 0;
    int ticksAfterInserts = 0;
    int idleTicks = 0;
    for (const CacheEvent &e : observer.eventsBySequence()) {
        if (e.type == Type::Insert) {
            total += e.costKb;
            continue;
        }
        if (e.type != Type::FlushTick)
            continue;
        QVERIFY(!e.manual);
        QVERIFY2(e.entries >= 1, "a tick on a non-empty cache always evicts");
        const qint64 after = total - e.kb;
        if (e.sequence > lastInsert) {
            const bool first = ticksAfterInserts++ == 0;
            QCOMPARE(e.mode, first ? FlushMode::Busy : FlushMode::Idle);
            if (e.mode == FlushMode::Idle) {
                ++idleTicks;
                QVERIFY2(after * 4 <= total * 3,
                         qPrintable(QStringLiteral("idle tick: %1 -> %2 KiB").arg(total).arg(after)));
            }
        }
        if (after > 0)
            QCOMPARE(e.nextInterval, e.mode == FlushMode::Idle ? Soon : Flush);
        else
            QVERIFY(e.nextInterval.count() < 0); // emptied: the timer stops at once
        total = after;
    }
    QCOMPARE(total, qint64(0));
    QVERIFY(idleTicks >= 2);
    QCOMPARE(cache.stats().evictionsFor(EvictionCause::FlushTimer), quint64(Entries));
    QCOMPARE(observer.countOf(Type::TimerStopped), qsizetype(1));
    cache.removeObserver(&observer);
}

void tst_FlushTimer::changeBetweenTicksSwitchesBackToBusy()
{
    constexpr int Entries = 1000; // decays for ~25 ticks: plenty of idle ticks to catch
    ImageCache cache;
    cache.setFlushIntervals(Soon, Flush);
    RecordingObserver observer;
    cache.addObserver(&observer);
    insertSmallEntries(cache, Entries);

    QTRY_VERIFY_WITH_TIMEOUT(!observer.eventsOfType(Type::FlushTick).isEmpty()
                                 && observer.eventsOfType(Type::FlushTick).last().mode == FlushMode::Idle,
                             TimeoutMs);
    QVERIFY(cache.insert(QStringLiteral("change"), oneKb()));
    const quint64 insertSequence = observer.eventsOfType(Type::Insert).last().sequence;

    auto firstTickAfterInsert = [&]() -> CacheEvent {
        for (const CacheEvent &e : timerTicks(observer))
            if (e.sequence > insertSequence)
                return e;
        return {};
    };
    QTRY_VERIFY_WITH_TIMEOUT(firstTickAfterInsert().type == Type::FlushTick, TimeoutMs);
    const CacheEvent tick = firstTickAfterInsert();
    QCOMPARE(tick.mode, FlushMode::Busy);
    QVERIFY(tick.entries >= 1);
    QCOMPARE(tick.nextInterval, Flush); // and back on the long interval
    cache.removeObserver(&observer);
}

void tst_FlushTimer::stopsWhenTickEmptiesCache()
{
    ImageCache cache;
    cache.setFlushIntervals(Soon, Flush);
    RecordingObserver observer;
    cache.addObserver(&observer);
    QVERIFY(cache.insert(QStringLiteral("only"), oneKb()));
    QVERIFY(cache.isFlushTimerActive());

    // The busy tick evicts the only entry; an empty cache keeps no timer.
    QTRY_VERIFY_WITH_TIMEOUT(!cache.isFlushTimerActive(), TimeoutMs);
    QCOMPARE(cache.count(), 0);
    QCOMPARE(cache.stats().evictionsFor(EvictionCause::FlushTimer), quint64(1));
    const quint64 ticks = cache.stats().flushTicks;
    QCOMPARE(ticks, quint64(1));
    QCOMPARE(observer.countOf(Type::TimerStopped), qsizetype(1));
    QVERIFY(timerTicks(observer).last().nextInterval.count() < 0);

    // No further ticks while stopped.
    QTest::qWait(int(3 * Flush.count()));
    QCOMPARE(cache.stats().flushTicks, ticks);

    // The next insert starts it again.
    QVERIFY(cache.insert(QStringLiteral("again"), oneKb()));
    QVERIFY(cache.isFlushTimerActive());
    QCOMPARE(observer.countOf(Type::TimerStarted), qsizetype(2));
    cache.removeObserver(&observer);
}

void tst_FlushTimer::clearStopsTimer()
{
    ImageCache cache;
    cache.setFlushIntervals(Soon, Flush);
    insertSmallEntries(cache, 4);
    QVERIFY(cache.isFlushTimerActive());
    cache.clear();
    QVERIFY(!cache.isFlushTimerActive());
    const quint64 ticks = cache.stats().flushTicks;
    QTest::qWait(int(3 * Flush.count()));
    QCOMPARE(cache.stats().flushTicks, ticks);
}

namespace {
enum class EmptiedBy { RemoveString, RemoveKey, LimitZero, RejectedReinsert, ManualFlush };
}
Q_DECLARE_METATYPE(EmptiedBy)

void tst_FlushTimer::emptyingCacheStopsTimer_data()
{
    QTest::addColumn<EmptiedBy>("how");
    QTest::newRow("remove last by string") << EmptiedBy::RemoveString;
    QTest::newRow("remove last by key") << EmptiedBy::RemoveKey;
    QTest::newRow("setCacheLimit(0)") << EmptiedBy::LimitZero;
    QTest::newRow("rejected re-insert") << EmptiedBy::RejectedReinsert;
    QTest::newRow("flush of last entry") << EmptiedBy::ManualFlush;
}

// Design decision (SPEC §3: "none while the cache is empty"): the timer stops as soon as the cache
// becomes empty, whatever emptied it, so an idle app can sleep.
void tst_FlushTimer::emptyingCacheStopsTimer()
{
    QFETCH(EmptiedBy, how);
    constexpr int LimitKb = 64;
    ImageCache cache(LimitKb);
    cache.setFlushIntervals(NoTickInterval, NoTickInterval);
    const QString name = QStringLiteral("last");
    QVERIFY(cache.insert(QStringLiteral("first"), oneKb()));
    ImageCache::Key key;
    if (how == EmptiedBy::RemoveKey)
        key = cache.insert(oneKb());
    else
        QVERIFY(cache.insert(name, oneKb()));
    cache.remove(QStringLiteral("first"));
    QVERIFY(cache.isFlushTimerActive()); // one entry left: still running
    QCOMPARE(cache.count(), 1);

    switch (how) {
    case EmptiedBy::RemoveString:
        cache.remove(name);
        break;
    case EmptiedBy::RemoveKey:
        cache.remove(key);
        break;
    case EmptiedBy::LimitZero:
        cache.setCacheLimit(0);
        break;
    case EmptiedBy::RejectedReinsert:
        QVERIFY(!cache.insert(name, imageOfCost(LimitKb + 1)));
        break;
    case EmptiedBy::ManualFlush:
        QVERIFY(cache.flush(FlushMode::Busy));
        break;
    }
    QCOMPARE(cache.count(), 0);
    QVERIFY(!cache.isFlushTimerActive());
}

void tst_FlushTimer::manualFlush()
{
    constexpr int Entries = 8;
    ImageCache cache;
    cache.setFlushIntervals(NoTickInterval, NoTickInterval);
    RecordingObserver observer;
    cache.addObserver(&observer);
    insertSmallEntries(cache, Entries);

    QVERIFY(cache.flush(FlushMode::Busy));
    QVERIFY(cache.count() <= Entries - 1);
    QCOMPARE(cache.stats().evictionsFor(EvictionCause::FlushTimer), quint64(Entries - cache.count()));

    const int before = cache.totalUsed();
    QVERIFY(cache.flush(FlushMode::Idle));
    QVERIFY2(cache.totalUsed() * 4 <= before * 3,
             qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(cache.totalUsed())));
    QVERIFY(cache.totalUsed() > 0); // 3/4, not everything

    const QList<CacheEvent> ticks = observer.eventsOfType(Type::FlushTick);
    QCOMPARE(ticks.size(), qsizetype(2));
    QVERIFY(ticks.at(0).manual && ticks.at(1).manual);
    QCOMPARE(ticks.at(0).mode, FlushMode::Busy);
    QCOMPARE(ticks.at(1).mode, FlushMode::Idle);
    QCOMPARE(cache.stats().flushTicks, quint64(2));
    checkInvariants(cache);
    cache.removeObserver(&observer);
}

void tst_FlushTimer::manualFlushOnEmptyCache()
{
    ImageCache cache;
    QVERIFY(!cache.flush(FlushMode::Busy));
    QVERIFY(!cache.flush(FlushMode::Idle));
    QVERIFY(!cache.isFlushTimerActive());
    QCOMPARE(cache.stats().evictions, quint64(0));
}

void tst_FlushTimer::workerQThreadInsertStartsTicking()
{
    ImageCache cache;
    cache.setFlushIntervals(Soon, Flush);
    std::atomic<int> inserted{0};
    // QThread::create runs the function in run(): no event loop ever runs in that thread.
    std::unique_ptr<QThread> worker(QThread::create([&cache, &inserted] {
        inserted += cache.insert(QStringLiteral("w1"), oneKb());
        inserted += cache.insert(oneKb()).isValid();
    }));
    worker->start();
    QVERIFY(worker->wait(TimeoutMs));
    worker.reset(); // the thread is gone; the timer must not depend on it
    QCOMPARE(inserted.load(), 2);
    QVERIFY(cache.isFlushTimerActive());
    QTRY_VERIFY_WITH_TIMEOUT(cache.stats().evictionsFor(EvictionCause::FlushTimer) >= 1, TimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(cache.count() == 0 && !cache.isFlushTimerActive(), TimeoutMs);
}

void tst_FlushTimer::stdThreadInsertStartsTicking()
{
    ImageCache cache;
    cache.setFlushIntervals(Soon, Flush);
    std::atomic<int> inserted{0};
    std::thread worker([&cache, &inserted] {
        inserted += cache.insert(QStringLiteral("s"), oneKb());
        inserted += cache.insert(oneKb()).isValid();
    });
    worker.join();
    QCOMPARE(inserted.load(), 2);
    QVERIFY(cache.isFlushTimerActive());
    QTRY_VERIFY_WITH_TIMEOUT(cache.stats().evictionsFor(EvictionCause::FlushTimer) >= 1, TimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(cache.count() == 0 && !cache.isFlushTimerActive(), TimeoutMs);
}

// The cache works "with or without a QCoreApplication" (imagecache.h), so its timer cannot rely on
// the main thread's event loop: here the main thread only sleeps.
void tst_FlushTimer::ticksWithoutMainThreadEventLoop()
{
    ImageCache cache;
    cache.setFlushIntervals(Soon, Flush);
    std::thread worker([&cache] { cache.insert(QStringLiteral("x"), oneKb()); });
    worker.join();
    QVERIFY(waitWithoutEventLoop([&] { return cache.stats().flushTicks >= 1; },
                                 std::chrono::milliseconds(TimeoutMs)));
    QVERIFY(waitWithoutEventLoop([&] { return !cache.isFlushTimerActive(); },
                                 std::chrono::milliseconds(TimeoutMs)));
    QCOMPARE(cache.count(), 0);
}

// Many concurrent "first" inserts must not start a second timer: count ticks over a window.
void tst_FlushTimer::exactlyOneTimerCadence()
{
    constexpr auto Interval = 100ms; // soon == flush, so the cadence does not depend on the mode
    constexpr auto Window = 1000ms;
    constexpr int Threads = 4;
    constexpr int EntriesPerThread = 250; // keeps the cache non-empty through the window
    // One timer gives at most Window / Interval (+1) ticks; two would give about twice that.
    constexpr qsizetype MaxTicks = qsizetype(3 * (Window / Interval) / 2);
    constexpr qsizetype MinTicks = 2;

    ImageCache cache;
    cache.setFlushIntervals(Interval, Interval);
    RecordingObserver observer;
    cache.addObserver(&observer);
    std::vector<std::thread> workers;
    for (int t = 0; t < Threads; ++t) {
        workers.emplace_back([&cache, t] {
            for (int i = 0; i < EntriesPerThread; ++i) {
                cache.insert(QStringLiteral("t%1-%2").arg(t).arg(i), oneKb());
                (void)cache.insert(oneKb()); // the handle API starts timers too
            }
        });
    }
    for (auto &w : workers)
        w.join();
    const auto windowStart = Clock::now();
    QTest::qWait(int((Window + Interval).count()));
    QVERIFY2(cache.isFlushTimerActive(), "the cache emptied during the window; add entries");

    qsizetype ticksInWindow = 0;
    for (const CacheEvent &e : timerTicks(observer))
        if (e.time >= windowStart && e.time <= windowStart + Window)
            ++ticksInWindow;
    QVERIFY2(ticksInWindow <= MaxTicks && ticksInWindow >= MinTicks,
             qPrintable(QStringLiteral("%1 ticks in %2 ms at a %3 ms interval")
                            .arg(ticksInWindow).arg(Window.count()).arg(Interval.count())));
    cache.removeObserver(&observer);
}

// Threads race to fill and empty the cache: starts and stops must alternate, and at rest the timer
// runs exactly when the cache is non-empty.
void tst_FlushTimer::timerStartsAndStopsAlternate()
{
    constexpr int Threads = 4;
    constexpr int Rounds = 300;
    ImageCache cache;
    cache.setFlushIntervals(NoTickInterval, NoTickInterval);
    RecordingObserver observer;
    cache.addObserver(&observer);
    std::vector<std::thread> workers;
    for (int t = 0; t < Threads; ++t) {
        workers.emplace_back([&cache, t] {
            const QString name = QStringLiteral("t%1").arg(t);
            for (int i = 0; i < Rounds; ++i) {
                cache.insert(name, oneKb());
                const ImageCache::Key key = cache.insert(oneKb());
                cache.remove(name);
                cache.remove(key);
                if (i % 50 == 49)
                    cache.clear();
            }
        });
    }
    for (auto &w : workers)
        w.join();

    bool running = false;
    for (const CacheEvent &e : observer.eventsBySequence()) {
        if (e.type == Type::TimerStarted) {
            QVERIFY2(!running, qPrintable(QStringLiteral("second start at #%1").arg(e.sequence)));
            running = true;
        } else if (e.type == Type::TimerStopped) {
            QVERIFY2(running, qPrintable(QStringLiteral("stop while stopped at #%1").arg(e.sequence)));
            running = false;
        }
    }
    QCOMPARE(cache.count(), 0);
    QCOMPARE(cache.isFlushTimerActive(), running);
    QVERIFY(!running);

    // And once more at rest with an entry left.
    QVERIFY(cache.insert(QStringLiteral("keep"), oneKb()));
    QVERIFY(cache.isFlushTimerActive());
    cache.removeObserver(&observer);
}

// A cache destroyed while its timer ticks every millisecond: whatever tick is in flight, the
// destructor stops the timer for good, and nothing reaches an observer once it has returned.
void tst_FlushTimer::destroyWhileTickingEveryMillisecond()
{
    constexpr int Rounds = 1000;
    constexpr int Entries = 4;
    constexpr int SpreadMicroseconds = 1500; // destroy at varying points of the tick cycle
    RecordingObserver observer;
    for (int round = 0; round < Rounds; ++round) {
        {
            ImageCache cache;
            cache.setFlushIntervals(1ms, 1ms);
            cache.addObserver(&observer);
            insertSmallEntries(cache, Entries);
            std::this_thread::sleep_for(std::chrono::microseconds(round * 7 % SpreadMicroseconds));
        }
        const qsizetype seen = observer.size();
        if (round % 100 == 0) {
            std::this_thread::sleep_for(5ms); // a restarted timer would tick in this time
            QCOMPARE(observer.size(), seen);
        }
        observer.reset();
    }
}

// An observer on the timer thread destroys the cache: the destructor must not join the thread it
// runs on (std::system_error, terminating), and the tick must finish before the cache goes.
void tst_FlushTimer::destroyedByItsOwnObserverOnTheTimerThread()
{
    auto cache = std::make_unique<ImageCache>();
    cache->setFlushIntervals(Soon, Soon);
    RecordingObserver observer;
    std::atomic<bool> armed{false};
    std::atomic<bool> destroyed{false};
    std::atomic<bool> onTimerThread{false};
    const std::thread::id testThread = std::this_thread::get_id();
    observer.onEvents = [&](std::span<const CacheEvent> events) {
        if (!armed.load() || destroyed.load())
            return;
        for (const CacheEvent &e : events) {
            if (e.type == Type::FlushTick && !e.manual) {
                onTimerThread = std::this_thread::get_id() != testThread;
                cache.reset();
                destroyed = true;
                return;
            }
        }
    };
    cache->addObserver(&observer);
    const QImage kept = oneKb();
    QVERIFY(cache->insert(QStringLiteral("old"), oneKb())); // the busy tick evicts this one
    QVERIFY(cache->insert(QStringLiteral("kept"), kept));
    armed = true; // from here on only the timer thread touches the cache

    QTRY_VERIFY_WITH_TIMEOUT(destroyed.load(), TimeoutMs);
    QVERIFY(onTimerThread.load());
    // The cache's last reference to the image goes once the tick has unwound on its thread.
    QTRY_VERIFY_WITH_TIMEOUT(kept.isDetached(), TimeoutMs);
    const qsizetype seen = observer.size();
    std::this_thread::sleep_for(Soon * 3);
    QCOMPARE(observer.size(), seen);
}

QTEST_GUILESS_MAIN(tst_FlushTimer)
#include "tst_flushtimer.moc"
