// Copyright (C) 2026 The CacheScope authors.
#include "missratiocurve.h"

#include <QtGui/qimage.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>

namespace CacheScope::MissRatio {

namespace {

QString keyOf(const CacheEvent &event)
{
    return event.key.isEmpty() ? QStringLiteral("#%1").arg(event.entryId) : event.key;
}

bool isRequest(CacheEventType type)
{
    return type == CacheEventType::Hit || type == CacheEventType::Miss;
}

bool setsCost(CacheEventType type)
{
    return type == CacheEventType::Insert || type == CacheEventType::Replace;
}

// Prefix sums over request positions, with point updates (a Fenwick tree).
class CostSums
{
public:
    explicit CostSums(std::size_t size) : m_tree(size + 1, 0) {}
    void add(std::size_t position, qint64 delta)
    {
        for (std::size_t i = position + 1; i < m_tree.size(); i += i & (~i + 1))
            m_tree[i] += delta;
    }
    qint64 sumBefore(std::size_t position) const // positions [0, position)
    {
        qint64 sum = 0;
        for (std::size_t i = position; i > 0; i -= i & (~i + 1))
            sum += m_tree[i];
        return sum;
    }

private:
    std::vector<qint64> m_tree;
};

constexpr qint64 NeverHits = -1;

// Per request, the smallest limit at which it hits (its cost-weighted stack distance), or
// NeverHits for a first request. Keys costing more than `maxCostKb` are left out of the stack.
std::vector<qint64> stackDistances(const std::vector<Request> &requests, qint64 maxCostKb)
{
    std::vector<qint64> distances(requests.size(), NeverHits);
    CostSums sums(requests.size());
    struct Last
    {
        std::size_t position;
        qint64 costKb;
    };
    QHash<QString, Last> last;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const Request &request = requests[i];
        if (request.costKb > maxCostKb)
            continue; // never cached at this limit: takes no room, never hits
        const auto it = last.find(request.key);
        if (it != last.end()) {
            // The key itself plus every distinct key requested since (each at its latest place).
            distances[i] = request.costKb + sums.sumBefore(i) - sums.sumBefore(it->position + 1);
            sums.add(it->position, -it->costKb);
            *it = {i, request.costKb};
        } else {
            last.insert(request.key, {i, request.costKb});
        }
        sums.add(i, request.costKb);
    }
    return distances;
}

double ratio(qint64 hits, std::size_t requests)
{
    return requests ? double(hits) / double(requests) : 0.0;
}

} // namespace

Requests requestsFrom(const QList<CacheEvent> &events, const QHash<QString, qint64> &knownCosts)
{
    // Each key's cost at each point of the trace: the latest insert before, else the first after.
    QHash<QString, qint64> firstCost;
    for (const CacheEvent &event : events) {
        if (setsCost(event.type) && !firstCost.contains(keyOf(event)))
            firstCost.insert(keyOf(event), event.costKb);
    }
    Requests result;
    result.requests.reserve(std::size_t(events.size()));
    QHash<QString, qint64> currentCost;
    for (const CacheEvent &event : events) {
        const QString key = keyOf(event);
        if (setsCost(event.type)) {
            currentCost.insert(key, event.costKb);
            continue;
        }
        if (!isRequest(event.type))
            continue;
        qint64 cost = currentCost.value(key, -1);
        if (cost < 0)
            cost = firstCost.value(key, knownCosts.value(key, -1));
        if (cost < 0) {
            ++result.unknownCost;
            continue;
        }
        result.requests.push_back({key, std::max<qint64>(1, cost)}); // as ImageCache::costOf()
    }
    return result;
}

std::vector<qint64> limitsAround(qint64 currentKb, int points)
{
    constexpr double LowestFraction = 0.1;
    constexpr double HighestFraction = 4.0;
    std::vector<qint64> limits;
    if (currentKb <= 0 || points < 2)
        return limits;
    for (int i = 0; i < points; ++i) {
        const double fraction = LowestFraction + (HighestFraction - LowestFraction) * i / (points - 1);
        limits.push_back(std::max<qint64>(1, qint64(double(currentKb) * fraction)));
    }
    limits.push_back(currentKb);
    std::sort(limits.begin(), limits.end());
    limits.erase(std::unique(limits.begin(), limits.end()), limits.end());
    return limits;
}

std::vector<Point> lruCurve(const std::vector<Request> &requests, const std::vector<qint64> &limitsKb)
{
    std::vector<Point> curve;
    if (limitsKb.empty())
        return curve;
    qint64 largest = 0;
    for (const Request &request : requests)
        largest = std::max(largest, request.costKb);

    // One pass serves every limit at or above the largest cost; each smaller limit needs its own.
    std::vector<qint64> all = stackDistances(requests, largest);
    std::sort(all.begin(), all.end());
    const auto hitsAt = [](const std::vector<qint64> &sorted, qint64 limit) {
        const auto first = std::upper_bound(sorted.begin(), sorted.end(), NeverHits);
        return qint64(std::upper_bound(first, sorted.end(), limit) - first);
    };
    for (const qint64 limit : limitsKb) {
        qint64 hits = 0;
        if (limit >= largest) {
            hits = hitsAt(all, limit);
        } else {
            std::vector<qint64> own = stackDistances(requests, limit);
            std::sort(own.begin(), own.end());
            hits = hitsAt(own, limit);
        }
        curve.push_back({limit, ratio(hits, requests.size())});
    }
    return curve;
}

std::vector<Point> replayCurve(const std::vector<Request> &requests, const std::vector<qint64> &limitsKb,
                               EvictionPolicy policy)
{
    // One image per distinct cost, shared by every entry of that cost (costOf() counts each).
    constexpr int BytesPerPixel = 4;
    constexpr int RowPixels = 1024 / BytesPerPixel; // one row of Format_ARGB32 is 1 KiB
    std::map<qint64, QImage> images;
    for (const Request &request : requests) {
        if (!images.count(request.costKb) && request.costKb > 0)
            images.emplace(request.costKb, QImage(RowPixels, int(request.costKb), QImage::Format_ARGB32));
    }
    constexpr std::chrono::hours NoFlushDuringReplay{24};
    std::vector<Point> curve;
    for (const qint64 limit : limitsKb) {
        ImageCache cache(int(std::min<qint64>(limit, std::numeric_limits<int>::max())), policy);
        cache.setFlushIntervals(NoFlushDuringReplay, NoFlushDuringReplay);
        qint64 hits = 0;
        for (const Request &request : requests) {
            if (cache.find(request.key, nullptr))
                ++hits;
            else if (const auto it = images.find(request.costKb); it != images.end())
                cache.insert(request.key, it->second);
        }
        curve.push_back({limit, ratio(hits, requests.size())});
    }
    return curve;
}

} // namespace CacheScope::MissRatio
