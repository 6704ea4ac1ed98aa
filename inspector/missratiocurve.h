// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cacheobserver.h>
#include <CacheScope/imagecache.h>

#include <QtCore/qhash.h>
#include <QtCore/qlist.h>
#include <QtCore/qstring.h>

#include <vector>

namespace CacheScope::MissRatio {

// One request of a recorded trace: a find of `key`, which on a miss inserts an image of `costKb`.
struct Request
{
    QString key;
    qint64 costKb = 0;
};

struct Requests
{
    std::vector<Request> requests;
    int unknownCost = 0; // requests left out: no insert in the trace and no entry told the cost
};

struct Point
{
    qint64 limitKb = 0;
    double hitRatio = 0;
};

// The hits and misses of `events` (sequence order), each with its key's cost: from the nearest
// insert/replace of that key in the trace (the one before, else the first after), else from
// `knownCosts` (the entries the inspector shows). Handle-only entries count as keys "#<id>".
Requests requestsFrom(const QList<CacheEvent> &events, const QHash<QString, qint64> &knownCosts = {});

// `points` limits from 10% to 400% of `currentKb`, evenly spaced, and `currentKb` itself.
std::vector<qint64> limitsAround(qint64 currentKb, int points);

// Exact LRU at every limit: Mattson's stack algorithm with costs. A request hits a limit L when
// its key's cost plus the costs of the distinct keys requested since its last request fit in L,
// because a cost-limited LRU cache always holds the longest most-recent run of keys that fits.
// Keys larger than L never enter such a cache; limits below the largest cost get a pass of
// their own that leaves those keys out. O(n log n) per pass.
std::vector<Point> lruCurve(const std::vector<Request> &requests, const std::vector<qint64> &limitsKb);

// Any policy: the requests replayed through a real ImageCache per limit (find, and insert an image
// of the key's cost on a miss), with the flush timer out of the way.
std::vector<Point> replayCurve(const std::vector<Request> &requests, const std::vector<qint64> &limitsKb,
                               EvictionPolicy policy);

} // namespace CacheScope::MissRatio
