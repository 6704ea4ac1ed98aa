// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qglobal.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
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
    // Stops for good: after it, prepare() and start() do nothing, also when a callback in flight
    // calls them. Joins the thread, so no callback runs after this returns -- except when called
    // from the callback itself, on the timer's own thread, which cannot wait for itself: then the
    // thread is detached and ends as soon as the callback returns, using nothing of this object
    // (whoever owns what the callback uses must keep it alive until the callback has returned).
    void shutdown();
    // Whether the calling thread is this timer's thread, i.e. is running its callback.
    bool isTimerThread() const;

    bool isActive() const;
    bool isCurrent(quint64 generation) const;
    std::chrono::milliseconds interval() const;
    // The interval while running; negative when stopped.
    std::chrono::milliseconds activeInterval() const;
    // Negative when stopped.
    std::chrono::milliseconds remainingTime() const;

private:
    // Everything the thread uses, shared with it, so a thread detached by shutdown() from its own
    // callback can finish after this object is gone.
    struct State
    {
        explicit State(Callback callback) : callback(std::move(callback)) { }

        const Callback callback;
        std::mutex mutex;
        std::condition_variable_any wakeUp;
        bool active = false;
        bool shutDown = false;
        quint64 generation = 0;
        std::chrono::milliseconds interval{0};
        Clock::time_point deadline;
    };
    static void run(State &state, std::stop_token stopToken);

    const std::shared_ptr<State> m_state;
    std::jthread m_thread; // guarded by m_state->mutex; last: joined before m_state is released
};

} // namespace CacheScope::Internal
