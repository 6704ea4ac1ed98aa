// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "keydata.h"

#include <CacheScope/imagecache.h>

#include <QtCore/qhash.h>
#include <QtCore/qhashfunctions.h>

#include <atomic>
#include <deque>
#include <limits>
#include <memory>
#include <unordered_map>

namespace CacheScope::Internal {

class Graveyard;

inline constexpr quint32 NoSlot = std::numeric_limits<quint32>::max();

struct Slot
{
    using Clock = CacheEvent::Clock;

    QString key; // empty for entries inserted by handle
    QImage image;
    std::shared_ptr<ImageCache::Key::Data> handle; // set while a Key may refer to this entry
    quint64 entryId = 0; // 0 while the slot is free
    qint64 cost = 0;     // KiB
    Clock::time_point inserted;
    // Written by concurrent readers under the shared lock, hence atomic.
    std::atomic<Clock::rep> lastAccess{0};
    std::atomic<quint32> hits{0};
    std::atomic<bool> visited{false}; // SIEVE's second-chance bit
    // The recency list runs from the tail (oldest) to the head (newest); free slots chain via older.
    quint32 older = NoSlot;
    quint32 newer = NoSlot;

    bool isOccupied() const noexcept { return entryId != 0; }
};

// The cache's one data structure, like QCache: slots in a deque (stable addresses, no realloc of
// live entries), a string index, and a recency list threaded through the slots. Not thread-safe:
// ImageCache guards it. Evicting is O(1) for LRU and amortised O(1) for SIEVE.
class EntryTable
{
public:
    struct KeyHash
    {
        // Qt's fast (AES) string hash needs a non-zero seed; seed 0 falls back to SipHash, which
        // costs half of a hit. Seeded per process, as QHash is.
        size_t operator()(const QString &key) const noexcept { return qHash(key, seed()); }
        static size_t seed() noexcept
        {
            static const size_t processSeed = size_t(QHashSeed::globalSeed()) | 1;
            return processSeed;
        }
    };
    using Index = std::unordered_map<QString, quint32, KeyHash>;

    explicit EntryTable(EvictionPolicy policy) noexcept : m_policy(policy) { }

    EvictionPolicy policy() const noexcept { return m_policy; }
    int count() const noexcept { return m_count; }
    qint64 totalCost() const noexcept { return m_total; }

    quint32 indexOf(const QString &key) const noexcept;
    quint32 indexOf(const ImageCache::Key::Data &key) const noexcept;
    // A linear scan of the slots, for the inspector's rare look-ups by entry id. Reads no links, so
    // it is safe under the shared lock while LRU hits relink.
    quint32 indexOfEntry(quint64 entryId) const noexcept;
    Slot &at(quint32 slot) noexcept { return m_slots[slot]; }
    const Slot &at(quint32 slot) const noexcept { return m_slots[slot]; }

    // Insertion in two phases so insert() has the strong guarantee: prepare() may throw and changes
    // nothing visible; commit() cannot throw.
    struct Reservation
    {
        Index::iterator indexNode; // meaningful only when keyed
        bool keyed = false;
    };
    Reservation prepare(const QString &key);
    quint32 commit(const Reservation &reservation, QString key, const QImage &image, qint64 cost,
                   quint64 entryId, std::shared_ptr<ImageCache::Key::Data> handle) noexcept;

    // Takes the entry out, invalidating its key; its image goes to the graveyard. Returns its cost.
    qint64 remove(quint32 slot, Graveyard &graveyard, bool keepIndexNode = false) noexcept;
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

    // Empties the table. The old slots are moved into `graveyard` when given (so their images are
    // released by the caller after unlocking), otherwise released here. Never throws.
    void clear(std::deque<Slot> *graveyard) noexcept;

private:
    void linkAsNewest(quint32 slot) noexcept;

    const EvictionPolicy m_policy;
    std::deque<Slot> m_slots;
    Index m_index;
    quint32 m_newest = NoSlot;
    quint32 m_oldest = NoSlot;
    quint32 m_hand = NoSlot; // SIEVE: the next candidate; NoSlot means start from the oldest
    quint32 m_freeSlots = NoSlot;
    qint64 m_total = 0;
    int m_count = 0;
};

} // namespace CacheScope::Internal
