// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <array>
#include <atomic>
#include <new>
#include <thread>

#include <QtCore/qglobal.h>

namespace CacheScope::Internal {

// The stripe this thread reads under. Each thread claims a stripe no live thread holds and gives it
// back when it ends, so up to `stripeCount` threads never share one (round-robin hand-outs let a
// new thread land on a busy thread's stripe). More threads than stripes share round-robin.
int claimStripe(int stripeCount);
// The round-robin hand-out once every stripe is claimed. Not file-local, so a test can start it
// near its wrap-around.
extern std::atomic<unsigned> sharedStripeTickets;
// Constant-initialised and read inline. The default (dynamic) TLS model: the QML engine dlopen()s
// this library late, when initial-exec TLS may find no room left ("cannot allocate memory in
// static TLS block", tst_lateload).
inline constinit thread_local int threadStripe = -1;
inline int stripeOfThisThread(int stripeCount)
{
    int stripe = threadStripe;
    if (stripe < 0) [[unlikely]]
        stripe = threadStripe = claimStripe(stripeCount);
    return stripe;
}

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
    // A mutex whose uncontended lock and unlock are one inlined atomic instruction each
    // (std::mutex calls into libpthread for both, which costs a cache hit its margin). Contended,
    // it spins, then sleeps on the futex behind C++20 atomic wait: Drepper's "Futexes Are Tricky",
    // mutex 2. Exclusive sections last microseconds, so spinning that long before sleeping spares a
    // reader that meets a writer (and the writer collecting stripes) a sleep and wake-up.
    class SpinThenWaitMutex
    {
    public:
        void lock() noexcept
        {
            int expected = Unlocked;
            if (!m_state.compare_exchange_strong(expected, Locked, std::memory_order_acquire,
                                                 std::memory_order_relaxed)) [[unlikely]]
                lockContended();
        }
        void unlock() noexcept
        {
            if (m_state.exchange(Unlocked, std::memory_order_release) == LockedWithWaiters)
                    [[unlikely]]
                m_state.notify_one();
        }

    private:
        enum State : int { Unlocked, Locked, LockedWithWaiters };
        static constexpr int SpinsBeforeBlocking = 2000;

        void lockContended() noexcept
        {
            for (int i = 0; i < SpinsBeforeBlocking; ++i) {
                cpuRelax();
                int expected = Unlocked;
                if (m_state.load(std::memory_order_relaxed) == Unlocked
                    && m_state.compare_exchange_weak(expected, Locked, std::memory_order_acquire,
                                                     std::memory_order_relaxed))
                    return;
            }
            // From here on the lock is taken as "with waiters", so its unlock wakes the next one.
            while (m_state.exchange(LockedWithWaiters, std::memory_order_acquire) != Unlocked)
                m_state.wait(LockedWithWaiters, std::memory_order_relaxed);
        }
        static void cpuRelax() noexcept
        {
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
#elif defined(__aarch64__)
            asm volatile("yield");
#endif
        }

        std::atomic<int> m_state{Unlocked};
    };
    // 64 bytes: the cache line size of the x86-64 and ARM64 machines we target.
    struct alignas(64) Stripe
    {
        SpinThenWaitMutex mutex;
        Payload payload{};
    };
    std::array<Stripe, StripeCount> m_stripes;
};

} // namespace CacheScope::Internal
