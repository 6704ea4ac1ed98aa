// Copyright (C) 2026 The CacheScope authors.
#include "entrytable.h"

#include "graveyard.h"

namespace CacheScope::Internal {

quint32 EntryTable::indexOf(const QString &key) const noexcept
{
    const auto it = m_index.find(key);
    return it == m_index.end() ? NoSlot : it->second;
}

quint32 EntryTable::indexOf(const ImageCache::Key::Data &key) const noexcept
{
    if (key.slot >= m_slots.size() || m_slots[key.slot].entryId != key.entryId)
        return NoSlot;
    return key.slot;
}

quint32 EntryTable::indexOfEntry(quint64 entryId) const noexcept
{
    if (entryId == 0)
        return NoSlot;
    for (quint32 i = 0; i < m_slots.size(); ++i) {
        if (m_slots[i].entryId == entryId)
            return i;
    }
    return NoSlot;
}

EntryTable::Reservation EntryTable::prepare(const QString &key)
{
    if (m_freeSlots == NoSlot) {
        Q_ASSERT(m_slots.size() < NoSlot);
        m_slots.emplace_back(); // strong guarantee: on failure nothing changed
        m_freeSlots = quint32(m_slots.size() - 1);
    }
    if (key.isEmpty())
        return {};
    // A single-element emplace into an unordered_map has no effect if it throws. An existing node
    // is reused by commit(); erasing other nodes meanwhile does not invalidate this iterator.
    return {m_index.try_emplace(key, NoSlot).first, true};
}

quint32 EntryTable::commit(const Reservation &reservation, QString key, const QImage &image,
                           qint64 cost, quint64 entryId,
                           std::shared_ptr<ImageCache::Key::Data> handle) noexcept
{
    const quint32 index = m_freeSlots;
    Q_ASSERT(index != NoSlot);
    Slot &slot = m_slots[index];
    m_freeSlots = slot.older;

    slot.key = std::move(key);
    slot.image = image;
    slot.cost = cost;
    slot.entryId = entryId;
    slot.inserted = Slot::Clock::now();
    slot.lastAccess.store(slot.inserted.time_since_epoch().count(), std::memory_order_relaxed);
    slot.hits.store(0, std::memory_order_relaxed);
    slot.visited.store(false, std::memory_order_relaxed);
    if (handle) {
        handle->slot = index;
        handle->entryId = entryId;
        handle->valid.store(true, std::memory_order_release);
        slot.handle = std::move(handle);
    }
    if (reservation.keyed)
        reservation.indexNode->second = index;

    linkAsNewest(index);
    m_total += cost;
    ++m_count;
    return index;
}

qint64 EntryTable::remove(quint32 index, Graveyard &graveyard, bool keepIndexNode) noexcept
{
    Slot &slot = m_slots[index];
    Q_ASSERT(slot.isOccupied());
    unlink(index);
    if (!keepIndexNode && !slot.key.isEmpty())
        m_index.erase(slot.key);
    if (slot.handle) {
        slot.handle->valid.store(false, std::memory_order_release);
        slot.handle.reset();
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
    Slot &slot = m_slots[index];
    QImage old = std::exchange(slot.image, image);
    graveyard.bury(old);
    m_total += cost - slot.cost;
    slot.cost = cost;
    slot.lastAccess.store(Slot::Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    slot.visited.store(false, std::memory_order_relaxed);
}

void EntryTable::linkAsNewest(quint32 index) noexcept
{
    Slot &slot = m_slots[index];
    slot.older = m_newest;
    slot.newer = NoSlot;
    if (m_newest != NoSlot)
        m_slots[m_newest].newer = index;
    m_newest = index;
    if (m_oldest == NoSlot)
        m_oldest = index;
}

void EntryTable::unlink(quint32 index) noexcept
{
    Slot &slot = m_slots[index];
    if (m_hand == index)
        m_hand = slot.newer;
    if (slot.older != NoSlot)
        m_slots[slot.older].newer = slot.newer;
    else
        m_oldest = slot.newer;
    if (slot.newer != NoSlot)
        m_slots[slot.newer].older = slot.older;
    else
        m_newest = slot.older;
    slot.older = slot.newer = NoSlot;
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
    while (m_slots[index].visited.load(std::memory_order_relaxed)) {
        m_slots[index].visited.store(false, std::memory_order_relaxed);
        index = m_slots[index].newer != NoSlot ? m_slots[index].newer : m_oldest;
    }
    m_hand = index;
    return index;
}

void EntryTable::touch(quint32 index) noexcept
{
    Slot &slot = m_slots[index];
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

std::vector<quint32> EntryTable::evictionOrder() const
{
    std::vector<quint32> order;
    order.reserve(size_t(m_count));
    if (m_policy == EvictionPolicy::Lru) {
        for (quint32 i = m_oldest; i != NoSlot; i = m_slots[i].newer)
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
            if (m_slots[i].visited.load(std::memory_order_relaxed) == visited)
                order.push_back(i);
            i = m_slots[i].newer != NoSlot ? m_slots[i].newer : m_oldest;
        }
    }
    return order;
}

void EntryTable::clear(std::deque<Slot> *graveyard) noexcept
{
    for (Slot &slot : m_slots) {
        if (slot.handle)
            slot.handle->valid.store(false, std::memory_order_release);
    }
    if (graveyard)
        graveyard->swap(m_slots);
    else
        m_slots.clear();
    m_index.clear();
    m_newest = m_oldest = m_hand = m_freeSlots = NoSlot;
    m_total = 0;
    m_count = 0;
}

} // namespace CacheScope::Internal
