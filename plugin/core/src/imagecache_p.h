// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "entrytable.h"
#include "eventbatch.h"
#include "flushtimer.h"
#include "stripedlock.h"

#include <CacheScope/imagecache.h>

#include <array>
#include <mutex>
#include <shared_mutex>
#include <vector>

namespace CacheScope {

namespace Internal {
class Graveyard;
}

// Locking: `stripes` is a striped reader-writer lock. Lookups take one stripe; everything that
// changes the table takes all of them, through `lock`, which first applies the hits readers
// buffered (LRU), so exclusive sections always see the exact recency order.
// Lock order: stripes -> recencyMutex -> FlushTimer's mutex. Observers are called with no cache lock.
class ImageCachePrivate
{
public:
    using Graveyard = Internal::Graveyard;
    using EventBatch = Internal::EventBatch;

    ImageCachePrivate(int cacheLimitKb, EvictionPolicy policy);

    // LRU hits are logged per stripe and applied in order in batches, so a hit never waits for
    // a lock shared with other readers (Caffeine's read buffers, made lossless: a full buffer is
    // applied under recencyMutex instead of being dropped).
    struct BufferedHit
    {
        quint32 slot;
        quint64 entryId;
    };
    static constexpr int HitBufferCapacity = 32;

    // What each reader stripe keeps, guarded by the stripe's mutex: counters summed by stats(), and
    // the stripe's buffered LRU hits.
    struct ReaderCounters
    {
        quint64 hits = 0;
        quint64 misses = 0;
        int bufferedHits = 0;
        std::array<BufferedHit, HitBufferCapacity> hitBuffer{};
    };
    void applyBufferedHits(ReaderCounters &stripe) noexcept;

    // BasicLockable: the exclusive side of `stripes`, applying buffered hits on entry.
    class ExclusiveLock
    {
    public:
        explicit ExclusiveLock(ImageCachePrivate &d) : m_d(d) { }
        void lock();
        void unlock() { m_d.stripes.unlock(); }

    private:
        ImageCachePrivate &m_d;
    };

    template <typename Lookup>
    bool find(Lookup lookup, const QString &key, quint64 entryId, QImage *image);
    template <bool Observed, typename Lookup>
    bool find(Lookup lookup, const QString &key, quint64 entryId, QImage *image);
    bool insert(const QString &key, const QImage &image,
                std::shared_ptr<ImageCache::Key::Data> handle);
    bool replace(const ImageCache::Key::Data &key, const QImage &image);
    void remove(quint32 slot, EvictionCause cause, Graveyard &graveyard,
                EventBatch &events) noexcept;
    qint64 evictUntil(qint64 targetKb, EvictionCause cause, Graveyard &graveyard,
                      EventBatch &events, int *evicted = nullptr) noexcept;
    bool flushStep(FlushMode mode, bool manual, Graveyard &graveyard, EventBatch &events) noexcept;
    void onTimerTick(quint64 generation);
    void startTimerIfStopped(EventBatch &events);
    void stopTimer(EventBatch &events);
    void stopTimerIfEmpty(EventBatch &events);

    bool isObserved() const noexcept { return observerCount.load(std::memory_order_relaxed) > 0; }
    EventBatch newBatch() noexcept { return EventBatch(isObserved(), sequence); }
    // Calls the observers with no cache lock held. Events caused by an observer on this thread
    // are queued and delivered after the batch in hand; observers' exceptions are contained.
    void deliver(const EventBatch &events) noexcept;
    void notifyObservers(std::span<const CacheEvent> events) noexcept;
    void observerFailed(const char *what) noexcept;
    static void eventsLost(size_t count) noexcept;

    Internal::StripedLock<ReaderCounters> stripes;
    ExclusiveLock lock{*this};
    std::mutex recencyMutex;
    Internal::EntryTable table;
    qint64 limit;
    CacheStats counters; // all but hits and misses, which live in the stripes
    qint64 costAtLastTick = 0;     // QPixmapCache's `ps`
    bool soonIntervalActive = false; // QPixmapCache's `t`
    std::chrono::milliseconds soonInterval = ImageCache::DefaultSoonInterval;
    std::chrono::milliseconds flushInterval = ImageCache::DefaultFlushInterval;

    std::atomic<quint64> sequence{0};
    std::shared_mutex observerLock;
    std::vector<CacheObserver *> observers;
    std::atomic<int> observerCount{0};
    std::atomic<quint64> observerFailures{0}; // exceptions caught from observers

    Internal::FlushTimer timer; // last: its thread calls back into the members above
};

} // namespace CacheScope
