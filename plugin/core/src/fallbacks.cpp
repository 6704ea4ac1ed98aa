// Copyright (C) 2026 The CacheScope authors.
#include "fallbacks.h"

#if defined(CACHESCOPE_FALLBACK_COUNTERS)

#include <array>
#include <atomic>

namespace CacheScope::Internal {

namespace {
std::array<std::atomic<quint64>, FallbackCount> counts{};
} // namespace

void noteFallback(Fallback fallback) noexcept
{
    counts[size_t(fallback)].fetch_add(1, std::memory_order_relaxed);
}

quint64 fallbackCount(Fallback fallback) noexcept
{
    return counts[size_t(fallback)].load(std::memory_order_relaxed);
}

} // namespace CacheScope::Internal

#endif
