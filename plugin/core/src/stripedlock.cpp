// Copyright (C) 2026 The CacheScope authors.
#include "stripedlock.h"

#include <bit>

namespace CacheScope::Internal {

namespace {

constexpr int MaxClaimableStripes = 32; // bits in the claim mask
std::atomic<quint32> claimedStripes{0};

// Gives the stripe back when its thread ends.
struct StripeClaim
{
    int stripe = -1;
    bool owned = false;
    ~StripeClaim()
    {
        if (owned)
            claimedStripes.fetch_and(~(1u << stripe), std::memory_order_release);
    }
};

} // namespace

std::atomic<unsigned> sharedStripeTickets{0}; // unsigned: wraps to 0, never to a negative index

int claimStripe(int stripeCount)
{
    thread_local StripeClaim claim;
    const quint32 all = stripeCount >= MaxClaimableStripes ? ~0u : (1u << stripeCount) - 1;
    quint32 claimed = claimedStripes.load(std::memory_order_relaxed);
    while ((claimed & all) != all) {
        const int free = std::countr_one(claimed);
        if (claimedStripes.compare_exchange_weak(claimed, claimed | (1u << free),
                                                 std::memory_order_acquire)) {
            claim.stripe = free;
            claim.owned = true;
            return free;
        }
    }
    claim.stripe = int(sharedStripeTickets.fetch_add(1, std::memory_order_relaxed)
                       % unsigned(stripeCount));
    return claim.stripe;
}

} // namespace CacheScope::Internal
