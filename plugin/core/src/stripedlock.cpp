// Copyright (C) 2026 The CacheScope authors.
#include "stripedlock.h"

#include <bit>

#include <pthread.h>

namespace CacheScope::Internal {

namespace {

constexpr int MaxClaimableStripes = 32; // bits in the claim mask
std::atomic<quint32> claimedStripes{0};

void giveBack(int stripe) noexcept
{
    claimedStripes.fetch_and(~(1u << stripe), std::memory_order_release);
}

// Gives a thread's claim back when the thread ends. Through a pthread key's destructor, not a
// thread_local's: glibc allocates to register a thread_local's destructor when the thread first
// touches it, and aborts the process if it cannot ("failed to register TLS destructor: out of
// memory"), so a thread's first lookup would need memory. pthread_setspecific() allocates nothing
// for the first 32 keys of a process, and otherwise reports ENOMEM: then the thread shares a stripe.
class ClaimRelease
{
public:
    ClaimRelease() noexcept : m_created(pthread_key_create(&m_key, &release) == 0) { }
    // At unload, so no thread calls into this library once it is gone.
    ~ClaimRelease()
    {
        if (m_created)
            pthread_key_delete(m_key);
    }
    ClaimRelease(const ClaimRelease &) = delete;
    ClaimRelease &operator=(const ClaimRelease &) = delete;

    bool remember(int stripe) noexcept
    {
        // Stored as stripe + 1: a key's destructor only runs for a non-null value.
        return m_created
            && pthread_setspecific(m_key, reinterpret_cast<void *>(quintptr(stripe) + 1)) == 0;
    }

private:
    static void release(void *value) noexcept
    {
        giveBack(int(reinterpret_cast<quintptr>(value) - 1));
    }

    pthread_key_t m_key{};
    const bool m_created;
};
ClaimRelease claimRelease; // at load time, long before any thread looks anything up

} // namespace

std::atomic<unsigned> sharedStripeTickets{0}; // unsigned: wraps to 0, never to a negative index

int claimStripe(int stripeCount)
{
    const quint32 all = stripeCount >= MaxClaimableStripes ? ~0u : (1u << stripeCount) - 1;
    quint32 claimed = claimedStripes.load(std::memory_order_relaxed);
    while ((claimed & all) != all) {
        const int free = std::countr_one(claimed);
        if (claimedStripes.compare_exchange_weak(claimed, claimed | (1u << free),
                                                 std::memory_order_acquire)) {
            if (claimRelease.remember(free))
                return free;
            giveBack(free); // it could not be given back later: share instead
            break;
        }
    }
    return int(sharedStripeTickets.fetch_add(1, std::memory_order_relaxed) % unsigned(stripeCount));
}

} // namespace CacheScope::Internal
