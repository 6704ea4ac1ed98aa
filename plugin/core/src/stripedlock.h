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
            : m_index(Internal::stripeOfThisThread(StripeCount)),
              m_stripe(lock.m_stripes[size_t(m_index)])
        {
            m_stripe.mutex.lock();
        }
        ~SharedGuard() { m_stripe.mutex.unlock(); }
        SharedGuard(const SharedGuard &) = delete;
        SharedGuard &operator=(const SharedGuard &) = delete;

        Payload &payload() { return m_stripe.payload; }
        int index() const { return m_index; } // 0 .. StripeCount - 1

    private:
        int m_index;
        typename StripedLock::Stripe &m_stripe;
    };

    // BasicLockable, exclusive: use with std::scoped_lock / std::unique_lock. A writer waiting for
    // a stripe keeps new readers of that stripe out until it has had its turn, so readers in a
    // loop cannot starve it while it holds the stripes before (issue 11, item 5).
    void lock()
    {
        for (Stripe &stripe : m_stripes)
            stripe.mutex.lockForWriter();
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
    // Without the lock: each payload under its own stripe's reader lock in turn, so that only the
    // readers of one stripe at a time wait.
    template <typename F>
    void forEachPayloadInTurn(F &&f)
    {
        for (Stripe &stripe : m_stripes) {
            stripe.mutex.lock();
            f(stripe.payload);
            stripe.mutex.unlock();
        }
    }
    // Without the lock: `f` may only read what the payload makes safe to read so (atomics).
    template <typename F>
    void forEachPayloadUnlocked(F &&f) const
    {
        for (const Stripe &stripe : m_stripes)
            f(stripe.payload);
    }

private:
    // A mutex whose uncontended lock and unlock are one inlined atomic instruction each
    // (std::mutex calls into libpthread for both, which costs a cache hit its margin). Contended,
    // it spins, then sleeps on the futex behind C++20 atomic wait: Drepper's "Futexes Are Tricky",
    // mutex 2. Exclusive sections last microseconds, so spinning that long before sleeping spares a
    // reader that meets a writer (and the writer collecting stripes) a sleep and wake-up.
    //
    // Fairness to writers: a free lock goes to whoever takes it first, and a reader that unlocks
    // and locks again in a loop is always first (its line is hot, a waiter's is not; a sleeping
    // waiter is still waking up). So a waiting writer sets WriterWaiting: the readers' fast path
    // expects the word to be exactly Unlocked, so from then on only the writer can take the lock,
    // and it waits for at most the section that holds the lock now.
    class SpinThenWaitMutex
    {
    public:
        void lock() noexcept // a reader
        {
            int expected = Unlocked;
            if (!m_state.compare_exchange_strong(expected, Locked, std::memory_order_acquire,
                                                 std::memory_order_relaxed)) [[unlikely]]
                lockContended();
        }
        void lockForWriter() noexcept
        {
            int expected = Unlocked;
            if (!m_state.compare_exchange_strong(expected, Locked, std::memory_order_acquire,
                                                 std::memory_order_relaxed)) [[unlikely]]
                lockContendedForWriter();
        }
        void unlock() noexcept
        {
            int expected = Locked;
            if (!m_state.compare_exchange_strong(expected, Unlocked, std::memory_order_release,
                                                 std::memory_order_relaxed)) [[unlikely]]
                unlockContended();
        }

    private:
        // Bits of m_state.
        enum State : int { Unlocked = 0, Locked = 1, Sleepers = 2, WriterWaiting = 4 };
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
            // Taken as "with sleepers" from here on (others may sleep too), so its unlock wakes
            // the next one. A reserved lock (WriterWaiting) is not Unlocked: readers wait it out.
            int state = m_state.load(std::memory_order_relaxed);
            for (;;) {
                if (state == Unlocked) {
                    if (m_state.compare_exchange_weak(state, Locked | Sleepers,
                                                      std::memory_order_acquire,
                                                      std::memory_order_relaxed))
                        return;
                    continue;
                }
                if (!(state & Sleepers)
                    && !m_state.compare_exchange_weak(state, state | Sleepers,
                                                      std::memory_order_relaxed))
                    continue;
                m_state.wait(state | Sleepers, std::memory_order_relaxed);
                state = m_state.load(std::memory_order_relaxed);
            }
        }

        void lockContendedForWriter() noexcept
        {
            int state = m_state.fetch_or(WriterWaiting, std::memory_order_relaxed) | WriterWaiting;
            for (int spins = 0;;) {
                if (!(state & Locked)) {
                    // Ours. Clearing the reservation lets readers in after us; another writer
                    // waiting here sets it again.
                    if (m_state.compare_exchange_weak(state, (state & Sleepers) | Locked,
                                                      std::memory_order_acquire,
                                                      std::memory_order_relaxed))
                        return;
                    continue;
                }
                if (!(state & WriterWaiting)) { // another writer took it before us
                    state = m_state.fetch_or(WriterWaiting, std::memory_order_relaxed)
                            | WriterWaiting;
                    continue;
                }
                if (spins < SpinsBeforeBlocking) {
                    ++spins;
                    cpuRelax();
                    state = m_state.load(std::memory_order_relaxed);
                    continue;
                }
                if (!(state & Sleepers)
                    && !m_state.compare_exchange_weak(state, state | Sleepers,
                                                      std::memory_order_relaxed))
                    continue;
                m_state.wait(state | Sleepers, std::memory_order_relaxed);
                state = m_state.load(std::memory_order_relaxed);
            }
        }

        void unlockContended() noexcept
        {
            // Keeps WriterWaiting: the lock stays reserved for the writer.
            const int previous = m_state.fetch_and(WriterWaiting, std::memory_order_release);
            if (!(previous & Sleepers))
                return;
            // A sleeping reader woken while a writer waits only goes back to sleep, and the
            // writer must not sleep through its turn: wake them all then (sleepers are rare).
            if (previous & WriterWaiting)
                m_state.notify_all();
            else
                m_state.notify_one();
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
