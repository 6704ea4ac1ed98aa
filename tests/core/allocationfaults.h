// Copyright (C) 2026 The CacheScope authors.
// Allocation failure on demand, for tst_faultinjection. allocationfaults.cpp replaces every global
// operator new and delete form (plain, array, std::align_val_t, nothrow) and interposes the C
// allocator (malloc, calloc, realloc, aligned_alloc, posix_memalign, memalign, free): a definition
// in the executable wins over libc's for the whole process, so Qt's own allocations (QString,
// QList, QVarLengthArray, QImage data) and the core's fail too. Only the thread that armed the
// injection is affected; every other thread (the flush timer's, Qt's) allocates normally.
#pragma once

#include <array>
#include <cstddef>

namespace AllocationFaults {

// Which allocation function an allocation went through.
enum class Kind {
    New,
    NewArray,
    AlignedNew,
    AlignedNewArray,
    NothrowNew, // all four nothrow forms
    Malloc,
    Calloc,
    Realloc,
    AlignedAlloc,
    PosixMemalign,
    Memalign,
};
inline constexpr std::size_t KindCount = std::size_t(Kind::Memalign) + 1;
const char *nameOf(Kind kind);

enum class Mode {
    OneShot, // only the chosen allocation fails
    Sticky,  // it and every later one fail until disarmed: memory stays exhausted
};

// What happened on this thread between arm() and disarm().
struct Report
{
    int allocations = 0; // that succeeded
    int injected = 0;    // failures
    std::array<int, KindCount> injectedByKind{};

    int injectedOf(Kind kind) const { return injectedByKind[std::size_t(kind)]; }
};

// Lets `allowance` allocations of this thread succeed, then fails the next (and, Sticky, the rest).
void arm(int allowance, Mode mode);
Report disarm();
bool isArmed();
// Allocations this thread has made since it started (failed ones not counted).
unsigned long long allocationCount();
// Whether the C allocator is interposed too, or only operator new (see allocationfaults.cpp).
bool interposesCAllocator();

// Lets this thread allocate while it lives, e.g. in a test observer called mid-operation.
class Suspend
{
public:
    Suspend();
    ~Suspend();
    Suspend(const Suspend &) = delete;
    Suspend &operator=(const Suspend &) = delete;

private:
    bool m_wasArmed;
};

} // namespace AllocationFaults
