// Copyright (C) 2026 The CacheScope authors.
// Deterministic request traces of a photo gallery, and the reference policies they are scored with:
// an exact LRU and Belady's MIN. Used by bench_hitratio (target 7).
//
// The album: AlbumSize photos, each with a grid thumbnail (long side 256 px, 144-256 KiB depending
// on its aspect ratio) and a full-screen view (long side 1600 px, 6-10 MiB). A request names an
// item: photo * 2 + (0 = thumbnail, 1 = full view). The grid has GridColumns columns and shows
// VisibleRows rows; scrolling by a row requests the row that comes into view.
#pragma once

#include "zipf.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <list>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace Bench::Traces {

inline constexpr int AlbumSize = 1000;
inline constexpr int GridColumns = 6;
inline constexpr int VisibleRows = 5;
inline constexpr int GridRows = (AlbumSize + GridColumns - 1) / GridColumns;
inline constexpr int ThumbnailSide = 256;
inline constexpr int FullSide = 1600;

using Item = std::uint32_t;
inline Item thumbnail(int photo) { return Item(photo) * 2; }
inline Item fullView(int photo) { return Item(photo) * 2 + 1; }
inline int photoOf(Item item) { return int(item / 2); }
inline bool isFullView(Item item) { return item % 2 == 1; }

struct Size
{
    int width;
    int height;
};

// A photo's aspect ratio, fixed per photo: landscape 3:2, 4:3, 16:9, square, portrait 2:3, 3:4.
inline Size sizeOf(Item item)
{
    static constexpr int Num[] = {2, 3, 9, 1, 3, 4};
    static constexpr int Den[] = {3, 4, 16, 1, 2, 3}; // height / width
    const int shape = int((std::uint32_t(photoOf(item)) * 2654435761u >> 16) % std::size(Num));
    const int side = isFullView(item) ? FullSide : ThumbnailSide;
    if (Num[shape] <= Den[shape]) // landscape or square: the width is the long side
        return {side, side * Num[shape] / Den[shape]};
    return {side * Den[shape] / Num[shape], side};
}

// KiB, as QPixmapCache: 32-bit pixels.
inline std::int64_t costKbOf(Item item)
{
    const Size s = sizeOf(item);
    return std::max<std::int64_t>(1, std::int64_t(s.width) * s.height * 4 / 1024);
}

struct Trace
{
    std::string name;
    std::vector<Item> requests;
};

namespace Detail {
// Requests the row of thumbnails that just came into view.
inline void requestRow(std::vector<Item> &out, int row)
{
    for (int c = 0; c < GridColumns; ++c) {
        const int photo = row * GridColumns + c;
        if (photo < AlbumSize)
            out.push_back(thumbnail(photo));
    }
}
inline void requestScreen(std::vector<Item> &out, int top)
{
    for (int r = top; r < top + VisibleRows; ++r)
        requestRow(out, r);
}
// Scrolls the grid one row at a time from `top` to `target`, requesting each row coming into view.
inline int scrollTo(std::vector<Item> &out, int top, int target)
{
    while (top < target) {
        ++top;
        requestRow(out, top + VisibleRows - 1);
    }
    while (top > target) {
        --top;
        requestRow(out, top);
    }
    return top;
}
inline int clampTop(int top)
{
    return std::clamp(top, 0, GridRows - VisibleRows);
}
} // namespace Detail

// Scrolling down a stretch of the album and back up, over and over, drifting slowly: recency is
// everything, and what was just seen comes back first.
inline Trace backAndForth()
{
    Rng rng(0x5C7011);
    Trace t{"back-and-forth", {}};
    int top = 0;
    Detail::requestScreen(t.requests, top);
    while (t.requests.size() < 150'000) {
        const int down = 20 + int(uniformBelow(rng, 60));
        const int up = down - 10 + int(uniformBelow(rng, 16));
        int target = Detail::clampTop(top + down);
        if (target == top) // at the bottom: start over from the top
            target = 0;
        top = Detail::scrollTo(t.requests, top, target);
        top = Detail::scrollTo(t.requests, top, Detail::clampTop(top - up));
    }
    return t;
}

// Independent requests for thumbnails, Zipf 0.99 over the album: a hot set of favourites.
inline Trace zipfHotSet()
{
    Rng rng(0x21BF);
    const Zipf zipf(AlbumSize, ZipfExponent);
    const std::vector<std::uint32_t> photoOfRank = rankToKey(AlbumSize);
    Trace t{"zipf", {}};
    for (int i = 0; i < 200'000; ++i)
        t.requests.push_back(thumbnail(int(photoOfRank[zipf(rng)])));
    return t;
}

// The Zipf hot set, interrupted every 5,000 requests by a fling: a fast scroll through 50 rows
// (300 thumbnails, most of them cold) from a random place in the album.
inline Trace zipfWithScans()
{
    Rng rng(0x5CA75);
    const Zipf zipf(AlbumSize, ZipfExponent);
    const std::vector<std::uint32_t> photoOfRank = rankToKey(AlbumSize);
    Trace t{"zipf+scans", {}};
    constexpr int ScanRows = 50;
    for (int i = 1; t.requests.size() < 200'000; ++i) {
        t.requests.push_back(thumbnail(int(photoOfRank[zipf(rng)])));
        if (i % 5'000 == 0) {
            const int top = int(uniformBelow(rng, GridRows - ScanRows));
            Detail::requestScreen(t.requests, top);
            Detail::scrollTo(t.requests, top, top + ScanRows - VisibleRows);
        }
    }
    return t;
}

// Jump to a place (favourite places are Zipf-distributed), look at the screen of thumbnails, open
// one photo and browse a few neighbours full-screen, go back to the grid, scroll a little.
inline Trace jumpAndBrowse()
{
    Rng rng(0x1B0B);
    const int places = GridRows - VisibleRows + 1;
    const Zipf zipf(std::size_t(places), ZipfExponent);
    const std::vector<std::uint32_t> placeOfRank = rankToKey(std::size_t(places));
    Trace t{"jump-and-browse", {}};
    while (t.requests.size() < 150'000) {
        int top = int(placeOfRank[zipf(rng)]);
        Detail::requestScreen(t.requests, top);
        int photo = top * GridColumns + int(uniformBelow(rng, GridColumns * VisibleRows));
        const int steps = 1 + int(uniformBelow(rng, 10));
        for (int s = 0; s < steps; ++s) {
            photo = std::clamp(photo, 0, AlbumSize - 1);
            t.requests.push_back(fullView(photo));
            photo += uniformBelow(rng, 4) == 0 ? -1 : 1; // mostly forwards
        }
        Detail::requestScreen(t.requests, top); // the grid again
        Detail::scrollTo(t.requests, top, Detail::clampTop(top + int(uniformBelow(rng, 8))));
    }
    return t;
}

// A slideshow of one folder's 60 photos, full-screen, in a loop: the pattern LRU handles worst.
inline Trace slideshowLoop()
{
    Trace t{"slideshow", {}};
    constexpr int First = 300, Count = 60;
    while (t.requests.size() < 30'000)
        for (int p = First; p < First + Count; ++p)
            t.requests.push_back(fullView(p));
    return t;
}

inline std::vector<Trace> allTraces()
{
    return {backAndForth(), zipfHotSet(), zipfWithScans(), jumpAndBrowse(), slideshowLoop()};
}

// Sum of the costs of the distinct items a trace requests: "the album's bytes" for that trace.
inline std::int64_t footprintKb(const Trace &trace)
{
    std::vector<bool> seen(std::size_t(AlbumSize) * 2);
    std::int64_t kb = 0;
    for (const Item item : trace.requests) {
        if (!seen[item]) {
            seen[item] = true;
            kb += costKbOf(item);
        }
    }
    return kb;
}

struct Score
{
    std::int64_t requestedKb = 0;
    std::int64_t hitKb = 0;
    std::int64_t requests = 0;
    std::int64_t hits = 0;

    void count(std::int64_t kb, bool hit)
    {
        requestedKb += kb;
        ++requests;
        if (hit) {
            hitKb += kb;
            ++hits;
        }
    }
    double byteHitRatio() const { return requestedKb ? double(hitKb) / double(requestedKb) : 0; }
    double hitRatio() const { return requests ? double(hits) / double(requests) : 0; }
};

// Exact LRU with ImageCache's cost rules: an item costlier than the limit is not stored; otherwise
// the least recently used entries go until the new one fits.
inline Score simulateLru(const Trace &trace, std::int64_t limitKb)
{
    std::list<Item> order; // front: most recent
    std::unordered_map<Item, std::list<Item>::iterator> where;
    std::int64_t used = 0;
    Score score;
    for (const Item item : trace.requests) {
        const std::int64_t cost = costKbOf(item);
        const auto it = where.find(item);
        score.count(cost, it != where.end());
        if (it != where.end()) {
            order.splice(order.begin(), order, it->second);
            continue;
        }
        if (cost > limitKb)
            continue;
        while (used + cost > limitKb) {
            used -= costKbOf(order.back());
            where.erase(order.back());
            order.pop_back();
        }
        order.push_front(item);
        where[item] = order.begin();
        used += cost;
    }
    return score;
}

// Belady's MIN: on a miss, store the item, then evict whatever is needed next furthest in the future
// until it fits -- possibly the new item itself (bypass). With unequal sizes this is the classic
// reference, not a proven optimum (that problem is NP-hard), but no practical policy comes near it.
inline Score simulateBelady(const Trace &trace, std::int64_t limitKb)
{
    constexpr std::size_t Never = std::numeric_limits<std::size_t>::max();
    const std::size_t n = trace.requests.size();
    std::vector<std::size_t> nextUse(n);
    std::unordered_map<Item, std::size_t> upcoming;
    for (std::size_t i = n; i-- > 0;) {
        const auto it = upcoming.find(trace.requests[i]);
        nextUse[i] = it == upcoming.end() ? Never : it->second;
        upcoming[trace.requests[i]] = i;
    }

    std::set<std::pair<std::size_t, Item>> byNextUse; // the last is evicted first
    std::unordered_map<Item, std::size_t> cached;      // item -> its entry's next use
    std::int64_t used = 0;
    Score score;
    for (std::size_t i = 0; i < n; ++i) {
        const Item item = trace.requests[i];
        const std::int64_t cost = costKbOf(item);
        const auto it = cached.find(item);
        score.count(cost, it != cached.end());
        if (it != cached.end()) {
            byNextUse.erase({it->second, item});
            it->second = nextUse[i];
            byNextUse.insert({nextUse[i], item});
            continue;
        }
        if (cost > limitKb || nextUse[i] == Never)
            continue;
        cached[item] = nextUse[i];
        byNextUse.insert({nextUse[i], item});
        used += cost;
        while (used > limitKb) {
            const auto victim = std::prev(byNextUse.end());
            used -= costKbOf(victim->second);
            cached.erase(victim->second);
            byNextUse.erase(victim);
        }
    }
    return score;
}

} // namespace Bench::Traces
