// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cachestats.h>
#include <CacheScope/span.h>

#include <QtCore/qsize.h>
#include <QtCore/qstring.h>

#include <chrono>

namespace CacheScope {

enum class FlushMode : quint8 {
    Busy, // the total changed since the last tick: evict at least one entry
    Idle, // nothing changed since the last tick: cut the total to at most 3/4
};

enum class CacheEventType : quint8 {
    Hit,
    Miss,
    Insert,
    Replace,       // replace(Key, image): same entry, new image
    Evict,         // one entry left the cache; see cause (Cleared is reported once as Clear)
    Clear,         // clear(): entries / kb say how much went
    FlushTick,     // one flush step, timer-driven or flush(); also when it evicted nothing
    TimerStarted,
    TimerStopped,
    LimitChanged,
    Error,         // a load failure reported through recordError()
    DiskHit,       // recordLoad(): key came from the disk tier with no request
    Revalidate,    // recordLoad(): key came from the disk tier after a 304
    Fetch,         // recordLoad(): key was downloaded; kb says how much
};

// Something that happened to a cache. Which fields are meaningful depends on type.
struct CacheEvent
{
    using Clock = std::chrono::steady_clock;

    CacheEventType type = CacheEventType::Hit;
    Clock::time_point time;
    // Per cache, increasing, never reused: sort by it to merge what several threads deliver (see
    // CacheObserver for what it orders exactly). `time` is when the event happened.
    quint64 sequence = 0;
    quint64 entryId = 0;   // Hit/Insert/Replace/Evict: the entry (unique in the process, never reused)
    QString key;           // Hit/Miss/Insert/Replace/Evict: the string key (empty for handle-only)
    QString message;       // Error: what went wrong
    qint64 costKb = 0;     // Insert/Replace/Evict: the entry's cost; LimitChanged: the new limit
    EvictionCause cause = EvictionCause::CostLimit; // Evict
    FlushMode mode = FlushMode::Busy;               // FlushTick
    int entries = 0;       // FlushTick/Clear/Trim evictions: entries evicted
    qint64 kb = 0;         // FlushTick/Clear: KiB evicted; Fetch: KiB downloaded
    // FlushTick/TimerStarted: interval until the next tick; negative when the timer is stopped.
    std::chrono::milliseconds nextInterval{-1};
    bool manual = false;   // FlushTick: triggered by flush(), not by the timer
};

// One entry as the inspector sees it. Reading these never counts as a hit and changes no recency.
struct CacheEntryInfo
{
    quint64 entryId = 0;
    QString key;       // empty for entries inserted by handle
    QSize size;
    int depth = 0;
    qint64 costKb = 0;
    quint32 hits = 0;
    CacheEvent::Clock::time_point inserted;
    // Last hit or insert. Hits only refresh it while an observer is attached (it costs a clock read).
    CacheEvent::Clock::time_point lastAccess;
    bool inUse = false; // someone outside the cache holds a copy of the image
};

// Receives a cache's events. Called from whichever thread caused them (worker threads, the flush
// timer's thread), never while the cache's lock is held, so an observer may call back into the
// cache -- except addObserver()/removeObserver(). Implementations must be thread-safe and quick.
// Events an observer causes by calling back are delivered after the batch in hand, to every
// observer, in order. An exception thrown from cacheEvents() is caught and logged (category
// "cachescope.core"); the cache and the other observers carry on.
// `events` is valid for the call only. (At C++20 it converts to std::span<const CacheEvent>.)
//
// Delivery contract (issue 12). Every event but a hit is delivered by the thread that caused it,
// before that call into the cache returns. Hit events are batched per reader thread (per reader
// stripe: threads beyond the eighth share one), so that watching a cache does not slow its readers
// down: a thread's hits are delivered
//   - at once if the thread delivered none in the last 50 ms (an isolated hit is not late);
//   - otherwise when 64 have gathered, or at its first hit 50 ms or more after its last batch;
//   - before its next miss, and before any change to the cache by any thread (insert, replace,
//     remove, eviction, clear, limit, flush tick, trim), on entries(), removeObserver() and
//     ImageCache::deliverBufferedEvents(), any of which may deliver them from another thread.
// So a hit may arrive late -- by at most 50 ms while its thread keeps hitting, and otherwise until
// one of the above happens; a consumer that must see every hit up to a moment (the inspector, at
// each refresh) calls deliverBufferedEvents() then. Order: sequence numbers are unique and
// increasing per cache. A hit's number is taken when its batch is, so against every change to the
// cache it is exact (a hit before an eviction has the smaller number, and its event still names
// the entry's key), as it is against the hits and misses of its own thread; against other
// threads' hits and misses, numbers follow batches, not the moments of the hits. Batches of one
// thread's events can arrive out of sequence order when another thread delivers some of them, so
// consumers that need order sort by sequence.
class CacheObserver
{
public:
    using Events = Span<const CacheEvent>;

    virtual ~CacheObserver() = default;
    virtual void cacheEvents(Events events) = 0;
};

} // namespace CacheScope
