// Copyright (C) 2026 The CacheScope authors.
// Target 8: the cache's own memory per entry -- not a timing benchmark: it measures.
//
// The keys and images are created first and kept alive, and every cache stores shared copies of
// them (QString and QImage are implicitly shared), so the growth of the heap while a cache fills is
// the cache's bookkeeping alone: slots, index nodes and buckets, list links, the QString and QImage
// handles inside them, and malloc's own per-block overhead (glibc's mallinfo2(), in-use bytes,
// including mmapped blocks).
//
//   raw_bytes_per_entry          heap growth / entries
//   bookkeeping_bytes_per_entry  the same minus one QString and one QImage handle (24 + 24 bytes on
//                                64-bit): what the target counts, "beyond the key's characters and
//                                the QImage"
#include "baselines.h"
#include "workload.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>

#include <malloc.h>

#include <cstdio>

namespace {

using namespace Bench;
using CacheScope::EvictionPolicy;

constexpr std::size_t Sizes[] = {10'000, 100'000};

std::int64_t heapInUse()
{
    const struct mallinfo2 info = mallinfo2();
    return std::int64_t(info.uordblks + info.hblkhd);
}

template <typename Cache, typename Make>
QJsonObject measure(std::size_t n, Make make)
{
    const KeySet &set = keySet(n);
    const std::int64_t before = heapInUse();
    std::int64_t after = 0;
    {
        std::unique_ptr<Cache> cache = make(roomyLimitKb(set));
        fill(*cache, set);
        after = heapInUse();
    }
    const double raw = double(after - before) / double(n);
    return {{QStringLiteral("raw_bytes_per_entry"), raw},
            {QStringLiteral("bookkeeping_bytes_per_entry"),
             raw - double(sizeof(QString) + sizeof(QImage))}};
}

} // namespace

int main()
{
    QJsonObject out;
    for (const std::size_t n : Sizes) {
        keySet(n); // keys and images exist before any measurement
        QJsonObject impls;
        impls[QStringLiteral("ours")] = measure<Ours>(n, [](qint64 kb) {
            return std::make_unique<Ours>(kb, EvictionPolicy::Sieve);
        });
        impls[QStringLiteral("ours-lru")] = measure<Ours>(n, [](qint64 kb) {
            return std::make_unique<Ours>(kb, EvictionPolicy::Lru);
        });
        impls[QStringLiteral("B1")] =
                measure<QCacheMutex>(n, [](qint64 kb) { return std::make_unique<QCacheMutex>(kb); });
        impls[QStringLiteral("B2")] =
                measure<StdLru>(n, [](qint64 kb) { return std::make_unique<StdLru>(kb); });
        impls[QStringLiteral("F")] =
                measure<Floor>(n, [](qint64 kb) { return std::make_unique<Floor>(kb); });
        out[QString::number(n)] = impls;
    }
    out[QStringLiteral("handle_bytes")] = qint64(sizeof(QString) + sizeof(QImage));
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}
