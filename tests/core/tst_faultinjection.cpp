// Copyright (C) 2026 The CacheScope authors.
// Allocation failure: this binary replaces global operator new/delete with a version that can be
// armed to throw std::bad_alloc after N more allocations. For every N up to the number of
// allocations an operation makes, the operation either succeeds or throws and leaves the cache
// exactly as it was (strong guarantee); clear() never throws and always leaves an empty, working
// cache (SPEC §2).
#include "recordingobserver.h"
#include "testsupport.h"

#include <CacheScope/imagecache.h>

#include <QtCore/qscopeguard.h>
#include <QtTest/qtest.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <new>
#include <tuple>

using namespace CacheScope;
using namespace TestSupport;

// ---- the allocator ---------------------------------------------------------------------------
// Per thread, so the cache's flush-timer thread and Qt's own threads are never affected: only
// allocations made by the test thread (that is, inside the cache call under test) can fail.
namespace FaultInjection {
thread_local bool t_armed = false;
thread_local bool t_sticky = false;  // once failed, keep failing until disarmed (OOM persists)
thread_local bool t_failing = false;
thread_local long long t_allowance = 0; // allocations still allowed before the failure
thread_local unsigned long long t_allocations = 0;
thread_local int t_injected = 0; // failures injected since arming

void arm(long long allowance, bool sticky)
{
    t_allowance = allowance;
    t_sticky = sticky;
    t_failing = false;
    t_injected = 0;
    t_armed = true;
}

// Returns how many failures were injected while armed.
int disarm()
{
    t_armed = false;
    t_failing = false;
    return t_injected;
}

// Lets the test's own code (e.g. an observer callback) allocate while the cache is under test.
class Suspend
{
public:
    Suspend() : m_armed(t_armed) { t_armed = false; }
    ~Suspend() { t_armed = m_armed; }
    Suspend(const Suspend &) = delete;
    Suspend &operator=(const Suspend &) = delete;

private:
    bool m_armed;
};

void *allocate(std::size_t size)
{
    if (t_armed) {
        if (t_failing || t_allowance == 0) {
            ++t_injected;
            if (t_sticky)
                t_failing = true;
            else
                t_armed = false; // one-shot
            throw std::bad_alloc();
        }
        --t_allowance;
    }
    ++t_allocations;
    if (void *p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
} // namespace FaultInjection

void *operator new(std::size_t size) { return FaultInjection::allocate(size); }
void *operator new[](std::size_t size) { return FaultInjection::allocate(size); }
void operator delete(void *p) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t) noexcept { std::free(p); }

// ---- helpers -----------------------------------------------------------------------------------
namespace {

// No allocation sequence in the cache should come near this; it only bounds a broken loop.
constexpr int MaxInjectionPoints = 5000;
constexpr int EntryKb = 16;
constexpr int EntrySide = 64; // 64 x 64 x 32 bit = 16 KiB
constexpr int SlotCount = 4;
constexpr int FourSlotLimitKb = SlotCount * EntryKb;

QImage entryImage(QColor colour = Qt::green)
{
    return makeImage(EntrySide, EntrySide, colour);
}

// Records events but lets its own allocations through.
class SafeObserver : public RecordingObserver
{
public:
    void cacheEvents(Events events) override
    {
        FaultInjection::Suspend suspend;
        RecordingObserver::cacheEvents(events);
    }
};

// Everything observable about a cache, without counting hits or touching recency.
struct State
{
    int count = 0;
    int totalUsed = 0;
    QList<quint64> ids;        // in entries() order
    QList<QString> keys;       // in entries() order
    QList<qint64> imageKeys;   // cacheKey() of each entry's image, in entries() order
    quint64 insertions = 0;
    quint64 evictions = 0;
    quint64 evictedKb = 0;
    bool timerActive = false;
};

State stateOf(const ImageCache &cache)
{
    State s;
    s.count = cache.count();
    s.totalUsed = cache.totalUsed();
    for (const CacheEntryInfo &e : cache.entries()) {
        s.ids.append(e.entryId);
        s.keys.append(e.key);
        s.imageKeys.append(cache.peek(e.entryId).cacheKey());
    }
    const CacheStats stats = cache.stats();
    s.insertions = stats.insertions;
    s.evictions = stats.evictions;
    s.evictedKb = stats.evictedKb;
    s.timerActive = cache.isFlushTimerActive();
    return s;
}

// SIEVE may legitimately list entries from a different starting point after a scan, so compare
// membership there; LRU order must not move at all.
void compareStates(const State &now, const State &before, EvictionPolicy policy)
{
    QCOMPARE(now.count, before.count);
    QCOMPARE(now.totalUsed, before.totalUsed);
    QCOMPARE(now.insertions, before.insertions);
    QCOMPARE(now.evictions, before.evictions);
    QCOMPARE(now.evictedKb, before.evictedKb);
    QCOMPARE(now.timerActive, before.timerActive);
    if (policy == EvictionPolicy::Lru) {
        QCOMPARE(now.ids, before.ids);
        QCOMPARE(now.keys, before.keys);
        QCOMPARE(now.imageKeys, before.imageKeys);
        return;
    }
    auto sortedTriples = [](const State &s) {
        QList<std::tuple<quint64, QString, qint64>> t;
        for (qsizetype i = 0; i < s.ids.size(); ++i)
            t.append({s.ids.at(i), s.keys.at(i), s.imageKeys.at(i)});
        std::sort(t.begin(), t.end());
        return t;
    };
    QVERIFY(sortedTriples(now) == sortedTriples(before));
}

// Runs `operation` with the N-th allocation failing, for N = 0, 1, 2, ... until it completes: it
// returns true without throwing. A throw, or a false return (a graceful "out of memory"), must
// leave the cache equal to `before`. Returns how many failed attempts it survived, or -1 if a check
// failed.
int failEachAllocationUntilSuccess(ImageCache &cache, EvictionPolicy policy, bool sticky,
                                   const std::function<bool()> &operation)
{
    const State before = stateOf(cache);
    for (int n = 0; n < MaxInjectionPoints; ++n) {
        bool completed = false;
        FaultInjection::arm(n, sticky);
        try {
            completed = operation();
        } catch (const std::bad_alloc &) {
            completed = false;
        }
        const int injected = FaultInjection::disarm(); // before any QTest macro
        if (completed)
            return n;
        if (injected == 0) {
            qWarning("operation failed at allocation %d without an injected failure", n);
            QTest::qFail("operation failed by itself", __FILE__, __LINE__);
            return -1;
        }
        compareStates(stateOf(cache), before, policy);
        checkInvariants(cache);
        if (QTest::currentTestFailed()) {
            qWarning("state changed after a failure at allocation %d", n);
            return -1;
        }
    }
    QTest::qFail("the operation never succeeded", __FILE__, __LINE__);
    return -1;
}

// Failure injection is per test row: LRU/SIEVE x one-shot/sticky x observed or not.
void addRows()
{
    QTest::addColumn<EvictionPolicy>("policy");
    QTest::addColumn<bool>("sticky");
    QTest::addColumn<bool>("observed");
    for (EvictionPolicy policy : {EvictionPolicy::Lru, EvictionPolicy::Sieve}) {
        for (bool sticky : {false, true}) {
            for (bool observed : {false, true}) {
                const QByteArray name = QByteArray(policy == EvictionPolicy::Lru ? "lru" : "sieve")
                    + (sticky ? " sticky" : " one-shot") + (observed ? " observed" : "");
                QTest::newRow(name.constData()) << policy << sticky << observed;
            }
        }
    }
}

} // namespace

Q_DECLARE_METATYPE(EvictionPolicy)

class tst_FaultInjection : public QObject
{
    Q_OBJECT

private slots:
    void allocatorCountsAndFails();
    void insertStringReplacingExisting_data() { addRows(); }
    void insertStringReplacingExisting();
    void insertStringNeedingEviction_data() { addRows(); }
    void insertStringNeedingEviction();
    void insertWhileTheTableGrows_data() { addRows(); }
    void insertWhileTheTableGrows();
    void insertIntoEmptyCache_data() { addRows(); }
    void insertIntoEmptyCache();
    void insertImage_data() { addRows(); }
    void insertImage();
    void replaceByKey_data() { addRows(); }
    void replaceByKey();
    void removeIsAllOrNothing_data() { addRows(); }
    void removeIsAllOrNothing();
    void clearNeverThrows_data() { addRows(); }
    void clearNeverThrows();
    void timerStateSurvivesFailures_data();
    void timerStateSurvivesFailures();
};

// The harness itself must work, or every other test here proves nothing.
void tst_FaultInjection::allocatorCountsAndFails()
{
    // Explicit ::operator new calls: a new-expression paired with delete may be elided.
    constexpr std::size_t Bytes = 16;
    const auto before = FaultInjection::t_allocations;
    ::operator delete(::operator new(Bytes));
    QCOMPARE(FaultInjection::t_allocations, before + 1);

    bool threw = false;
    void *first = nullptr;
    FaultInjection::arm(1, /*sticky=*/true);
    try {
        first = ::operator new(Bytes);            // allowed
        ::operator delete(::operator new(Bytes)); // fails
    } catch (const std::bad_alloc &) {
        threw = true;
    }
    const int injected = FaultInjection::disarm();
    QVERIFY(first != nullptr);
    ::operator delete(first);
    QVERIFY(threw);
    QCOMPARE(injected, 1);
    ::operator delete(::operator new(Bytes)); // disarmed again
}

#define FETCH_ROW()                                                                                \
    QFETCH(EvictionPolicy, policy);                                                                \
    QFETCH(bool, sticky);                                                                          \
    QFETCH(bool, observed);                                                                        \
    ImageCache cache(FourSlotLimitKb, policy);                                                     \
    cache.setFlushIntervals(std::chrono::hours(1), std::chrono::hours(1));                         \
    SafeObserver observer;                                                                         \
    if (observed)                                                                                  \
        cache.addObserver(&observer);                                                              \
    const auto detachObserver = qScopeGuard([&] {                                                  \
        if (observed)                                                                              \
            cache.removeObserver(&observer);                                                       \
    })

void tst_FaultInjection::insertStringReplacingExisting()
{
    FETCH_ROW();
    const QImage oldImage = entryImage(Qt::red);
    const QImage newImage = entryImage(Qt::blue);
    QVERIFY(cache.insert(QStringLiteral("a"), oldImage));
    QVERIFY(cache.insert(QStringLiteral("b"), entryImage()));
    QVERIFY(cache.find(QStringLiteral("b"), nullptr)); // a visited bit / recency to preserve

    bool inserted = false;
    const int failures = failEachAllocationUntilSuccess(cache, policy, sticky, [&] {
        inserted = cache.insert(QStringLiteral("a"), newImage);
        return inserted;
    });
    if (failures < 0)
        return; // already reported
    QVERIFY(inserted);
    QImage out;
    QVERIFY(cache.find(QStringLiteral("a"), &out));
    QVERIFY(sameImage(out, newImage));
    QVERIFY(oldImage.isDetached()); // no copy leaked by the failed attempts
    QCOMPARE(cache.count(), 2);
    checkInvariants(cache);
    qInfo("survived %d allocation failures", failures);
}

void tst_FaultInjection::insertStringNeedingEviction()
{
    FETCH_ROW();
    QList<QImage> originals;
    for (const char *name : {"a", "b", "c", "d"}) {
        originals.append(entryImage());
        QVERIFY(cache.insert(QLatin1String(name), originals.last()));
    }
    QVERIFY(cache.find(QStringLiteral("a"), nullptr));
    QCOMPARE(cache.totalUsed(), FourSlotLimitKb);

    const QImage newImage = entryImage(Qt::blue);
    bool inserted = false;
    const int failures = failEachAllocationUntilSuccess(cache, policy, sticky, [&] {
        inserted = cache.insert(QStringLiteral("new"), newImage);
        return inserted;
    });
    if (failures < 0)
        return; // already reported
    // The evicted entry's slot and index bucket are reused: an insert that evicts allocates
    // nothing, so it cannot fail (events an observer would get are dropped, not thrown).
    QCOMPARE(failures, 0);
    QVERIFY(inserted);
    QCOMPARE(cache.count(), SlotCount);
    QVERIFY(cache.contains(QStringLiteral("new")));
    QVERIFY(cache.contains(QStringLiteral("a"))); // the found entry is spared under both policies
    QVERIFY(!cache.contains(QStringLiteral("b")));
    checkInvariants(cache);
    qInfo("survived %d allocation failures", failures);
}

void tst_FaultInjection::insertWhileTheTableGrows()
{
    FETCH_ROW();
    // Enough entries to make the slot storage take new chunks and the index grow several times;
    // each insert must be all or nothing at every allocation on the way.
    constexpr int Entries = 300;
    cache.setCacheLimit(Entries * EntryKb);
    const QImage image = entryImage();
    int failures = 0;
    for (int i = 0; i < Entries; ++i) {
        const QString key = QString::number(i);
        const int n = failEachAllocationUntilSuccess(cache, policy, sticky,
                                                     [&] { return cache.insert(key, image); });
        if (n < 0)
            return; // already reported
        failures += n;
    }
    QVERIFY(failures > 0); // growing needs memory: the test must have exercised something
    QCOMPARE(cache.count(), Entries);
    for (int i = 0; i < Entries; ++i)
        QVERIFY(cache.contains(QString::number(i)));
    checkInvariants(cache);
}

void tst_FaultInjection::insertIntoEmptyCache()
{
    FETCH_ROW();
    // Short enough to see a real tick at the end, long enough not to tick during the checks. Set
    // before the loop: a later setFlushIntervals() restarts the timer and would hide a timer that
    // only claims to run.
    constexpr auto TickSoon = std::chrono::milliseconds(100);
    constexpr auto TickFlush = std::chrono::milliseconds(300);
    constexpr int TickTimeoutMs = 10000;
    cache.setFlushIntervals(TickSoon, TickFlush);
    const QImage image = entryImage();
    bool inserted = false;
    const int failures = failEachAllocationUntilSuccess(cache, policy, sticky, [&] {
        inserted = cache.insert(QStringLiteral("first"), image);
        return inserted;
    });
    if (failures < 0)
        return; // already reported
    QVERIFY(failures > 0);
    QVERIFY(inserted);
    QCOMPARE(cache.count(), 1);
    QVERIFY(cache.isFlushTimerActive()); // started by the insert that succeeded
    checkInvariants(cache);
    // ...and it really runs: the busy tick evicts the entry.
    QTRY_VERIFY_WITH_TIMEOUT(cache.stats().flushTicks >= 1, TickTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(cache.count() == 0, TickTimeoutMs);
}

void tst_FaultInjection::insertImage()
{
    FETCH_ROW();
    const ImageCache::Key existing = cache.insert(entryImage(Qt::red));
    for (const char *name : {"b", "c", "d"})
        QVERIFY(cache.insert(QLatin1String(name), entryImage()));
    QVERIFY(cache.find(existing, nullptr));

    const QImage newImage = entryImage(Qt::blue);
    ImageCache::Key key;
    const int failures = failEachAllocationUntilSuccess(cache, policy, sticky, [&] {
        key = cache.insert(newImage);
        return key.isValid();
    });
    if (failures < 0)
        return; // already reported
    QVERIFY(failures > 0); // every new key owns shared data: at least one allocation
    QVERIFY(key.isValid());
    QVERIFY(existing.isValid());
    QImage out;
    QVERIFY(cache.find(key, &out));
    QVERIFY(sameImage(out, newImage));
    checkInvariants(cache);
}

void tst_FaultInjection::replaceByKey()
{
    FETCH_ROW();
    const QImage oldImage = entryImage(Qt::red);
    const ImageCache::Key key = cache.insert(oldImage);
    QVERIFY(cache.insert(QStringLiteral("other"), entryImage()));

    const QImage newImage = makeImage(32, 32, Qt::blue); // a different cost
    bool replaced = false;
    const int failures = failEachAllocationUntilSuccess(cache, policy, sticky, [&] {
        replaced = cache.replace(key, newImage);
        return replaced;
    });
    if (failures < 0)
        return; // already reported
    QVERIFY(replaced);
    QVERIFY(key.isValid());
    QImage out;
    QVERIFY(cache.find(key, &out));
    QVERIFY(sameImage(out, newImage));
    QVERIFY(oldImage.isDetached());
    checkInvariants(cache);
}

void tst_FaultInjection::removeIsAllOrNothing()
{
    FETCH_ROW();
    const QImage image = entryImage();
    QVERIFY(cache.insert(QStringLiteral("a"), image));
    const ImageCache::Key key = cache.insert(entryImage());
    QVERIFY(cache.insert(QStringLiteral("keep"), entryImage()));

    int failures = failEachAllocationUntilSuccess(cache, policy, sticky, [&] {
        cache.remove(QStringLiteral("a"));
        return !cache.contains(QStringLiteral("a"));
    });
    if (failures < 0)
        return; // already reported
    QVERIFY(!cache.contains(QStringLiteral("a")));
    QVERIFY(image.isDetached());

    failures = failEachAllocationUntilSuccess(cache, policy, sticky, [&] {
        cache.remove(key);
        return !key.isValid();
    });
    if (failures < 0)
        return; // already reported
    QVERIFY(!key.isValid());
    QCOMPARE(cache.count(), 1);
    checkInvariants(cache);
}

void tst_FaultInjection::clearNeverThrows()
{
    FETCH_ROW();
    constexpr int Handles = 3;
    auto fill = [&cache](QList<ImageCache::Key> *keys) {
        keys->clear();
        for (int i = 0; i < Handles; ++i)
            keys->append(cache.insert(entryImage()));
        cache.insert(QStringLiteral("s"), entryImage());
    };

    // How many allocations does an undisturbed clear() make? Fail each one of them (and one more).
    QList<ImageCache::Key> keys;
    fill(&keys);
    const auto before = FaultInjection::t_allocations;
    cache.clear();
    const int clearAllocations = int(FaultInjection::t_allocations - before);

    for (int n = 0; n <= clearAllocations; ++n) {
        fill(&keys);
        QCOMPARE(cache.count(), SlotCount);
        FaultInjection::arm(n, sticky);
        cache.clear(); // noexcept: a bad_alloc escaping it would terminate the test
        FaultInjection::disarm();

        QCOMPARE(cache.count(), 0);
        QCOMPARE(cache.totalUsed(), 0);
        QVERIFY(cache.entries().isEmpty());
        QVERIFY(!cache.isFlushTimerActive());
        QVERIFY(!cache.contains(QStringLiteral("s")));
        for (const ImageCache::Key &key : std::as_const(keys))
            QVERIFY(!key.isValid());
        checkInvariants(cache);
        if (QTest::currentTestFailed())
            return;
    }

    // Still works afterwards.
    const QImage image = entryImage();
    QVERIFY(cache.insert(QStringLiteral("after"), image));
    const ImageCache::Key key = cache.insert(entryImage());
    QVERIFY(key.isValid());
    QImage out;
    QVERIFY(cache.find(QStringLiteral("after"), &out));
    QVERIFY(sameImage(out, image));
    checkInvariants(cache);
}

void tst_FaultInjection::timerStateSurvivesFailures_data()
{
    QTest::addColumn<bool>("sticky");
    QTest::newRow("one-shot") << false;
    QTest::newRow("sticky") << true;
}

// Whatever an allocation failure interrupts, the timer must not end up claiming to run while no
// tick will ever come (or run on an empty cache): after each attempt, active <=> non-empty, and an
// active timer really ticks.
void tst_FaultInjection::timerStateSurvivesFailures()
{
    QFETCH(bool, sticky);
    constexpr auto TickSoon = std::chrono::milliseconds(20);
    constexpr auto TickFlush = std::chrono::milliseconds(50);
    constexpr int TickTimeoutMs = 3000; // 60 ticks' worth
    for (int n = 0; n < MaxInjectionPoints; ++n) {
        ImageCache cache; // fresh each time: the first insert creates the timer
        cache.setFlushIntervals(TickSoon, TickFlush);
        const QImage image = entryImage();
        bool threw = false;
        FaultInjection::arm(n, sticky);
        try {
            cache.insert(QStringLiteral("a"), image);
        } catch (const std::bad_alloc &) {
            threw = true;
        }
        FaultInjection::disarm();

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
