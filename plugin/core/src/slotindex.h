// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qglobal.h>

#include <limits>
#include <vector>

namespace CacheScope::Internal {

inline constexpr quint32 NoSlot = std::numeric_limits<quint32>::max();

// The string index of EntryTable: an open-addressing hash table (linear probing, deletion by
// backward shift, so no tombstones) from a key's 32-bit hash to the slot holding the key. A bucket
// is 8 bytes and holds no key: the key lives once, in its slot, and is only compared when the
// hashes match. Compared with std::unordered_map<QString, quint32>, a lookup probes one cache line
// instead of walking bucket -> node -> second copy of the key, and nothing is allocated per entry.
class SlotIndex
{
public:
    qsizetype size() const noexcept { return m_size; }

    // The slot for which `matches(slot)` is true among those stored under `hash`, or NoSlot.
    template <typename Matches>
    quint32 find(quint32 hash, Matches matches) const noexcept
    {
        if (m_size == 0)
            return NoSlot;
        for (size_t i = hash & m_mask;; i = (i + 1) & m_mask) {
            const Bucket &bucket = m_buckets[i];
            if (bucket.slot == NoSlot)
                return NoSlot;
            if (bucket.hash == hash && matches(bucket.slot))
                return bucket.slot;
        }
    }

    // Makes room for `count` entries, so that up to that many insert() calls cannot fail. Throws
    // std::bad_alloc and then changes nothing.
    void reserve(qsizetype count);
    // Needs room (see reserve()). The (hash, slot) pair must not be stored yet.
    void insert(quint32 hash, quint32 slot) noexcept;
    // Removes the pair; it must be stored.
    void erase(quint32 hash, quint32 slot) noexcept;
    // Empties the index and releases its memory.
    void clear() noexcept;

private:
    struct Bucket
    {
        quint32 hash = 0;
        quint32 slot = NoSlot; // NoSlot: empty
    };
    // Linear probing stays short (about 2.5 probes per hit, within one cache line) up to this load.
    static constexpr qsizetype MaxLoadNumerator = 4;
    static constexpr qsizetype MaxLoadDenominator = 5;
    static constexpr size_t MinBuckets = 16;

    static bool fits(qsizetype count, size_t buckets) noexcept
    {
        return count * MaxLoadDenominator <= qsizetype(buckets) * MaxLoadNumerator;
    }
    void place(quint32 hash, quint32 slot) noexcept;

    std::vector<Bucket> m_buckets; // a power of two in size, or empty
    size_t m_mask = 0;
    qsizetype m_size = 0;
};

} // namespace CacheScope::Internal
