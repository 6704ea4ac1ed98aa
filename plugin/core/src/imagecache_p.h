// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "entrytable.h"
#include "eventbatch.h"
#include "flushtimer.h"
#include "recencyclock.h"
#include "stripedlock.h"

#include <CacheScope/imagecache.h>

#include <QtCore/qvarlengtharray.h>

#include <array>
#include <chrono>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <vector>

namespace CacheScope {

namespace Internal {
class Graveyard;
}

// Locking: `stripes` is a striped reader-writer lock. Lookups take one stripe; everything that
// changes the table takes all of them, through `lock`, which first applies the hits readers
// buffered (LRU), merged in the order they happened, so exclusive sections always see the exact
// recency order, and takes the hits readers logged for observers. Lock order: stripes ->
// recencyMutex -> FlushTimer's mutex, and stripes -> pendingHitsMutex. Observers are called with no
// cache lock.
class ImageCachePrivate
{
public:
    using Graveyard = Internal::Graveyard;
    using EventBatch = Internal::EventBatch;

    ImageCachePrivate(int cacheLimitKb, EvictionPolicy policy);

    // LRU hits are logged per stripe and applied in batches, so a hit never waits for a lock
    // shared with other readers (Caffeine's read buffers, made lossless and ordered: each hit has a
    // RecencyClock ticket, the buffers are merged by ticket, and a full buffer is staged and
    // applied only as far as it is older than every hit other stripes still buffer).
    struct BufferedHit
    {
        quint64 ticket;
        quint64 entryId;
        quint32 slot;
    };
    static constexpr int HitBufferCapacity = 32;

    // Observed hits are logged per stripe as well and delivered in batches, so that an observed
    // hit writes nothing other threads share (issue 12; when they arrive: CacheObserver). A batch
    // goes when the log is full, when a hit comes ObservedHitMaxDelay or more after the stripe's
    // last batch (so an isolated hit goes at once), at the stripe's next miss, and at any exclusive
    // section, which takes every stripe's log before it changes anything (so a hit's slot is
    // still its entry's when its event is made).
    struct ObservedHit
    {
        CacheEvent::Clock::time_point time;
        quint64 entryId;
        quint32 slot;
    };
    static constexpr int ObservedHitCapacity = 64;
    // What a lookup takes: inline room for an isolated hit (and one more), so that observing a
    // cache that is not busy allocates nothing per hit.
    using TakenHits = QVarLengthArray<CacheEvent, 2>;
    static constexpr std::chrono::milliseconds ObservedHitMaxDelay{50};

    // What each reader stripe keeps, guarded by the stripe's mutex: counters summed by stats(), and
    // the stripe's buffered LRU hits and logged observed hits.
    static constexpr quint64 NoPendingHit = ~quint64(0);
    struct ReaderCounters
    {
        // The ticket of the oldest hit in the buffer, or NoPendingHit. Written under the stripe's
        // mutex; read by readers of other stripes, which may apply their older hits before it.
        std::atomic<quint64> oldestPending{NoPendingHit};
        quint64 hits = 0;
        quint64 misses = 0;
        int bufferedHits = 0;
        std::array<BufferedHit, HitBufferCapacity> hitBuffer{};
        int observedHits = 0;
        CacheEvent::Clock::time_point lastObservedBatch; // when the log was last taken
        std::array<ObservedHit, ObservedHitCapacity> observedHitLog{};
    };
    // Under the exclusive lock: promotes every buffered hit (and `extra`, a hit that found its
    // stripe's buffer full) in ticket order, and empties the buffers.
    void applyBufferedHits(const BufferedHit *extra = nullptr) noexcept;
    // Under `stripe`'s mutex and recencyMutex, when its buffer is full: moves its hits into
    // `staged` (merged by ticket) and promotes the staged hits older than every hit other
    // stripes still buffer. False, and nothing done, if `staged` has no room.
    bool stageHits(ReaderCounters &stripe) noexcept;
    // What a reader must do after unlocking: nothing, or take the exclusive lock to apply all
    // buffered hits (its buffer could not be staged), or those and its own (`overflow`: it found
    // the buffer it shares with other threads full).
    enum class Drain : quint8 { No, Buffers, BuffersAndOverflow };
    // Logs a hit when the stripe's buffer has room for one more at most, and stages it if full.
    Q_NEVER_INLINE Drain logLastHit(ReaderCounters &stripe, const BufferedHit &hit,
                                    BufferedHit *overflow) noexcept;
    Q_NEVER_INLINE void drainHits(const BufferedHit *extra) noexcept;
    void promote(const BufferedHit &hit) noexcept;

    // Under the stripe's mutex: logs an observed hit, and takes the log into `taken` (numbered)
    // when it is due.
    void logObservedHit(ReaderCounters &stripe, Internal::Slot &slot, quint32 index,
                        TakenHits &taken) noexcept;
    // Under `stripe`'s mutex or the exclusive lock: appends its logged hits to `out` as events
    // (unnumbered) and empties the log. Without memory for them, they are lost (and counted).
    template <typename Events>
    void takeObservedHits(ReaderCounters &stripe, CacheEvent::Clock::time_point now,
                          Events &out) noexcept;
    // Gives events [from, end) of `events` consecutive sequence numbers, with one shared write.
    template <typename Events>
    void numberEvents(Events &events, qsizetype from) noexcept;
    // Under the exclusive lock: every stripe's logged hits, in time order, into pendingHits.
    void collectObservedHits() noexcept;
    void deliverPendingHits() noexcept;

    // BasicLockable: the exclusive side of `stripes`, applying buffered hits and taking the
    // observed-hit logs on entry.
    class ExclusiveLock
    {
    public:
        explicit ExclusiveLock(ImageCachePrivate &d) : m_d(d) { }
        void lock()
        {
            m_d.stripes.lock();
            m_d.applyBufferedHits();
            m_d.collectObservedHits();
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
    // Calls the observers with no cache lock held, with the hits exclusive sections took first.
    // Events caused by an observer on this thread are queued and delivered after the batch in
    // hand; observers' exceptions are contained.
    void deliver(const EventBatch &events) noexcept;
    void deliver(std::span<const CacheEvent> events) noexcept;
    void notifyObservers(std::span<const CacheEvent> events) noexcept;
    void observerFailed(const char *what) noexcept;
    static void eventsLost(size_t count) noexcept;

    Internal::StripedLock<ReaderCounters> stripes;
    ExclusiveLock lock{*this};
    std::mutex recencyMutex; // guards `staged` (as does the exclusive lock)
    // Hits from full buffers, in ticket order, that wait for older hits still in other stripes'
    // buffers. Room for a full buffer of each stripe: only a thread that keeps an old hit
    // buffered while it sleeps lets it fill up, and then the next full buffer takes the
    // exclusive lock, which applies everything.
    static constexpr int StagedCapacity = Internal::StripedLock<ReaderCounters>::StripeCount
                                          * HitBufferCapacity;
    std::array<BufferedHit, StagedCapacity> staged{};
    int stagedCount = 0;
    Internal::RecencyClock recencyClock;
    static_assert(Internal::StripedLock<ReaderCounters>::StripeCount
                          <= 1 << Internal::RecencyClock::StripeBits,
                  "a ticket's tag must name every stripe");
    Internal::EntryTable table;
    qint64 limit;
    CacheStats counters; // all but hits and misses, which live in the stripes
    qint64 costAtLastTick = 0;     // QPixmapCache's `ps`
    bool soonIntervalActive = false; // QPixmapCache's `t`
    std::chrono::milliseconds soonInterval = ImageCache::DefaultSoonInterval;
    std::chrono::milliseconds flushInterval = ImageCache::DefaultFlushInterval;

    std::atomic<quint64> sequence{0};
    // Hits that exclusive sections took from the stripes' logs, numbered, for the next delivery.
    std::mutex pendingHitsMutex; // after the stripes in the lock order
    std::vector<CacheEvent> pendingHits;
    std::atomic<bool> hasPendingHits{false};
    std::shared_mutex observerLock;
    std::vector<CacheObserver *> observers;
    std::atomic<int> observerCount{0};
    std::atomic<quint64> observerFailures{0}; // exceptions caught from observers

    Internal::FlushTimer timer; // last: its thread calls back into the members above
};

} // namespace CacheScope
