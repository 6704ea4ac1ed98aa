// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qglobal.h>

#include <atomic>

namespace CacheScope::Internal {

// Tickets that put the LRU hits of different reader stripes in the order they happened (issue 11,
// item 2). Each stripe buffers its hits; an exclusive section merges the buffers by ticket.
//
// A ticket is a counter value tagged with the stripe that took it, and each counter value belongs
// to one stripe. A hit reads the clock; only when another stripe took the last value does it
// advance it. So a thread hitting alone writes nothing shared (a load of a line that stays in its
// cache), and threads take turns at a write only when they really interleave.
//
// Why it is exact: if hit h1 (stripe X, ticket t) happens before hit h2 (stripe Y), h2's load sees
// t or a later value (read-read coherence; relaxed is enough). Seeing a value of X's, Y advances
// the counter past it; seeing a later value, its ticket is later already. Within a stripe, hits
// are ordered by the stripe's mutex, and equal tickets keep their buffer order. Hits that no
// happens-before relation orders are concurrent, and any order of them is a true one.
class RecencyClock
{
public:
    static constexpr int StripeBits = 3;
    static constexpr quint64 StripeMask = (quint64(1) << StripeBits) - 1;

    // `stripe` < 2^StripeBits. Called under that stripe's mutex.
    quint64 ticket(int stripe) noexcept
    {
        const quint64 current = m_now.load(std::memory_order_relaxed);
        if ((current & StripeMask) == quint64(stripe)) [[likely]]
            return current;
        return advance(current, quint64(stripe));
    }

private:
    Q_NEVER_INLINE quint64 advance(quint64 current, quint64 stripe) noexcept
    {
        for (;;) {
            const quint64 next = ((current >> StripeBits) + 1) << StripeBits | stripe;
            if (m_now.compare_exchange_weak(current, next, std::memory_order_relaxed))
                return next;
        }
    }

    // On a line of its own (alignment pads the class to 64 bytes): readers load it on every hit.
    alignas(64) std::atomic<quint64> m_now{0};
};

} // namespace CacheScope::Internal
