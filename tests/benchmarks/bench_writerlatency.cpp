// Copyright (C) 2026 The CacheScope authors.
// Writer fairness (issue 11, item 5): how long one insert takes while two threads read flat out.
//
//   writerlatency/<impl>   impl = ours | B1; one repetition = one 1 s run with a fresh cache
//
// Two reader threads replay their own Zipf streams of hits over 10k cached keys, non-stop, copying
// each image out. The benchmark thread is the writer: every 250 µs it inserts a small image under a
// key nobody reads (the cache is full, so each insert also evicts the oldest of those) and times
// that one call. A lock that lets a reader in a loop take it back before a waiting writer makes
// the writer wait for as long as the reader keeps looping; ours takes all 8 reader stripes, B1 its
// one QMutex.
//
// Reported, over the inserts during which the writer was not involuntarily preempted (getrusage's
// nivcsw went up: that measures the machine's load, not the cache): p50_ns, p99_ns, max_ns; the
// same over all inserts (*_raw_ns); preempted_share, inserts_per_s (the writer's achieved rate) and
// finds_per_s (both readers together).
#include "baselines.h"
#include "benchmain.h"
#include "workload.h"

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

constexpr std::size_t ReaderKeys = 10'000;
constexpr int ReaderThreads = 2;
constexpr std::size_t WriterKeyCount = 4096;
constexpr qint64 WriterRoomKb = 64; // writer entries the cache keeps beside the readers'
constexpr auto InsertPeriod = 250us;
constexpr auto DefaultRunTime = 1000ms;
constexpr std::size_t MaxInserts = 1 << 16;
constexpr std::int64_t CheckPreemptionAboveNs = 20'000;

// CACHESCOPE_BENCH_WRITER_MS overrides the length of one run.
std::chrono::milliseconds runTime()
{
    bool ok = false;
    const int ms = qEnvironmentVariableIntValue("CACHESCOPE_BENCH_WRITER_MS", &ok);
    return ok && ms > 0 ? std::chrono::milliseconds(ms) : DefaultRunTime;
}

long involuntarySwitches()
{
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    return usage.ru_nivcsw;
}

const std::vector<QString> &writerKeys()
{
    static const std::vector<QString> keys = [] {
        std::vector<QString> k;
        for (std::size_t i = 0; i < WriterKeyCount; ++i)
            k.push_back(QStringLiteral("/home/alex/Pictures/new/IMG_%1.jpg@16x16").arg(i));
        return k;
    }();
    return keys;
}

struct Insert
{
    std::int64_t ns;
    bool preempted;
};

double percentile(std::vector<std::int64_t> sorted, double share)
{
    if (sorted.empty())
        return 0;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t at = std::min(sorted.size() - 1, std::size_t(share * double(sorted.size())));
    return double(sorted[at]);
}

template <typename Cache, typename Make>
void writerRun(benchmark::State &state, Make make)
{
    const KeySet &set = keySet(ReaderKeys);
    const std::vector<QString> &newKeys = writerKeys();
    std::vector<Insert> inserts(MaxInserts); // allocated before timing
    for (int s = 0; s < ReaderThreads; ++s)
        (void)zipfStreamOf(ReaderKeys, s); // built before timing too

    for (auto _ : state) {
        std::unique_ptr<Cache> cache = make(set.totalKb + WriterRoomKb);
        fill(*cache, set);

        std::atomic<bool> stop{false};
        std::atomic<int> readersRunning{0};
        std::atomic<std::uint64_t> finds{0};
        std::vector<std::thread> readers;
        for (int r = 0; r < ReaderThreads; ++r) {
            readers.emplace_back([&, r] {
                const std::uint32_t *const stream = zipfStreamOf(ReaderKeys, r).data();
                const QString *const keys = set.lookupKeys.data();
                constexpr std::size_t Mask = StreamLength - 1;
                QImage image;
                std::uint64_t n = 0;
                readersRunning.fetch_add(1);
                while (!stop.load(std::memory_order_relaxed))
                    cache->find(keys[stream[n++ & Mask]], &image);
                finds.fetch_add(n);
            });
        }
        while (readersRunning.load() < ReaderThreads)
            std::this_thread::yield();

        const QImage image = makeSmallImage(0);
        std::size_t count = 0;
        const auto start = Clock::now();
        const auto deadline = start + runTime();
        auto next = start;
        while (count < MaxInserts && Clock::now() < deadline) {
            const long switches = involuntarySwitches();
            const auto t0 = Clock::now();
            cache->insert(newKeys[count % WriterKeyCount], image);
            const auto t1 = Clock::now();
            Insert &insert = inserts[count++];
            insert.ns = std::chrono::nanoseconds(t1 - t0).count();
            insert.preempted =
                    insert.ns > CheckPreemptionAboveNs && involuntarySwitches() != switches;
            next += InsertPeriod;
            std::this_thread::sleep_until(next); // no sleep when behind
        }
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        stop.store(true);
        for (std::thread &reader : readers)
            reader.join();
        state.SetIterationTime(seconds);

        std::vector<std::int64_t> all, kept;
        all.reserve(count);
        kept.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            all.push_back(inserts[i].ns);
            if (!inserts[i].preempted)
                kept.push_back(inserts[i].ns);
        }
        state.counters["p50_ns"] = percentile(kept, 0.50);
        state.counters["p99_ns"] = percentile(kept, 0.99);
        state.counters["max_ns"] = percentile(kept, 1.0);
        state.counters["p99_raw_ns"] = percentile(all, 0.99);
        state.counters["max_raw_ns"] = percentile(all, 1.0);
        state.counters["preempted_share"] = count ? double(count - kept.size()) / double(count) : 0;
        state.counters["inserts_per_s"] = double(count) / seconds;
        state.counters["finds_per_s"] = double(finds.load()) / seconds;
    }
}

template <typename Cache, typename Make>
void add(const char *impl, Make make)
{
    const std::string name = std::string("writerlatency/") + impl;
    benchmark::RegisterBenchmark(name.c_str(), [make](benchmark::State &state) {
        writerRun<Cache>(state, make);
    })->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);
}

void registerBenchmarks()
{
    add<Ours>("ours", [](qint64 kb) { return std::make_unique<Ours>(kb); });
    add<QCacheMutex>("B1", [](qint64 kb) { return std::make_unique<QCacheMutex>(kb); });
}

} // namespace

int main(int argc, char **argv)
{
    return Bench::runBenchmarks(argc, argv, registerBenchmarks);
}
