// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cachescope_global.h>

namespace CacheScope::Internal {

// The ways the core carries on instead of failing its caller when memory runs out (or an observer
// fails). Debug builds count each time one runs, so tst_faultinjection can prove that every one of
// them is reached and leaves the cache consistent; in other builds noteFallback() is empty.
enum class Fallback {
    ImageReleasedUnderLock, // Graveyard::bury() had no room: the image was released at once
    EventDropped,           // EventBatch::add() had no room for an event
    QueuedEventsLost,       // deliver() had no room to queue the events an observer caused
    ObserverFailed,         // an observer threw; the others were still called
    WarningLost,            // the warning about one of these could not be logged
};
inline constexpr int FallbackCount = int(Fallback::WarningLost) + 1;

#if defined(CACHESCOPE_FALLBACK_COUNTERS)
CACHESCOPE_CORE_EXPORT void noteFallback(Fallback fallback) noexcept;
// How often `fallback` ran in this process, in any cache.
CACHESCOPE_CORE_EXPORT quint64 fallbackCount(Fallback fallback) noexcept;
#else
inline void noteFallback(Fallback) noexcept { }
#endif

} // namespace CacheScope::Internal
