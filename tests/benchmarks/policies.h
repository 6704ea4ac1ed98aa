// Copyright (C) 2026 The CacheScope authors.
// Eviction policies the core does not have, simulated on the same traces with the same cost rules
// as ImageCache (an item costlier than the limit is not stored): candidates for a default that does
// well on every gallery trace. bench_hitratio reports them next to the core's own policies; they
// are evidence for a proposal, not targets.
//
//   CLOCK    FIFO with one "visited" bit; a visited entry at the tail is moved to the head instead of
//            being evicted. A hit only sets a bit, like SIEVE, but the victim is always the oldest
//            unvisited entry, so recency among unvisited entries is kept.
//   S3-FIFO  a small FIFO (10% of the bytes) for new entries, a main FIFO with a 2-bit frequency for
//            entries seen again, and a ghost list of keys recently dropped from the small FIFO.
//   ARC      adaptive replacement (Megiddo & Modha), counted in bytes: recency and frequency lists
//            whose balance adapts on hits in the ghost lists.
#pragma once

#include "traces.h"

#include <algorithm>
#include <list>
#include <unordered_map>

namespace Bench::Policies {

using Traces::Item;
using Traces::Score;
using Traces::Trace;
using Traces::costKbOf;

inline Score simulateClock(const Trace &trace, std::int64_t limitKb)
{
    struct Entry
    {
        Item item;
        bool visited;
    };
    std::list<Entry> fifo; // front: newest
    std::unordered_map<Item, std::list<Entry>::iterator> where;
    std::int64_t used = 0;
    Score score;
    for (const Item item : trace.requests) {
        const std::int64_t cost = costKbOf(item);
        const auto it = where.find(item);
        score.count(cost, it != where.end());
        if (it != where.end()) {
            it->second->visited = true;
            continue;
        }
        if (cost > limitKb)
            continue;
        while (used + cost > limitKb) {
            Entry &tail = fifo.back();
            if (tail.visited) {
                tail.visited = false;
                fifo.splice(fifo.begin(), fifo, std::prev(fifo.end()));
            } else {
                used -= costKbOf(tail.item);
                where.erase(tail.item);
                fifo.pop_back();
            }
        }
        fifo.push_front({item, false});
        where[item] = fifo.begin();
        used += cost;
    }
    return score;
}

inline Score simulateS3Fifo(const Trace &trace, std::int64_t limitKb)
{
    struct Entry
    {
        Item item;
        int freq;
        bool main;
    };
    using Queue = std::list<Entry>; // front: newest
    Queue small, main;
    std::list<Item> ghost;
    std::unordered_map<Item, Queue::iterator> where;
    std::unordered_map<Item, std::list<Item>::iterator> ghostWhere;
    std::int64_t smallKb = 0, mainKb = 0, ghostKb = 0;
    const std::int64_t smallTarget = limitKb / 10;
    const std::int64_t ghostLimit = limitKb - smallTarget;
    Score score;

    const auto addGhost = [&](Item item) {
        ghost.push_front(item);
        ghostWhere[item] = ghost.begin();
        ghostKb += costKbOf(item);
        while (ghostKb > ghostLimit) {
            ghostKb -= costKbOf(ghost.back());
            ghostWhere.erase(ghost.back());
            ghost.pop_back();
        }
    };
    const auto evictOne = [&] {
        if (smallKb > smallTarget || main.empty()) {
            Entry e = small.back();
            small.pop_back();
            smallKb -= costKbOf(e.item);
            if (e.freq > 0) { // seen again while in the small FIFO: promote
                main.push_front({e.item, 0, true});
                where[e.item] = main.begin();
                mainKb += costKbOf(e.item);
            } else {
                where.erase(e.item);
                addGhost(e.item);
            }
            return;
        }
        Entry &tail = main.back();
        if (tail.freq > 0) {
            --tail.freq;
            main.splice(main.begin(), main, std::prev(main.end()));
        } else {
            mainKb -= costKbOf(tail.item);
            where.erase(tail.item);
            main.pop_back();
        }
    };

    for (const Item item : trace.requests) {
        const std::int64_t cost = costKbOf(item);
        const auto it = where.find(item);
        score.count(cost, it != where.end());
        if (it != where.end()) {
            it->second->freq = std::min(it->second->freq + 1, 3);
            continue;
        }
        if (cost > limitKb)
            continue;
        while (smallKb + mainKb + cost > limitKb)
            evictOne();
        if (const auto g = ghostWhere.find(item); g != ghostWhere.end()) {
            ghostKb -= cost;
            ghost.erase(g->second);
            ghostWhere.erase(g);
            main.push_front({item, 0, true});
            where[item] = main.begin();
            mainKb += cost;
        } else {
            small.push_front({item, 0, false});
            where[item] = small.begin();
            smallKb += cost;
        }
    }
    return score;
}

inline Score simulateArc(const Trace &trace, std::int64_t limitKb)
{
    enum ListId { T1, T2, B1, B2 };
    std::list<Item> lists[4]; // front: most recent
    std::int64_t kb[4] = {};
    struct Where
    {
        ListId list;
        std::list<Item>::iterator it;
    };
    std::unordered_map<Item, Where> where;
    double p = 0; // target bytes for T1
    const double c = double(limitKb);
    Score score;

    const auto take = [&](Item item) {
        const Where w = where.at(item);
        lists[w.list].erase(w.it);
        kb[w.list] -= costKbOf(item);
        where.erase(item);
    };
    const auto put = [&](ListId list, Item item) {
        lists[list].push_front(item);
        kb[list] += costKbOf(item);
        where[item] = {list, lists[list].begin()};
    };
    const auto dropLru = [&](ListId list) { take(lists[list].back()); };
    const auto moveLru = [&](ListId from, ListId to) {
        const Item item = lists[from].back();
        take(item);
        put(to, item);
    };

    for (const Item item : trace.requests) {
        const std::int64_t cost = costKbOf(item);
        const auto it = where.find(item);
        const bool cached = it != where.end() && (it->second.list == T1 || it->second.list == T2);
        score.count(cost, cached);
        if (cached) {
            take(item);
            put(T2, item);
            continue;
        }
        const bool inB1 = it != where.end() && it->second.list == B1;
        const bool inB2 = it != where.end() && it->second.list == B2;
        // Adapt the target: a hit in a ghost list says that list's side deserved more room.
        const auto weight = [&](ListId other, ListId self) {
            return std::max(1.0, double(kb[other]) / double(std::max<std::int64_t>(kb[self], 1)));
        };
        if (inB1)
            p = std::min(c, p + double(cost) * weight(B2, B1));
        if (inB2)
            p = std::max(0.0, p - double(cost) * weight(B1, B2));
        if (inB1 || inB2)
            take(item);
        if (cost > limitKb)
            continue;
        // REPLACE until the item fits.
        while (kb[T1] + kb[T2] + cost > limitKb) {
            const bool fromT1 = !lists[T1].empty()
                    && (double(kb[T1]) > p || (inB2 && double(kb[T1]) >= p) || lists[T2].empty());
            moveLru(fromT1 ? T1 : T2, fromT1 ? B1 : B2);
        }
        put(inB1 || inB2 ? T2 : T1, item);
        // Ghost bounds: |T1| + |B1| <= c and everything <= 2c.
        while (kb[T1] + kb[B1] > limitKb && !lists[B1].empty())
            dropLru(B1);
        while (kb[T1] + kb[T2] + kb[B1] + kb[B2] > 2 * limitKb && !lists[B2].empty())
            dropLru(B2);
    }
    return score;
}

} // namespace Bench::Policies
