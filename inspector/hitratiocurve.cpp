// Copyright (C) 2026 The CacheScope authors.
#include "hitratiocurve.h"

#include "cachemonitor.h"

#include <algorithm>

namespace CacheScope {

namespace {

const QLatin1StringView LruName("LRU");

} // namespace

HitRatioCurve::HitRatioCurve(QObject *parent) : QObject(parent) {}

HitRatioCurve::~HitRatioCurve()
{
    if (m_thread.joinable())
        m_thread.join();
}

CacheMonitor *HitRatioCurve::monitor() const
{
    return m_monitor;
}

void HitRatioCurve::setMonitor(CacheMonitor *monitor)
{
    if (m_monitor == monitor)
        return;
    m_monitor = monitor;
    Q_EMIT monitorChanged();
}

void HitRatioCurve::setPointCount(int points)
{
    constexpr int MinPoints = 2;
    constexpr int MaxPoints = 400;
    points = std::clamp(points, MinPoints, MaxPoints);
    if (points == m_points)
        return;
    m_points = points;
    Q_EMIT curveChanged();
}

QVariantList HitRatioCurve::curve() const
{
    QVariantList list;
    list.reserve(qsizetype(m_result.points.size()));
    for (const MissRatio::Point &point : m_result.points)
        list.append(QVariantMap{{QStringLiteral("limitKb"), double(point.limitKb)},
                                {QStringLiteral("hitRatio"), point.hitRatio}});
    return list;
}

double HitRatioCurve::hitRatioAtLimit() const
{
    for (const MissRatio::Point &point : m_result.points) {
        if (point.limitKb == m_result.limitKb)
            return point.hitRatio;
    }
    return -1;
}

double HitRatioCurve::maxLimitKb() const
{
    return m_result.points.empty() ? 0.0 : double(m_result.points.back().limitKb);
}

void HitRatioCurve::compute()
{
    if (m_running) {
        m_again = true;
        return;
    }
    start();
    if (m_running)
        Q_EMIT busyChanged();
}

void HitRatioCurve::start()
{
    if (!m_monitor)
        return;
    // Implicitly shared copies: O(1) here, read-only on the worker.
    const QList<CacheEvent> events = m_monitor->eventLog()->events();
    const QList<CacheEntryInfo> entries = m_monitor->snapshot().entries;
    const qint64 limit = m_monitor->cacheLimit();
    const QString policy = m_monitor->policy();
    const int points = m_points;
    m_handoff = std::make_shared<Handoff>();
    m_running = true;
    m_thread = std::thread([handoff = m_handoff, events, entries, limit, policy, points, this] {
        QHash<QString, qint64> knownCosts;
        for (const CacheEntryInfo &entry : entries)
            knownCosts.insert(entry.key.isEmpty() ? QStringLiteral("#%1").arg(entry.entryId) : entry.key,
                              entry.costKb);
        const MissRatio::Requests requests = MissRatio::requestsFrom(events, knownCosts);
        const std::vector<qint64> limits = MissRatio::limitsAround(limit, points);
        Result result;
        result.exact = policy == LruName;
        result.points = result.exact
                ? MissRatio::lruCurve(requests.requests, limits)
                : MissRatio::replayCurve(requests.requests, limits, EvictionPolicy::Sieve);
        result.limitKb = limit;
        result.requests = int(requests.requests.size());
        result.unknownCost = requests.unknownCost;
        result.policy = policy;
        {
            std::scoped_lock lock(handoff->mutex);
            handoff->result = std::move(result);
            handoff->done = true;
        }
        // Data-free wake-up; `this` outlives the thread (the destructor joins it).
        QMetaObject::invokeMethod(this, "publish", Qt::QueuedConnection);
    });
}

void HitRatioCurve::publish()
{
    if (!m_running)
        return; // waitForResult() published it already
    {
        std::scoped_lock lock(m_handoff->mutex);
        if (!m_handoff->done)
            return;
        m_result = std::move(m_handoff->result);
    }
    if (m_thread.joinable())
        m_thread.join(); // it has only the wake-up left, or sent it
    m_running = false;
    Q_EMIT curveChanged();
    if (m_again) {
        m_again = false;
        start();
    }
    if (!m_running)
        Q_EMIT busyChanged();
}

void HitRatioCurve::waitForResult()
{
    while (m_running) {
        if (m_thread.joinable())
            m_thread.join(); // it set `done` before it ended
        publish();
    }
}

} // namespace CacheScope
