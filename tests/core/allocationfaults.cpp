// Copyright (C) 2026 The CacheScope authors.
// The allocator behind allocationfaults.h. Nothing here may allocate, take a lock or call anything
// that could: every function is reached from inside malloc. The per-thread state is a constinit
// thread_local of the executable, which needs no allocation and no initialiser (local-exec TLS).
//
// Where the real allocator is, by build:
// - no sanitizer: glibc's own entry points (__libc_malloc & co.), so no dlsym() at start-up (which
//   may itself allocate) and no recursion;
// - GCC's ASan: ASan's interceptors under their exported names (__interceptor_malloc & co.), so
//   ASan still sees, poisons and leak-checks every block;
// - TSan, and sanitizers under Clang: only operator new is replaced, on top of std::malloc; the C
//   allocator stays the sanitizer's. tst_faultinjection runs in the debug and asan builds only (it
//   is not labelled stress/tsan); the tests that need the C allocator skip where it is not
//   interposed.
#include "allocationfaults.h"

#include <cerrno>
#include <cstdlib>
#include <new>

#include <malloc.h>

#if defined(__SANITIZE_ADDRESS__)
#  define ALLOCATIONFAULTS_ASAN 1
#elif defined(__SANITIZE_THREAD__)
#  define ALLOCATIONFAULTS_TSAN 1
#elif defined(__clang__)
#  if __has_feature(address_sanitizer)
#    define ALLOCATIONFAULTS_ASAN 1
#  elif __has_feature(thread_sanitizer)
#    define ALLOCATIONFAULTS_TSAN 1
#  endif
#endif

#if defined(ALLOCATIONFAULTS_ASAN) && !defined(__clang__)
#  define ALLOCATIONFAULTS_C_ALLOCATOR 1
#  define ALLOCATIONFAULTS_REAL(name) __interceptor_##name
#elif !defined(ALLOCATIONFAULTS_ASAN) && !defined(ALLOCATIONFAULTS_TSAN)
#  define ALLOCATIONFAULTS_C_ALLOCATOR 1
#  define ALLOCATIONFAULTS_REAL(name) __libc_##name
#else
#  define ALLOCATIONFAULTS_C_ALLOCATOR 0
#endif

// ASan must not instrument code that can run before it has started (malloc is called that early).
#if defined(ALLOCATIONFAULTS_ASAN)
#  define ALLOCATIONFAULTS_UNINSTRUMENTED __attribute__((no_sanitize_address))
#else
#  define ALLOCATIONFAULTS_UNINSTRUMENTED
#endif

#if ALLOCATIONFAULTS_C_ALLOCATOR
extern "C" {
void *ALLOCATIONFAULTS_REAL(malloc)(std::size_t size);
void *ALLOCATIONFAULTS_REAL(calloc)(std::size_t count, std::size_t size);
void *ALLOCATIONFAULTS_REAL(realloc)(void *pointer, std::size_t size);
void *ALLOCATIONFAULTS_REAL(memalign)(std::size_t alignment, std::size_t size);
void ALLOCATIONFAULTS_REAL(free)(void *pointer);
}
#endif

namespace AllocationFaults {

namespace {

struct ThreadState
{
    bool armed = false;
    bool sticky = false;
    int failAt = 0; // the index, counted from arm(), of the first allocation to fail
    int seen = 0;   // allocations attempted since arm()
    Report report;
    unsigned long long total = 0;
};
constinit thread_local ThreadState t_state{};

// Decides about one allocation about to be made on this thread.
ALLOCATIONFAULTS_UNINSTRUMENTED inline bool injectFailure(Kind kind) noexcept
{
    ThreadState &state = t_state;
    if (state.armed) {
        const int index = state.seen++;
        if (index == state.failAt || (state.sticky && index > state.failAt)) {
            ++state.report.injected;
            ++state.report.injectedByKind[std::size_t(kind)];
            return true;
        }
        ++state.report.allocations;
    }
    ++state.total;
    return false;
}

// The allocator underneath.
#if ALLOCATIONFAULTS_C_ALLOCATOR
ALLOCATIONFAULTS_UNINSTRUMENTED inline void *realMalloc(std::size_t size) noexcept
{
    return ALLOCATIONFAULTS_REAL(malloc)(size);
}
ALLOCATIONFAULTS_UNINSTRUMENTED inline void *realAligned(std::size_t alignment,
                                                         std::size_t size) noexcept
{
    return ALLOCATIONFAULTS_REAL(memalign)(alignment, size);
}
ALLOCATIONFAULTS_UNINSTRUMENTED inline void realFree(void *pointer) noexcept
{
    ALLOCATIONFAULTS_REAL(free)(pointer);
}
#else
inline void *realMalloc(std::size_t size) noexcept
{
    return std::malloc(size);
}
inline void *realAligned(std::size_t alignment, std::size_t size) noexcept
{
    void *pointer = nullptr;
    return posix_memalign(&pointer, alignment, size) == 0 ? pointer : nullptr;
}
inline void realFree(void *pointer) noexcept
{
    std::free(pointer);
}
#endif

ALLOCATIONFAULTS_UNINSTRUMENTED inline void *newOrNull(Kind kind, std::size_t size) noexcept
{
    return injectFailure(kind) ? nullptr : realMalloc(size ? size : 1);
}
ALLOCATIONFAULTS_UNINSTRUMENTED inline void *newOrNull(Kind kind, std::size_t size,
                                                       std::align_val_t alignment) noexcept
{
    return injectFailure(kind) ? nullptr : realAligned(std::size_t(alignment), size ? size : 1);
}
template <typename... Alignment>
inline void *newOrThrow(Kind kind, std::size_t size, Alignment... alignment)
{
    if (void *pointer = newOrNull(kind, size, alignment...))
        return pointer;
    throw std::bad_alloc();
}

} // namespace

const char *nameOf(Kind kind)
{
    switch (kind) {
    case Kind::New: return "operator new";
    case Kind::NewArray: return "operator new[]";
    case Kind::AlignedNew: return "aligned operator new";
    case Kind::AlignedNewArray: return "aligned operator new[]";
    case Kind::NothrowNew: return "nothrow operator new";
    case Kind::Malloc: return "malloc";
    case Kind::Calloc: return "calloc";
    case Kind::Realloc: return "realloc";
    case Kind::AlignedAlloc: return "aligned_alloc";
    case Kind::PosixMemalign: return "posix_memalign";
    case Kind::Memalign: return "memalign";
    }
    return "?";
}

void arm(int allowance, Mode mode)
{
    ThreadState &state = t_state;
    state.armed = false;
    state.sticky = mode == Mode::Sticky;
    state.failAt = allowance;
    state.seen = 0;
    state.report = Report();
    state.armed = true;
}

Report disarm()
{
    t_state.armed = false;
    return t_state.report;
}

bool isArmed()
{
    return t_state.armed;
}

unsigned long long allocationCount()
{
    return t_state.total;
}

bool interposesCAllocator()
{
    return ALLOCATIONFAULTS_C_ALLOCATOR;
}

Suspend::Suspend() : m_wasArmed(t_state.armed)
{
    t_state.armed = false;
}

Suspend::~Suspend()
{
    t_state.armed = m_wasArmed;
}

} // namespace AllocationFaults

using AllocationFaults::Kind;

// ---- operator new and delete, every form -------------------------------------------------------

void *operator new(std::size_t size)
{
    return AllocationFaults::newOrThrow(Kind::New, size);
}
void *operator new[](std::size_t size)
{
    return AllocationFaults::newOrThrow(Kind::NewArray, size);
}
void *operator new(std::size_t size, std::align_val_t alignment)
{
    return AllocationFaults::newOrThrow(Kind::AlignedNew, size, alignment);
}
void *operator new[](std::size_t size, std::align_val_t alignment)
{
    return AllocationFaults::newOrThrow(Kind::AlignedNewArray, size, alignment);
}
void *operator new(std::size_t size, const std::nothrow_t &) noexcept
{
    return AllocationFaults::newOrNull(Kind::NothrowNew, size);
}
void *operator new[](std::size_t size, const std::nothrow_t &) noexcept
{
    return AllocationFaults::newOrNull(Kind::NothrowNew, size);
}
void *operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t &) noexcept
{
    return AllocationFaults::newOrNull(Kind::NothrowNew, size, alignment);
}
void *operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t &) noexcept
{
    return AllocationFaults::newOrNull(Kind::NothrowNew, size, alignment);
}

void operator delete(void *pointer) noexcept
{
    AllocationFaults::realFree(pointer);
}
void operator delete[](void *pointer) noexcept
{
    AllocationFaults::realFree(pointer);
}
void operator delete(void *pointer, std::size_t) noexcept
{
    AllocationFaults::realFree(pointer);
}
void operator delete[](void *pointer, std::size_t) noexcept
{
    AllocationFaults::realFree(pointer);
}
void operator delete(void *pointer, std::align_val_t) noexcept
{
    AllocationFaults::realFree(pointer);
}
void operator delete[](void *pointer, std::align_val_t) noexcept
{
    AllocationFaults::realFree(pointer);
}
void operator delete(void *pointer, std::size_t, std::align_val_t) noexcept
{
    AllocationFaults::realFree(pointer);
}
void operator delete[](void *pointer, std::size_t, std::align_val_t) noexcept
{
    AllocationFaults::realFree(pointer);
}
void operator delete(void *pointer, const std::nothrow_t &) noexcept
{
    AllocationFaults::realFree(pointer);
}
void operator delete[](void *pointer, const std::nothrow_t &) noexcept
{
    AllocationFaults::realFree(pointer);
}
void operator delete(void *pointer, std::align_val_t, const std::nothrow_t &) noexcept
{
    AllocationFaults::realFree(pointer);
}
void operator delete[](void *pointer, std::align_val_t, const std::nothrow_t &) noexcept
{
    AllocationFaults::realFree(pointer);
}

// ---- the C allocator ---------------------------------------------------------------------------
#if ALLOCATIONFAULTS_C_ALLOCATOR
namespace {
ALLOCATIONFAULTS_UNINSTRUMENTED void *outOfMemory() noexcept
{
    errno = ENOMEM;
    return nullptr;
}
} // namespace

extern "C" {

ALLOCATIONFAULTS_UNINSTRUMENTED void *malloc(std::size_t size) noexcept
{
    if (AllocationFaults::injectFailure(Kind::Malloc))
        return outOfMemory();
    return ALLOCATIONFAULTS_REAL(malloc)(size);
}

ALLOCATIONFAULTS_UNINSTRUMENTED void *calloc(std::size_t count, std::size_t size) noexcept
{
    if (AllocationFaults::injectFailure(Kind::Calloc))
        return outOfMemory();
    return ALLOCATIONFAULTS_REAL(calloc)(count, size);
}

// realloc(p, 0) frees; it is passed on untouched. A failed realloc leaves the block as it was.
ALLOCATIONFAULTS_UNINSTRUMENTED void *realloc(void *pointer, std::size_t size) noexcept
{
    if (size != 0 && AllocationFaults::injectFailure(Kind::Realloc))
        return outOfMemory();
    return ALLOCATIONFAULTS_REAL(realloc)(pointer, size);
}

ALLOCATIONFAULTS_UNINSTRUMENTED void free(void *pointer) noexcept
{
    ALLOCATIONFAULTS_REAL(free)(pointer);
}

ALLOCATIONFAULTS_UNINSTRUMENTED void *memalign(std::size_t alignment, std::size_t size) noexcept
{
    if (AllocationFaults::injectFailure(Kind::Memalign))
        return outOfMemory();
    return ALLOCATIONFAULTS_REAL(memalign)(alignment, size);
}

ALLOCATIONFAULTS_UNINSTRUMENTED void *aligned_alloc(std::size_t alignment,
                                                    std::size_t size) noexcept
{
    if (AllocationFaults::injectFailure(Kind::AlignedAlloc))
        return outOfMemory();
    return ALLOCATIONFAULTS_REAL(memalign)(alignment, size);
}

ALLOCATIONFAULTS_UNINSTRUMENTED int posix_memalign(void **result, std::size_t alignment,
                                                   std::size_t size) noexcept
{
    const bool powerOfTwo = alignment != 0 && (alignment & (alignment - 1)) == 0;
    if (!powerOfTwo || alignment % sizeof(void *) != 0)
        return EINVAL;
    if (AllocationFaults::injectFailure(Kind::PosixMemalign))
        return ENOMEM;
    void *pointer = ALLOCATIONFAULTS_REAL(memalign)(alignment, size);
    if (!pointer)
        return ENOMEM;
    *result = pointer;
    return 0;
}

} // extern "C"
#endif
