// Copyright (C) 2026 The CacheScope authors.
#include "alloccount.h"

#include <cerrno>
#include <cstddef>

#ifndef CACHESCOPE_BENCH_NO_ALLOC_HOOKS

// glibc's allocator under its exported internal names.
extern "C" {
void *__libc_malloc(std::size_t size);
void *__libc_calloc(std::size_t count, std::size_t size);
void *__libc_realloc(void *pointer, std::size_t size);
void *__libc_memalign(std::size_t alignment, std::size_t size);
void __libc_free(void *pointer);
}

namespace {
// Plain thread_local in the executable: static TLS, usable from the very first malloc of a thread.
thread_local std::uint64_t t_allocations = 0;
} // namespace

extern "C" {

void *malloc(std::size_t size) noexcept
{
    ++t_allocations;
    return __libc_malloc(size);
}

void *calloc(std::size_t count, std::size_t size) noexcept
{
    ++t_allocations;
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, std::size_t size) noexcept
{
    ++t_allocations;
    return __libc_realloc(pointer, size);
}

void *aligned_alloc(std::size_t alignment, std::size_t size) noexcept
{
    ++t_allocations;
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, std::size_t alignment, std::size_t size) noexcept
{
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0)
        return EINVAL;
    ++t_allocations;
    void *pointer = __libc_memalign(alignment, size);
    if (!pointer)
        return ENOMEM;
    *result = pointer;
    return 0;
}

void free(void *pointer) noexcept
{
    __libc_free(pointer);
}

} // extern "C"

namespace Bench {
bool allocationCountingAvailable() noexcept
{
    return true;
}
std::uint64_t allocationsOnThisThread() noexcept
{
    return t_allocations;
}
} // namespace Bench

#else

namespace Bench {
bool allocationCountingAvailable() noexcept
{
    return false;
}
std::uint64_t allocationsOnThisThread() noexcept
{
    return 0;
}
} // namespace Bench

#endif
