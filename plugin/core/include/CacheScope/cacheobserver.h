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
    quint64 sequence = 0;  // per cache, increasing; orders events delivered from several threads
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
class CacheObserver
{
public:
    using Events = Span<const CacheEvent>;

    virtual ~CacheObserver() = default;
    virtual void cacheEvents(Events events) = 0;
};

} // namespace CacheScope
