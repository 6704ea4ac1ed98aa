// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qglobal.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace CacheScope::Internal {

// A periodic timer that works from any thread, with or without a Qt event loop: inserts from worker
// threads start it, and a QTimer would need an event loop in the thread that owns it. Its own thread
// is created on first start and sleeps without waking while the timer is stopped.
//
// The callback runs on the timer's thread without the timer's mutex held, so it may call start(),
// stop() and isCurrent(). Each start() begins a new generation; the callback receives the generation
// it was fired for, so a tick that raced with a stop()/start() can recognise itself as stale.
class FlushTimer
{
public:
    using Clock = std::chrono::steady_clock;
    using Callback = std::function<void(quint64 generation)>;

    explicit FlushTimer(Callback callback);
    ~FlushTimer();
    FlushTimer(const FlushTimer &) = delete;
    FlushTimer &operator=(const FlushTimer &) = delete;

    // Creates the timer's thread if it does not exist yet. May throw (std::system_error,
    // std::bad_alloc); call it before changing anything that start() would then have to undo.
    void prepare();
    // (Re)starts: the next tick comes `interval` from now, then every `interval`. Never throws
    // once prepare() has succeeded.
    void start(std::chrono::milliseconds interval);
    void stop();
    // Stops and joins the thread; no callback runs after this returns.
    void shutdown();

    bool isActive() const;
    bool isCurrent(quint64 generation) const;
    std::chrono::milliseconds interval() const;
    // The interval while running; negative when stopped.
    std::chrono::milliseconds activeInterval() const;
    // Negative when stopped.
    std::chrono::milliseconds remainingTime() const;

private:
    void run(std::stop_token stopToken);

    const Callback m_callback;
    mutable std::mutex m_mutex;
    std::condition_variable_any m_wakeUp;
    bool m_active = false;
    quint64 m_generation = 0;
    std::chrono::milliseconds m_interval{0};
    Clock::time_point m_deadline;
    std::jthread m_thread; // last: joined before the members it uses are destroyed
};

} // namespace CacheScope::Internal
