// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "fallbacks.h"

#include <CacheScope/cacheobserver.h>

#include <QtCore/qvarlengtharray.h>

#include <atomic>
#include <span>

namespace CacheScope::Internal {

// The events of one cache operation, collected under the lock and delivered after it is dropped.
// Disabled (and free: nothing is allocated) while nobody observes the cache.
class EventBatch
{
public:
    EventBatch(bool enabled, std::atomic<quint64> &sequence) noexcept
        : m_enabled(enabled), m_sequence(sequence)
    {
    }

    bool isEnabled() const noexcept { return m_enabled; }

    // Never throws, so it can be used where the cache is mid-change; an event that cannot be stored
    // for lack of memory is dropped (and counted), never half-applied.
    void add(CacheEvent &&event) noexcept
    {
        if (!m_enabled)
            return;
        event.time = CacheEvent::Clock::now();
        event.sequence = m_sequence.fetch_add(1, std::memory_order_relaxed);
        try {
            m_events.append(std::move(event));
        } catch (...) {
            ++m_dropped;
            noteFallback(Fallback::EventDropped);
        }
    }

    std::span<const CacheEvent> events() const noexcept
    {
        return {m_events.constData(), size_t(m_events.size())};
    }
    int dropped() const noexcept { return m_dropped; }

private:
    const bool m_enabled;
    std::atomic<quint64> &m_sequence;
    // A hit or a miss is one event: kept inline, an observed lookup allocates nothing for it.
    static constexpr qsizetype InlineEvents = 1;
    QVarLengthArray<CacheEvent, InlineEvents> m_events;
    int m_dropped = 0;
};

} // namespace CacheScope::Internal
