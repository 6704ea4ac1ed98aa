// Copyright (C) 2026 The CacheScope authors.
#include "faultsweep.h"

#include <algorithm>
#include <limits>

namespace FaultSweep {

using CacheScope::CacheEvent;
using CacheScope::CacheEventType;
using CacheScope::EvictionCause;

namespace {

const char *nameOf(CacheEventType type)
{
    static constexpr const char *Names[] = {
        "Hit",          "Miss",         "Insert",       "Replace", "Evict",
        "Clear",        "FlushTick",    "TimerStarted", "TimerStopped",
        "LimitChanged", "Error",        "DiskHit",      "Revalidate", "Fetch",
    };
    const auto index = size_t(type);
    return index < std::size(Names) ? Names[index] : "?";
}

const char *nameOf(EvictionCause cause)
{
    static constexpr const char *Names[] = {
        "CostLimit", "FlushTimer", "Removed", "Replaced", "Cleared", "Trimmed",
    };
    const auto index = size_t(cause);
    return index < std::size(Names) ? Names[index] : "?";
}

const char *nameOf(Fallback fallback)
{
    static constexpr const char *Names[] = {
        "image released under the lock", "event dropped", "queued events lost",
        "observer failed", "warning lost",
    };
    static_assert(std::size(Names) == FallbackCount);
    return Names[size_t(fallback)];
}

QString describeException(const std::exception_ptr &failure)
{
    try {
        std::rethrow_exception(failure);
    } catch (const std::bad_alloc &) {
        return QStringLiteral("std::bad_alloc");
    } catch (const std::system_error &e) {
        return QStringLiteral("std::system_error: %1").arg(QLatin1String(e.what()));
    } catch (const std::exception &e) {
        return QStringLiteral("unexpected: %1").arg(QLatin1String(e.what()));
    } catch (...) {
        return QStringLiteral("unexpected: not a std::exception");
    }
}

// What an operation may throw when an allocation fails: std::bad_alloc, or std::system_error when
// the flush timer's thread cannot be started (pthread_create() allocates, and reports EAGAIN).
bool isAllocationFailure(const QString &exception)
{
    return exception == QLatin1String("std::bad_alloc")
        || exception.startsWith(QLatin1String("std::system_error"));
}

bool isSubsequence(const QStringList &part, const QStringList &whole)
{
    qsizetype next = 0;
    for (const QString &line : part) {
        while (next < whole.size() && whole.at(next) != line)
            ++next;
        if (next == whole.size())
            return false;
        ++next;
    }
    return true;
}

QByteArray modeName(Mode mode)
{
    return mode == Mode::Sticky ? "sticky" : "one-shot";
}

void sweepInto(const Row &row, const Scenario &scenario, Summary *summary)
{
    const Attempt before = attempt(row, scenario, Run::SetupOnly);
    if (QTest::currentTestFailed())
        return;
    const Attempt undisturbed = attempt(row, scenario, Run::Undisturbed);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(undisturbed.exception.isEmpty(), qPrintable(undisturbed.exception));

    for (int n = 0; n < MaxInjectionPoints; ++n) {
        const Attempt now = attempt(row, scenario, Run::Injected, n);
        const QByteArray where = "with allocation " + QByteArray::number(n) + " failing ("
                + modeName(row.mode) + "), threw '" + now.exception.toUtf8() + "', fallbacks "
                + now.fallbacks.toString().toUtf8();
        const auto explain = qScopeGuard([&] {
            if (QTest::currentTestFailed()) {
                qWarning("%s", where.constData());
                qWarning("state now:\n  %s", qPrintable(now.state.join(QLatin1String("\n  "))));
                qWarning("events now:\n  %s", qPrintable(now.events.join(QLatin1String("\n  "))));
            }
        });
        if (QTest::currentTestFailed())
            return; // the invariants, checked by attempt()
        if (now.report.injected == 0) {
            // Not reached: the operation makes n allocations, and this run was undisturbed.
            summary->allocations = n;
            QCOMPARE(n, undisturbed.report.allocations);
            QVERIFY(now.exception.isEmpty());
            QCOMPARE(now.state, undisturbed.state);
            QCOMPARE(now.events, undisturbed.events);
            return;
        }
        for (size_t kind = 0; kind < AllocationFaults::KindCount; ++kind)
            summary->injectedByKind[kind] += now.report.injectedByKind[kind];
        summary->fallbacks.add(now.fallbacks);
        if (!now.exception.isEmpty()) {
            ++summary->threw;
            QVERIFY2(isAllocationFailure(now.exception), qPrintable(now.exception));
            QCOMPARE(now.state, before.state); // strong guarantee
            QCOMPARE(now.events, QStringList()); // nothing happened, nothing to tell
        } else {
            ++summary->absorbed;
            QCOMPARE(now.state, undisturbed.state);
            if (now.fallbacks.lostEvents() || !Fallbacks::counted())
                QVERIFY2(isSubsequence(now.events, undisturbed.events),
                         "observers were told of something that did not happen, or out of order");
            else
                QCOMPARE(now.events, undisturbed.events);
        }
    }
    QFAIL("the operation never ran without reaching the failing allocation");
}

} // namespace

QString Fallbacks::toString() const
{
    if (!counted())
        return QStringLiteral("(not counted in this build)");
    QStringList ran;
    for (int i = 0; i < FallbackCount; ++i) {
        if (counts[size_t(i)] > 0)
            ran << QStringLiteral("%1 x%2").arg(QLatin1String(nameOf(Fallback(i)))).arg(counts[size_t(i)]);
    }
    return ran.isEmpty() ? QStringLiteral("none") : ran.join(QLatin1String(", "));
}

QStringList stateOf(const Fixture &fixture)
{
    const ImageCache &cache = fixture.cache;
    QStringList lines;
    // entries() first: like stats(), it applies buffered LRU hits, so the order is settled.
    for (const CacheScope::CacheEntryInfo &entry : cache.entries()) {
        const qint64 image = cache.peek(entry.entryId).cacheKey();
        const auto own = std::find_if(fixture.images.cbegin(), fixture.images.cend(),
                                      [image](const QImage &i) { return i.cacheKey() == image; });
        lines << QStringLiteral("entry '%1' %2 KiB, image #%3")
                         .arg(entry.key)
                         .arg(entry.costKb)
                         .arg(own - fixture.images.cbegin());
    }
    const CacheScope::CacheStats stats = cache.stats();
    QStringList byCause;
    for (quint64 n : stats.evictionsByCause)
        byCause << QString::number(n);
    lines << QStringLiteral("count %1, used %2 KiB, limit %3 KiB, peak %4 KiB")
                     .arg(stats.count)
                     .arg(stats.totalUsed)
                     .arg(stats.cacheLimit)
                     .arg(stats.peakUsed);
    lines << QStringLiteral("hits %1, misses %2, insertions %3, evictions %4 (by cause %5), "
                            "evicted %6 KiB, flush ticks %7, errors %8")
                     .arg(stats.hits)
                     .arg(stats.misses)
                     .arg(stats.insertions)
                     .arg(stats.evictions)
                     .arg(byCause.join(QLatin1Char(',')))
                     .arg(stats.evictedKb)
                     .arg(stats.flushTicks)
                     .arg(stats.errors);
    lines << QStringLiteral("timer %1 ms").arg(cache.currentFlushInterval().count());
    QStringList keys;
    for (const ImageCache::Key &key : fixture.keys)
        keys << (key.isValid() ? QStringLiteral("valid") : QStringLiteral("invalid"));
    lines << QStringLiteral("keys held: %1").arg(keys.join(QLatin1String(", ")));
    QStringList held;
    for (const QImage &image : fixture.images)
        held << (image.isDetached() ? QStringLiteral("released") : QStringLiteral("held"));
    lines << QStringLiteral("images: %1").arg(held.join(QLatin1String(", ")));
    lines << QStringLiteral("returned: key %1, result %2")
                     .arg(fixture.returnedKey.isValid() ? QStringLiteral("valid")
                                                        : QStringLiteral("invalid"))
                     .arg(fixture.result);
    return lines;
}

QStringList describe(const QList<CacheEvent> &events)
{
    QStringList lines;
    for (const CacheEvent &e : events) {
        QString line = QStringLiteral("%1 '%2'").arg(QLatin1String(nameOf(e.type)), e.key);
        switch (e.type) {
        case CacheEventType::Evict:
            line += QStringLiteral(" %1").arg(QLatin1String(nameOf(e.cause)));
            break;
        case CacheEventType::Clear:
        case CacheEventType::FlushTick:
            line += QStringLiteral(" %1 entries %2 KiB next %3 ms")
                            .arg(e.entries)
                            .arg(e.kb)
                            .arg(e.nextInterval.count());
            break;
        case CacheEventType::Insert:
        case CacheEventType::Replace:
        case CacheEventType::LimitChanged:
            line += QStringLiteral(" %1 KiB").arg(e.costKb);
            break;
        default:
            break;
        }
        lines << line;
    }
    return lines;
}

Attempt attempt(const Row &row, const Scenario &scenario, Run run, int failAt)
{
    Attempt result;
    Fixture fixture(scenario.limitKb, row.policy);
    fixture.cache.setFlushIntervals(Never, Never);
    fixture.mode = row.mode;
    for (const QImage &image : scenario.images)
        fixture.images.append(image.copy()); // new pixels: only the fixture and its cache hold them
    if (run == Run::Injected)
        fixture.failAt = failAt;
    else if (run == Run::Undisturbed)
        fixture.failAt = std::numeric_limits<int>::max(); // armed, to count, but never reached
    if (scenario.setup)
        scenario.setup(fixture);
    const std::unique_ptr<CacheObserver> observer =
            scenario.observer ? scenario.observer(fixture) : nullptr;
    SafeObserver recorder;
    if (observer && !scenario.observerAfterRecorder)
        fixture.cache.addObserver(observer.get());
    if (row.observed)
        fixture.cache.addObserver(&recorder);
    if (observer && scenario.observerAfterRecorder)
        fixture.cache.addObserver(observer.get());
    const auto detach = qScopeGuard([&] {
        fixture.cache.removeObserver(&recorder);
        if (observer)
            fixture.cache.removeObserver(observer.get());
    });

    if (run != Run::SetupOnly) {
        const Fallbacks before = Fallbacks::now();
        std::exception_ptr failure;
        if (scenario.armsTestThread) {
            // Undisturbed: armed all the same, so the report counts the allocations.
            AllocationFaults::arm(run == Run::Injected ? failAt : std::numeric_limits<int>::max(),
                                  row.mode);
        }
        try {
            scenario.operation(fixture);
        } catch (...) {
            failure = std::current_exception(); // allocates nothing: the exception exists
        }
        if (scenario.armsTestThread)
            result.report = AllocationFaults::disarm();
        else
            result.report = fixture.elsewhere;
        result.fallbacks = Fallbacks::now().since(before);
        if (failure)
            result.exception = describeException(failure);
    }
    result.state = stateOf(fixture);
    result.events = describe(recorder.events());
    TestSupport::checkInvariants(fixture.cache);
    return result;
}

QString Summary::toString() const
{
    QStringList kinds;
    for (size_t kind = 0; kind < AllocationFaults::KindCount; ++kind) {
        if (injectedByKind[kind] > 0)
            kinds << QStringLiteral("%1 %2").arg(injectedByKind[kind]).arg(
                    QLatin1String(AllocationFaults::nameOf(AllocationFaults::Kind(kind))));
    }
    return QStringLiteral("%1 allocations; failed %2; then threw %3 times, absorbed %4; "
                          "fallbacks: %5")
            .arg(allocations)
            .arg(kinds.isEmpty() ? QStringLiteral("none") : kinds.join(QLatin1String(", ")))
            .arg(threw)
            .arg(absorbed)
            .arg(fallbacks.toString());
}

Summary sweep(const Row &row, const Scenario &scenario)
{
    Summary summary;
    sweepInto(row, scenario, &summary);
    if (!QTest::currentTestFailed())
        qInfo("%s", qPrintable(summary.toString()));
    return summary;
}

void requireFallback(const Summary &summary, Fallback fallback, bool needsCAllocator)
{
    if (!Fallbacks::counted() || (needsCAllocator && !AllocationFaults::interposesCAllocator()))
        return;
    QVERIFY2(summary.fallbacks.of(fallback) > 0,
             qPrintable(QStringLiteral("the fallback '%1' never ran")
                                .arg(QLatin1String(nameOf(fallback)))));
}

} // namespace FaultSweep
