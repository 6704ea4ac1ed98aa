// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "missratiocurve.h"

#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qvariant.h>

#include <memory>
#include <mutex>
#include <thread>

namespace CacheScope {

class CacheMonitor;

// "What if the limit were different?": the hit ratio the monitor's recorded requests (its event
// log, live or loaded from a trace) would have had at limits from 10% to 400% of the current one,
// for the cache's policy. Computed on a thread of its own from a copy of the events; the GUI
// thread only copies (implicitly shared) lists and publishes the result. Exact for LRU (Mattson's
// stack algorithm); other policies are replayed through the real core. Only requests are
// modelled (a find, and an insert on a miss): removals, clears and the flush timer are not.
class HitRatioCurve : public QObject
{
    Q_OBJECT
    Q_PROPERTY(CacheScope::CacheMonitor *monitor READ monitor WRITE setMonitor NOTIFY monitorChanged)
    Q_PROPERTY(int points READ pointCount WRITE setPointCount NOTIFY curveChanged)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    // [{limitKb, hitRatio}], ascending limits.
    Q_PROPERTY(QVariantList curve READ curve NOTIFY curveChanged)
    Q_PROPERTY(double limitKb READ limitKb NOTIFY curveChanged)       // the limit it was computed around
    Q_PROPERTY(double hitRatioAtLimit READ hitRatioAtLimit NOTIFY curveChanged)
    Q_PROPERTY(double maxLimitKb READ maxLimitKb NOTIFY curveChanged)
    Q_PROPERTY(int requests READ requests NOTIFY curveChanged)
    Q_PROPERTY(int unknownCost READ unknownCost NOTIFY curveChanged)
    Q_PROPERTY(QString policy READ policy NOTIFY curveChanged)
    Q_PROPERTY(bool exact READ isExact NOTIFY curveChanged) // Mattson (LRU) rather than replay

public:
    static constexpr int DefaultPoints = 40;

    explicit HitRatioCurve(QObject *parent = nullptr);
    ~HitRatioCurve() override; // waits for a computation in progress

    CacheMonitor *monitor() const;
    void setMonitor(CacheMonitor *monitor);
    int pointCount() const { return m_points; }
    void setPointCount(int points);
    bool isBusy() const { return m_running; }
    QVariantList curve() const;
    double limitKb() const { return double(m_result.limitKb); }
    double hitRatioAtLimit() const;
    double maxLimitKb() const;
    int requests() const { return m_result.requests; }
    int unknownCost() const { return m_result.unknownCost; }
    QString policy() const { return m_result.policy; }
    bool isExact() const { return m_result.exact; }

    // Starts a computation from the monitor's current events (one more runs after the current
    // one if asked again meanwhile). curveChanged() reports the result.
    Q_INVOKABLE void compute();
    // For tests and tools: blocks until no computation runs and the last result is published.
    Q_INVOKABLE void waitForResult();

Q_SIGNALS:
    void monitorChanged();
    void busyChanged();
    void curveChanged();

private:
    struct Result
    {
        std::vector<MissRatio::Point> points;
        qint64 limitKb = 0;
        int requests = 0;
        int unknownCost = 0;
        QString policy;
        bool exact = false;
    };
    // Handed between the threads under its mutex only.
    struct Handoff
    {
        std::mutex mutex;
        Result result;
        bool done = false;
    };

    Q_INVOKABLE void publish();
    void start();

    QPointer<CacheMonitor> m_monitor;
    int m_points = DefaultPoints;
    bool m_running = false;
    bool m_again = false;
    std::shared_ptr<Handoff> m_handoff;
    std::thread m_thread;
    Result m_result;
};

} // namespace CacheScope
