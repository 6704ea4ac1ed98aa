// Copyright (C) 2026 The CacheScope authors.
#include "timeoutwatch.h"

namespace CacheScope::Internal {

TimeoutWatch::~TimeoutWatch()
{
    shutdown();
}

void TimeoutWatch::watch(Clock::time_point deadline, std::function<void()> expired)
{
    {
        std::scoped_lock lock(m_mutex);
        if (m_shutDown)
            return;
        if (!m_thread.joinable())
            m_thread = std::jthread([this](std::stop_token stop) { run(std::move(stop)); });
        m_pending.emplace(deadline, std::move(expired));
    }
    m_changed.notify_all();
}

void TimeoutWatch::shutdown()
{
    std::jthread thread;
    std::multimap<Clock::time_point, std::function<void()>> dropped;
    {
        std::scoped_lock lock(m_mutex);
        m_shutDown = true;
        thread = std::move(m_thread);
        dropped.swap(m_pending);
    }
    if (thread.joinable()) {
        thread.request_stop(); // wakes the condition variable through the stop token
        thread.join();
    }
}

void TimeoutWatch::run(std::stop_token stop)
{
    std::unique_lock lock(m_mutex);
    while (!stop.stop_requested()) {
        if (m_pending.empty()) {
            m_changed.wait(lock, stop, [this] { return !m_pending.empty(); });
            continue;
        }
        const Clock::time_point next = m_pending.begin()->first;
        if (Clock::now() < next) {
            m_changed.wait_until(lock, stop, next,
                                 [&] { return !m_pending.empty() && m_pending.begin()->first < next; });
            continue;
        }
        std::function<void()> expired = std::move(m_pending.begin()->second);
        m_pending.erase(m_pending.begin());
        lock.unlock();
        expired();
        expired = {};
        lock.lock();
    }
}

} // namespace CacheScope::Internal
