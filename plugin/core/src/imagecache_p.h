// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "entrytable.h"
#include "eventbatch.h"
#include "flushtimer.h"
#include "recencyclock.h"
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
// buffered (LRU), merged in the order they happened, so exclusive sections always see the exact
// recency order. Lock order: stripes -> FlushTimer's mutex. Observers are called with no cache lock.
class ImageCachePrivate
{
public:
    using Graveyard = Internal::Graveyard;
    using EventBatch = Internal::EventBatch;

    ImageCachePrivate(int cacheLimitKb, EvictionPolicy policy);

    // LRU hits are logged per stripe and applied in batches, so a hit never waits for a lock
    // shared with other readers (Caffeine's read buffers, made lossless and ordered: each hit has a
    // RecencyClock ticket, the buffers are merged by ticket, and a full buffer is applied by taking
    // the exclusive lock rather than dropped or applied ahead of older hits in other stripes).
    struct BufferedHit
    {
        quint64 ticket;
        quint64 entryId;
        quint32 slot;
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
    // Under the exclusive lock: promotes every buffered hit (and `extra`, a hit that found its
    // stripe's buffer full) in ticket order, and empties the buffers.
    void applyBufferedHits(const BufferedHit *extra = nullptr) noexcept;
    // A reader whose hit filled its stripe's buffer (or found it full: `extra`) applies them all.
    void drainHits(const BufferedHit *extra) noexcept;

    // BasicLockable: the exclusive side of `stripes`, applying buffered hits on entry.
    class ExclusiveLock
    {
    public:
        explicit ExclusiveLock(ImageCachePrivate &d) : m_d(d) { }
        void lock()
        {
            m_d.stripes.lock();
            m_d.applyBufferedHits();
        }
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
    Internal::RecencyClock recencyClock;
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
