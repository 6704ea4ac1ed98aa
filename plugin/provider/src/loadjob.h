// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/imageprovider.h>

#include <QtCore/qobject.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <vector>

namespace CacheScope::Internal {

// One load that any number of requests for the same cache key wait on (single-flight). It ends
// once: with the loader's or decoder's result, a timeout, a cancellation, or the provider shutting
// down -- whichever comes first; later results are discarded. finished() is emitted from the thread
// that ended it; receivers connect with a queued connection, so a receiver destroyed meanwhile
// simply never hears of it.
class LoadJob : public QObject
{
    Q_OBJECT
public:
    explicit LoadJob(QString cacheKey,
                     CancellationToken::Clock::time_point deadline = CancellationToken::Clock::time_point::max())
        : m_cacheKey(std::move(cacheKey)), m_token(deadline)
    {
    }

    const QString &cacheKey() const { return m_cacheKey; }
    const CancellationToken &token() const { return m_token; }

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
    // Calls `callback` on the thread that ends the job (at once if it has ended).
    void whenDone(std::function<void()> callback);

    // Requests still interested in the result. When the last one leaves, the job is cancelled: a
    // decode nobody waits for is skipped before it starts (an Image scrolled away before its turn),
    // and a running loader is told to stop. A cancelled job takes no new waiters -- the one atomic
    // word makes "join" and "last one leaves" exclusive -- so a new request starts a new load.
    bool tryAddWaiter() noexcept
    {
        int waiters = m_waiters.load(std::memory_order_relaxed);
        do {
            if (waiters & CancelledBit)
                return false;
        } while (!m_waiters.compare_exchange_weak(waiters, waiters + 1, std::memory_order_acq_rel));
        return true;
    }
    void releaseWaiter() noexcept
    {
        int waiters = m_waiters.load(std::memory_order_relaxed);
        int next;
        do {
            next = waiters == 1 ? CancelledBit : waiters - 1;
        } while (!m_waiters.compare_exchange_weak(waiters, next, std::memory_order_acq_rel));
        if (next == CancelledBit)
            cancelled();
    }
    // Ends every wish for the result: no new waiters, and the loader's token says so. The job still
    // has to be ended (finish()) by whoever runs or drops it.
    void cancel() noexcept
    {
        if (!(m_waiters.fetch_or(CancelledBit, std::memory_order_acq_rel) & CancelledBit))
            cancelled();
    }
    // Calls `callback` once, when the job is cancelled (at once if it is): e.g. to abort a transfer.
    void whenCancelled(std::function<void()> callback);
    bool isCancelled() const noexcept
    {
        return m_waiters.load(std::memory_order_acquire) & CancelledBit;
    }

    // Ends the job with `result` unless it has ended already. Returns whether this call ended it;
    // if so, `first` (e.g. counting the error) runs before anyone hears of the end.
    bool finish(LoadResult result, const std::function<void()> &first = {});
    bool isDone() const;
    LoadResult result() const;

Q_SIGNALS:
    void finished();

private:
    void cancelled() noexcept;

    const QString m_cacheKey;
    const CancellationToken m_token;
    mutable std::mutex m_mutex;
    bool m_done = false;
    static constexpr int CancelledBit = 1 << 30; // above any number of waiters
    std::atomic<int> m_waiters{0};
    LoadResult m_result;
    std::vector<std::function<void()>> m_callbacks;
    std::vector<std::function<void()>> m_cancelCallbacks;
};

} // namespace CacheScope::Internal
