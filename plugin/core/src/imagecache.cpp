// Copyright (C) 2026 The CacheScope authors.
#include "imagecache_p.h"

#include "fallbacks.h"
#include "graveyard.h"
#include "keydata.h"

#include <QtCore/qhashfunctions.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qscopeguard.h>

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <utility>

namespace CacheScope {

Q_LOGGING_CATEGORY(lcCore, "cachescope.core")

using namespace std::chrono;
using Internal::Graveyard;
using Internal::NoSlot;
using Internal::Slot;

namespace {

int clampToInt(qint64 value)
{
    return int(std::clamp<qint64>(value, std::numeric_limits<int>::min(),
                                  std::numeric_limits<int>::max()));
}

// Entry ids for the whole process: an id names one entry of one cache, ever (see Key::Data).
std::atomic<quint64> lastEntryId{0};

quint64 newEntryId() noexcept
{
    // Relaxed: uniqueness is all that is needed, and inserts are rare next to hits.
    return lastEntryId.fetch_add(1, std::memory_order_relaxed) + 1;
}

CacheEvent makeEvent(CacheEventType type, const Slot *slot = nullptr)
{
    CacheEvent event;
    event.type = type;
    if (slot) {
        event.entryId = slot->entryId;
        event.key = slot->key;
        event.costKb = slot->cost;
    }
    return event;
}

} // namespace

// ---- Key --------------------------------------------------------------------------------------

ImageCache::Key::~Key() = default;

bool ImageCache::Key::isValid() const noexcept
{
    return d && d->valid.load(std::memory_order_acquire);
}

size_t ImageCache::Key::hash(size_t seed) const noexcept
{
    // Equal keys share d, so they hash equal; the entry id never changes once the key is handed out.
    return qHash(d ? d->entryId : 0, seed);
}

// ---- ImageCachePrivate -------------------------------------------------------------------------

ImageCachePrivate::ImageCachePrivate(int cacheLimitKb, EvictionPolicy policy)
    : table(policy),
      limit(cacheLimitKb),
      timer([this](quint64 generation) { onTimerTick(generation); })
{
}

template <typename Lookup>
bool ImageCachePrivate::find(Lookup lookup, const QString &key, quint64 entryId, QImage *image)
{
    return isObserved() ? find<true>(lookup, key, entryId, image)
                        : find<false>(lookup, key, entryId, image);
}

// Two instantiations, so the hit path nobody observes carries no trace of events.
template <bool Observed, typename Lookup>
bool ImageCachePrivate::find(Lookup lookup, const QString &key, quint64 entryId, QImage *image)
{
    [[maybe_unused]] std::optional<EventBatch> events; // a miss
    [[maybe_unused]] TakenHits hits;                    // logged hits this lookup took
    QImage found; // assigned to *image after unlocking, so the caller's old image is freed outside
    bool hit = false;
    Drain drain = Drain::No;
    BufferedHit overflow; // with Drain::BuffersAndOverflow only
    {
        Internal::StripedLock<ReaderCounters>::SharedGuard guard(stripes);
        ReaderCounters &stripe = guard.payload();
        const quint32 index = lookup();
        if (index == NoSlot) {
            ++stripe.misses;
            if constexpr (Observed) {
                // The stripe's logged hits first: a thread's events stay in order.
                if (stripe.observedHits > 0) {
                    takeObservedHits(stripe, CacheEvent::Clock::now(), hits);
                    numberEvents(hits, 0);
                }
                events.emplace(true, sequence);
                CacheEvent miss = makeEvent(CacheEventType::Miss);
                miss.key = key;
                miss.entryId = entryId;
                events->add(std::move(miss));
            }
        } else {
            Slot &slot = table.at(index);
            if (image)
                found = slot.image;
            if (table.policy() == EvictionPolicy::Sieve) {
                // A statistic: a racing hit may be lost, which spares a locked read-modify-write
                // on a line other cores share.
                slot.hits.store(slot.hits.load(std::memory_order_relaxed) + 1,
                                std::memory_order_relaxed);
                table.touch(index); // only the slot's own visited bit
            } else {
                // LRU: the entry's hit count is bumped with its promotion, when the buffer is
                // applied, so a hit writes nothing shared with other readers.
                const BufferedHit logged{recencyClock.ticket(guard.index()), slot.entryId, index};
                const int buffered = stripe.bufferedHits;
                if (buffered < HitBufferCapacity - 1) [[likely]] {
                    if (buffered == 0)
                        stripe.oldestPending.store(logged.ticket, std::memory_order_release);
                    stripe.hitBuffer[size_t(buffered)] = logged;
                    stripe.bufferedHits = buffered + 1;
                } else {
                    drain = logLastHit(stripe, logged, &overflow);
                }
            }
            ++stripe.hits;
            if constexpr (Observed)
                logObservedHit(stripe, slot, index, hits);
            hit = true;
        }
    }
    if (hit && image)
        image->swap(found); // inline, where QImage's move assignment makes and drops a temporary
    if (drain != Drain::No) [[unlikely]]
        drainHits(drain == Drain::BuffersAndOverflow ? &overflow : nullptr);
    if constexpr (Observed) {
        if (!hits.empty()) [[unlikely]] {
            deliverPendingHits();
            deliver(std::span<const CacheEvent>(hits.constData(), size_t(hits.size())));
        }
        if (events)
            deliver(*events);
    }
    return hit;
}

Q_ALWAYS_INLINE void ImageCachePrivate::logObservedHit(ReaderCounters &stripe, Slot &slot,
                                                       quint32 index, TakenHits &taken) noexcept
{
    const CacheEvent::Clock::time_point now = CacheEvent::Clock::now();
    const int logged = stripe.observedHits;
    stripe.observedHitLog[size_t(logged)] = {now, slot.entryId, index};
    stripe.observedHits = logged + 1;
    if (logged + 1 == ObservedHitCapacity || now - stripe.lastObservedBatch >= ObservedHitMaxDelay)
            [[unlikely]] {
        takeObservedHits(stripe, now, taken);
        numberEvents(taken, 0);
    }
}

template <typename Events>
void ImageCachePrivate::takeObservedHits(ReaderCounters &stripe, CacheEvent::Clock::time_point now,
                                         Events &out) noexcept
{
    const int logged = std::exchange(stripe.observedHits, 0);
    if (logged == 0)
        return;
    stripe.lastObservedBatch = now;
    if (!isObserved())
        return; // nobody to tell (the last observer left)
    try {
        out.reserve(qsizetype(out.size()) + logged);
    } catch (...) {
        eventsLost(size_t(logged));
        return;
    }
    for (const ObservedHit &hit : std::span(stripe.observedHitLog.data(), size_t(logged))) {
        Slot &slot = table.at(hit.slot);
        // Always true: entries leave only under the exclusive lock, which takes the logs first.
        if (slot.entryId != hit.entryId)
            continue;
        CacheEvent event = makeEvent(CacheEventType::Hit, &slot);
        event.time = hit.time;
        // Batches of different stripes can be taken out of time order; the latest access wins.
        const Slot::Clock::rep at = hit.time.time_since_epoch().count();
        if (slot.lastAccess.load(std::memory_order_relaxed) < at)
            slot.lastAccess.store(at, std::memory_order_relaxed);
        out.push_back(std::move(event)); // reserved: cannot throw
    }
}

template <typename Events>
void ImageCachePrivate::numberEvents(Events &events, qsizetype from) noexcept
{
    if (qsizetype(events.size()) == from)
        return;
    quint64 next = sequence.fetch_add(quint64(qsizetype(events.size()) - from), std::memory_order_relaxed);
    for (auto it = events.begin() + qsizetype(from); it != events.end(); ++it)
        it->sequence = next++;
}

void ImageCachePrivate::collectObservedHits() noexcept
{
    int logged = 0;
    stripes.forEachPayload([&logged](const ReaderCounters &stripe) { logged += stripe.observedHits; });
    if (logged == 0) [[likely]]
        return;
    const CacheEvent::Clock::time_point now = CacheEvent::Clock::now();
    std::scoped_lock guard(pendingHitsMutex);
    const auto from = qsizetype(pendingHits.size());
    stripes.forEachPayload([&](ReaderCounters &stripe) { takeObservedHits(stripe, now, pendingHits); });
    // Each stripe's hits are in time order; merged, all of them are (stable: equal times keep
    // their stripe's order). std::stable_sort does without its buffer if it cannot get one.
    std::stable_sort(pendingHits.begin() + qsizetype(from), pendingHits.end(),
                     [](const CacheEvent &a, const CacheEvent &b) { return a.time < b.time; });
    numberEvents(pendingHits, from);
    hasPendingHits.store(!pendingHits.empty(), std::memory_order_release);
}

void ImageCachePrivate::deliverPendingHits() noexcept
{
    if (!hasPendingHits.load(std::memory_order_acquire)) [[likely]]
        return;
    std::vector<CacheEvent> hits;
    {
        std::scoped_lock guard(pendingHitsMutex);
        hits.swap(pendingHits);
        hasPendingHits.store(false, std::memory_order_relaxed);
    }
    deliver(std::span<const CacheEvent>(hits));
}

bool ImageCachePrivate::insert(const QString &key, const QImage &image,
                               std::shared_ptr<ImageCache::Key::Data> handle)
{
    const qint64 cost = ImageCache::costOf(image);
    const quint32 hash = key.isEmpty() ? 0 : Internal::EntryTable::hashOf(key); // once, unlocked
    Graveyard graveyard;
    EventBatch events = newBatch();
    bool inserted = false;
    {
        std::scoped_lock guard(lock);
        const quint32 old = key.isEmpty() ? NoSlot : table.indexOf(key, hash);
        if (cost > limit) {
            // As QPixmapCache: a rejected insert still drops the old entry under that key.
            if (old != NoSlot) {
                remove(old, EvictionCause::Replaced, graveyard, events);
                stopTimerIfEmpty(events);
            }
        } else {
            // Everything that can throw happens here, before the table changes.
            timer.prepare();
            const auto reservation = table.prepare(newEntryId(), !key.isEmpty(), bool(handle));
            if (old != NoSlot)
                remove(old, EvictionCause::Replaced, graveyard, events);
            evictUntil(limit - cost, EvictionCause::CostLimit, graveyard, events);
            const quint32 index = table.commit(reservation, key, hash, image, cost,
                                               std::move(handle));
            ++counters.insertions;
            counters.peakUsed = std::max(counters.peakUsed, clampToInt(table.totalCost()));
            events.add(makeEvent(CacheEventType::Insert, &table.at(index)));
            startTimerIfStopped(events);
            inserted = true;
        }
    }
    deliver(events);
    return inserted;
}

bool ImageCachePrivate::replace(const ImageCache::Key::Data &key, const QImage &image)
{
    const qint64 cost = ImageCache::costOf(image);
    Graveyard graveyard;
    EventBatch events = newBatch();
    bool replaced = false;
    {
        std::scoped_lock guard(lock);
        const quint32 index = table.indexOf(key);
        if (index == NoSlot)
            return false;
        if (cost > limit) {
            remove(index, EvictionCause::Replaced, graveyard, events);
            stopTimerIfEmpty(events);
        } else {
            timer.prepare(); // may throw: before anything changes
            const qint64 oldCost = table.at(index).cost;
            // Out of the recency list while trimming, so the trim cannot pick the entry itself.
            table.unlink(index);
            table.replaceImage(index, image, cost, graveyard);
            evictUntil(limit, EvictionCause::CostLimit, graveyard, events);
            table.relinkAsNewest(index);
            // The old image counts as evicted and the new one as inserted, so that
            // count == insertions - evictions always holds.
            ++counters.insertions;
            ++counters.evictions;
            ++counters.evictionsByCause[int(EvictionCause::Replaced)];
            counters.evictedKb += quint64(oldCost);
            counters.peakUsed = std::max(counters.peakUsed, clampToInt(table.totalCost()));
            events.add(makeEvent(CacheEventType::Replace, &table.at(index)));
            startTimerIfStopped(events);
            replaced = true;
        }
    }
    deliver(events);
    return replaced;
}

void ImageCachePrivate::remove(quint32 index, EvictionCause cause, Graveyard &graveyard,
                               EventBatch &events) noexcept
{
    if (events.isEnabled()) {
        CacheEvent evict = makeEvent(CacheEventType::Evict, &table.at(index));
        evict.cause = cause;
        events.add(std::move(evict));
    }
    const qint64 cost = table.remove(index, graveyard);
    ++counters.evictions;
    ++counters.evictionsByCause[int(cause)];
    counters.evictedKb += quint64(cost);
}

qint64 ImageCachePrivate::evictUntil(qint64 targetKb, EvictionCause cause, Graveyard &graveyard,
                                     EventBatch &events, int *evicted) noexcept
{
    qint64 freed = 0;
    while (table.totalCost() > targetKb) {
        const quint32 victim = table.nextVictim();
        if (victim == NoSlot)
            break;
        freed += table.at(victim).cost;
        remove(victim, cause, graveyard, events);
        if (evicted)
            ++*evicted;
    }
    return freed;
}

// One step of QPixmapCache's idle decay (QT_NOTES §1.5): busy drops at least one entry, idle cuts
// the total to 3/4. Timer ticks also reschedule; a manual flush only stops the timer when empty.
bool ImageCachePrivate::flushStep(FlushMode mode, bool manual, Graveyard &graveyard,
                                  EventBatch &events) noexcept
{
    static constexpr qint64 IdleKeepNumerator = 3;
    static constexpr qint64 IdleKeepDenominator = 4;

    const qint64 total = table.totalCost();
    int evictedEntries = 0;
    qint64 evictedKb = 0;
    if (total > 0) {
        const qint64 target = mode == FlushMode::Idle
                ? total * IdleKeepNumerator / IdleKeepDenominator
                : total - 1;
        evictedKb = evictUntil(target, EvictionCause::FlushTimer, graveyard, events,
                               &evictedEntries);
    }
    costAtLastTick = table.totalCost();
    ++counters.flushTicks;
    const bool evicted = evictedEntries > 0;

    bool stop = table.count() == 0;
    if (!manual) {
        stop = stop || !evicted;
        const bool idle = mode == FlushMode::Idle;
        if (!stop && idle != soonIntervalActive) {
            soonIntervalActive = idle;
            timer.start(idle ? soonInterval : flushInterval);
        }
    }
    CacheEvent tick = makeEvent(CacheEventType::FlushTick);
    tick.mode = mode;
    tick.manual = manual;
    tick.entries = evictedEntries;
    tick.kb = evictedKb;
    tick.nextInterval = stop || !timer.isActive() ? milliseconds(-1) : timer.interval();
    events.add(std::move(tick));
    if (stop)
        stopTimer(events);
    return evicted;
}

void ImageCachePrivate::onTimerTick(quint64 generation)
{
    EventBatch events = newBatch();
    {
        // Released before the observers hear of the tick: whoever waits on this thread's events
        // (an inspector, a test) then finds the evicted images' memory already given back.
        Graveyard graveyard;
        std::scoped_lock guard(lock);
        if (!timer.isCurrent(generation))
            return; // stopped or restarted after this tick was due
        const bool idle = table.totalCost() == costAtLastTick;
        flushStep(idle ? FlushMode::Idle : FlushMode::Busy, /*manual=*/false, graveyard, events);
    }
    deliver(events);
}

void ImageCachePrivate::startTimerIfStopped(EventBatch &events)
{
    if (timer.isActive())
        return;
    soonIntervalActive = false;
    timer.start(flushInterval);
    CacheEvent started = makeEvent(CacheEventType::TimerStarted);
    started.nextInterval = flushInterval;
    events.add(std::move(started));
}

void ImageCachePrivate::stopTimer(EventBatch &events)
{
    if (!timer.isActive())
        return;
    timer.stop();
    events.add(makeEvent(CacheEventType::TimerStopped));
}

// Departure from QPixmapCache, which lets one more tick run: no timer while the cache is empty, so
// an idle app can sleep.
void ImageCachePrivate::stopTimerIfEmpty(EventBatch &events)
{
    if (table.count() == 0)
        stopTimer(events);
}

// Out of line, so the common hit carries none of it.
ImageCachePrivate::Drain ImageCachePrivate::logLastHit(ReaderCounters &stripe,
                                                       const BufferedHit &hit,
                                                       BufferedHit *overflow) noexcept
{
    if (stripe.bufferedHits == HitBufferCapacity) {
        // Only where threads share a stripe: another filled it and could not stage it.
        *overflow = hit;
        return Drain::BuffersAndOverflow;
    }
    if (stripe.bufferedHits == 0)
        stripe.oldestPending.store(hit.ticket, std::memory_order_release);
    stripe.hitBuffer[size_t(stripe.bufferedHits++)] = hit;
    if (stripe.bufferedHits < HitBufferCapacity)
        return Drain::No;
    std::scoped_lock recency(recencyMutex);
    return stageHits(stripe) ? Drain::No : Drain::Buffers;
}

void ImageCachePrivate::drainHits(const BufferedHit *extra) noexcept
{
    stripes.lock();
    applyBufferedHits(extra);
    stripes.unlock();
}

Q_ALWAYS_INLINE void ImageCachePrivate::promote(const BufferedHit &hit) noexcept
{
    // Entries only leave under the exclusive lock, which empties every buffer first; checked
    // anyway, so a recycled slot could never be promoted in another entry's name.
    Slot &slot = table.at(hit.slot);
    if (slot.entryId == hit.entryId) {
        slot.hits.store(slot.hits.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        table.touch(hit.slot);
    }
}

// Why this keeps the order exact: a staged hit is promoted only when it is older than every hit
// still buffered in another stripe. If a hit h there happened before one of ours, that stripe
// published h's ticket (or an older one) before h ended, so we see it and stop before ours. A hit
// we do not see yet did not happen before ours, so putting ours first is a true order. Readers
// of other stripes do not read the recency links, so promoting under recencyMutex and our
// stripe's mutex is safe, as applying a full buffer always was.
bool ImageCachePrivate::stageHits(ReaderCounters &stripe) noexcept
{
    const int incoming = stripe.bufferedHits;
    if (stagedCount + incoming > StagedCapacity)
        return false;
    quint64 horizon = NoPendingHit;
    stripes.forEachPayloadUnlocked([&](const ReaderCounters &other) {
        if (&other != &stripe)
            horizon = std::min(horizon, other.oldestPending.load(std::memory_order_acquire));
    });
    if (stagedCount == 0 && stripe.hitBuffer[size_t(incoming - 1)].ticket < horizon) {
        // Nothing older anywhere (one busy reader, say): promoted straight from the buffer.
        for (int i = 0; i < incoming; ++i)
            promote(stripe.hitBuffer[size_t(i)]);
        stripe.bufferedHits = 0;
        stripe.oldestPending.store(NoPendingHit, std::memory_order_release);
        return true;
    }
    // Merged from the back into the room after the staged hits. On equal tickets (one stripe's)
    // the staged hit is the older and stays first.
    int from = stagedCount - 1;
    int to = stagedCount + incoming - 1;
    for (int in = incoming - 1; in >= 0; --to) {
        if (from >= 0 && staged[size_t(from)].ticket > stripe.hitBuffer[size_t(in)].ticket)
            staged[size_t(to)] = staged[size_t(from--)];
        else
            staged[size_t(to)] = stripe.hitBuffer[size_t(in--)];
    }
    stagedCount += incoming;
    stripe.bufferedHits = 0;
    stripe.oldestPending.store(NoPendingHit, std::memory_order_release);

    int promoted = 0;
    for (; promoted < stagedCount && staged[size_t(promoted)].ticket < horizon; ++promoted)
        promote(staged[size_t(promoted)]);
    std::move(staged.begin() + promoted, staged.begin() + stagedCount, staged.begin());
    stagedCount -= promoted;
    return true;
}

void ImageCachePrivate::applyBufferedHits(const BufferedHit *extra) noexcept
{
    // A k-way merge by ticket: each stripe's buffer is in ticket order already, no two stripes
    // hold the same ticket, and equal tickets keep their order. One reader thread (the common
    // case) leaves one run to go through.
    struct Run
    {
        const BufferedHit *next;
        const BufferedHit *end;
    };
    std::array<Run, Internal::StripedLock<ReaderCounters>::StripeCount + 2> runs;
    size_t runCount = 0;
    if (stagedCount > 0) // first: on equal tickets, staged hits are the older
        runs[runCount++] = {staged.data(), staged.data() + stagedCount};
    stagedCount = 0;
    stripes.forEachPayload([&](ReaderCounters &stripe) {
        if (stripe.bufferedHits > 0) {
            runs[runCount++] = {stripe.hitBuffer.data(),
                                stripe.hitBuffer.data() + stripe.bufferedHits};
            stripe.bufferedHits = 0; // read below, before any reader can append again
            stripe.oldestPending.store(NoPendingHit, std::memory_order_relaxed);
        }
    });
    if (extra)
        runs[runCount++] = {extra, extra + 1};
    while (runCount > 1) {
        size_t oldest = 0;
        for (size_t i = 1; i < runCount; ++i) {
            if (runs[i].next->ticket < runs[oldest].next->ticket)
                oldest = i;
        }
        promote(*runs[oldest].next);
        // Erased in place, not swapped with the last run: `extra` comes last and may tie with
        // the tickets of its own stripe's buffer, whose hits came first.
        if (++runs[oldest].next == runs[oldest].end) {
            std::copy(runs.begin() + oldest + 1, runs.begin() + runCount, runs.begin() + oldest);
            --runCount;
        }
    }
    if (runCount == 1) {
        for (const BufferedHit *hit = runs[0].next; hit != runs[0].end; ++hit)
            promote(*hit);
    }
}

void ImageCachePrivate::deliver(const EventBatch &events) noexcept
{
    deliverPendingHits();
    deliver(events.events());
}

void ImageCachePrivate::deliver(std::span<const CacheEvent> events) noexcept
{
    if (events.empty())
        return;
    // An observer may call back into this cache and cause more events on this thread. Delivered
    // at once, they would overtake the batch still being delivered (O2 would see Evict(k) from O1's
    // remove(k) before the Insert(k) that O1 was answering), so they are queued and delivered after
    // it, in order. Nor may a nested delivery lock observerLock again: taking a shared_mutex twice
    // on one thread is undefined; this thread holds it, so the observer list cannot change.
    // A fixed array, so recording this allocates nothing (clear() is noexcept).
    struct Delivery
    {
        const ImageCachePrivate *cache;
        std::vector<CacheEvent> *queued;
    };
    static constexpr int MaxNestedCaches = 8;
    thread_local std::array<Delivery, MaxNestedCaches> delivering{};
    thread_local int depth = 0;
    const auto end = delivering.begin() + depth;
    const auto outer = std::find_if(delivering.begin(), end,
                                    [this](const Delivery &d) { return d.cache == this; });
    if (outer != end) {
        try {
            outer->queued->insert(outer->queued->end(), events.begin(), events.end());
        } catch (...) {
            eventsLost(events.size()); // as EventBatch does when it cannot store one
        }
        return;
    }

    std::vector<CacheEvent> queued; // allocates only if an observer causes events
    std::shared_lock guard(observerLock);
    const bool recorded = depth < MaxNestedCaches;
    if (recorded)
        delivering[size_t(depth++)] = {this, &queued};
    const auto done = qScopeGuard([recorded] {
        if (recorded)
            --depth;
    });
    notifyObservers(events);
    while (!queued.empty()) {
        const std::vector<CacheEvent> batch = std::exchange(queued, {});
        notifyObservers(batch);
    }
}

// Observers cannot break the cache: the change they hear of is committed, and the caller must get
// its result (insert(QImage) its key; clear() is noexcept). So what one throws is logged and
// dropped, and the others are still called.
void ImageCachePrivate::notifyObservers(std::span<const CacheEvent> events) noexcept
{
    for (CacheObserver *observer : observers) {
        try {
            observer->cacheEvents(events);
        } catch (const std::exception &e) {
            observerFailed(e.what());
        } catch (...) {
            observerFailed("an exception not derived from std::exception");
        }
    }
}

void ImageCachePrivate::observerFailed(const char *what) noexcept
{
    Internal::noteFallback(Internal::Fallback::ObserverFailed);
    const quint64 failures = observerFailures.fetch_add(1, std::memory_order_relaxed) + 1;
    // Logged at powers of two only, so an observer that throws on every hit cannot flood the log.
    if ((failures & (failures - 1)) != 0)
        return;
    try {
        qCWarning(lcCore, "An observer threw (%s); the cache ignored it (%llu failures so far)",
                  what, static_cast<unsigned long long>(failures));
    } catch (...) {
        Internal::noteFallback(Internal::Fallback::WarningLost);
    }
}

void ImageCachePrivate::eventsLost(size_t count) noexcept
{
    Internal::noteFallback(Internal::Fallback::QueuedEventsLost);
    try {
        qCWarning(lcCore, "Out of memory: %zu cache events were not delivered", count);
    } catch (...) {
        Internal::noteFallback(Internal::Fallback::WarningLost);
    }
}

// ---- ImageCache --------------------------------------------------------------------------------

ImageCache::ImageCache() : ImageCache(DefaultCacheLimitKb) { }

ImageCache::ImageCache(int cacheLimitKb, EvictionPolicy policy)
    : d(std::make_unique<ImageCachePrivate>(cacheLimitKb, policy))
{
}

namespace {
// A cache destroyed by its own observer during a flush tick, on the timer's thread: the tick is
// further up that thread's stack and still uses the cache's private part. The timer's thread ends
// right after that tick (it was shut down), and this releases the private part then.
thread_local std::unique_ptr<ImageCachePrivate> destroyedDuringTick;
} // namespace

ImageCache::~ImageCache()
{
    // Joins the timer thread first (a tick in flight needs the rest of the cache); on the timer's
    // own thread it cannot, and leaves the thread to end after the tick instead.
    const bool duringTick = d->timer.isTimerThread();
    d->timer.shutdown();
    if (duringTick)
        destroyedDuringTick = std::move(d);
}

ImageCache &ImageCache::instance()
{
    static ImageCache cache;
    return cache;
}

qint64 ImageCache::costOf(const QImage &image) noexcept
{
    static constexpr qint64 BitsPerByte = 8;
    static constexpr qint64 BytesPerKb = 1024;
    const qint64 bits = qint64(image.width()) * image.height() * image.depth();
    return std::max<qint64>(1, bits / BitsPerByte / BytesPerKb);
}

int ImageCache::cacheLimit() const
{
    std::scoped_lock guard(d->stripes); // reads only: no buffered hits to take
    return clampToInt(d->limit);
}

void ImageCache::setCacheLimit(int kb)
{
    Graveyard graveyard;
    auto events = d->newBatch();
    {
        std::scoped_lock guard(d->lock);
        d->limit = kb;
        d->evictUntil(std::max(kb, 0), EvictionCause::CostLimit, graveyard, events);
        CacheEvent changed = makeEvent(CacheEventType::LimitChanged);
        changed.costKb = kb;
        events.add(std::move(changed));
        d->stopTimerIfEmpty(events);
    }
    d->deliver(events);
}

int ImageCache::totalUsed() const
{
    std::scoped_lock guard(d->stripes); // reads only: no buffered hits to take
    return clampToInt(d->table.totalCost());
}

int ImageCache::count() const
{
    std::scoped_lock guard(d->stripes); // reads only: no buffered hits to take
    return d->table.count();
}

EvictionPolicy ImageCache::evictionPolicy() const
{
    return d->table.policy();
}

bool ImageCache::find(const QString &key, QImage *image) const
{
    if (key.isEmpty())
        return false;
    const quint32 hash = d->table.hashOf(key); // before locking
    return d->find([&] { return d->table.indexOf(key, hash); }, key, 0, image);
}

bool ImageCache::find(const Key &key, QImage *image) const
{
    if (!key.d)
        return false;
    const Key::Data &data = *key.d;
    return d->find([&] { return d->table.indexOf(data); }, QString(), data.entryId, image);
}

bool ImageCache::insert(const QString &key, const QImage &image)
{
    if (key.isEmpty())
        return false;
    return d->insert(key, image, nullptr);
}

ImageCache::Key ImageCache::insert(const QImage &image)
{
    auto data = std::make_shared<Key::Data>();
    if (!d->insert(QString(), image, data))
        return Key();
    return Key(std::move(data));
}

bool ImageCache::replace(const Key &key, const QImage &image)
{
    if (!key.d)
        return false;
    return d->replace(*key.d, image);
}

void ImageCache::remove(const QString &key)
{
    if (key.isEmpty())
        return;
    const quint32 hash = d->table.hashOf(key);
    Graveyard graveyard;
    auto events = d->newBatch();
    {
        std::scoped_lock guard(d->lock);
        const quint32 index = d->table.indexOf(key, hash);
        if (index == NoSlot)
            return;
        d->remove(index, EvictionCause::Removed, graveyard, events);
        d->stopTimerIfEmpty(events);
    }
    d->deliver(events);
}

void ImageCache::remove(const Key &key)
{
    if (!key.d)
        return;
    Graveyard graveyard;
    auto events = d->newBatch();
    {
        std::scoped_lock guard(d->lock);
        const quint32 index = d->table.indexOf(*key.d);
        if (index == NoSlot)
            return;
        d->remove(index, EvictionCause::Removed, graveyard, events);
        d->stopTimerIfEmpty(events);
    }
    d->deliver(events);
}

void ImageCache::clear() noexcept
{
    // The old slots are swapped out and released after unlocking. Nothing here allocates but the
    // events, which are dropped when they cannot be stored: clear() cannot fail.
    Internal::EntryTable::Chunks graveyard;
    auto events = d->newBatch();
    {
        std::scoped_lock guard(d->lock);
        const int entries = d->table.count();
        const qint64 kb = d->table.totalCost();
        d->counters.evictions += quint64(entries);
        d->counters.evictionsByCause[int(EvictionCause::Cleared)] += quint64(entries);
        d->counters.evictedKb += quint64(kb);
        d->table.clear(graveyard);
        CacheEvent cleared = makeEvent(CacheEventType::Clear);
        cleared.entries = entries;
        cleared.kb = kb;
        events.add(std::move(cleared));
        d->stopTimer(events);
    }
    d->deliver(events);
}

bool ImageCache::contains(const QString &key) const
{
    if (key.isEmpty())
        return false;
    const quint32 hash = d->table.hashOf(key);
    Internal::StripedLock<ImageCachePrivate::ReaderCounters>::SharedGuard guard(d->stripes);
    return d->table.indexOf(key, hash) != NoSlot;
}

CacheStats ImageCache::stats() const
{
    std::scoped_lock guard(d->stripes); // reads only: no buffered hits to take
    CacheStats stats = d->counters;
    d->stripes.forEachPayload([&](const ImageCachePrivate::ReaderCounters &counters) {
        stats.hits += counters.hits;
        stats.misses += counters.misses;
    });
    stats.count = d->table.count();
    stats.totalUsed = clampToInt(d->table.totalCost());
    stats.cacheLimit = clampToInt(d->limit);
    return stats;
}

bool ImageCache::flush(FlushMode mode)
{
    Graveyard graveyard;
    auto events = d->newBatch();
    bool evicted = false;
    {
        std::scoped_lock guard(d->lock);
        evicted = d->flushStep(mode, /*manual=*/true, graveyard, events);
    }
    d->deliver(events);
    return evicted;
}

bool ImageCache::flush()
{
    Graveyard graveyard;
    auto events = d->newBatch();
    bool evicted = false;
    {
        std::scoped_lock guard(d->lock);
        const bool idle = d->table.totalCost() == d->costAtLastTick;
        evicted = d->flushStep(idle ? FlushMode::Idle : FlushMode::Busy, /*manual=*/true,
                               graveyard, events);
    }
    d->deliver(events);
    return evicted;
}

bool ImageCache::isFlushTimerActive() const
{
    return d->timer.isActive();
}

void ImageCache::setFlushIntervals(milliseconds soon, milliseconds flush)
{
    std::scoped_lock guard(d->lock);
    d->soonInterval = std::max(soon, milliseconds(1));
    d->flushInterval = std::max(flush, milliseconds(1));
    if (d->timer.isActive())
        d->timer.start(d->soonIntervalActive ? d->soonInterval : d->flushInterval);
}

milliseconds ImageCache::soonInterval() const
{
    std::scoped_lock guard(d->stripes); // reads only: no buffered hits to take
    return d->soonInterval;
}

milliseconds ImageCache::flushInterval() const
{
    std::scoped_lock guard(d->stripes); // reads only: no buffered hits to take
    return d->flushInterval;
}

milliseconds ImageCache::currentFlushInterval() const
{
    return d->timer.activeInterval();
}

milliseconds ImageCache::remainingTimeToTick() const
{
    return d->timer.remainingTime();
}

void ImageCache::recordError(const QString &key, const QString &message)
{
    auto events = d->newBatch();
    {
        std::scoped_lock guard(d->lock);
        ++d->counters.errors;
        CacheEvent error = makeEvent(CacheEventType::Error);
        error.key = key;
        error.message = message;
        events.add(std::move(error));
    }
    d->deliver(events);
}

void ImageCache::recordLoad(const QString &key, LoadTier tier, qint64 bytes)
{
    static constexpr qint64 BytesPerKb = 1024;
    auto events = d->newBatch();
    {
        std::scoped_lock guard(d->lock);
        CacheEvent loaded;
        switch (tier) {
        case LoadTier::DiskHit:
            ++d->counters.diskHits;
            loaded = makeEvent(CacheEventType::DiskHit);
            break;
        case LoadTier::Revalidated:
            ++d->counters.revalidations;
            loaded = makeEvent(CacheEventType::Revalidate);
            break;
        case LoadTier::Fetched:
            ++d->counters.fetches;
            loaded = makeEvent(CacheEventType::Fetch);
            loaded.kb = (std::max<qint64>(bytes, 0) + BytesPerKb - 1) / BytesPerKb;
            d->counters.downloadedKb += quint64(loaded.kb);
            break;
        }
        loaded.key = key;
        events.add(std::move(loaded));
    }
    d->deliver(events);
}

int ImageCache::trim(TrimLevel level)
{
    Graveyard graveyard;
    auto events = d->newBatch();
    int trimmed = 0;
    {
        std::scoped_lock guard(d->lock);
        // Decided before anything goes: evictionOrder() walks the table as it is now.
        for (const quint32 index : d->table.evictionOrder()) {
            const QImage &image = d->table.at(index).image;
            if (level == TrimLevel::All || image.isNull() || image.isDetached()) {
                d->remove(index, EvictionCause::Trimmed, graveyard, events);
                ++trimmed;
            }
        }
        d->stopTimerIfEmpty(events);
    }
    d->deliver(events);
    return trimmed;
}

QList<CacheEntryInfo> ImageCache::entries() const
{
    QList<CacheEntryInfo> result;
    // Under `lock`, which takes the observed hits too: their times are the entries' last access.
    // Those hits are delivered then, not left for whoever changes the cache next.
    const auto deliverTaken = qScopeGuard([this] { d->deliverPendingHits(); });
    std::scoped_lock guard(d->lock);
    const std::vector<quint32> order = d->table.evictionOrder();
    result.reserve(qsizetype(order.size()));
    for (const quint32 index : order) {
        const Slot &slot = d->table.at(index);
        CacheEntryInfo info;
        info.entryId = slot.entryId;
        info.key = slot.key;
        info.size = slot.image.size();
        info.depth = slot.image.depth();
        info.costKb = slot.cost;
        info.hits = slot.hits.load(std::memory_order_relaxed);
        info.inserted = slot.inserted;
        info.lastAccess = Slot::Clock::time_point(
                Slot::Clock::duration(slot.lastAccess.load(std::memory_order_relaxed)));
        // The cache holds one reference; any other means someone outside uses the image.
        info.inUse = !slot.image.isNull() && !slot.image.isDetached();
        result.append(std::move(info));
    }
    return result;
}

QImage ImageCache::peek(const QString &key) const
{
    if (key.isEmpty())
        return QImage();
    const quint32 hash = d->table.hashOf(key);
    Internal::StripedLock<ImageCachePrivate::ReaderCounters>::SharedGuard guard(d->stripes);
    const quint32 index = d->table.indexOf(key, hash);
    return index == NoSlot ? QImage() : d->table.at(index).image;
}

QImage ImageCache::peek(quint64 entryId) const
{
    Internal::StripedLock<ImageCachePrivate::ReaderCounters>::SharedGuard guard(d->stripes);
    const quint32 index = d->table.indexOfEntry(entryId);
    return index == NoSlot ? QImage() : d->table.at(index).image;
}

void ImageCache::addObserver(CacheObserver *observer)
{
    if (!observer)
        return;
    std::unique_lock guard(d->observerLock);
    if (std::find(d->observers.begin(), d->observers.end(), observer) != d->observers.end())
        return;
    d->observers.push_back(observer);
    d->observerCount.store(int(d->observers.size()), std::memory_order_relaxed);
}

void ImageCache::deliverBufferedEvents() noexcept
{
    // Stripe by stripe, not under the exclusive lock: a refresh must not stall every reader.
    std::vector<CacheEvent> hits;
    const CacheEvent::Clock::time_point now = CacheEvent::Clock::now();
    d->stripes.forEachPayloadInTurn([&](ImageCachePrivate::ReaderCounters &stripe) {
        if (stripe.observedHits == 0)
            return;
        const auto from = qsizetype(hits.size());
        d->takeObservedHits(stripe, now, hits);
        d->numberEvents(hits, from);
    });
    d->deliverPendingHits();
    d->deliver(std::span<const CacheEvent>(hits));
}

void ImageCache::removeObserver(CacheObserver *observer)
{
    deliverBufferedEvents(); // an observer hears every hit made before it leaves
    std::unique_lock guard(d->observerLock);
    std::erase(d->observers, observer);
    d->observerCount.store(int(d->observers.size()), std::memory_order_relaxed);
}

} // namespace CacheScope
