// Copyright (C) 2026 The CacheScope authors.
#include "slotindex.h"

#include <algorithm>

namespace CacheScope::Internal {

void SlotIndex::reserve(qsizetype count)
{
    if (fits(count, m_buckets.size()))
        return;
    size_t buckets = std::max(MinBuckets, m_buckets.size());
    while (!fits(count, buckets))
        buckets *= 2;
    std::vector<Bucket> grown(buckets); // the only step that can throw
    std::swap(m_buckets, grown);
    m_mask = buckets - 1;
    for (const Bucket &bucket : grown) {
        if (bucket.slot != NoSlot)
            place(bucket.hash, bucket.slot);
    }
}

void SlotIndex::insert(quint32 hash, quint32 slot) noexcept
{
    Q_ASSERT(fits(m_size + 1, m_buckets.size()));
    place(hash, slot);
    ++m_size;
}

void SlotIndex::place(quint32 hash, quint32 slot) noexcept
{
    size_t i = hash & m_mask;
    while (m_buckets[i].slot != NoSlot)
        i = (i + 1) & m_mask;
    m_buckets[i] = {hash, slot};
}

void SlotIndex::erase(quint32 hash, quint32 slot) noexcept
{
    size_t hole = hash & m_mask;
    while (m_buckets[hole].slot != slot) {
        Q_ASSERT(m_buckets[hole].slot != NoSlot);
        hole = (hole + 1) & m_mask;
    }
    // Backward shift (Knuth's Algorithm R): pull later buckets of the run into the hole unless
    // their home lies cyclically in (hole, next], where moving them would put them before it.
    for (size_t next = (hole + 1) & m_mask; m_buckets[next].slot != NoSlot;
         next = (next + 1) & m_mask) {
        const size_t home = m_buckets[next].hash & m_mask;
        const bool homeBetween = hole <= next ? (hole < home && home <= next)
                                              : (hole < home || home <= next);
        if (!homeBetween) {
            m_buckets[hole] = m_buckets[next];
            hole = next;
        }
    }
    m_buckets[hole] = Bucket();
    --m_size;
}

void SlotIndex::clear() noexcept
{
    std::vector<Bucket>().swap(m_buckets);
    m_mask = 0;
    m_size = 0;
}

} // namespace CacheScope::Internal
