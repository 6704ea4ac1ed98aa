// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "keydata.h"
#include "slotindex.h"

#include <CacheScope/imagecache.h>

#include <QtCore/qhashfunctions.h>

#include <atomic>
#include <memory>
#include <unordered_map>
#include <vector>

namespace CacheScope::Internal {

class Graveyard;

// 96 bytes on 64-bit; the QString and the QImage handle are 48 of them.
struct Slot
{
    using Clock = CacheEvent::Clock;

    QString key; // empty for entries inserted by handle
    QImage image;
    quint64 entryId = 0; // 0 while the slot is free
    Clock::time_point inserted;
    // Written by concurrent readers under the shared lock, hence atomic.
    std::atomic<Clock::rep> lastAccess{0};
    qint32 cost = 0; // KiB; an entry never costs more than the limit, an int
    std::atomic<quint32> hits{0};
    // The recency list runs from the tail (oldest) to the head (newest); free slots chain via older.
    quint32 older = NoSlot;
    quint32 newer = NoSlot;
    quint32 hash = 0; // the key's, so taking it out of the index needs no rehash
    std::atomic<bool> visited{false}; // SIEVE's second-chance bit
    bool hasHandle = false; // a Key refers to the entry (see EntryTable::m_handles)

    bool isOccupied() const noexcept { return entryId != 0; }
};

// The cache's one data structure, like QCache: slots in fixed-size chunks (stable addresses, no
// reallocation of live entries), an open-addressing index from key hash to slot, and a recency
// list threaded through the slots. Not thread-safe: ImageCache guards it. Evicting is O(1) for LRU
// and amortised O(1) for SIEVE.
class EntryTable
{
public:
    using Chunks = std::vector<std::unique_ptr<Slot[]>>;

    explicit EntryTable(EvictionPolicy policy) noexcept : m_policy(policy) { }
    // Invalidates every Key still pointing into the table: keys can outlive their cache.
    ~EntryTable();
    EntryTable(const EntryTable &) = delete;
    EntryTable &operator=(const EntryTable &) = delete;

    // Keys are hashed once per operation with this and the hash is passed around. Qt's fast (AES)
    // string hash needs a non-zero seed (seed 0 falls back to SipHash, which costs half of a hit);
    // seeded per process, as QHash is.
    static quint32 hashOf(const QString &key) noexcept
    {
        static const size_t processSeed = size_t(QHashSeed::globalSeed()) | 1;
        const quint64 hash = qHash(key, processSeed);
        return quint32(hash ^ (hash >> 32));
    }

    EvictionPolicy policy() const noexcept { return m_policy; }
    int count() const noexcept { return m_count; }
    qint64 totalCost() const noexcept { return m_total; }

    quint32 indexOf(const QString &key, quint32 hash) const noexcept
    {
        return m_index.find(hash, [&](quint32 slot) { return at(slot).key == key; });
    }
    // Any key, also one issued by another cache: entry ids are unique in the process.
    quint32 indexOf(const ImageCache::Key::Data &key) const noexcept;
    // A linear scan of the slots, for the inspector's rare look-ups by entry id. Reads no links, so
    // it is safe under the shared lock while LRU hits relink.
    quint32 indexOfEntry(quint64 entryId) const noexcept;
    Slot &at(quint32 slot) noexcept { return m_chunks[slot / ChunkSize][slot % ChunkSize]; }
    const Slot &at(quint32 slot) const noexcept
    {
        return m_chunks[slot / ChunkSize][slot % ChunkSize];
    }

    // Insertion in two phases so insert() has the strong guarantee: prepare() may throw and then
    // changes nothing visible; on success it takes a free slot, and commit() (which cannot throw)
    // must follow. Entries may be removed in between.
    struct Reservation
    {
        quint32 slot = NoSlot;
        quint64 entryId = 0;
    };
    Reservation prepare(quint64 entryId, bool keyed, bool withHandle);
    quint32 commit(const Reservation &reservation, QString key, quint32 hash, const QImage &image,
                   qint64 cost, std::shared_ptr<ImageCache::Key::Data> handle) noexcept;

    // Takes the entry out, invalidating its key; its image goes to the graveyard. Returns its cost.
    qint64 remove(quint32 slot, Graveyard &graveyard) noexcept;
    // Replaces the image of an entry in place and makes it the newest; the old image is buried.
    void replaceImage(quint32 slot, const QImage &image, qint64 cost, Graveyard &graveyard) noexcept;
    // Unlinks an entry from the recency list, e.g. so a trim cannot pick it; relink() puts it back.
    void unlink(quint32 slot) noexcept;
    void relinkAsNewest(quint32 slot) noexcept;

    // The entry to evict next. SIEVE clears the visited bits it passes over.
    quint32 nextVictim() noexcept;
    // A hit: LRU moves the entry to the head (the caller serialises this); SIEVE only marks it.
    void touch(quint32 slot) noexcept;
    std::vector<quint32> evictionOrder() const;

    // Empties the table. The old slots are moved into `graveyard`, so their images are released by
    // the caller, after unlocking. Never throws.
    void clear(Chunks &graveyard) noexcept;

private:
    // 12 KiB per chunk: small caches stay small, and indexing is a shift and a mask.
    static constexpr quint32 ChunkSize = 128;

    void linkAsNewest(quint32 slot) noexcept;

    const EvictionPolicy m_policy;
    Chunks m_chunks;
    quint32 m_slotsUsed = 0; // slots [0, m_slotsUsed) have been handed out at least once
    SlotIndex m_index;
    // The rare entries inserted by handle keep their Key's shared data here, by entry id, rather
    // than 16 bytes in every slot.
    std::unordered_map<quint64, std::shared_ptr<ImageCache::Key::Data>> m_handles;
    quint32 m_newest = NoSlot;
    quint32 m_oldest = NoSlot;
    quint32 m_hand = NoSlot; // SIEVE: the next candidate; NoSlot means start from the oldest
    quint32 m_freeSlots = NoSlot;
    qint64 m_total = 0;
    int m_count = 0;
};


// Inline: a hit runs them, under the lock.
inline void EntryTable::linkAsNewest(quint32 index) noexcept
{
    Slot &slot = at(index);
    slot.older = m_newest;
    slot.newer = NoSlot;
    if (m_newest != NoSlot)
        at(m_newest).newer = index;
    m_newest = index;
    if (m_oldest == NoSlot)
        m_oldest = index;
}

inline void EntryTable::unlink(quint32 index) noexcept
{
    Slot &slot = at(index);
    if (m_hand == index)
        m_hand = slot.newer;
    if (slot.older != NoSlot)
        at(slot.older).newer = slot.newer;
    else
        m_oldest = slot.newer;
    if (slot.newer != NoSlot)
        at(slot.newer).older = slot.older;
    else
        m_newest = slot.older;
    slot.older = slot.newer = NoSlot;
}

inline void EntryTable::touch(quint32 index) noexcept
{
    Slot &slot = at(index);
    if (m_policy == EvictionPolicy::Lru) {
        if (m_newest != index) {
            unlink(index);
            linkAsNewest(index);
        }
        return;
    }
    // Read before writing, so hot entries are not written (and their cache line not bounced
    // between cores) on every hit.
    if (!slot.visited.load(std::memory_order_relaxed))
        slot.visited.store(true, std::memory_order_relaxed);
}

} // namespace CacheScope::Internal
