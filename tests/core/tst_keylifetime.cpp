// Copyright (C) 2026 The CacheScope authors.
// Keys that outlive their cache (issue 11, item 1). A key from a destroyed cache is invalid and
// never finds, replaces or removes an entry of a cache created later -- even one built at the very
// same addresses. This binary replaces global operator new/delete with a version that, while a
// Recycler is alive, parks freed blocks and hands them out again (same size, newest first), so
// the second cache really is made of the first one's memory: its ImageCache object (placement) and
// its private part, whose address a key could otherwise mistake for its owner's.
#include "testsupport.h"

#include <CacheScope/imagecache.h>

#include <QtCore/qscopeguard.h>
#include <QtTest/qtest.h>

#include <array>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <new>

using namespace CacheScope;
using namespace TestSupport;

// ---- the recycling allocator -------------------------------------------------------------------
namespace Recycling {

struct Block
{
    void *pointer = nullptr;
    std::size_t size = 0;
    std::size_t alignment = 0;
    bool parked = false; // freed while recycling: not given back to malloc yet
};

// Enough for the allocations of creating and destroying a few caches.
constexpr std::size_t MaxTrackedBlocks = 4096;
constexpr std::size_t DefaultAlignment = __STDCPP_DEFAULT_NEW_ALIGNMENT__;

std::mutex mutex; // the flush timer's thread allocates too
bool active = false;
std::array<Block, MaxTrackedBlocks> blocks;
std::size_t blockCount = 0;
int reused = 0;

void *fromSystem(std::size_t size, std::size_t alignment)
{
    size = size ? size : 1;
    void *p = alignment <= DefaultAlignment
            ? std::malloc(size)
            : std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment);
    if (!p)
        throw std::bad_alloc();
    return p;
}

void *allocate(std::size_t size, std::size_t alignment)
{
    std::scoped_lock lock(mutex);
    if (!active)
        return fromSystem(size, alignment);
    // The block freed last goes out first, as glibc's own per-thread cache does -- but always.
    for (std::size_t i = blockCount; i-- > 0;) {
        Block &block = blocks[i];
        if (block.parked && block.size == size && block.alignment == alignment) {
            block.parked = false;
            ++reused;
            return block.pointer;
        }
    }
    void *p = fromSystem(size, alignment);
    if (blockCount < MaxTrackedBlocks)
        blocks[blockCount++] = {p, size, alignment, false};
    return p;
}

void deallocate(void *p) noexcept
{
    if (!p)
        return;
    std::scoped_lock lock(mutex);
    if (active) {
        for (std::size_t i = 0; i < blockCount; ++i) {
            if (blocks[i].pointer == p && !blocks[i].parked) {
                blocks[i].parked = true;
                return;
            }
        }
    }
    std::free(p);
}

// While one exists, freed blocks are parked and reused; on destruction the parked ones are freed.
class Recycler
{
public:
    Recycler()
    {
        std::scoped_lock lock(mutex);
        active = true;
        blockCount = 0;
        reused = 0;
    }
    ~Recycler()
    {
        std::scoped_lock lock(mutex);
        active = false;
        for (std::size_t i = 0; i < blockCount; ++i) {
            if (blocks[i].parked)
                std::free(blocks[i].pointer);
        }
        blockCount = 0;
    }
    Recycler(const Recycler &) = delete;
    Recycler &operator=(const Recycler &) = delete;

    int reusedBlocks() const
    {
        std::scoped_lock lock(mutex);
        return reused;
    }
};

} // namespace Recycling

void *operator new(std::size_t size)
{
    return Recycling::allocate(size, Recycling::DefaultAlignment);
}
void *operator new[](std::size_t size)
{
    return Recycling::allocate(size, Recycling::DefaultAlignment);
}
void *operator new(std::size_t size, std::align_val_t alignment)
{
    return Recycling::allocate(size, std::size_t(alignment));
}
void *operator new[](std::size_t size, std::align_val_t alignment)
{
    return Recycling::allocate(size, std::size_t(alignment));
}
void operator delete(void *p) noexcept { Recycling::deallocate(p); }
void operator delete[](void *p) noexcept { Recycling::deallocate(p); }
void operator delete(void *p, std::size_t) noexcept { Recycling::deallocate(p); }
void operator delete[](void *p, std::size_t) noexcept { Recycling::deallocate(p); }
void operator delete(void *p, std::align_val_t) noexcept { Recycling::deallocate(p); }
void operator delete[](void *p, std::align_val_t) noexcept { Recycling::deallocate(p); }
void operator delete(void *p, std::size_t, std::align_val_t) noexcept { Recycling::deallocate(p); }
void operator delete[](void *p, std::size_t, std::align_val_t) noexcept
{
    Recycling::deallocate(p);
}

// ---- the tests ---------------------------------------------------------------------------------

class tst_KeyLifetime : public QObject
{
    Q_OBJECT

private slots:
    void keyOfDestroyedCacheTouchesNothingAtTheSameAddress();
    void entryIdsAreUniqueAcrossCaches();
};

void tst_KeyLifetime::keyOfDestroyedCacheTouchesNothingAtTheSameAddress()
{
    const QImage first = makeImage(8, 8, Qt::red);
    const QImage second = makeImage(8, 8, Qt::blue);
    ImageCache::Key stale;

    alignas(ImageCache) std::byte storage[sizeof(ImageCache)];
    auto *const place = reinterpret_cast<ImageCache *>(storage);
    Recycling::Recycler recycler;
    {
        ImageCache *a = std::construct_at(place);
        stale = a->insert(first);
        QVERIFY(stale.isValid());
        std::destroy_at(a);
    }
    ImageCache *b = std::construct_at(place);
    const auto destroyB = qScopeGuard([b] { std::destroy_at(b); });
    // The second cache was built from the first one's freed blocks, its private part included.
    QVERIFY(recycler.reusedBlocks() > 0);
    const ImageCache::Key fresh = b->insert(second);
    QVERIFY(fresh.isValid());
    QVERIFY(fresh != stale);

    QImage out;
    QVERIFY(!b->find(stale, &out));
    QVERIFY(out.isNull());
    QVERIFY(!b->replace(stale, makeImage(4, 4)));
    b->remove(stale);
    QCOMPARE(b->count(), 1);
    QVERIFY(fresh.isValid());
    QVERIFY(b->find(fresh, &out));
    QVERIFY(sameImage(out, second));
    QCOMPARE(b->stats().hits, quint64(1)); // the stale look-up was not a hit either

    // The destroyed cache invalidated its keys.
    QVERIFY(!stale.isValid());
}

void tst_KeyLifetime::entryIdsAreUniqueAcrossCaches()
{
    ImageCache a;
    ImageCache b;
    QVERIFY(a.insert(QStringLiteral("x"), makeImage(8, 8)));
    QVERIFY(b.insert(QStringLiteral("x"), makeImage(8, 8)));
    const auto entriesA = a.entries();
    const auto entriesB = b.entries();
    QCOMPARE(entriesA.size(), 1);
    QCOMPARE(entriesB.size(), 1);
    QVERIFY(entriesA.first().entryId != 0);
    QVERIFY(entriesA.first().entryId != entriesB.first().entryId);
}

QTEST_GUILESS_MAIN(tst_KeyLifetime)
#include "tst_keylifetime.moc"
