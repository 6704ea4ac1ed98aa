// Copyright (C) 2026 The CacheScope authors.
#include "loadjob.h"

namespace CacheScope {

struct CancellationToken::State
{
    explicit State(Clock::time_point deadline) : deadline(deadline) { }
    std::atomic<bool> cancelled{false};
    const Clock::time_point deadline;
};

CancellationToken::CancellationToken() : CancellationToken(Clock::time_point::max()) { }

CancellationToken::CancellationToken(Clock::time_point deadline)
    : d(std::make_shared<State>(deadline))
{
}

bool CancellationToken::isCancelled() const noexcept
{
    return d->cancelled.load(std::memory_order_acquire);
}

CancellationToken::Clock::time_point CancellationToken::deadline() const noexcept
{
    return d->deadline;
}

void CancellationToken::cancel() const noexcept
{
    d->cancelled.store(true, std::memory_order_release);
}

namespace Internal {

void LoadJob::whenDone(std::function<void()> callback)
{
    {
        std::scoped_lock lock(m_mutex);
        if (!m_done) {
            m_callbacks.push_back(std::move(callback));
            return;
        }
    }
    callback();
}

void LoadJob::whenCancelled(std::function<void()> callback)
{
    {
        std::scoped_lock lock(m_mutex);
        if (!isCancelled()) {
            m_cancelCallbacks.push_back(std::move(callback));
            return;
        }
    }
    callback();
}

void LoadJob::cancelled() noexcept
{
    m_token.cancel();
    std::vector<std::function<void()>> callbacks;
    {
        std::scoped_lock lock(m_mutex);
        callbacks.swap(m_cancelCallbacks);
    }
    for (const auto &callback : callbacks)
        callback();
}

bool LoadJob::finish(LoadResult result, const std::function<void()> &first)
{
    std::vector<std::function<void()>> callbacks;
    {
        std::scoped_lock lock(m_mutex);
        if (m_done)
            return false;
        m_result = std::move(result);
        m_done = true;
        callbacks.swap(m_callbacks);
    }
    // A finished job's loader has nothing left to do.
    cancel();
    if (first)
        first();
    // Everyone who connected under the mutex before m_done was set hears this; later arrivals
    // were answered by whenDone() itself.
    Q_EMIT finished();
    for (const auto &callback : callbacks)
        callback();
    return true;
}

bool LoadJob::isDone() const
{
    std::scoped_lock lock(m_mutex);
    return m_done;
}

LoadResult LoadJob::result() const
{
    std::scoped_lock lock(m_mutex);
    return m_result;
}

} // namespace Internal

} // namespace CacheScope
