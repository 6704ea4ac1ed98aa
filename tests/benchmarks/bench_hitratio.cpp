// Copyright (C) 2026 The CacheScope authors.
// Target 7: byte hit ratio on gallery traces (traces.h) -- not a timing benchmark: it computes.
//
// Each trace is replayed through the real core API (find, and insert on a miss) of an ImageCache
// with each eviction policy, at 10% and 30% of the trace's footprint, and scored against an exact
// LRU and Belady's MIN simulated on the same trace. The images are real QImages of the right size
// and depth (so ImageCache computes their cost itself), wrapping one shared pixel buffer.
//
// Prints JSON: default_policy, and per trace: requests, footprint_kb and, per cache size (percent
// of the footprint), the byte hit ratio (and object hit ratio) of lru_ref, belady, ours_lru and
// ours_sieve, and of the simulated candidate policies of policies.h (CLOCK, S3-FIFO, ARC). ours_lru
// must equal lru_ref exactly; a difference is reported as an error.
#include "policies.h"
#include "traces.h"

#include <CacheScope/imagecache.h>

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtGui/qimage.h>

#include <chrono>
#include <cstdio>

namespace {

using namespace Bench::Traces;
using CacheScope::EvictionPolicy;
using CacheScope::ImageCache;

constexpr int CacheSizesPercent[] = {10, 30};

struct Album
{
    std::vector<uchar> pixels;  // one buffer, big enough for the largest image, shared by all
    std::vector<QImage> images; // by item
    std::vector<QString> keys;  // by item, as the provider builds them: path + requested size

    Album() : pixels(std::size_t(FullSide) * FullSide * 4)
    {
        for (Item item = 0; item < Item(AlbumSize) * 2; ++item) {
            const Size s = sizeOf(item);
            images.emplace_back(pixels.data(), s.width, s.height, qsizetype(s.width) * 4,
                                QImage::Format_ARGB32_Premultiplied);
            keys.push_back(
                    QStringLiteral("/home/alex/Pictures/2024/08-road-trip-norway/IMG_%1.jpg@%2x%3")
                            .arg(photoOf(item), 5, 10, QLatin1Char('0'))
                            .arg(s.width)
                            .arg(s.height));
        }
    }
};

Score replay(const Album &album, const Trace &trace, std::int64_t limitKb, EvictionPolicy policy)
{
    ImageCache cache(int(limitKb), policy);
    // No idle decay in the middle of a replay: it is not part of the policy.
    cache.setFlushIntervals(std::chrono::hours(24), std::chrono::hours(24));
    Score score;
    for (const Item item : trace.requests) {
        const bool hit = cache.find(album.keys[item], nullptr);
        score.count(costKbOf(item), hit);
        if (!hit)
            cache.insert(album.keys[item], album.images[item]);
    }
    return score;
}

QJsonObject ratios(const Score &score)
{
    return {{QStringLiteral("byte_hit_ratio"), score.byteHitRatio()},
            {QStringLiteral("hit_ratio"), score.hitRatio()}};
}

const char *policyName(EvictionPolicy policy)
{
    return policy == EvictionPolicy::Lru ? "lru" : "sieve";
}

} // namespace

int main()
{
    const Album album;
    QJsonObject traces;
    QJsonArray errors;
    for (const Trace &trace : allTraces()) {
        const std::int64_t footprint = footprintKb(trace);
        QJsonObject sizes;
        for (const int percent : CacheSizesPercent) {
            const std::int64_t limitKb = footprint * percent / 100;
            const Score lru = simulateLru(trace, limitKb);
            const Score oursLru = replay(album, trace, limitKb, EvictionPolicy::Lru);
            const Score oursSieve = replay(album, trace, limitKb, EvictionPolicy::Sieve);
            QJsonObject result{{QStringLiteral("limit_kb"), qint64(limitKb)},
                               {QStringLiteral("lru_ref"), ratios(lru)},
                               {QStringLiteral("belady"), ratios(simulateBelady(trace, limitKb))},
                               {QStringLiteral("ours_lru"), ratios(oursLru)},
                               {QStringLiteral("ours_sieve"), ratios(oursSieve)},
                               {QStringLiteral("candidates"),
                                QJsonObject{
                                        {QStringLiteral("clock"),
                                         ratios(Bench::Policies::simulateClock(trace, limitKb))},
                                        {QStringLiteral("s3fifo"),
                                         ratios(Bench::Policies::simulateS3Fifo(trace, limitKb))},
                                        {QStringLiteral("arc"),
                                         ratios(Bench::Policies::simulateArc(trace, limitKb))}}}};
            if (oursLru.hitKb != lru.hitKb) {
                errors.append(
                        QStringLiteral("%1 at %2%: ImageCache(Lru) hit %3 KiB, exact LRU %4 KiB")
                                .arg(QString::fromStdString(trace.name))
                                .arg(percent)
                                .arg(oursLru.hitKb)
                                .arg(lru.hitKb));
            }
            sizes[QString::number(percent)] = result;
        }
        traces[QString::fromStdString(trace.name)] =
                QJsonObject{{QStringLiteral("requests"), qint64(trace.requests.size())},
                            {QStringLiteral("footprint_kb"), qint64(footprint)},
                            {QStringLiteral("sizes"), sizes}};
    }
    const QJsonObject out{
            {QStringLiteral("default_policy"), policyName(ImageCache::DefaultEvictionPolicy)},
            {QStringLiteral("traces"), traces},
            {QStringLiteral("errors"), errors}};
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    return errors.isEmpty() ? 0 : 1;
}
