// Copyright (C) 2026 The CacheScope authors.
// Deterministic workload generators shared by the benchmarks: realistic ~70-character keys, a Zipf
// sampler and pre-generated key streams. Everything is seeded, and the random number plumbing is
// written out here (std::mt19937_64 is fully specified; the std distributions are not), so every
// build and every run sees exactly the same keys and the same sequences.
#pragma once

#include <QtCore/qstring.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace Bench {

using Rng = std::mt19937_64;

inline constexpr double ZipfExponent = 0.99;
inline constexpr std::uint64_t KeySeed = 0xC0FFEE'0001;
inline constexpr std::uint64_t RankSeed = 0xC0FFEE'0002;
inline constexpr std::uint64_t StreamSeed = 0xC0FFEE'1000;  // + thread index
inline constexpr std::uint64_t UniformSeed = 0xC0FFEE'2000; // + thread index

// Uniform in [0, 1), from the top 53 bits.
inline double uniform01(Rng &rng)
{
    return double(rng() >> 11) * 0x1.0p-53;
}

// Uniform in [0, n). The modulo bias is below 2^-40 for every n used here.
inline std::uint64_t uniformBelow(Rng &rng, std::uint64_t n)
{
    return rng() % n;
}

// Fisher-Yates, spelled out so that the permutation does not depend on the standard library.
template <typename T>
void shuffle(std::vector<T> &values, Rng &rng)
{
    for (std::size_t i = values.size(); i > 1; --i)
        std::swap(values[i - 1], values[uniformBelow(rng, i)]);
}

// Zipf(s) over ranks 0..n-1 (rank 0 is the most popular), sampled by inverting a precomputed CDF.
class Zipf
{
public:
    Zipf(std::size_t n, double exponent) : m_cdf(n)
    {
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i) {
            sum += 1.0 / std::pow(double(i + 1), exponent);
            m_cdf[i] = sum;
        }
        for (double &c : m_cdf)
            c /= sum;
    }

    std::size_t size() const { return m_cdf.size(); }

    std::uint32_t operator()(Rng &rng) const
    {
        const double u = uniform01(rng);
        // Binary search for the first rank whose cumulative probability exceeds u.
        std::size_t lo = 0, hi = m_cdf.size() - 1;
        while (lo < hi) {
            const std::size_t mid = (lo + hi) / 2;
            if (m_cdf[mid] > u)
                hi = mid;
            else
                lo = mid + 1;
        }
        return std::uint32_t(lo);
    }

private:
    std::vector<double> m_cdf;
};

// A key like the image provider builds: a resolved path plus the requested size, about 70
// characters, sharing long prefixes as real paths do.
inline QString makeKey(std::size_t index)
{
    static const char *const albums[] = {
        "2023/02-ski-week-in-the-alps", "2023/07-summer-by-the-sea", "2023/12-family-christmas",
        "2024/04-spring-in-kyoto",      "2024/08-road-trip-norway",  "2024/10-autumn-forest-walks",
        "2025/01-new-year-fireworks",   "2025/05-garden-and-birds",
    };
    static const char *const sizes[] = {"256x256", "320x240", "512x384", "1024x768"};
    const std::size_t album = index % std::size(albums);
    return QStringLiteral("/home/alex/Pictures/%1/IMG_%2.jpg@%3")
            .arg(QLatin1StringView(albums[album]))
            .arg(qulonglong(20230000 + index * 7), 8, 10, QLatin1Char('0'))
            .arg(QLatin1StringView(sizes[(index / std::size(albums)) % std::size(sizes)]));
}

inline std::vector<QString> makeKeys(std::size_t n)
{
    std::vector<QString> keys;
    keys.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        keys.push_back(makeKey(i));
    return keys;
}

// Copies with their own character storage: a lookup key in an app is built afresh (from the URL),
// so it never shares data with the stored key and a comparison cannot stop at a pointer check.
inline std::vector<QString> deepCopies(const std::vector<QString> &keys)
{
    std::vector<QString> copies;
    copies.reserve(keys.size());
    for (const QString &key : keys)
        copies.emplace_back(key.constData(), key.size());
    return copies;
}

// Which key has which popularity rank: a fixed shuffle, so hot keys are spread over the key space
// (and over the heap) instead of being the first ones inserted.
inline std::vector<std::uint32_t> rankToKey(std::size_t n)
{
    std::vector<std::uint32_t> map(n);
    for (std::size_t i = 0; i < n; ++i)
        map[i] = std::uint32_t(i);
    Rng rng(RankSeed);
    shuffle(map, rng);
    return map;
}

// A pre-generated sequence of key indices drawn from Zipf(ZipfExponent) over n keys. `length`
// must be a power of two so that a benchmark loop can wrap with a mask.
inline std::vector<std::uint32_t> zipfStream(std::size_t n, std::size_t length, std::uint64_t seed)
{
    const Zipf zipf(n, ZipfExponent);
    const std::vector<std::uint32_t> keyOfRank = rankToKey(n);
    Rng rng(seed);
    std::vector<std::uint32_t> stream(length);
    for (std::uint32_t &key : stream)
        key = keyOfRank[zipf(rng)];
    return stream;
}

// A pre-generated sequence of key indices drawn uniformly from [0, n).
inline std::vector<std::uint32_t> uniformStream(std::size_t n, std::size_t length,
                                                std::uint64_t seed)
{
    Rng rng(seed);
    std::vector<std::uint32_t> stream(length);
    for (std::uint32_t &key : stream)
        key = std::uint32_t(uniformBelow(rng, n));
    return stream;
}

} // namespace Bench
