// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace CacheScope::Internal {

// Calls functions when their deadline passes, on a thread of its own that is started by the first
// watch(). Used for the loader timeout: a loader that never returns cannot be stopped, but the
// Images waiting for it can be told it failed.
class TimeoutWatch
{
public:
    using Clock = std::chrono::steady_clock;

    TimeoutWatch() = default;
    ~TimeoutWatch();
    TimeoutWatch(const TimeoutWatch &) = delete;
    TimeoutWatch &operator=(const TimeoutWatch &) = delete;

    // `expired` runs on the watch's thread, without the watch's lock held. It may throw
    // std::system_error (no thread) or std::bad_alloc, and then watches nothing.
    void watch(Clock::time_point deadline, std::function<void()> expired);
    // Drops what has not expired and joins the thread; nothing runs after this returns. Idempotent.
    void shutdown();

private:
    void run(std::stop_token stop);

    std::mutex m_mutex;
    std::condition_variable_any m_changed;
    std::multimap<Clock::time_point, std::function<void()>> m_pending;
    bool m_shutDown = false;
    std::jthread m_thread; // last: joined before the members it uses go
};

} // namespace CacheScope::Internal
