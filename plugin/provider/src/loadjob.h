// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/imageprovider.h>

#include <QtCore/qobject.h>

#include <atomic>
#include <mutex>

namespace CacheScope::Internal {

// One decode that any number of requests for the same cache key wait on (single-flight).
// finished() is emitted once, from the worker thread; receivers connect with a queued connection,
// so a receiver destroyed meanwhile simply never hears of it.
class LoadJob : public QObject
{
    Q_OBJECT
public:
    explicit LoadJob(QString cacheKey) : m_cacheKey(std::move(cacheKey)) { }

    const QString &cacheKey() const { return m_cacheKey; }

    // Calls `slot` on `receiver`'s thread once the job is done -- at once (queued) if it already is.
    template <typename Receiver>
    void whenDone(Receiver *receiver, void (Receiver::*slot)())
    {
        std::scoped_lock lock(m_mutex);
        if (m_done)
            QMetaObject::invokeMethod(receiver, slot, Qt::QueuedConnection);
        else
            connect(this, &LoadJob::finished, receiver, slot, Qt::QueuedConnection);
    }

    // Requests still interested in the result. A job nobody waits for any more is skipped
    // before it starts decoding (an Image scrolled away before its turn).
    void addWaiter() { m_waiters.fetch_add(1, std::memory_order_relaxed); }
    void releaseWaiter() { m_waiters.fetch_sub(1, std::memory_order_relaxed); }
    int waiters() const { return m_waiters.load(std::memory_order_relaxed); }

    void finish(LoadResult result);
    LoadResult result() const;

Q_SIGNALS:
    void finished();

private:
    const QString m_cacheKey;
    mutable std::mutex m_mutex;
    bool m_done = false;
    std::atomic<int> m_waiters{0};
    LoadResult m_result;
};

} // namespace CacheScope::Internal
