// Copyright (C) 2026 The CacheScope authors.
// Allocation failure, wherever the cache allocates (issue 11, item 7). allocationfaults.cpp can fail
// any allocation of the test thread: every operator new form, and the C allocator behind Qt's
// containers and QImage. Each operation is swept (faultsweep.h): on a fresh cache, its 1st
// allocation fails, then its 2nd, ... -- one failure at a time (one-shot), or all from there on
// (sticky: memory stays exhausted) -- until it runs without reaching the failure. Every attempt
// either throws and leaves the cache as it was (strong guarantee; clear() never throws), or
// completes and leaves it exactly as an undisturbed run does, with observers missing events only
// when a fallback says so; the invariants of SPEC §2 hold throughout. And each of the core's
// fallbacks (plugin/core/src/fallbacks.h) is shown to run.
#include "allocationfaults.h"
#include "faultsweep.h"
#include "testsupport.h"

#include <CacheScope/imagecache.h>

#include <QtCore/qvarlengtharray.h>
#include <QtTest/qtest.h>

#include <cerrno>
#include <cstdlib>
#include <new>
#include <optional>
#include <thread>

#include <malloc.h>

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

// Images made once per test, so every fresh cache of a sweep holds the very same ones.
QList<QImage> entryImages(int count)
{
    QList<QImage> images;
    for (int i = 0; i < count; ++i)
        images.append(entryImage(QColor::fromHsv(i * 359 / std::max(count, 1), 255, 255)));
    return images;
}

void insertAll(Fixture &fixture, const QList<QImage> &images)
{
    for (qsizetype i = 0; i < images.size(); ++i)
        QVERIFY(fixture.cache.insert(QString::number(i), images.at(i)));
}

// The allocation functions, called through pointers the compiler cannot see through: a call it
// can see may be elided, with the allocation it would have made.
void *(*volatile callMalloc)(size_t) = &malloc;
void *(*volatile callCalloc)(size_t, size_t) = &calloc;
void *(*volatile callRealloc)(void *, size_t) = &realloc;
void *(*volatile callAlignedAlloc)(size_t, size_t) = &aligned_alloc;
int (*volatile callPosixMemalign)(void **, size_t, size_t) = &posix_memalign;
void *(*volatile callMemalign)(size_t, size_t) = &memalign;
void (*volatile callFree)(void *) = &free;
void *(*volatile callNew)(size_t) = &::operator new;
void *(*volatile callNewArray)(size_t) = &::operator new[];
void *(*volatile callAlignedNew)(size_t, std::align_val_t) = &::operator new;
void *(*volatile callAlignedNewArray)(size_t, std::align_val_t) = &::operator new[];
void *(*volatile callNothrowNew)(size_t, const std::nothrow_t &) noexcept = &::operator new;

constexpr size_t SmallBlock = 24;
constexpr auto CacheLine = std::align_val_t(64);

// Runs `allocate` with the first allocation failing; true if it failed as `kind`, once.
template <typename Allocate>
bool failsFirstAs(Kind kind, Allocate allocate)
{
    AllocationFaults::arm(0, Mode::OneShot);
    const bool failed = allocate();
    const Report report = AllocationFaults::disarm();
    return failed && report.injected == 1 && report.injectedOf(kind) == 1;
}

// Expects operator new to throw.
template <typename Allocate>
bool throwsBadAlloc(Allocate allocate)
{
    try {
        allocate();
    } catch (const std::bad_alloc &) {
        return true;
    }
    return false;
}

void addRows()
{
    QTest::addColumn<Row>("row");
    for (EvictionPolicy policy : {EvictionPolicy::Lru, EvictionPolicy::Sieve}) {
        for (Mode mode : {Mode::OneShot, Mode::Sticky}) {
            for (bool observed : {false, true}) {
                const QByteArray name = QByteArray(policy == EvictionPolicy::Lru ? "lru" : "sieve")
                        + (mode == Mode::Sticky ? " sticky" : " one-shot")
                        + (observed ? " observed" : "");
                QTest::newRow(name.constData()) << Row{policy, mode, observed};
            }
        }
    }
}

// For the observer scenarios: observed always.
void addObservedRows()
{
    QTest::addColumn<Row>("row");
    for (EvictionPolicy policy : {EvictionPolicy::Lru, EvictionPolicy::Sieve}) {
        for (Mode mode : {Mode::OneShot, Mode::Sticky}) {
            const QByteArray name = QByteArray(policy == EvictionPolicy::Lru ? "lru" : "sieve")
                    + (mode == Mode::Sticky ? " sticky" : " one-shot");
            QTest::newRow(name.constData()) << Row{policy, mode, true};
        }
    }
}

// Answers Insert("answer-me") with remove("answer-me"), under the same injection as the insert:
// the Evict it causes is queued behind the batch being delivered (issue 11, item 3), and queuing
// allocates.
class AnsweringObserver : public CacheObserver
{
public:
    explicit AnsweringObserver(ImageCache &cache) : m_cache(cache) { }
    void cacheEvents(std::span<const CacheEvent> events) override
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
    void cacheEvents(std::span<const CacheEvent> events) override
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
    void cacheEvents(std::span<const CacheEvent>) override
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
    // The harness.
    void everyOperatorNewFails();
    void theCAllocatorFails();
    void qtAllocationsFail();
    void otherThreadsAreSpared();

    // The cache.
    void constructAndDestroy_data() { addRows(); }
    void constructAndDestroy();
    void insertReplacingExisting_data() { addRows(); }
    void insertReplacingExisting();
    void insertEvictingSeveral_data() { addRows(); }
    void insertEvictingSeveral();
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

// ---- the harness: it must work, or every other test here proves nothing ------------------------

void tst_FaultInjection::everyOperatorNewFails()
{
    QVERIFY(failsFirstAs(Kind::New, [] { return throwsBadAlloc([] { callNew(SmallBlock); }); }));
    QVERIFY(failsFirstAs(Kind::NewArray,
                         [] { return throwsBadAlloc([] { callNewArray(SmallBlock); }); }));
    QVERIFY(failsFirstAs(Kind::AlignedNew, [] {
        return throwsBadAlloc([] { callAlignedNew(SmallBlock, CacheLine); });
    }));
    QVERIFY(failsFirstAs(Kind::AlignedNewArray, [] {
        return throwsBadAlloc([] { callAlignedNewArray(SmallBlock, CacheLine); });
    }));
    QVERIFY(failsFirstAs(Kind::NothrowNew,
                         [] { return callNothrowNew(SmallBlock, std::nothrow) == nullptr; }));

    // Allowance and modes: one-shot fails one, sticky every one from there on. (Throwing
    // std::bad_alloc allocates too: the exception.)
    void *first = nullptr;
    AllocationFaults::arm(1, Mode::OneShot);
    first = callNew(SmallBlock);
    const bool secondFailed = throwsBadAlloc([] { callNew(SmallBlock); });
    void *third = callNew(SmallBlock);
    Report report = AllocationFaults::disarm();
    ::operator delete(first);
    ::operator delete(third);
    QVERIFY(first && third);
    QVERIFY(secondFailed);
    QCOMPARE(report.injected, 1);

    AllocationFaults::arm(1, Mode::Sticky);
    first = callNew(SmallBlock);
    const bool failedTwice = throwsBadAlloc([] { callNew(SmallBlock); })
            && throwsBadAlloc([] { callNew(SmallBlock); });
    report = AllocationFaults::disarm();
    ::operator delete(first);
    QVERIFY(failedTwice);
    QCOMPARE(report.injectedOf(Kind::New), 2); // (and the exceptions' own, from malloc)

    // Disarmed again, and aligned blocks are aligned.
    void *aligned = callAlignedNew(SmallBlock, CacheLine);
    QCOMPARE(reinterpret_cast<quintptr>(aligned) % quintptr(CacheLine), quintptr(0));
    ::operator delete(aligned, CacheLine);
}

void tst_FaultInjection::theCAllocatorFails()
{
    if (!AllocationFaults::interposesCAllocator())
        QSKIP("the C allocator is the sanitizer's in this build (allocationfaults.cpp)");
    constexpr size_t Alignment = 64;
    QVERIFY(failsFirstAs(Kind::Malloc, [] { return callMalloc(SmallBlock) == nullptr; }));
    QVERIFY(failsFirstAs(Kind::Calloc, [] { return callCalloc(2, SmallBlock) == nullptr; }));
    QVERIFY(failsFirstAs(Kind::AlignedAlloc,
                         [] { return callAlignedAlloc(Alignment, Alignment) == nullptr; }));
    QVERIFY(failsFirstAs(Kind::Memalign,
                         [] { return callMemalign(Alignment, SmallBlock) == nullptr; }));
    void *out = nullptr;
    QVERIFY(failsFirstAs(Kind::PosixMemalign,
                         [&] { return callPosixMemalign(&out, Alignment, SmallBlock) == ENOMEM; }));
    QCOMPARE(out, nullptr);

    // A failed realloc leaves the block as it was.
    auto *block = static_cast<char *>(callMalloc(SmallBlock));
    QVERIFY(block);
    block[0] = 'x';
    QVERIFY(failsFirstAs(Kind::Realloc, [&] { return callRealloc(block, 4 * SmallBlock) == nullptr; }));
    QCOMPARE(block[0], 'x');
    callFree(block);

    // Disarmed, everything works.
    void *p = callMalloc(SmallBlock);
    QVERIFY(p);
    p = callRealloc(p, 4 * SmallBlock);
    QVERIFY(p);
    callFree(p);
}

// What the core relies on Qt to do when malloc fails: containers throw std::bad_alloc (Qt is
// built with exceptions here), and a QImage throws (its private part comes from operator new) or
// comes out null (its pixels, from malloc).
void tst_FaultInjection::qtAllocationsFail()
{
    if (!AllocationFaults::interposesCAllocator())
        QSKIP("the C allocator is the sanitizer's in this build (allocationfaults.cpp)");
    constexpr qsizetype Characters = 100;
    QVERIFY(failsFirstAs(Kind::Malloc, [] {
        return throwsBadAlloc([] { QString s; s.reserve(Characters); });
    }));
    QVERIFY(failsFirstAs(Kind::Malloc, [] {
        return throwsBadAlloc([] { QVarLengthArray<int, 1> array{1}; array.append(2); });
    }));
    int mallocFailures = 0;
    for (int n = 0; n < MaxInjectionPoints; ++n) {
        QImage image;
        AllocationFaults::arm(n, Mode::OneShot);
        const bool threw = throwsBadAlloc([&] { image = QImage(EntrySide, EntrySide, TestFormat); });
        const Report report = AllocationFaults::disarm();
        if (report.injected == 0) {
            QVERIFY(!threw && !image.isNull());
            break;
        }
        QVERIFY(threw || image.isNull());
        mallocFailures += report.injectedOf(Kind::Malloc);
    }
    QVERIFY(mallocFailures > 0);
}

// Only the armed thread fails: the flush timer's thread and Qt's own carry on.
void tst_FaultInjection::otherThreadsAreSpared()
{
    std::atomic<int> stage{0};
    bool otherAllocated = false;
    std::thread other([&] {
        while (stage.load() != 1)
            std::this_thread::yield();
        void *p = callNew(SmallBlock);
        otherAllocated = p != nullptr;
        ::operator delete(p);
        stage.store(2);
    });
    AllocationFaults::arm(0, Mode::Sticky);
    stage.store(1);
    while (stage.load() != 2)
        std::this_thread::yield();
    const bool failedHere = throwsBadAlloc([] { callNew(SmallBlock); });
    const Report report = AllocationFaults::disarm();
    other.join();
    QVERIFY(otherAllocated);
    QVERIFY(failedHere);
    QCOMPARE(report.injectedOf(Kind::New), 1);
}

// ---- the cache -----------------------------------------------------------------------------

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
    const QImage oldImage = entryImage(Qt::red);
    const QImage other = entryImage();
    const QImage newImage = entryImage(Qt::blue);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.setup = [&](Fixture &f) {
        QVERIFY(f.cache.insert(QStringLiteral("a"), oldImage));
        QVERIFY(f.cache.insert(QStringLiteral("b"), other));
        QVERIFY(f.cache.find(QStringLiteral("b"), nullptr)); // a visited bit / recency to keep
    };
    scenario.operation = [&](Fixture &f) {
        f.result = f.cache.insert(QStringLiteral("a"), newImage);
    };
    sweep(row, scenario);
    QVERIFY(oldImage.isDetached()); // no copy kept by the failed attempts
}

// Six entries go for one: the graveyard outgrows its inline room (the 5th image) and the event
// batch its own (the 2nd event), both through malloc.
void tst_FaultInjection::insertEvictingSeveral()
{
    QFETCH(Row, row);
    const QList<QImage> images = entryImages(8);
    const QImage big = imageOfEntries(6);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.setup = [&](Fixture &f) {
        insertAll(f, images);
        QVERIFY(f.cache.find(QStringLiteral("0"), nullptr));
    };
    scenario.operation = [&](Fixture &f) {
        f.result = f.cache.insert(QStringLiteral("big"), big);
    };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    requireFallback(summary, Fallback::ImageReleasedUnderLock, true);
    if (row.observed)
        requireFallback(summary, Fallback::EventDropped, true);
    for (const QImage &image : images)
        QVERIFY(image.isDetached()); // the images released on the spot are released
}

void tst_FaultInjection::insertGrowingTheTable_data()
{
    QTest::addColumn<Row>("row");
    QTest::addColumn<int>("entries");
    // 12: the index grows (16 buckets hold 12 keys); 128: the slots take a second chunk.
    for (const int entries : {12, 128}) {
        for (EvictionPolicy policy : {EvictionPolicy::Lru, EvictionPolicy::Sieve}) {
            for (Mode mode : {Mode::OneShot, Mode::Sticky}) {
                for (bool observed : {false, true}) {
                    const QByteArray name = QByteArray::number(entries) + " entries "
                            + (policy == EvictionPolicy::Lru ? "lru" : "sieve")
                            + (mode == Mode::Sticky ? " sticky" : " one-shot")
                            + (observed ? " observed" : "");
                    QTest::newRow(name.constData()) << Row{policy, mode, observed} << entries;
                }
            }
        }
    }
}

void tst_FaultInjection::insertGrowingTheTable()
{
    QFETCH(Row, row);
    QFETCH(int, entries);
    const QImage image = imageOfCost(1);
    Scenario scenario;
    scenario.limitKb = ImageCache::DefaultCacheLimitKb;
    scenario.setup = [&](Fixture &f) {
        for (int i = 0; i < entries; ++i)
            QVERIFY(f.cache.insert(QString::number(i), image));
    };
    scenario.operation = [&](Fixture &f) {
        f.result = f.cache.insert(QStringLiteral("one more"), image);
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
    const QImage image = entryImage();
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.operation = [&](Fixture &f) {
        f.result = f.cache.insert(QStringLiteral("first"), image);
    };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(summary.threw > 0);
}

void tst_FaultInjection::insertByHandle()
{
    QFETCH(Row, row);
    const QList<QImage> images = entryImages(4);
    const QImage newImage = entryImage(Qt::blue);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.setup = [&](Fixture &f) {
        f.keys.append(f.cache.insert(images.at(0)));
        for (qsizetype i = 1; i < images.size(); ++i)
            QVERIFY(f.cache.insert(QString::number(i), images.at(i)));
        QVERIFY(f.cache.find(f.keys.first(), nullptr));
    };
    scenario.operation = [&](Fixture &f) { f.returnedKey = f.cache.insert(newImage); };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(summary.threw > 0); // a new key owns shared data
}

// The old image and four evicted ones: the graveyard outgrows its inline room here too.
void tst_FaultInjection::replaceEvictingSeveral()
{
    QFETCH(Row, row);
    const QImage oldImage = entryImage(Qt::red);
    const QList<QImage> images = entryImages(6);
    const QImage big = imageOfEntries(6);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.setup = [&](Fixture &f) {
        f.keys.append(f.cache.insert(oldImage));
        insertAll(f, images);
    };
    scenario.operation = [&](Fixture &f) { f.result = f.cache.replace(f.keys.first(), big); };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    requireFallback(summary, Fallback::ImageReleasedUnderLock, true);
    QVERIFY(oldImage.isDetached());
}

// Hits and misses, by string and by handle, observed or not: nothing to fail.
void tst_FaultInjection::findAllocatesNothing()
{
    QFETCH(Row, row);
    const QImage a = entryImage();
    const QImage b = entryImage(Qt::red);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.setup = [&](Fixture &f) {
        QVERIFY(f.cache.insert(QStringLiteral("a"), a));
        f.keys.append(f.cache.insert(b));
    };
    scenario.operation = [&](Fixture &f) {
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
    const QImage a = entryImage();
    const QImage b = entryImage(Qt::red);
    const QImage last = entryImage(Qt::blue);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.setup = [&](Fixture &f) {
        QVERIFY(f.cache.insert(QStringLiteral("a"), a));
        f.keys.append(f.cache.insert(b));
        QVERIFY(f.cache.insert(QStringLiteral("last"), last));
    };
    scenario.operation = [&](Fixture &f) {
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
    QVERIFY(a.isDetached() && b.isDetached() && last.isDetached());
}

// clear() is noexcept: anything escaping it would end the test. It always clears.
void tst_FaultInjection::clearNeverThrows()
{
    QFETCH(Row, row);
    const QList<QImage> images = entryImages(4);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.setup = [&](Fixture &f) {
        for (qsizetype i = 0; i < 3; ++i)
            f.keys.append(f.cache.insert(images.at(i)));
        QVERIFY(f.cache.insert(QStringLiteral("s"), images.at(3)));
    };
    scenario.operation = [&](Fixture &f) { f.cache.clear(); };
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
    const QList<QImage> images = entryImages(8);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.setup = [&](Fixture &f) { insertAll(f, images); };
    scenario.operation = [&](Fixture &f) { f.cache.setCacheLimit(EntryKb); };
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
        for (EvictionPolicy policy : {EvictionPolicy::Lru, EvictionPolicy::Sieve}) {
            for (Mode failure : {Mode::OneShot, Mode::Sticky}) {
                for (bool observed : {false, true}) {
                    const QByteArray name = QByteArray(mode == FlushMode::Idle ? "idle " : "busy ")
                            + (policy == EvictionPolicy::Lru ? "lru" : "sieve")
                            + (failure == Mode::Sticky ? " sticky" : " one-shot")
                            + (observed ? " observed" : "");
                    QTest::newRow(name.constData()) << Row{policy, failure, observed} << mode;
                }
            }
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
    const QList<QImage> images = entryImages(Entries);
    Scenario scenario;
    scenario.limitKb = Entries * EntryKb;
    scenario.setup = [&](Fixture &f) { insertAll(f, images); };
    scenario.operation = [&](Fixture &f) { f.result = f.cache.flush(mode); };
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
    const QList<QImage> images = entryImages(8);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.setup = [&](Fixture &f) { insertAll(f, images); };
    scenario.operation = [&](Fixture &f) {
        f.result = f.cache.trim(ImageCache::TrimLevel::All);
    };
    const Summary summary = sweep(row, scenario);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(summary.threw > 0); // the eviction order is decided in a vector first
    requireFallback(summary, Fallback::ImageReleasedUnderLock, true);
}

void tst_FaultInjection::entriesSnapshot()
{
    QFETCH(Row, row);
    const QList<QImage> images = entryImages(8);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.setup = [&](Fixture &f) { insertAll(f, images); };
    scenario.operation = [&](Fixture &f) { f.result = f.cache.entries().size(); };
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
    constexpr auto TickInterval = std::chrono::milliseconds(5);
    constexpr auto TickTimeout = std::chrono::seconds(20);
    const QList<QImage> images = entryImages(Entries);
    Scenario scenario;
    scenario.limitKb = Entries * EntryKb;
    scenario.armsTestThread = false;
    scenario.observerAfterRecorder = true;
    scenario.setup = [&](Fixture &f) { insertAll(f, images); };
    scenario.observer = [](Fixture &f) { return std::make_unique<TickArmer>(f); };
    scenario.operation = [&](Fixture &f) {
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
    const QImage x = entryImage();
    const QImage image = entryImage(Qt::blue);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.setup = [&](Fixture &f) { QVERIFY(f.cache.insert(QStringLiteral("x"), x)); };
    scenario.observer = [](Fixture &f) { return std::make_unique<AnsweringObserver>(f.cache); };
    scenario.operation = [&](Fixture &f) {
        f.result = f.cache.insert(QStringLiteral("answer-me"), image);
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
    const QImage x = entryImage();
    const QImage image = entryImage(Qt::blue);
    Scenario scenario;
    scenario.limitKb = EightEntriesKb;
    scenario.setup = [&](Fixture &f) { QVERIFY(f.cache.insert(QStringLiteral("x"), x)); };
    scenario.observer = [](Fixture &) { return std::make_unique<AllocatingObserver>(); };
    scenario.operation = [&](Fixture &f) {
        f.result = f.cache.insert(QStringLiteral("y"), image);
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
