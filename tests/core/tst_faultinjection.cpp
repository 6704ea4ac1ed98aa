// Copyright (C) 2026 The CacheScope authors.
// Allocation failure, wherever the cache allocates (issue 11, item 7). allocationfaults.cpp can fail
// any allocation of the test thread (tst_allocationfaults checks that it does): every operator new
// form, and the C allocator behind Qt's containers and QImage. Each operation is swept (faultsweep.h): on a fresh cache, its 1st
// allocation fails, then its 2nd, ... -- one failure at a time (one-shot), or all from there on
// (sticky: memory stays exhausted) -- until it runs without reaching the failure. Every attempt
// either throws and leaves the cache as it was (strong guarantee; clear() never throws), or
// completes and leaves it exactly as an undisturbed run does, with observers missing events only
// when a fallback says so; the invariants of SPEC §2 hold throughout. And each of the core's
// fallbacks (plugin/core/src/fallbacks.h) is shown to run.
#include "faultsweep.h"
#include "testsupport.h"

#include <CacheScope/imagecache.h>

#include <QtTest/qtest.h>

#include <optional>
#include <thread>

using namespace CacheScope;
using namespace FaultSweep;
using namespace TestSupport;
using AllocationFaults::Kind;
using AllocationFaults::Report;

namespace {

constexpr int EntryKb = 16;
constexpr int EntrySide = 64; // 64 x 64 x 32 bit = 16 KiB
constexpr int EightEntriesKb = 8 * EntryKb;

QImage entryImage(QColor colour = Qt::green)
{
    return makeImage(EntrySide, EntrySide, colour);
}

// An image that takes the room of `entries` entries.
QImage imageOfEntries(int entries, QColor colour = Qt::blue)
{
    return makeImage(EntrySide, EntrySide * entries, colour);
}

// Entry-sized images of different colours.
QList<QImage> entryImages(int count)
{
    QList<QImage> images;
    for (int i = 0; i < count; ++i)
        images.append(entryImage(QColor::fromHsv(i * 359 / std::max(count, 1), 255, 255)));
    return images;
}

// Inserts the fixture's first `count` images under "0", "1", ...
void insertFirst(Fixture &fixture, int count)
{
    for (int i = 0; i < count; ++i)
        QVERIFY(fixture.cache.insert(QString::number(i), fixture.images.at(i)));
}

QByteArray nameOf(const Row &row)
{
    return QByteArray(row.policy == EvictionPolicy::Lru ? "lru" : "sieve")
            + (row.mode == Mode::Sticky ? " sticky" : " one-shot")
            + (row.observed ? " observed" : "");
}

// Every policy, failure mode and observed or not; the observer scenarios are observed always.
QList<Row> allRows(bool observedOnly = false)
{
    QList<Row> rows;
    for (EvictionPolicy policy : {EvictionPolicy::Lru, EvictionPolicy::Sieve}) {
        for (Mode mode : {Mode::OneShot, Mode::Sticky}) {
            for (bool observed : {false, true}) {
                if (observed || !observedOnly)
                    rows.append(Row{policy, mode, observed});
            }
        }
    }
    return rows;
}

void addRows()
{
    QTest::addColumn<Row>("row");
    for (const Row &row : allRows())
        QTest::newRow(nameOf(row).constData()) << row;
}

void addObservedRows()
{
    QTest::addColumn<Row>("row");
    for (const Row &row : allRows(/*observedOnly=*/true))
        QTest::newRow(nameOf(row).constData()) << row;
}

// Answers Insert("answer-me") with remove("answer-me"), under the same injection as the insert:
// the Evict it causes is queued behind the batch being delivered (issue 11, item 3), and queuing
// allocates.
class AnsweringObserver : public CacheObserver
{
public:
    explicit AnsweringObserver(ImageCache &cache) : m_cache(cache) { }
    void cacheEvents(Events events) override
    {
        for (const CacheEvent &event : events) {
            if (event.type == CacheEventType::Insert && event.key == QLatin1String("answer-me"))
                m_cache.remove(event.key);
        }
    }

private:
    ImageCache &m_cache;
};

// Keeps what it is told in memory it allocates under the injection: when that fails it throws,
// and the cache must carry on as if it had not been called (the others still are).
class AllocatingObserver : public CacheObserver
{
public:
    void cacheEvents(Events events) override
    {
        for (const CacheEvent &event : events)
            m_keys.append(QStringLiteral("seen %1").arg(event.key));
    }

private:
    QStringList m_keys;
};

// Fails the allocations of a timer tick, on the timer's thread. Called there for the first tick,
// it arms that thread, as the last thing the tick does; called for the second, it disarms, stops
// further ticks and reports. Attach it after the recording observer, so the report comes last.
class TickArmer : public CacheObserver
{
public:
    explicit TickArmer(Fixture &fixture) : m_fixture(fixture) { }
    void cacheEvents(Events) override
    {
        switch (m_phase) {
        case Phase::WaitingForFirstTick:
            m_phase = Phase::Armed;
            if (m_fixture.failAt)
                AllocationFaults::arm(*m_fixture.failAt, m_fixture.mode);
            return;
        case Phase::Armed:
            m_fixture.elsewhere = AllocationFaults::disarm();
            m_phase = Phase::Done;
            m_fixture.cache.setFlushIntervals(Never, Never); // no third tick
            m_fixture.elsewhereDone.store(true, std::memory_order_release);
            return;
        case Phase::Done:
            return;
        }
    }

private:
    enum class Phase { WaitingForFirstTick, Armed, Done };
    Fixture &m_fixture;
    Phase m_phase = Phase::WaitingForFirstTick; // only the timer's thread uses it
};

} // namespace

Q_DECLARE_METATYPE(Row)
Q_DECLARE_METATYPE(Mode)
Q_DECLARE_METATYPE(FlushMode)

class tst_FaultInjection : public QObject
{
    Q_OBJECT

private slots:
    void constructAndDestroy_data() { addRows(); }
    void constructAndDestroy();
    void insertReplacingExisting_data() { addRows(); }
    void insertReplacingExisting();
    void insertEvicting_data();
    void insertEvicting();
    void insertGrowingTheTable_data();
    void insertGrowingTheTable();
    void insertIntoEmptyCache_data() { addRows(); }
    void insertIntoEmptyCache();
    void insertByHandle_data() { addRows(); }
    void insertByHandle();
    void replaceEvictingSeveral_data() { addRows(); }
    void replaceEvictingSeveral();
    void findAllocatesNothing_data() { addRows(); }
    void findAllocatesNothing();
    void firstLookupOnANewThread_data() { addRows(); }
    void firstLookupOnANewThread();
    void remove_data() { addRows(); }
    void remove();
    void clearNeverThrows_data() { addRows(); }
    void clearNeverThrows();
    void setCacheLimitEvictingSeveral_data() { addRows(); }
    void setCacheLimitEvictingSeveral();
    void flush_data();
    void flush();
    void trimEverything_data() { addRows(); }
    void trimEverything();
    void entriesSnapshot_data() { addRows(); }
    void entriesSnapshot();
    void flushTickOnTheTimerThread_data() { addObservedRows(); }
    void flushTickOnTheTimerThread();
    void observerCallingBack_data() { addObservedRows(); }
    void observerCallingBack();
    void observerThatThrows_data() { addObservedRows(); }
    void observerThatThrows();
    void timerStateSurvivesFailures_data();
    void timerStateSurvivesFailures();
};

// The private part is over-aligned (its stripes are cache-line aligned): aligned new must fail too.
// A cache that could not be made leaks nothing (ASan's leak check); destroying one allocates
// nothing, so it cannot fail.
void tst_FaultInjection::constructAndDestroy()
{
    QFETCH(Row, row);
    int alignedFailures = 0;
    for (int n = 0; n < MaxInjectionPoints; ++n) {
        std::optional<ImageCache> cache;
        std::exception_ptr failure;
        AllocationFaults::arm(n, row.mode);
        try {
            cache.emplace(EightEntriesKb, row.policy);
        } catch (...) {
            failure = std::current_exception();
        }
        const Report report = AllocationFaults::disarm();
        alignedFailures += report.injectedOf(Kind::AlignedNew);
        if (report.injected == 0) {
            QVERIFY(cache);
            QVERIFY(!failure);
            break;
        }
        QVERIFY(failure);
        QVERIFY(!cache);
    }
    QVERIFY2(alignedFailures > 0, "aligned operator new never failed: is it replaced?");

    ImageCache cache(EightEntriesKb, row.policy);
    const QImage image = entryImage();
    QVERIFY(cache.insert(QStringLiteral("a"), image)); // starts the timer's thread
    std::optional<ImageCache> doomed;
    doomed.emplace(EightEntriesKb, row.policy);
    QVERIFY(doomed->insert(QStringLiteral("a"), image));
    AllocationFaults::arm(0, Mode::Sticky);
    doomed.reset();
    const Report report = AllocationFaults::disarm();
    QCOMPARE(report.injected, 0);
    QVERIFY(cache.find(QStringLiteral("a"), nullptr));
}

void tst_FaultInjection::insertReplacingExisting()
{
    QFETCH(Row, row);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.images = {entryImage(Qt::red), entryImage(), entryImage(Qt::blue)};
    scenario.setup = [](Fixture &f) {
        QVERIFY(f.cache.insert(QStringLiteral("a"), f.images.at(0)));
        QVERIFY(f.cache.insert(QStringLiteral("b"), f.images.at(1)));
        QVERIFY(f.cache.find(QStringLiteral("b"), nullptr)); // a visited bit / recency to keep
    };
    scenario.operation = [](Fixture &f) {
        f.result = f.cache.insert(QStringLiteral("a"), f.images.at(2));
    };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    if (!row.observed)
        QCOMPARE(summary.allocations, 0); // the old entry's slot and bucket are reused
}

void tst_FaultInjection::insertEvicting_data()
{
    QTest::addColumn<Row>("row");
    QTest::addColumn<int>("evicted");
    for (const int evicted : {1, 6}) {
        for (const Row &row : allRows()) {
            const QByteArray name = "evicting " + QByteArray::number(evicted) + " " + nameOf(row);
            QTest::newRow(name.constData()) << row << evicted;
        }
    }
}

// An insert that evicts reuses the evicted entry's slot and bucket: evicting one, it allocates
// nothing. Evicting six, the graveyard outgrows its inline room (at the 5th image) and the event
// batch its own (at the 2nd event), both through malloc.
void tst_FaultInjection::insertEvicting()
{
    QFETCH(Row, row);
    QFETCH(int, evicted);
    constexpr int Entries = 8;
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.images = entryImages(Entries);
    scenario.images.append(imageOfEntries(evicted));
    scenario.setup = [](Fixture &f) {
        insertFirst(f, Entries);
        QVERIFY(f.cache.find(QStringLiteral("0"), nullptr));
    };
    scenario.operation = [](Fixture &f) {
        f.result = f.cache.insert(QStringLiteral("new"), f.images.at(Entries));
    };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    if (evicted == 1 && !row.observed)
        QCOMPARE(summary.allocations, 0);
    if (evicted > 4) {
        requireFallback(summary, Fallback::ImageReleasedUnderLock, true);
        if (row.observed)
            requireFallback(summary, Fallback::EventDropped, true);
    }
}

void tst_FaultInjection::insertGrowingTheTable_data()
{
    QTest::addColumn<Row>("row");
    QTest::addColumn<int>("entries");
    // 12: the index grows (16 buckets hold 12 keys); 128: the slots take a second chunk.
    for (const int entries : {12, 128}) {
        for (const Row &row : allRows()) {
            const QByteArray name = QByteArray::number(entries) + " entries " + nameOf(row);
            QTest::newRow(name.constData()) << row << entries;
        }
    }
}

void tst_FaultInjection::insertGrowingTheTable()
{
    QFETCH(Row, row);
    QFETCH(int, entries);
    Scenario scenario;
    scenario.limitKb = ImageCache::DefaultCacheLimitKb;
    scenario.images = {imageOfCost(1)};
    scenario.setup = [entries](Fixture &f) {
        for (int i = 0; i < entries; ++i)
            QVERIFY(f.cache.insert(QString::number(i), f.images.at(0)));
    };
    scenario.operation = [](Fixture &f) {
        f.result = f.cache.insert(QStringLiteral("one more"), f.images.at(0));
    };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(summary.threw > 0); // growing needs memory: the sweep must have failed it
}

// The first insert starts the flush timer's thread: the thread's creation fails as well
// (std::bad_alloc, or std::system_error from pthread_create()).
void tst_FaultInjection::insertIntoEmptyCache()
{
    QFETCH(Row, row);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.images = {entryImage()};
    scenario.operation = [](Fixture &f) {
        f.result = f.cache.insert(QStringLiteral("first"), f.images.at(0));
    };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(summary.threw > 0);
}

void tst_FaultInjection::insertByHandle()
{
    QFETCH(Row, row);
    constexpr int Entries = 4;
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.images = entryImages(Entries);
    scenario.images.append(entryImage(Qt::blue));
    scenario.setup = [](Fixture &f) {
        f.keys.append(f.cache.insert(f.images.at(0)));
        for (int i = 1; i < Entries; ++i)
            QVERIFY(f.cache.insert(QString::number(i), f.images.at(i)));
        QVERIFY(f.cache.find(f.keys.first(), nullptr));
    };
    scenario.operation = [](Fixture &f) { f.returnedKey = f.cache.insert(f.images.at(Entries)); };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(summary.threw > 0); // a new key owns shared data
}

// The old image and four evicted ones: the graveyard outgrows its inline room here too.
void tst_FaultInjection::replaceEvictingSeveral()
{
    QFETCH(Row, row);
    constexpr int Others = 6;
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.images = entryImages(Others);
    scenario.images << entryImage(Qt::red) << imageOfEntries(6);
    scenario.setup = [](Fixture &f) {
        f.keys.append(f.cache.insert(f.images.at(Others)));
        insertFirst(f, Others);
    };
    scenario.operation = [](Fixture &f) {
        f.result = f.cache.replace(f.keys.first(), f.images.at(Others + 1));
    };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    requireFallback(summary, Fallback::ImageReleasedUnderLock, true);
}

// Hits and misses, by string and by handle, observed or not: nothing to fail.
void tst_FaultInjection::findAllocatesNothing()
{
    QFETCH(Row, row);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.images = {entryImage(), entryImage(Qt::red)};
    scenario.setup = [](Fixture &f) {
        QVERIFY(f.cache.insert(QStringLiteral("a"), f.images.at(0)));
        f.keys.append(f.cache.insert(f.images.at(1)));
    };
    scenario.operation = [](Fixture &f) {
        QImage out;
        f.result = f.cache.find(QStringLiteral("a"), &out) + f.cache.find(f.keys.first(), &out)
                + f.cache.find(QStringLiteral("missing"), &out) + f.cache.contains(QStringLiteral("a"))
                + !f.cache.peek(QStringLiteral("a")).isNull();
    };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(summary.allocations, 0);
}

// A thread's first lookup claims it a reader stripe, to be given back when the thread ends. That
// must not depend on memory: glibc allocates to register a thread_local's destructor and aborts the
// process when it cannot ("failed to register TLS destructor: out of memory").
void tst_FaultInjection::firstLookupOnANewThread()
{
    QFETCH(Row, row);
    ImageCache cache(EightEntriesKb, row.policy);
    cache.setFlushIntervals(Never, Never);
    SafeObserver observer;
    if (row.observed)
        cache.addObserver(&observer);
    QVERIFY(cache.insert(QStringLiteral("a"), entryImage()));
    int hits = 0;
    for (int n = 0; n < MaxInjectionPoints; ++n) {
        Report report;
        bool found = false;
        std::thread reader([&] {
            AllocationFaults::arm(n, row.mode);
            found = cache.find(QStringLiteral("a"), nullptr);
            report = AllocationFaults::disarm();
        });
        reader.join();
        QVERIFY(found);
        ++hits;
        if (report.injected == 0) {
            qInfo("a first lookup makes %d allocations", n);
            break;
        }
    }
    QCOMPARE(cache.stats().hits, quint64(hits));
    checkInvariants(cache);
    cache.removeObserver(&observer);
}

// Removing the last entry also stops the timer: two events, one more than the batch's inline room.
void tst_FaultInjection::remove()
{
    QFETCH(Row, row);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.images = {entryImage(), entryImage(Qt::red), entryImage(Qt::blue)};
    scenario.setup = [](Fixture &f) {
        QVERIFY(f.cache.insert(QStringLiteral("a"), f.images.at(0)));
        f.keys.append(f.cache.insert(f.images.at(1)));
        QVERIFY(f.cache.insert(QStringLiteral("last"), f.images.at(2)));
    };
    scenario.operation = [](Fixture &f) {
        f.cache.remove(QStringLiteral("a"));
        f.cache.remove(f.keys.first());
        f.cache.remove(QStringLiteral("missing"));
        f.cache.remove(QStringLiteral("last"));
    };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    if (row.observed)
        requireFallback(summary, Fallback::EventDropped, true);
}

// clear() is noexcept: anything escaping it would end the test. It always clears.
void tst_FaultInjection::clearNeverThrows()
{
    QFETCH(Row, row);
    constexpr int Handles = 3;
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.images = entryImages(Handles + 1);
    scenario.setup = [](Fixture &f) {
        for (int i = 0; i < Handles; ++i)
            f.keys.append(f.cache.insert(f.images.at(i)));
        QVERIFY(f.cache.insert(QStringLiteral("s"), f.images.at(Handles)));
    };
    scenario.operation = [](Fixture &f) { f.cache.clear(); };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(summary.threw, 0);
    if (row.observed)
        requireFallback(summary, Fallback::EventDropped, true);
}

void tst_FaultInjection::setCacheLimitEvictingSeveral()
{
    QFETCH(Row, row);
    constexpr int Entries = 8;
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.images = entryImages(Entries);
    scenario.setup = [](Fixture &f) { insertFirst(f, Entries); };
    scenario.operation = [](Fixture &f) { f.cache.setCacheLimit(EntryKb); };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(summary.threw, 0); // nothing in it can fail the caller
    requireFallback(summary, Fallback::ImageReleasedUnderLock, true);
    if (row.observed)
        requireFallback(summary, Fallback::EventDropped, true);
}

void tst_FaultInjection::flush_data()
{
    QTest::addColumn<Row>("row");
    QTest::addColumn<FlushMode>("mode");
    for (FlushMode mode : {FlushMode::Busy, FlushMode::Idle}) {
        for (const Row &row : allRows()) {
            const QByteArray name = (mode == FlushMode::Idle ? "idle " : "busy ") + nameOf(row);
            QTest::newRow(name.constData()) << row << mode;
        }
    }
}

// One flush step, as a tick makes it (a busy one evicts one entry; an idle one cuts 24 entries to
// 18: six go).
void tst_FaultInjection::flush()
{
    QFETCH(Row, row);
    QFETCH(FlushMode, mode);
    constexpr int Entries = 24;
    Scenario scenario;
    scenario.limitKb = Entries * EntryKb;
    scenario.images = entryImages(Entries);
    scenario.setup = [](Fixture &f) { insertFirst(f, Entries); };
    scenario.operation = [mode](Fixture &f) { f.result = f.cache.flush(mode); };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(summary.threw, 0);
    if (mode == FlushMode::Idle)
        requireFallback(summary, Fallback::ImageReleasedUnderLock, true);
    if (row.observed)
        requireFallback(summary, Fallback::EventDropped, true);
}

void tst_FaultInjection::trimEverything()
{
    QFETCH(Row, row);
    constexpr int Entries = 8;
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.images = entryImages(Entries);
    scenario.setup = [](Fixture &f) { insertFirst(f, Entries); };
    scenario.operation = [](Fixture &f) { f.result = f.cache.trim(ImageCache::TrimLevel::All); };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(summary.threw > 0); // the eviction order is decided in a vector first
    requireFallback(summary, Fallback::ImageReleasedUnderLock, true);
}

void tst_FaultInjection::entriesSnapshot()
{
    QFETCH(Row, row);
    constexpr int Entries = 8;
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.images = entryImages(Entries);
    scenario.setup = [](Fixture &f) { insertFirst(f, Entries); };
    scenario.operation = [](Fixture &f) { f.result = f.cache.entries().size(); };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(summary.threw > 0);
}

// A real tick on the timer's thread, failing there: the first tick (busy) evicts one entry, the
// second (idle) six, past the graveyard's and the event batch's inline room.
void tst_FaultInjection::flushTickOnTheTimerThread()
{
    QFETCH(Row, row);
    constexpr int Entries = 24;
    static constexpr auto TickInterval = std::chrono::milliseconds(5);
    static constexpr auto TickTimeout = std::chrono::seconds(20);
    Scenario scenario;
    scenario.limitKb = Entries * EntryKb;
    scenario.images = entryImages(Entries);
    scenario.armsTestThread = false;
    scenario.observerAfterRecorder = true;
    scenario.setup = [](Fixture &f) { insertFirst(f, Entries); };
    scenario.observer = [](Fixture &f) { return std::make_unique<TickArmer>(f); };
    scenario.operation = [](Fixture &f) {
        f.cache.setFlushIntervals(TickInterval, TickInterval);
        const auto deadline = std::chrono::steady_clock::now() + TickTimeout;
        while (!f.elsewhereDone.load(std::memory_order_acquire)) {
            if (std::chrono::steady_clock::now() > deadline) {
                f.result = -1; // shows in the state: the ticks never came
                return;
            }
            std::this_thread::sleep_for(TickInterval);
        }
    };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(summary.threw, 0); // a tick has nobody to throw to
    requireFallback(summary, Fallback::ImageReleasedUnderLock, true);
    requireFallback(summary, Fallback::EventDropped, true);
}

// An observer answering an insert with a remove: its events are queued behind the batch being
// delivered, and when that queue cannot grow they are lost -- counted and logged, nothing else.
void tst_FaultInjection::observerCallingBack()
{
    QFETCH(Row, row);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.images = {entryImage(), entryImage(Qt::blue)};
    scenario.setup = [](Fixture &f) { QVERIFY(f.cache.insert(QStringLiteral("x"), f.images.at(0))); };
    scenario.observer = [](Fixture &f) { return std::make_unique<AnsweringObserver>(f.cache); };
    scenario.operation = [](Fixture &f) {
        f.result = f.cache.insert(QStringLiteral("answer-me"), f.images.at(1));
    };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    requireFallback(summary, Fallback::QueuedEventsLost, false);
    if (row.mode == Mode::Sticky) // and then the warning about it cannot be formatted either
        requireFallback(summary, Fallback::WarningLost, true);
}

// An observer that runs out of memory throws; the others are still called with every event.
void tst_FaultInjection::observerThatThrows()
{
    QFETCH(Row, row);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.images = {entryImage(), entryImage(Qt::blue)};
    scenario.setup = [](Fixture &f) { QVERIFY(f.cache.insert(QStringLiteral("x"), f.images.at(0))); };
    scenario.observer = [](Fixture &) { return std::make_unique<AllocatingObserver>(); };
    scenario.operation = [](Fixture &f) {
        f.result = f.cache.insert(QStringLiteral("y"), f.images.at(1));
    };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    requireFallback(summary, Fallback::ObserverFailed, true);
    if (row.mode == Mode::Sticky)
        requireFallback(summary, Fallback::WarningLost, true);
}

void tst_FaultInjection::timerStateSurvivesFailures_data()
{
    QTest::addColumn<Mode>("mode");
    QTest::newRow("one-shot") << Mode::OneShot;
    QTest::newRow("sticky") << Mode::Sticky;
}

// Whatever an allocation failure interrupts, the timer must not end up claiming to run while no
// tick will ever come (or run on an empty cache): after each attempt, active <=> non-empty, and an
// active timer really ticks.
void tst_FaultInjection::timerStateSurvivesFailures()
{
    QFETCH(Mode, mode);
    constexpr auto TickSoon = std::chrono::milliseconds(20);
    constexpr auto TickFlush = std::chrono::milliseconds(50);
    constexpr int TickTimeoutMs = 3000; // 60 ticks' worth
    const QImage image = entryImage();
    for (int n = 0; n < MaxInjectionPoints; ++n) {
        ImageCache cache; // fresh each time: the first insert creates the timer
        cache.setFlushIntervals(TickSoon, TickFlush);
        bool threw = false;
        AllocationFaults::arm(n, mode);
        try {
            cache.insert(QStringLiteral("a"), image);
        } catch (const std::bad_alloc &) {
            threw = true;
        } catch (const std::system_error &) {
            threw = true;
        }
        AllocationFaults::disarm();

        QCOMPARE(cache.isFlushTimerActive(), cache.count() > 0);
        if (cache.count() > 0)
            QTRY_VERIFY2_WITH_TIMEOUT(cache.stats().flushTicks >= 1,
                                      qPrintable(QStringLiteral("dead timer after failure %1").arg(n)),
                                      TickTimeoutMs);
        if (!threw)
            return;
    }
    QFAIL("insert never succeeded");
}

QTEST_GUILESS_MAIN(tst_FaultInjection)
#include "tst_faultinjection.moc"
