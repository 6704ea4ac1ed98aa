// Copyright (C) 2026 The CacheScope authors.
// The allocation-failure injector of tst_faultinjection (allocationfaults.h): it must fail every
// allocation form it claims to, only on the armed thread, and leave a failed realloc's block
// alone -- or the sweeps there prove nothing.
#include "allocationfaults.h"
#include "testsupport.h"

#include <QtCore/qvarlengtharray.h>
#include <QtGui/qimage.h>
#include <QtTest/qtest.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <new>
#include <thread>

#include <malloc.h>

using AllocationFaults::Kind;
using AllocationFaults::Mode;
using AllocationFaults::Report;

namespace {

// No allocation sequence here comes near this; it only bounds a broken loop.
constexpr int MaxInjectionPoints = 1000;
constexpr int ImageSide = 64;

// The allocation functions, called through pointers the compiler cannot see through: a call it
// can see may be elided, with the allocation it would have made.
void *(*volatile callMalloc)(size_t) = &malloc;
void *(*volatile callCalloc)(size_t, size_t) = &calloc;
void *(*volatile callRealloc)(void *, size_t) = &realloc;
void *(*volatile callAlignedAlloc)(size_t, size_t) = &aligned_alloc;
int (*volatile callPosixMemalign)(void **, size_t, size_t) = &posix_memalign;
void *(*volatile callMemalign)(size_t, size_t) = &memalign;
void (*volatile callFree)(void *) = &free;
void *(*volatile callNew)(size_t) = &::operator new;
void *(*volatile callNewArray)(size_t) = &::operator new[];
void *(*volatile callAlignedNew)(size_t, std::align_val_t) = &::operator new;
void *(*volatile callAlignedNewArray)(size_t, std::align_val_t) = &::operator new[];
void *(*volatile callNothrowNew)(size_t, const std::nothrow_t &) noexcept = &::operator new;

constexpr size_t SmallBlock = 24;
constexpr auto CacheLine = std::align_val_t(64);

// Runs `allocate` with the first allocation failing; true if it failed as `kind`, once.
template <typename Allocate>
bool failsFirstAs(Kind kind, Allocate allocate)
{
    AllocationFaults::arm(0, Mode::OneShot);
    const bool failed = allocate();
    const Report report = AllocationFaults::disarm();
    return failed && report.injected == 1 && report.injectedOf(kind) == 1;
}

// Whether `allocate` throws std::bad_alloc.
template <typename Allocate>
bool throwsBadAlloc(Allocate allocate)
{
    try {
        allocate();
    } catch (const std::bad_alloc &) {
        return true;
    }
    return false;
}

} // namespace

class tst_AllocationFaults : public QObject
{
    Q_OBJECT

private slots:
    void everyOperatorNewFails();
    void theCAllocatorFails();
    void qtAllocationsFail();
    void otherThreadsAreSpared();
};

void tst_AllocationFaults::everyOperatorNewFails()
{
    QVERIFY(failsFirstAs(Kind::New, [] { return throwsBadAlloc([] { callNew(SmallBlock); }); }));
    QVERIFY(failsFirstAs(Kind::NewArray,
                         [] { return throwsBadAlloc([] { callNewArray(SmallBlock); }); }));
    QVERIFY(failsFirstAs(Kind::AlignedNew, [] {
        return throwsBadAlloc([] { callAlignedNew(SmallBlock, CacheLine); });
    }));
    QVERIFY(failsFirstAs(Kind::AlignedNewArray, [] {
        return throwsBadAlloc([] { callAlignedNewArray(SmallBlock, CacheLine); });
    }));
    QVERIFY(failsFirstAs(Kind::NothrowNew,
                         [] { return callNothrowNew(SmallBlock, std::nothrow) == nullptr; }));

    // Allowance and modes: one-shot fails one, sticky every one from there on. (Throwing
    // std::bad_alloc allocates too: the exception.)
    void *first = nullptr;
    AllocationFaults::arm(1, Mode::OneShot);
    first = callNew(SmallBlock);
    const bool secondFailed = throwsBadAlloc([] { callNew(SmallBlock); });
    void *third = callNew(SmallBlock);
    Report report = AllocationFaults::disarm();
    ::operator delete(first);
    ::operator delete(third);
    QVERIFY(first && third);
    QVERIFY(secondFailed);
    QCOMPARE(report.injected, 1);

    AllocationFaults::arm(1, Mode::Sticky);
    first = callNew(SmallBlock);
    const bool failedTwice = throwsBadAlloc([] { callNew(SmallBlock); })
            && throwsBadAlloc([] { callNew(SmallBlock); });
    report = AllocationFaults::disarm();
    ::operator delete(first);
    QVERIFY(failedTwice);
    QCOMPARE(report.injectedOf(Kind::New), 2); // (and the exceptions' own, from malloc)

    // Disarmed again, and aligned blocks are aligned.
    void *aligned = callAlignedNew(SmallBlock, CacheLine);
    QCOMPARE(reinterpret_cast<quintptr>(aligned) % quintptr(CacheLine), quintptr(0));
    ::operator delete(aligned, CacheLine);
}

void tst_AllocationFaults::theCAllocatorFails()
{
    if (!AllocationFaults::interposesCAllocator())
        QSKIP("the C allocator is the sanitizer's in this build (allocationfaults.cpp)");
    constexpr size_t Alignment = 64;
    QVERIFY(failsFirstAs(Kind::Malloc, [] { return callMalloc(SmallBlock) == nullptr; }));
    QVERIFY(failsFirstAs(Kind::Calloc, [] { return callCalloc(2, SmallBlock) == nullptr; }));
    QVERIFY(failsFirstAs(Kind::AlignedAlloc,
                         [] { return callAlignedAlloc(Alignment, Alignment) == nullptr; }));
    QVERIFY(failsFirstAs(Kind::Memalign,
                         [] { return callMemalign(Alignment, SmallBlock) == nullptr; }));
    void *out = nullptr;
    QVERIFY(failsFirstAs(Kind::PosixMemalign,
                         [&] { return callPosixMemalign(&out, Alignment, SmallBlock) == ENOMEM; }));
    QCOMPARE(out, nullptr);

    // A failed realloc leaves the block as it was.
    auto *block = static_cast<char *>(callMalloc(SmallBlock));
    QVERIFY(block);
    block[0] = 'x';
    QVERIFY(failsFirstAs(Kind::Realloc, [&] { return callRealloc(block, 4 * SmallBlock) == nullptr; }));
    QCOMPARE(block[0], 'x');
    callFree(block);

    // Disarmed, everything works.
    void *p = callMalloc(SmallBlock);
    QVERIFY(p);
    p = callRealloc(p, 4 * SmallBlock);
    QVERIFY(p);
    callFree(p);
}

// What the core relies on Qt to do when malloc fails: containers throw std::bad_alloc (Qt is
// built with exceptions here), and a QImage throws (its private part comes from operator new) or
// comes out null (its pixels, from malloc).
void tst_AllocationFaults::qtAllocationsFail()
{
    if (!AllocationFaults::interposesCAllocator())
        QSKIP("the C allocator is the sanitizer's in this build (allocationfaults.cpp)");
    constexpr qsizetype Characters = 100;
    QVERIFY(failsFirstAs(Kind::Malloc, [] {
        return throwsBadAlloc([] { QString s; s.reserve(Characters); });
    }));
    QVERIFY(failsFirstAs(Kind::Malloc, [] {
        return throwsBadAlloc([] { QVarLengthArray<int, 1> array{1}; array.append(2); });
    }));
    int mallocFailures = 0;
    for (int n = 0; n < MaxInjectionPoints; ++n) {
        QImage image;
        AllocationFaults::arm(n, Mode::OneShot);
        const bool threw = throwsBadAlloc([&] { image = QImage(ImageSide, ImageSide, TestSupport::TestFormat); });
        const Report report = AllocationFaults::disarm();
        if (report.injected == 0) {
            QVERIFY(!threw && !image.isNull());
            break;
        }
        QVERIFY(threw || image.isNull());
        mallocFailures += report.injectedOf(Kind::Malloc);
    }
    QVERIFY(mallocFailures > 0);
}

// Only the armed thread fails: the flush timer's thread and Qt's own carry on.
void tst_AllocationFaults::otherThreadsAreSpared()
{
    std::atomic<int> stage{0};
    bool otherAllocated = false;
    std::thread other([&] {
        while (stage.load() != 1)
            std::this_thread::yield();
        void *p = callNew(SmallBlock);
        otherAllocated = p != nullptr;
        ::operator delete(p);
        stage.store(2);
    });
    AllocationFaults::arm(0, Mode::Sticky);
    stage.store(1);
    while (stage.load() != 2)
        std::this_thread::yield();
    const bool failedHere = throwsBadAlloc([] { callNew(SmallBlock); });
    const Report report = AllocationFaults::disarm();
    other.join();
    QVERIFY(otherAllocated);
    QVERIFY(failedHere);
    QCOMPARE(report.injectedOf(Kind::New), 1);
}

QTEST_GUILESS_MAIN(tst_AllocationFaults)
#include "tst_allocationfaults.moc"
