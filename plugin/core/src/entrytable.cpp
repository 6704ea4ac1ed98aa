// Copyright (C) 2026 The CacheScope authors.
#include "entrytable.h"

#include "graveyard.h"

namespace CacheScope::Internal {

// The per-entry memory target (issue 6: at most 64 bytes beyond the key's characters and the
// image) leaves 48 bytes for the slot's own fields next to the QString and QImage handles.
static_assert(sizeof(void *) != 8 || sizeof(Slot) <= 96, "Slot grew: check the memory benchmark");

EntryTable::~EntryTable()
{
    for (const auto &[entryId, handle] : m_handles)
        handle->valid.store(false, std::memory_order_release);
}

quint32 EntryTable::indexOf(const ImageCache::Key::Data &key) const noexcept
{
    if (key.slot >= m_slotsUsed || at(key.slot).entryId != key.entryId)
        return NoSlot;
    return key.slot;
}

quint32 EntryTable::indexOfEntry(quint64 entryId) const noexcept
{
    if (entryId == 0)
        return NoSlot;
    for (quint32 i = 0; i < m_slotsUsed; ++i) {
        if (at(i).entryId == entryId)
            return i;
    }
    return NoSlot;
}

EntryTable::Reservation EntryTable::prepare(quint64 entryId, bool keyed, bool withHandle)
{
    // Every step that can throw leaves only spare capacity behind.
    if (m_freeSlots == NoSlot && m_slotsUsed == m_chunks.size() * ChunkSize) {
        Q_ASSERT(m_slotsUsed < NoSlot - ChunkSize);
        auto chunk = std::make_unique<Slot[]>(ChunkSize);
        m_chunks.push_back(std::move(chunk));
    }
    if (keyed)
        m_index.reserve(m_index.size() + 1);
    if (withHandle)
        m_handles.try_emplace(entryId); // the last step that can throw

    Reservation reservation{NoSlot, entryId};
    if (m_freeSlots != NoSlot) {
        reservation.slot = m_freeSlots;
        m_freeSlots = at(m_freeSlots).older;
    } else {
        reservation.slot = m_slotsUsed++;
    }
    return reservation;
}

quint32 EntryTable::commit(const Reservation &reservation, QString key, quint32 hash,
                           const QImage &image, qint64 cost,
                           std::shared_ptr<ImageCache::Key::Data> handle) noexcept
{
    const quint32 index = reservation.slot;
    Q_ASSERT(index != NoSlot);
    Slot &slot = at(index);
    Q_ASSERT(!slot.isOccupied());

    slot.key = std::move(key);
    slot.hash = hash;
    slot.image = image;
    slot.cost = qint32(cost);
    slot.entryId = reservation.entryId;
    slot.inserted = Slot::Clock::now();
    slot.lastAccess.store(slot.inserted.time_since_epoch().count(), std::memory_order_relaxed);
    slot.hits.store(0, std::memory_order_relaxed);
    slot.visited.store(false, std::memory_order_relaxed);
    slot.hasHandle = bool(handle);
    if (handle) {
        handle->slot = index;
        handle->entryId = reservation.entryId;
        handle->valid.store(true, std::memory_order_release);
        m_handles[reservation.entryId] = std::move(handle); // the node exists: prepare() made it
    }
    if (!slot.key.isEmpty())
        m_index.insert(hash, index);

    linkAsNewest(index);
    m_total += cost;
    ++m_count;
    return index;
}

qint64 EntryTable::remove(quint32 index, Graveyard &graveyard) noexcept
{
    Slot &slot = at(index);
    Q_ASSERT(slot.isOccupied());
    unlink(index);
    if (!slot.key.isEmpty())
        m_index.erase(slot.hash, index);
    if (slot.hasHandle) {
        const auto handle = m_handles.find(slot.entryId);
        Q_ASSERT(handle != m_handles.end());
        handle->second->valid.store(false, std::memory_order_release);
        m_handles.erase(handle);
        slot.hasHandle = false;
    }
    graveyard.bury(slot.image);
    slot.key = QString();
    const qint64 cost = slot.cost;
    slot.cost = 0;
    slot.entryId = 0;
    slot.newer = NoSlot;
    slot.older = m_freeSlots; // LIFO reuse, as QPixmapCache's key array
    m_freeSlots = index;
    m_total -= cost;
    --m_count;
    return cost;
}

void EntryTable::replaceImage(quint32 index, const QImage &image, qint64 cost,
                              Graveyard &graveyard) noexcept
{
    Slot &slot = at(index);
    QImage old = std::exchange(slot.image, image);
    graveyard.bury(old);
    m_total += cost - slot.cost;
    slot.cost = qint32(cost);
    slot.lastAccess.store(Slot::Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    slot.visited.store(false, std::memory_order_relaxed);
}

void EntryTable::relinkAsNewest(quint32 index) noexcept
{
    linkAsNewest(index);
}

quint32 EntryTable::nextVictim() noexcept
{
    if (m_oldest == NoSlot)
        return NoSlot;
    if (m_policy == EvictionPolicy::Lru)
        return m_oldest;
    // SIEVE: walk from the hand towards the newest entry, giving visited entries a second chance.
    // Terminates within one lap: every entry passed over loses its bit.
    quint32 index = m_hand != NoSlot ? m_hand : m_oldest;
    while (at(index).visited.load(std::memory_order_relaxed)) {
        at(index).visited.store(false, std::memory_order_relaxed);
        index = at(index).newer != NoSlot ? at(index).newer : m_oldest;
    }
    m_hand = index;
    return index;
}

std::vector<quint32> EntryTable::evictionOrder() const
{
    std::vector<quint32> order;
    order.reserve(size_t(m_count));
    if (m_policy == EvictionPolicy::Lru) {
        for (quint32 i = m_oldest; i != NoSlot; i = at(i).newer)
            order.push_back(i);
        return order;
    }
    // SIEVE, evicting everything with no further hits: the hand walks to the newest entry, wraps to
    // the oldest and comes back round. Unvisited entries go in the first lap, visited ones in the
    // second, each lap in hand order.
    const quint32 start = m_hand != NoSlot ? m_hand : m_oldest;
    for (const bool visited : {false, true}) {
        quint32 i = start;
        for (int n = 0; n < m_count; ++n) {
            if (at(i).visited.load(std::memory_order_relaxed) == visited)
                order.push_back(i);
            i = at(i).newer != NoSlot ? at(i).newer : m_oldest;
        }
    }
    return order;
}

void EntryTable::clear(Chunks &graveyard) noexcept
{
    for (const auto &[entryId, handle] : m_handles)
        handle->valid.store(false, std::memory_order_release);
    m_handles.clear();
    graveyard.swap(m_chunks);
    m_slotsUsed = 0;
    m_index.clear();
    m_newest = m_oldest = m_hand = m_freeSlots = NoSlot;
    m_total = 0;
    m_count = 0;
}

} // namespace CacheScope::Internal
