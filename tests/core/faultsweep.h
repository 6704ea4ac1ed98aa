// Copyright (C) 2026 The CacheScope authors.
// The systematic allocation-failure sweep of tst_faultinjection: run an operation on a fresh cache
// with its 1st allocation failing, then its 2nd, ... until it runs without reaching the failure,
// and hold every attempt to what an undisturbed run does (see sweep()).
#pragma once

#include "allocationfaults.h"
#include "fallbacks.h"
#include "recordingobserver.h"
#include "testsupport.h"

#include <CacheScope/imagecache.h>

#include <QtCore/qscopeguard.h>
#include <QtTest/qtest.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <system_error>

namespace FaultSweep {

using AllocationFaults::Mode;
using CacheScope::CacheObserver;
using CacheScope::EvictionPolicy;
using CacheScope::ImageCache;
using CacheScope::Internal::Fallback;
using CacheScope::Internal::FallbackCount;

// No operation of the cache comes near this many allocations; it only bounds a broken loop.
inline constexpr int MaxInjectionPoints = 5000;
// Flush intervals that keep the timer from ticking during a test.
inline constexpr auto Never = std::chrono::hours(1);

// How often each of the core's fallbacks ran (Debug builds count them: fallbacks.h).
struct Fallbacks
{
    std::array<quint64, FallbackCount> counts{};

    static constexpr bool counted()
    {
#if defined(CACHESCOPE_FALLBACK_COUNTERS)
        return true;
#else
        return false;
#endif
    }
    static Fallbacks now()
    {
        Fallbacks now;
#if defined(CACHESCOPE_FALLBACK_COUNTERS)
        for (int i = 0; i < FallbackCount; ++i)
            now.counts[size_t(i)] = CacheScope::Internal::fallbackCount(Fallback(i));
#endif
        return now;
    }
    Fallbacks since(const Fallbacks &earlier) const
    {
        Fallbacks delta;
        for (size_t i = 0; i < counts.size(); ++i)
            delta.counts[i] = counts[i] - earlier.counts[i];
        return delta;
    }
    void add(const Fallbacks &other)
    {
        for (size_t i = 0; i < counts.size(); ++i)
            counts[i] += other.counts[i];
    }
    quint64 of(Fallback fallback) const { return counts[size_t(fallback)]; }
    // Whether observers may have missed events (an observer that threw did not cost the others any).
    bool lostEvents() const
    {
        return of(Fallback::EventDropped) > 0 || of(Fallback::QueuedEventsLost) > 0;
    }
    QString toString() const;
};

// Records events like RecordingObserver; its own allocations never fail.
class SafeObserver : public RecordingObserver
{
public:
    void cacheEvents(Events events) override
    {
        AllocationFaults::Suspend suspend;
        RecordingObserver::cacheEvents(events);
    }
};

// One fresh cache and what the setup and the operation leave in it.
struct Fixture
{
    Fixture(int limitKb, EvictionPolicy policy) : cache(limitKb, policy) { }

    ImageCache cache;
    // Deep copies of Scenario::images, this fixture's own: whether the cache still holds each one
    // (an evicted image must be released, not parked in a free slot) is part of the state.
    QList<QImage> images;
    QList<ImageCache::Key> keys; // handles made by the setup
    // What the operation returned. Only assignments here: it runs armed, so it must not allocate.
    ImageCache::Key returnedKey;
    qint64 result = 0;
    // For scenarios that fail allocations on another thread (Scenario::armsTestThread false): the
    // failure to inject, and what happened there.
    std::optional<int> failAt;
    Mode mode = Mode::OneShot;
    AllocationFaults::Report elsewhere;
    std::atomic<bool> elsewhereDone{false};
};

struct Scenario
{
    int limitKb = 0;
    QList<QImage> images; // every image the setup and the operation use, as Fixture::images
    std::function<void(Fixture &)> setup;     // runs unarmed
    std::function<void(Fixture &)> operation; // runs armed
    // An observer to attach before the recording one, e.g. one that calls back into the cache.
    std::function<std::unique_ptr<CacheObserver>(Fixture &)> observer;
    bool observerAfterRecorder = false; // attach it after the recording observer instead
    // Whether the failures are injected on the test thread, around the operation; if not, the
    // scenario injects them where it wants to (Fixture::failAt) and reports in Fixture::elsewhere.
    bool armsTestThread = true;
};

struct Row
{
    EvictionPolicy policy = EvictionPolicy::Lru;
    Mode mode = Mode::OneShot;
    bool observed = false;
};

// Everything observable about a cache and the handles the test holds, in lines that QCOMPARE can
// show side by side. Nothing of it depends on which fresh cache it came from (not the entry ids),
// so two caches given the same calls describe the same.
QStringList stateOf(const Fixture &fixture);
QStringList describe(const QList<CacheScope::CacheEvent> &events);

// One run of a scenario on a fresh cache.
struct Attempt
{
    AllocationFaults::Report report;
    QString exception; // what the operation threw, if anything
    QStringList state;
    QStringList events; // as the recording observer saw them (observed rows)
    Fallbacks fallbacks; // that ran during the operation
};
enum class Run { SetupOnly, Undisturbed, Injected };
Attempt attempt(const Row &row, const Scenario &scenario, Run run, int failAt = 0);

// What a sweep went through.
struct Summary
{
    int allocations = -1; // the operation's, undisturbed
    int threw = 0;        // attempts that failed with an exception
    int absorbed = 0;     // attempts that completed although an allocation failed
    std::array<int, AllocationFaults::KindCount> injectedByKind{};
    Fallbacks fallbacks;
    QString toString() const;
};

// For n = 0, 1, ...: runs the scenario with its n-th allocation failing (and, Sticky, every later
// one) until an attempt makes fewer than n + 1 allocations. Each attempt must end in one of two
// ways: the operation threw (std::bad_alloc, or std::system_error when no thread could be
// started) and the cache is exactly as the setup left it, observers told nothing; or it completed
// and the cache is exactly as after an undisturbed run, and observers saw the undisturbed run's
// events -- all of them, unless the fallbacks say some were dropped, and then a subsequence. The
// invariants of SPEC §2 (testsupport.h) hold after every attempt. Use as:
// const Summary s = sweep(row, scenario); if (QTest::currentTestFailed()) return;
Summary sweep(const Row &row, const Scenario &scenario);

// Whether `fallback` ran during the sweep; skips quietly in builds that do not count fallbacks.
// `needsCAllocator`: it runs only when the C allocator fails (QVarLengthArray, QString), which is
// not interposed in every build (allocationfaults.cpp).
void requireFallback(const Summary &summary, Fallback fallback, bool needsCAllocator);

} // namespace FaultSweep
