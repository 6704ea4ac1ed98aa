// Copyright (C) 2026 The CacheScope authors.
// The core's internal flush timer (plugin/core/src/flushtimer.h) at shutdown: once shut down,
// nothing restarts it -- not even a callback in flight while shutdown() waits for it -- and a
// callback may shut its own timer down without joining its own thread.
#include "flushtimer.h"

#include <QtTest/qtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

using CacheScope::Internal::FlushTimer;
using namespace std::chrono_literals;

namespace {

constexpr std::chrono::milliseconds Tick = 1ms;
// Long enough that shutdown() is surely waiting for the callback when the callback goes on.
constexpr std::chrono::milliseconds LetShutdownWait = 50ms;
// How long a timer that must stay quiet is watched.
constexpr std::chrono::milliseconds QuietWindow = 50ms;
constexpr int TimeoutMs = 10000;

} // namespace

class tst_TimerThread : public QObject
{
    Q_OBJECT

private slots:
    void callbackInFlightCannotRestartAShutDownTimer();
    void callbackMayShutDownItsOwnTimer();
};

void tst_TimerThread::callbackInFlightCannotRestartAShutDownTimer()
{
    std::atomic<bool> shuttingDown{false};
    std::atomic<int> ticks{0};
    FlushTimer *self = nullptr;
    FlushTimer timer([&](quint64) {
        if (ticks++ != 0)
            return;
        while (!shuttingDown.load())
            std::this_thread::sleep_for(Tick);
        std::this_thread::sleep_for(LetShutdownWait);
        self->start(Tick); // as a flush tick does when it switches interval
    });
    self = &timer;
    timer.start(Tick);
    QTRY_VERIFY_WITH_TIMEOUT(ticks.load() >= 1, TimeoutMs);

    shuttingDown = true;
    timer.shutdown();
    QVERIFY(!timer.isActive());
    const int ticksAfterShutdown = ticks.load();
    std::this_thread::sleep_for(QuietWindow);
    QCOMPARE(ticks.load(), ticksAfterShutdown);

    // Shut down for good.
    timer.prepare();
    timer.start(Tick);
    QVERIFY(!timer.isActive());
    QVERIFY(!timer.isCurrent(0));
    QCOMPARE(timer.remainingTime(), std::chrono::milliseconds(-1));
    std::this_thread::sleep_for(QuietWindow);
    QCOMPARE(ticks.load(), ticksAfterShutdown);
}

// Shutting down from the callback cannot join (the thread would wait for itself): the thread is
// left to end when the callback returns, and nothing of the timer is used after that.
void tst_TimerThread::callbackMayShutDownItsOwnTimer()
{
    std::atomic<int> ticks{0};
    std::atomic<bool> returned{false};
    std::unique_ptr<FlushTimer> timer;
    timer = std::make_unique<FlushTimer>([&](quint64) {
        ++ticks;
        timer->shutdown();
        returned = true;
    });
    timer->start(Tick);
    QTRY_VERIFY_WITH_TIMEOUT(returned.load(), TimeoutMs);
    QVERIFY(!timer->isActive());
    std::this_thread::sleep_for(QuietWindow);
    QCOMPARE(ticks.load(), 1);
    timer.reset(); // the thread may still be leaving its loop: it must not need the timer
    std::this_thread::sleep_for(QuietWindow);
}

QTEST_GUILESS_MAIN(tst_TimerThread)
#include "tst_timerthread.moc"
