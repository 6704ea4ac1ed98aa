// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cacheobserver.h>
#include <CacheScope/cachestats.h>

#include <QtCore/qlist.h>
#include <QtGui/qimage.h>

#include <chrono>
#include <memory>

namespace CacheScope {

class ImageCachePrivate;

// Which entry goes first when room is needed. Measured on gallery traces (README, benchmarks):
// LRU never loses much; SIEVE wins on hot sets but loses badly when the user scrolls back.
enum class EvictionPolicy : quint8 {
    Lru,   // exact least-recently-used (hits are buffered per reader and applied in order)
    Sieve, // SIEVE: a hit only sets a "visited" bit; better for Zipf-like hot sets
};

// A thread-safe, cost-limited QImage cache with QPixmapCache's API, units and flush timer.
// Every member may be called from any thread, with or without a QCoreApplication.
class CACHESCOPE_CORE_EXPORT ImageCache
{
public:
    // A handle to an entry inserted without a string key, like QPixmapCache::Key. It becomes invalid
    // when its entry leaves the cache for any reason, and a stale key never finds another entry.
    class CACHESCOPE_CORE_EXPORT Key
    {
    public:
        Key() noexcept = default;
        Key(const Key &other) = default;
        Key(Key &&other) noexcept = default;
        Key &operator=(const Key &other) = default;
        Key &operator=(Key &&other) noexcept = default;
        ~Key();

        bool isValid() const noexcept;
        void swap(Key &other) noexcept { d.swap(other.d); }

        // Identity, as QPixmapCache::Key: copies of one key are equal, keys from different
        // inserts never are.
        friend bool operator==(const Key &a, const Key &b) noexcept { return a.d == b.d; }
        friend bool operator!=(const Key &a, const Key &b) noexcept { return a.d != b.d; }
        friend size_t qHash(const Key &key, size_t seed = 0) noexcept { return key.hash(seed); }
        size_t hash(size_t seed) const noexcept;

        struct Data;

    private:
        friend class ImageCache;
        friend class ImageCachePrivate;
        explicit Key(std::shared_ptr<Data> data) noexcept : d(std::move(data)) { }
        std::shared_ptr<Data> d;
    };

    static constexpr int DefaultCacheLimitKb = 10240; // as QPixmapCache
    // Flush timer intervals (QPixmapCache's soon_time / flush_time).
    static constexpr std::chrono::milliseconds DefaultSoonInterval{10'000};
    static constexpr std::chrono::milliseconds DefaultFlushInterval{30'000};
    static constexpr EvictionPolicy DefaultEvictionPolicy = EvictionPolicy::Lru;

    ImageCache();
    explicit ImageCache(int cacheLimitKb, EvictionPolicy policy = DefaultEvictionPolicy);
    ~ImageCache();
    ImageCache(const ImageCache &) = delete;
    ImageCache &operator=(const ImageCache &) = delete;

    // The process-wide cache the image provider uses by default.
    static ImageCache &instance();

    int cacheLimit() const;
    void setCacheLimit(int kb);
    int totalUsed() const;
    int count() const;
    EvictionPolicy evictionPolicy() const;

    bool find(const QString &key, QImage *image) const;
    bool find(const Key &key, QImage *image) const;
    bool insert(const QString &key, const QImage &image);
    Key insert(const QImage &image);
    bool replace(const Key &key, const QImage &image);
    void remove(const QString &key);
    void remove(const Key &key);
    void clear() noexcept;

    // Pure lookup: no hit or miss counted, no recency change.
    bool contains(const QString &key) const;

    CacheStats stats() const;

    // Runs one flush step now, exactly as a timer tick would. Returns whether anything was evicted.
    bool flush(FlushMode mode);
    // The same, in the mode the timer would choose: idle if the total is unchanged since the last
    // tick, busy otherwise.
    bool flush();
    bool isFlushTimerActive() const;
    void setFlushIntervals(std::chrono::milliseconds soon, std::chrono::milliseconds flush);
    std::chrono::milliseconds soonInterval() const;
    std::chrono::milliseconds flushInterval() const;
    // The interval the timer runs at now (soon or flush); negative when it is stopped.
    std::chrono::milliseconds currentFlushInterval() const;
    // Time until the next tick; negative when the timer is stopped.
    std::chrono::milliseconds remainingTimeToTick() const;

    // Counts a failed load of `key` (e.g. by the image provider) and reports it to observers.
    void recordError(const QString &key, const QString &message);
    // Counts where a load of `key` came from below the memory tier (`bytes`: downloaded, for
    // LoadTier::Fetched) and reports it to observers as DiskHit, Revalidate or Fetch.
    void recordLoad(const QString &key, LoadTier tier, qint64 bytes = 0);

    enum class TrimLevel : quint8 {
        Unused, // entries nobody outside the cache holds a copy of (no Image shows them)
        All,    // everything
    };
    // Gives memory back under pressure (the image provider does it when the application is
    // hidden or suspended). Evicted as EvictionCause::Trimmed, in eviction order. Returns how
    // many entries went.
    int trim(TrimLevel level);

    // Observation for the inspector. Reading never counts hits or misses and changes no recency.
    QList<CacheEntryInfo> entries() const; // in eviction order: the next victim first
    QImage peek(const QString &key) const;
    QImage peek(quint64 entryId) const;
    // Observers are not owned. removeObserver() first delivers the hits logged so far (see
    // CacheObserver); after it returns, the observer is not called again.
    void addObserver(CacheObserver *observer);
    void removeObserver(CacheObserver *observer);
    // Delivers the hit events logged so far (see CacheObserver), on the calling thread. A consumer
    // that wants every hit that happened before a moment, such as the inspector at each refresh,
    // calls it then. Takes each reader stripe's lock in turn, never all of them at once.
    void deliverBufferedEvents() noexcept;

    // Cost of an image in KiB, as QPixmapCache computes it: width*height*depth/8/1024, at least 1.
    static qint64 costOf(const QImage &image) noexcept;

private:
    std::unique_ptr<ImageCachePrivate> d;
};

} // namespace CacheScope
