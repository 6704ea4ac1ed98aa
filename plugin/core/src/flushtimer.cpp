// Copyright (C) 2026 The CacheScope authors.
#include "flushtimer.h"

namespace CacheScope::Internal {

using namespace std::chrono;

FlushTimer::FlushTimer(Callback callback) : m_callback(std::move(callback)) { }

FlushTimer::~FlushTimer()
{
    shutdown();
}

void FlushTimer::prepare()
{
    std::scoped_lock lock(m_mutex);
    if (!m_thread.joinable())
        m_thread = std::jthread([this](std::stop_token token) { run(std::move(token)); });
}

void FlushTimer::start(milliseconds interval)
{
    prepare(); // before m_active is set: a failure must not leave an "active" timer that never ticks
    {
        std::scoped_lock lock(m_mutex);
        m_active = true;
        ++m_generation;
        m_interval = std::max(interval, milliseconds(1));
        m_deadline = Clock::now() + m_interval;
    }
    m_wakeUp.notify_all();
}

void FlushTimer::stop()
{
    {
        std::scoped_lock lock(m_mutex);
        if (!m_active)
            return;
        m_active = false;
        ++m_generation;
    }
    m_wakeUp.notify_all();
}

void FlushTimer::shutdown()
{
    std::jthread thread;
    {
        std::scoped_lock lock(m_mutex);
        m_active = false;
        thread = std::move(m_thread);
    }
    if (thread.joinable()) {
        thread.request_stop(); // wakes the condition variable through the stop token
        thread.join();
    }
}

bool FlushTimer::isActive() const
{
    std::scoped_lock lock(m_mutex);
    return m_active;
}

bool FlushTimer::isCurrent(quint64 generation) const
{
    std::scoped_lock lock(m_mutex);
    return m_active && m_generation == generation;
}

milliseconds FlushTimer::interval() const
{
    std::scoped_lock lock(m_mutex);
    return m_interval;
}

milliseconds FlushTimer::activeInterval() const
{
    std::scoped_lock lock(m_mutex);
    return m_active ? m_interval : milliseconds(-1);
}

milliseconds FlushTimer::remainingTime() const
{
    std::scoped_lock lock(m_mutex);
    if (!m_active)
        return milliseconds(-1);
    return std::max(duration_cast<milliseconds>(m_deadline - Clock::now()), milliseconds(0));
}

void FlushTimer::run(std::stop_token stopToken)
{
    std::unique_lock lock(m_mutex);
    while (!stopToken.stop_requested()) {
        if (!m_active) {
            m_wakeUp.wait(lock, stopToken, [this] { return m_active; });
            continue;
        }
        const quint64 generation = m_generation;
        const Clock::time_point deadline = m_deadline;
        const bool changed = m_wakeUp.wait_until(lock, stopToken, deadline, [&] {
            return m_generation != generation;
        });
        if (stopToken.stop_requested())
            break;
        if (changed || Clock::now() < deadline)
            continue; // stopped or restarted meanwhile: look again
        // Periodic like QTimer; a late tick does not cause a burst of catch-up ticks.
        const Clock::time_point now = Clock::now();
        m_deadline = deadline + m_interval > now ? deadline + m_interval : now + m_interval;
        lock.unlock();
        m_callback(generation);
        lock.lock();
    }
}

} // namespace CacheScope::Internal
