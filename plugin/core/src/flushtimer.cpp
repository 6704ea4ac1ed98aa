// Copyright (C) 2026 The CacheScope authors.
#include "flushtimer.h"

namespace CacheScope::Internal {

using namespace std::chrono;

FlushTimer::FlushTimer(Callback callback) : m_state(std::make_shared<State>(std::move(callback))) { }

FlushTimer::~FlushTimer()
{
    shutdown();
}

void FlushTimer::prepare()
{
    std::scoped_lock lock(m_state->mutex);
    if (!m_thread.joinable() && !m_state->shutDown) {
        m_thread = std::jthread(
                [state = m_state](std::stop_token token) { run(*state, std::move(token)); });
    }
}

void FlushTimer::start(milliseconds interval)
{
    prepare(); // before active is set: a failure must not leave an "active" timer that never ticks
    {
        std::scoped_lock lock(m_state->mutex);
        if (m_state->shutDown)
            return;
        m_state->active = true;
        ++m_state->generation;
        m_state->interval = std::max(interval, milliseconds(1));
        m_state->deadline = Clock::now() + m_state->interval;
    }
    m_state->wakeUp.notify_all();
}

void FlushTimer::stop()
{
    {
        std::scoped_lock lock(m_state->mutex);
        if (!m_state->active)
            return;
        m_state->active = false;
        ++m_state->generation;
    }
    m_state->wakeUp.notify_all();
}

void FlushTimer::shutdown()
{
    std::jthread thread;
    {
        std::scoped_lock lock(m_state->mutex);
        m_state->shutDown = true;
        m_state->active = false;
        ++m_state->generation; // a tick already due is stale
        thread = std::move(m_thread);
    }
    if (!thread.joinable())
        return;
    thread.request_stop(); // wakes the condition variable through the stop token
    if (thread.get_id() == std::this_thread::get_id())
        thread.detach(); // from the callback: the thread ends when it returns (see the header)
    else
        thread.join();
}

bool FlushTimer::isTimerThread() const
{
    std::scoped_lock lock(m_state->mutex);
    return m_thread.joinable() && m_thread.get_id() == std::this_thread::get_id();
}

bool FlushTimer::isActive() const
{
    std::scoped_lock lock(m_state->mutex);
    return m_state->active;
}

bool FlushTimer::isCurrent(quint64 generation) const
{
    std::scoped_lock lock(m_state->mutex);
    return m_state->active && m_state->generation == generation;
}

milliseconds FlushTimer::interval() const
{
    std::scoped_lock lock(m_state->mutex);
    return m_state->interval;
}

milliseconds FlushTimer::activeInterval() const
{
    std::scoped_lock lock(m_state->mutex);
    return m_state->active ? m_state->interval : milliseconds(-1);
}

milliseconds FlushTimer::remainingTime() const
{
    std::scoped_lock lock(m_state->mutex);
    if (!m_state->active)
        return milliseconds(-1);
    return std::max(duration_cast<milliseconds>(m_state->deadline - Clock::now()),
                    milliseconds(0));
}

void FlushTimer::run(State &state, std::stop_token stopToken)
{
    std::unique_lock lock(state.mutex);
    while (!stopToken.stop_requested()) {
        if (!state.active) {
            state.wakeUp.wait(lock, stopToken, [&state] { return state.active; });
            continue;
        }
        const quint64 generation = state.generation;
        const Clock::time_point deadline = state.deadline;
        const bool changed = state.wakeUp.wait_until(lock, stopToken, deadline, [&] {
            return state.generation != generation;
        });
        if (stopToken.stop_requested())
            break;
        if (changed || Clock::now() < deadline)
            continue; // stopped or restarted meanwhile: look again
        // Periodic like QTimer; a late tick does not cause a burst of catch-up ticks.
        const Clock::time_point now = Clock::now();
        state.deadline = deadline + state.interval > now ? deadline + state.interval
                                                         : now + state.interval;
        lock.unlock();
        state.callback(generation);
        lock.lock();
    }
}

} // namespace CacheScope::Internal
