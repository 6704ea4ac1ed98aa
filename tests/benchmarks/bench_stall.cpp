// Copyright (C) 2026 The CacheScope authors.
// Target 5: how long readers are stalled while another thread inserts 3 MiB images at ~1 kHz.
//
//   stall/<impl>   impl = ours | B1; one repetition = one 1.5 s run with a fresh cache
//
// The reader (the benchmark thread) looks up 512 small cached images, uniformly, non-stop; a find
// that misses (an image evicted while the reader was descheduled) re-inserts it, as an image
// provider would. A writer thread creates a 3 MiB image every millisecond, touches all its pages (as
// a decoder would) and inserts it; the cache has room for 8 of them, so every insert evicts the
// oldest. glibc is told to mmap every block of 1 MiB or more, so freeing an evicted image is a real
// munmap (page-table teardown and a TLB shootdown, tens to hundreds of microseconds). B1 frees it
// inside QCache, under its mutex; a cache that frees after unlocking does not make readers wait.
//
// Why blocks: one stall at 1 kHz delays one find in ~15,000, so a p99.9 of sampled find latencies
// cannot see it (p999_sampled_ns shows that), yet it can be a fifth of the reader's time. The reader
// therefore times blocks of 32 consecutive finds and reports
//   stall_share  the share of reader time spent in stalled blocks (> max(20 µs, 10x the median block))
//   p99tw_ns     the time-weighted p99 of find latency: sort blocks by per-find latency and take the
//                latency below which 99% of the reader's *time* was spent
// Blocks in which the reader was involuntarily preempted (getrusage's nivcsw went up) measure the
// machine's load, not the cache; they are left out of both (the *_raw counters keep them).
// Also reported: p999_sampled_ns (the first find of every block, timed alone), median_find_ns,
// preempted_share, hit_ratio, finds_per_s and inserts_per_s (the writer's achieved rate).
#include "baselines.h"
#include "benchmain.h"
#include "workload.h"

#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace Bench;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr std::size_t ReaderKeys = 512;
constexpr int BigWidth = 1024;
constexpr int BigHeight = 768; // ARGB32: 3 MiB
constexpr qint64 BigKb = qint64(BigWidth) * BigHeight * 4 / 1024;
constexpr int BigEntries = 8;
constexpr std::size_t BigKeyCount = 8192;
constexpr auto InsertPeriod = 1000us;
constexpr auto DefaultRunTime = 1500ms;
constexpr int FindsPerBlock = 32;
constexpr std::size_t MaxBlocks = std::size_t(4) << 20;
constexpr std::uint32_t CheckPreemptionAboveNs = 20'000;
constexpr std::uint32_t StallFloorNs = 20'000;
constexpr std::uint32_t StallFactor = 10;
constexpr int MmapThreshold = 1 << 20;

// CACHESCOPE_BENCH_STALL_MS overrides the length of one run (e.g. to stay within the real-time
// budget when trying it under chrt on a busy machine).
std::chrono::milliseconds runTime()
{
    bool ok = false;
    const int ms = qEnvironmentVariableIntValue("CACHESCOPE_BENCH_STALL_MS", &ok);
    return ok && ms > 0 ? std::chrono::milliseconds(ms) : DefaultRunTime;
}

long involuntarySwitches()
{
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    return usage.ru_nivcsw;
}

const std::vector<QString> &bigKeys()
{
    static const std::vector<QString> keys = [] {
        std::vector<QString> k;
        for (std::size_t i = 0; i < BigKeyCount; ++i)
            k.push_back(QStringLiteral("/home/alex/Pictures/full-size/IMG_%1.jpg@1024x768").arg(i));
        return k;
    }();
    return keys;
}

struct Block
{
    std::uint32_t ns;        // the whole block
    std::uint32_t firstNs;   // its first find alone: a plain sample of find latency
    bool preempted = false;
};

// Per-find latency (ns) below which `share` of the blocks' total time was spent.
double timeWeightedPercentile(std::vector<const Block *> blocks, double share)
{
    if (blocks.empty())
        return 0;
    std::sort(blocks.begin(), blocks.end(),
              [](const Block *a, const Block *b) { return a->ns < b->ns; });
    double total = 0;
    for (const Block *b : blocks)
        total += b->ns;
    double seen = 0;
    for (const Block *b : blocks) {
        seen += b->ns;
        if (seen >= share * total)
            return double(b->ns) / FindsPerBlock;
    }
    return double(blocks.back()->ns) / FindsPerBlock;
}

double stallShare(const std::vector<const Block *> &blocks, std::uint32_t thresholdNs)
{
    double total = 0, stalled = 0;
    for (const Block *b : blocks) {
        total += b->ns;
        if (b->ns > thresholdNs)
            stalled += b->ns;
    }
    return total > 0 ? stalled / total : 0;
}

template <typename Cache, typename Make>
void stallRun(benchmark::State &state, Make make)
{
    const KeySet &set = keySet(ReaderKeys);
    const std::uint32_t *const stream = uniformStreamOf(ReaderKeys, 0).data();
    const QString *const keys = set.lookupKeys.data();
    const QImage *const images = set.images.data();
    constexpr std::size_t Mask = StreamLength - 1;
    const std::vector<QString> &big = bigKeys();
    std::vector<Block> blocks(MaxBlocks); // allocated before timing

    for (auto _ : state) {
        std::unique_ptr<Cache> cache = make(set.totalKb + BigEntries * BigKb + BigKb / 2);
        fill(*cache, set);

        std::atomic<bool> stop{false};
        std::atomic<int> inserted{0};
        std::thread writer([&] {
            auto next = Clock::now();
            for (std::size_t n = 0; !stop.load(std::memory_order_relaxed); ++n) {
                QImage image(BigWidth, BigHeight, QImage::Format_ARGB32_Premultiplied);
                image.fill(0xff000000u | quint32(n)); // touches every page
                cache->insert(big[n % BigKeyCount], image);
                inserted.fetch_add(1, std::memory_order_relaxed);
                next += InsertPeriod;
                std::this_thread::sleep_until(next); // no sleep when behind
            }
        });

        QImage image;
        std::size_t i = 0, count = 0, hits = 0;
        long switches = involuntarySwitches();
        const auto start = Clock::now();
        const auto deadline = start + runTime();
        auto t0 = start;
        while (count < MaxBlocks) {
            const auto find = [&] {
                const std::uint32_t k = stream[i++ & Mask];
                if (cache->find(keys[k], &image))
                    ++hits;
                else
                    cache->insert(keys[k], images[k]);
            };
            find();
            const auto tFirst = Clock::now();
            for (int f = 1; f < FindsPerBlock; ++f)
                find();
            const auto t1 = Clock::now();
            Block &b = blocks[count++];
            b.ns = std::uint32_t(std::min<std::int64_t>(
                    std::chrono::nanoseconds(t1 - t0).count(), UINT32_MAX));
            b.firstNs = std::uint32_t(std::chrono::nanoseconds(tFirst - t0).count());
            b.preempted = false;
            if (b.ns > CheckPreemptionAboveNs) {
                const long now = involuntarySwitches();
                b.preempted = now != switches;
                switches = now;
            }
            t0 = t1;
            if (t1 >= deadline)
                break;
        }
        stop.store(true);
        writer.join();
        const double seconds = std::chrono::duration<double>(t0 - start).count();
        state.SetIterationTime(seconds);

        std::vector<const Block *> all, kept;
        std::vector<std::uint32_t> sizes, samples;
        all.reserve(count);
        kept.reserve(count);
        sizes.reserve(count);
        samples.reserve(count);
        for (std::size_t k = 0; k < count; ++k) {
            all.push_back(&blocks[k]);
            if (!blocks[k].preempted)
                kept.push_back(&blocks[k]);
            sizes.push_back(blocks[k].ns);
            samples.push_back(blocks[k].firstNs);
        }
        std::nth_element(sizes.begin(), sizes.begin() + sizes.size() / 2, sizes.end());
        const std::uint32_t median = sizes[sizes.size() / 2];
        const std::uint32_t threshold = std::max(StallFloorNs, StallFactor * median);
        const std::size_t p999 = samples.size() * 999 / 1000;
        std::nth_element(samples.begin(), samples.begin() + p999, samples.end());

        double preemptedNs = 0, totalNs = 0;
        for (const Block *b : all) {
            totalNs += b->ns;
            preemptedNs += b->preempted ? b->ns : 0;
        }
        state.counters["stall_share"] = stallShare(kept, threshold);
        state.counters["stall_share_raw"] = stallShare(all, threshold);
        state.counters["p99tw_ns"] = timeWeightedPercentile(kept, 0.99);
        state.counters["p99tw_raw_ns"] = timeWeightedPercentile(all, 0.99);
        state.counters["p999_sampled_ns"] = samples[p999];
        state.counters["median_find_ns"] = double(median) / FindsPerBlock;
        state.counters["preempted_share"] = totalNs > 0 ? preemptedNs / totalNs : 0;
        state.counters["finds_per_s"] = double(count) * FindsPerBlock / seconds;
        state.counters["inserts_per_s"] = inserted.load() / seconds;
        state.counters["hit_ratio"] = double(hits) / double(count * FindsPerBlock);
    }
}

template <typename Cache, typename Make>
void add(const char *impl, Make make)
{
    const std::string name = std::string("stall/") + impl;
    benchmark::RegisterBenchmark(name.c_str(), [make](benchmark::State &state) {
        stallRun<Cache>(state, make);
    })->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);
}

void registerBenchmarks()
{
    // Without this, glibc raises its mmap threshold after the first free of a big block, serves
    // the images from the heap, and freeing one costs almost nothing: the test would show nothing.
    mallopt(M_MMAP_THRESHOLD, MmapThreshold);
    add<Ours>("ours", [](qint64 kb) { return std::make_unique<Ours>(kb); });
    add<QCacheMutex>("B1", [](qint64 kb) { return std::make_unique<QCacheMutex>(kb); });
}

} // namespace

int main(int argc, char **argv)
{
    return Bench::runBenchmarks(argc, argv, registerBenchmarks);
}
