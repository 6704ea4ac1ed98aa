// Copyright (C) 2026 The CacheScope authors.
// Counts heap allocations made by the calling thread. alloccount.cpp replaces malloc, calloc,
// realloc, aligned_alloc and posix_memalign for the whole process (glibc supports replacing them by
// symbol interposition) and forwards to glibc's own allocator, so it sees Qt's allocations (QString
// and QImage data are malloc'ed) as well as every operator new.
#pragma once

#include <cstdint>

namespace Bench {

// False where the hooks are compiled out (sanitizer builds): the counts are then meaningless.
bool allocationCountingAvailable() noexcept;
// Allocations made by this thread so far.
std::uint64_t allocationsOnThisThread() noexcept;

} // namespace Bench
