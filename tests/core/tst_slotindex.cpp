// Copyright (C) 2026 The CacheScope authors.
// The core's internal string index (plugin/core/src/slotindex.h), against std::unordered_map: long
// random runs of inserts and erases over a tiny hash space, so that probe runs are long, wrap
// around the end of the table and are reshuffled by every backward-shift deletion.
#include "slotindex.h"

#include <QtTest/qtest.h>

#include <random>
#include <unordered_map>

using CacheScope::Internal::NoSlot;
using CacheScope::Internal::SlotIndex;

class tst_SlotIndex : public QObject
{
    Q_OBJECT

private slots:
    void emptyIndexFindsNothing();
    void sameHashDifferentSlots();
    void matchesTheReference_data();
    void matchesTheReference();
    void insertsUpToTheReservedCount();
};

namespace {

// What the index maps: slot -> hash, so a lookup can check the slot it found.
using Reference = std::unordered_map<quint32, quint32>;

quint32 findSlot(const SlotIndex &index, quint32 hash, quint32 slot)
{
    return index.find(hash, [slot](quint32 candidate) { return candidate == slot; });
}

} // namespace

void tst_SlotIndex::emptyIndexFindsNothing()
{
    SlotIndex index;
    QCOMPARE(index.size(), 0);
    QCOMPARE(findSlot(index, 7, 7), NoSlot);
    index.reserve(1);
    QCOMPARE(findSlot(index, 7, 7), NoSlot);
}

void tst_SlotIndex::sameHashDifferentSlots()
{
    // Keys whose hashes collide fully are told apart by the match function (the key compare).
    SlotIndex index;
    index.reserve(3);
    for (quint32 slot : {10u, 11u, 12u})
        index.insert(42, slot);
    for (quint32 slot : {10u, 11u, 12u})
        QCOMPARE(findSlot(index, 42, slot), slot);
    index.erase(42, 11);
    QCOMPARE(findSlot(index, 42, 11), NoSlot);
    QCOMPARE(findSlot(index, 42, 10), 10u);
    QCOMPARE(findSlot(index, 42, 12), 12u);
    QCOMPARE(index.size(), 2);
}

void tst_SlotIndex::matchesTheReference_data()
{
    QTest::addColumn<quint32>("hashSpace");
    QTest::addColumn<int>("maxEntries");
    QTest::newRow("all collide") << 1u << 40;
    QTest::newRow("dense clusters") << 16u << 200;
    QTest::newRow("wrap-around") << 0xffffffffu << 1000; // full range: the high buckets wrap too
}

void tst_SlotIndex::matchesTheReference()
{
    QFETCH(quint32, hashSpace);
    QFETCH(int, maxEntries);
    constexpr int Steps = 20000;
    constexpr quint32 Seed = 20261121;
    std::mt19937 random(Seed);
    SlotIndex index;
    Reference reference; // slot -> hash
    quint32 nextSlot = 0;
    for (int step = 0; step < Steps; ++step) {
        const bool insert = reference.empty()
                || (int(reference.size()) < maxEntries && random() % 2 == 0);
        if (insert) {
            // Clustered hashes: a few home buckets, neighbours of the table's end included.
            const quint32 hash = hashSpace == 0xffffffffu ? quint32(random())
                                                          : quint32(random() % hashSpace) - 8;
            index.reserve(index.size() + 1);
            index.insert(hash, nextSlot);
            reference.emplace(nextSlot++, hash);
        } else {
            auto victim = reference.begin();
            std::advance(victim, random() % reference.size());
            index.erase(victim->second, victim->first);
            QCOMPARE(findSlot(index, victim->second, victim->first), NoSlot);
            reference.erase(victim);
        }
        QCOMPARE(index.size(), qsizetype(reference.size()));
        if (step % 97 == 0) { // every entry still found, under its own hash only
            for (const auto &[slot, hash] : reference) {
                QCOMPARE(findSlot(index, hash, slot), slot);
                QCOMPARE(findSlot(index, hash + 1, slot), NoSlot);
            }
        }
    }
    index.clear();
    QCOMPARE(index.size(), 0);
    QCOMPARE(findSlot(index, 0, 0), NoSlot);
}

void tst_SlotIndex::insertsUpToTheReservedCount()
{
    // insert() is noexcept and must never need memory after reserve(): the strong guarantee of
    // ImageCache::insert rests on it. Inserting up to the reserved count keeps every entry findable.
    constexpr int Count = 1000;
    SlotIndex index;
    index.reserve(Count);
    for (quint32 slot = 0; slot < quint32(Count); ++slot)
        index.insert(slot * 2654435761u, slot);
    for (quint32 slot = 0; slot < quint32(Count); ++slot)
        QCOMPARE(findSlot(index, slot * 2654435761u, slot), slot);
}

QTEST_APPLESS_MAIN(tst_SlotIndex)

#include "tst_slotindex.moc"
