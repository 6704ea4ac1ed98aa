// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <array>
#include <atomic>
#include <mutex>
#include <new>

namespace CacheScope::Internal {

// A reader-writer lock whose readers do not share a cache line: each thread takes the mutex of
// "its" stripe, so hits on different cores never bounce one lock word between them (a plain
// shared_mutex does: every reader writes its reader count). A writer takes every stripe, in order.
// Each stripe also carries a small payload (the hit/miss counters) guarded by its mutex.
template <typename Payload>
class StripedLock
{
public:
    // Enough for the reader threads of a desktop app; more only makes writers slower.
    static constexpr int StripeCount = 8;

    class SharedGuard
    {
    public:
        explicit SharedGuard(StripedLock &lock) : m_stripe(lock.m_stripes[stripeOfThisThread()])
        {
            m_stripe.mutex.lock();
        }
        ~SharedGuard() { m_stripe.mutex.unlock(); }
        SharedGuard(const SharedGuard &) = delete;
        SharedGuard &operator=(const SharedGuard &) = delete;

        Payload &payload() { return m_stripe.payload; }

    private:
        typename StripedLock::Stripe &m_stripe;
    };

    // BasicLockable, exclusive: use with std::scoped_lock / std::unique_lock.
    void lock()
    {
        for (Stripe &stripe : m_stripes)
            stripe.mutex.lock();
    }
    void unlock()
    {
        for (auto it = m_stripes.rbegin(); it != m_stripes.rend(); ++it)
            it->mutex.unlock();
    }

    // Only while holding the lock exclusively.
    template <typename F>
    void forEachPayload(F &&f)
    {
        for (Stripe &stripe : m_stripes)
            f(stripe.payload);
    }

private:
    static int stripeOfThisThread()
    {
        static std::atomic<int> nextStripe{0};
        // Threads are handed out round-robin, so up to StripeCount threads never share a stripe.
        thread_local const int stripe =
                nextStripe.fetch_add(1, std::memory_order_relaxed) % StripeCount;
        return stripe;
    }

    // 64 bytes: the cache line size of the x86-64 and ARM64 machines we target.
    struct alignas(64) Stripe
    {
        std::mutex mutex;
        Payload payload{};
    };
    std::array<Stripe, StripeCount> m_stripes;
};

} // namespace CacheScope::Internal
