// Copyright (C) 2026 The CacheScope authors.
// The linked timeline's window (TimeWindow): zoom around a point, pan within the data, following
// the present and resuming it, axis marks, clock times; the event strip's counts (EventDensity);
// the hit tests behind the views (nearest flush mark, the log's row at a time); and that the
// monitor keeps the window's clock, live and for a loaded trace.
#include <cachemonitor.h>
#include <eventdensity.h>
#include <eventfiltermodel.h>
#include <timewindow.h>

#include <QtCore/qdatetime.h>
#include <QtCore/qtemporarydir.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <chrono>
#include <cmath>
#include <limits>

using namespace CacheScope;
using namespace std::chrono_literals;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double Now = 1'000'000;

CacheEvent eventAt(double ms, CacheEventType type, quint64 sequence)
{
    CacheEvent event;
    event.type = type;
    event.time = CacheEvent::Clock::time_point(std::chrono::milliseconds(qint64(ms)));
    event.sequence = sequence;
    event.key = QStringLiteral("k%1").arg(sequence);
    return event;
}

} // namespace

class tst_TimeWindow : public QObject
{
    Q_OBJECT

private slots:
    void spanCoversTheDataUntilZoomed();
    void followsThePresent();
    void zoomKeepsTheAnchorInPlace();
    void panStopsFollowingAndReachingNowResumes();
    void panStaysWithinTheData();
    void resetAndNewClock();
    void ticksAreRoundStepsBeforeNow();
    void edgeTickStaysAsThePresentMovesOn();
    void clockTextIsTheWallClock();
    void hoverClockTextFollowsTheClock();
    void densityCountsEventsPerSlice();
    void nearestRowAndRowAtTime();
    void monitorKeepsTheClockLiveAndOffline();
};

void tst_TimeWindow::spanCoversTheDataUntilZoomed()
{
    TimeWindow window;
    window.setClock(Now, NaN, NaN);
    QCOMPARE(window.spanMs(), TimeWindow::DefaultMinSpanMs); // no data: the shortest default
    window.setClock(Now, Now - 100'000, NaN);
    QCOMPARE(window.spanMs(), 100'000.0);
    QVERIFY(window.isAutoSpan());
    window.setClock(Now, Now - 1'000'000, NaN);
    QCOMPARE(window.spanMs(), TimeWindow::DefaultMaxSpanMs); // at most five minutes by default
    QCOMPARE(window.maxSpanMs(), 1'000'000.0);               // but zooming out may show it all
    window.zoom(0.1, Now);
    QCOMPARE(window.spanMs(), 1'000'000.0);
    QVERIFY(!window.isAutoSpan());
}

void tst_TimeWindow::followsThePresent()
{
    TimeWindow window;
    QSignalSpy moved(&window, &TimeWindow::windowChanged);
    window.setClock(Now, Now - 10'000, NaN);
    QVERIFY(window.isFollowing());
    QCOMPARE(window.endMs(), Now);
    QCOMPARE(window.startMs(), Now - TimeWindow::DefaultMinSpanMs);
    window.setClock(Now + 500, Now - 10'000, NaN);
    QCOMPARE(window.endMs(), Now + 500);
    QVERIFY(moved.count() >= 2);
}

void tst_TimeWindow::zoomKeepsTheAnchorInPlace()
{
    TimeWindow window;
    window.setClock(Now, Now - 200'000, NaN);
    // Following: the right edge stays at now whatever the anchor.
    window.zoom(2, Now - 150'000);
    QCOMPARE(window.spanMs(), 100'000.0);
    QCOMPARE(window.endMs(), Now);
    QVERIFY(window.isFollowing());

    window.pan(-50'000); // [now-150 s, now-50 s]
    QVERIFY(!window.isFollowing());
    const double anchor = Now - 125'000; // a quarter in
    const double xBefore = window.xOf(anchor, 800);
    window.zoom(TimeWindow::ZoomStep, anchor);
    QCOMPARE(window.spanMs(), 100'000 / TimeWindow::ZoomStep);
    QVERIFY(std::abs(window.xOf(anchor, 800) - xBefore) < 1e-6);
    QCOMPARE(window.timeAt(xBefore, 800), anchor);

    window.zoom(1e9, anchor);
    QCOMPARE(window.spanMs(), TimeWindow::MinSpanMs);
    window.zoom(0, anchor); // ignored
    QCOMPARE(window.spanMs(), TimeWindow::MinSpanMs);
}

void tst_TimeWindow::panStopsFollowingAndReachingNowResumes()
{
    TimeWindow window;
    window.setClock(Now, Now - 200'000, NaN);
    window.zoom(4, Now); // 50 s
    window.pan(-20'000);
    QVERIFY(!window.isFollowing());
    QCOMPARE(window.endMs(), Now - 20'000);
    // The present moves on; the window stays where the user reads.
    window.setClock(Now + 5'000, Now - 200'000, NaN);
    QCOMPARE(window.endMs(), Now - 20'000);
    window.pan(10'000);
    QVERIFY(!window.isFollowing());
    window.pan(1'000'000); // past now: stops at now, and follows again
    QVERIFY(window.isFollowing());
    QCOMPARE(window.endMs(), Now + 5'000);
    window.setFollowing(false);
    window.pan(-1000);
    window.followLatest();
    QVERIFY(window.isFollowing());
    QCOMPARE(window.endMs(), Now + 5'000);
    QCOMPARE(window.spanMs(), 50'000.0); // following again keeps the zoom
}

void tst_TimeWindow::panStaysWithinTheData()
{
    TimeWindow window;
    window.setClock(Now, Now - 200'000, NaN);
    window.zoom(4, Now); // 50 s
    window.pan(-1'000'000);
    QCOMPARE(window.startMs(), Now - 200'000); // the oldest datum at the left edge, no further
    window.followLatest();
    window.showEarliest();
    QCOMPARE(window.startMs(), Now - 200'000);
    // With less data than the span there is nothing to pan to.
    TimeWindow short_;
    short_.setClock(Now, Now - 5'000, NaN);
    short_.pan(-10'000);
    QVERIFY(short_.isFollowing());
    QCOMPARE(short_.endMs(), Now);
}

void tst_TimeWindow::resetAndNewClock()
{
    TimeWindow window;
    window.setClock(Now, Now - 200'000, NaN);
    window.zoom(4, Now);
    window.pan(-30'000);
    window.reset();
    QVERIFY(window.isFollowing());
    QVERIFY(window.isAutoSpan());
    QCOMPARE(window.spanMs(), 200'000.0);
    // A clock that goes back is another source: the default view of it.
    window.zoom(4, Now);
    window.pan(-30'000);
    window.setClock(Now / 2, Now / 2 - 40'000, NaN);
    QVERIFY(window.isFollowing());
    QVERIFY(window.isAutoSpan());
    QCOMPARE(window.spanMs(), 40'000.0);
}

void tst_TimeWindow::ticksAreRoundStepsBeforeNow()
{
    // 60 s, at most 6 marks: every 10 s, now included.
    QList<double> ticks = TimeWindow::ticks(Now - 60'000, Now, Now, 6);
    QCOMPARE(ticks.size(), 7);
    QCOMPARE(ticks.first(), Now);
    QCOMPARE(ticks.last(), Now - 60'000);
    // Panned back, zoomed to 3 s: half-second marks that are multiples of the step before now.
    ticks = TimeWindow::ticks(Now - 20'300, Now - 17'300, Now, 6);
    QVERIFY(!ticks.isEmpty());
    for (double tick : ticks) {
        QVERIFY(tick >= Now - 20'300 && tick <= Now - 17'300);
        QCOMPARE(std::fmod(Now - tick, 500.0), 0.0);
    }
    QCOMPARE(ticks.size(), 6);
    QVERIFY(TimeWindow::ticks(Now, Now, Now, 6).isEmpty());
}

// Following, the window's left edge is a multiple of the step before now: its tick is included
// and the count stays as the present moves on (views keep one item per tick; a count that changes
// makes a Repeater create all of them again).
void tst_TimeWindow::edgeTickStaysAsThePresentMovesOn()
{
    TimeWindow window;
    window.setClock(Now, Now - 5'000, NaN);
    QVERIFY(window.isFollowing());
    // 30 s in at most 6 marks: every 5 s, now and the left edge included.
    QCOMPARE(window.spanMs(), 30'000.0);
    for (double now = Now; now < Now + 10'000; now += 100.37) {
        window.setClock(now, Now - 5'000, NaN);
        const QList<double> ticks = TimeWindow::ticks(window.startMs(), window.endMs(), window.now(), 6);
        QCOMPARE(ticks.size(), 7);
        QCOMPARE(ticks.first(), now);
        QCOMPARE(ticks.last(), window.startMs());
    }
}

void tst_TimeWindow::clockTextIsTheWallClock()
{
    TimeWindow window;
    const QDateTime wall = QDateTime::fromString(QStringLiteral("2026-12-03T10:20:30.250Z"), Qt::ISODateWithMs);
    window.setClock(Now, Now - 10'000, double(wall.toMSecsSinceEpoch()) - Now);
    QCOMPARE(window.clockText(Now), wall.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")));
    QCOMPARE(window.clockText(Now - 4'500), wall.addMSecs(-4'500).toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")));
    // Without a wall clock, offsets from now.
    window.setClock(Now, Now - 10'000, NaN);
    QCOMPARE(window.clockText(Now - 4'500), QStringLiteral("-4.5 s"));
    QCOMPARE(window.clockText(Now), QStringLiteral("now"));
}

// The cursor's label: the clock at the pointer, current when the clock's offset moves under a
// still pointer, and notified only when its text changes.
void tst_TimeWindow::hoverClockTextFollowsTheClock()
{
    TimeWindow window;
    const QDateTime wall = QDateTime::fromString(QStringLiteral("2026-12-03T10:20:30.250Z"), Qt::ISODateWithMs);
    const double offset = double(wall.toMSecsSinceEpoch()) - Now;
    window.setClock(Now, Now - 10'000, offset);
    QSignalSpy changed(&window, &TimeWindow::hoverClockTextChanged);
    QVERIFY(window.hoverClockText().isEmpty());
    window.setHoverMs(Now - 1'000);
    QCOMPARE(window.hoverClockText(), window.clockText(Now - 1'000));
    QCOMPARE(changed.size(), 1);
    // The present moves on: a wall-clock text stays, so no signal.
    window.setClock(Now + 100, Now - 10'000, offset);
    QCOMPARE(changed.size(), 1);
    // The offset moves (the wall clock stepped): the same moment reads differently.
    window.setClock(Now + 200, Now - 10'000, offset + 1);
    QCOMPARE(window.hoverClockText(), wall.addMSecs(-1'000 + 1).toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")));
    QCOMPARE(changed.size(), 2);
    // Without a wall clock the text is relative to now, and follows it.
    window.setClock(Now + 200, Now - 10'000, NaN);
    QCOMPARE(window.hoverClockText(), QStringLiteral("-1.2 s"));
    window.setClock(Now + 500, Now - 10'000, NaN);
    QCOMPARE(window.hoverClockText(), QStringLiteral("-1.5 s"));
    QCOMPARE(changed.size(), 4);
    window.setHoverMs(NaN);
    QVERIFY(window.hoverClockText().isEmpty());
    QCOMPARE(changed.size(), 5);
}

void tst_TimeWindow::densityCountsEventsPerSlice()
{
    EventListModel events(100);
    // Ten events one second apart before now; the last one evicts.
    std::vector<CacheEvent> batch;
    for (int i = 0; i < 10; ++i)
        batch.push_back(eventAt(Now - 9'500 + i * 1'000, i == 9 ? CacheEventType::Evict : CacheEventType::Hit, quint64(i)));
    events.append(batch);
    TimeWindow window;
    window.setClock(Now, Now - 30'000, NaN); // other data goes further back
    window.zoom(3, Now); // 10 s: [now-10 s, now]
    QCOMPARE(window.spanMs(), 10'000.0);
    EventDensity density;
    density.setEvents(&events);
    density.setWindow(&window);
    density.setBuckets(5); // 2 s each
    QCOMPARE(density.counts(), QList<int>({2, 2, 2, 2, 2}));
    QCOMPARE(density.evictions(), QList<int>({0, 0, 0, 0, 1}));
    QCOMPARE(density.total(), 10);
    QCOMPARE(density.peak(), 2);

    // The window moves: only what is inside it is counted.
    QSignalSpy recounted(&density, &EventDensity::countsChanged);
    window.pan(-5'000); // [now-15 s, now-5 s]
    QVERIFY(recounted.count() >= 1);
    QCOMPARE(density.total(), 5);
    QCOMPARE(density.counts(), QList<int>({0, 0, 1, 2, 2}));
    // New events are counted as they arrive.
    window.followLatest();
    events.append({eventAt(Now - 100, CacheEventType::Miss, 10)});
    QCOMPARE(density.counts().constLast(), 3);
}

void tst_TimeWindow::nearestRowAndRowAtTime()
{
    EventListModel events(100);
    events.append({eventAt(1'000, CacheEventType::FlushTick, 1), eventAt(2'000, CacheEventType::Hit, 2),
                   eventAt(5'000, CacheEventType::Miss, 3)});
    QCOMPARE(events.nearestRow(1'100, 200), 0);
    QCOMPARE(events.nearestRow(1'900, 200), 1);
    QCOMPARE(events.nearestRow(3'500, 200), -1); // nothing within the tolerance
    QCOMPARE(events.nearestRow(9'000, 5'000), 2);
    QCOMPARE(events.nearestRow(0, 1'000), 0);

    EventFilterModel filtered;
    filtered.setSourceModel(&events);
    QCOMPARE(filtered.rowAtTime(1'500), 1);
    QCOMPARE(filtered.rowAtTime(0), 0);
    QCOMPARE(filtered.rowAtTime(99'000), 2); // after the last: the last
    filtered.setTypes({QStringLiteral("miss")});
    QCOMPARE(filtered.rowAtTime(1'500), 0); // rows of the filtered list
    filtered.setTypes({QStringLiteral("error")});
    QCOMPARE(filtered.rowAtTime(1'500), -1);
}

void tst_TimeWindow::monitorKeepsTheClockLiveAndOffline()
{
    ImageCache cache(1024);
    cache.setFlushIntervals(60s, 120s);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    QImage image(64, 64, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::red);
    QVERIFY(cache.insert(QStringLiteral("a"), image));
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    monitor.refresh();
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    TimeWindow *window = monitor.timeWindow();
    QCOMPARE(window->now(), monitor.now());
    QVERIFY(window->isFollowing());
    QCOMPARE(window->endMs(), monitor.now());
    // The oldest datum is the first event; the wall clock at now is the refresh's.
    QVERIFY(window->earliestMs() <= monitor.now());
    QCOMPARE(window->earliestMs(), monitor.eventLog()->data(monitor.eventLog()->index(0), EventListModel::TimeMsRole).toDouble());
    const double wallNow = window->now() + window->wallClockOffsetMs();
    QVERIFY2(wallNow >= before - 1 && wallNow <= after + 1, qPrintable(QString::number(wallNow - before)));
    // From one refresh to the next the offset does not jitter by the clocks' rounding: a moment
    // keeps its clock text (the cursor's label does not flicker).
    const double offset = window->wallClockOffsetMs();
    // Refreshes at every phase of the millisecond (a timer's would all come just after one).
    for (int i = 0; i < 40; ++i) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(1000 + i * 97 % 1000);
        while (std::chrono::steady_clock::now() < until) { }
        monitor.refresh();
        // Exactly: QCOMPARE's fuzzy comparison of doubles would let a millisecond of 1.7e12 pass.
        QVERIFY2(window->wallClockOffsetMs() == offset, qPrintable(QString::number(window->wallClockOffsetMs() - offset)));
    }

    // A trace: its own clock, its capturedAt as the wall clock, the default view.
    window->zoom(4, window->endMs());
    window->pan(-1'000);
    QTemporaryDir dir;
    const QUrl file = QUrl::fromLocalFile(dir.filePath(QStringLiteral("trace.json")));
    QTest::qWait(30); // the trace's events are then older than its capture
    QVERIFY(monitor.exportTrace(file));
    QVERIFY2(monitor.load(file), qPrintable(monitor.lastError()));
    QVERIFY(window->isFollowing());
    QVERIFY(window->isAutoSpan());
    QCOMPARE(window->now(), monitor.now());
    QVERIFY(!std::isnan(window->earliestMs()));
    QVERIFY(window->earliestMs() < window->now());
    const double capturedAt = window->now() + window->wallClockOffsetMs();
    // The trace was captured before it was loaded (its capturedAt, not the load's clock).
    QVERIFY2(capturedAt >= before - 1 && capturedAt <= QDateTime::currentMSecsSinceEpoch(),
             qPrintable(QString::number(capturedAt - before)));
    QCOMPARE(window->clockText(window->now()),
             QDateTime::fromMSecsSinceEpoch(qint64(std::llround(capturedAt))).toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")));
    monitor.goLive();
    QVERIFY(window->isFollowing());
    QCOMPARE(window->now(), monitor.now());
}

QTEST_MAIN(tst_TimeWindow)
#include "tst_timewindow.moc"
