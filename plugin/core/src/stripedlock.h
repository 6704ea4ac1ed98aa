// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <array>
#include <atomic>
#include <mutex>
#include <new>
#include <thread>

#include <QtCore/qglobal.h>

namespace CacheScope::Internal {

// The stripe this thread reads under. Each thread claims a stripe no live thread holds and gives it
// back when it ends, so up to `stripeCount` threads never share one (round-robin hand-outs let a
// new thread land on a busy thread's stripe). More threads than stripes share round-robin.
int stripeOfThisThread(int stripeCount);

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
        explicit SharedGuard(StripedLock &lock)
            : m_stripe(lock.m_stripes[size_t(Internal::stripeOfThisThread(StripeCount))])
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
    // Exclusive sections last microseconds: spinning that long before sleeping in the kernel spares
    // a reader that meets a writer (and the writer collecting stripes) a futex sleep and wake-up.
    struct SpinThenBlockMutex
    {
        static constexpr int SpinsBeforeBlocking = 2000;
        std::mutex mutex;
        void lock()
        {
            for (int i = 0; i < SpinsBeforeBlocking; ++i) {
                if (mutex.try_lock())
                    return;
                cpuRelax();
            }
            mutex.lock();
        }
        void unlock() { mutex.unlock(); }
        static void cpuRelax()
        {
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
#elif defined(__aarch64__)
            asm volatile("yield");
#endif
        }
    };
    // 64 bytes: the cache line size of the x86-64 and ARM64 machines we target.
    struct alignas(64) Stripe
    {
        SpinThenBlockMutex mutex;
        Payload payload{};
    };
    std::array<Stripe, StripeCount> m_stripes;
};

} // namespace CacheScope::Internal
