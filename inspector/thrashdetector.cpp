// Copyright (C) 2026 The CacheScope authors.
#include "thrashdetector.h"

#include "entrymodel.h"

#include <algorithm>

namespace CacheScope {

ThrashDetector::ThrashDetector(QObject *parent) : QObject(parent) {}

void ThrashDetector::setWindowMs(double ms)
{
    const qint64 window = std::max<qint64>(1, qint64(ms));
    if (window == m_windowMs)
        return;
    m_windowMs = window;
    Q_EMIT changed();
}

void ThrashDetector::remember(const QString &key, qint64 timeMs, EvictionCause cause)
{
    if (key.isEmpty())
        return; // handle-only entries are never looked up by key
    m_evicted.insert(key, {timeMs, cause});
    m_order.emplace_back(timeMs, key);
    while (m_order.size() > std::size_t(MaxRemembered)) {
        const auto &[time, oldest] = m_order.front();
        if (const auto it = m_evicted.constFind(oldest); it != m_evicted.cend() && it->timeMs == time)
            m_evicted.erase(it);
        m_order.pop_front();
    }
}

void ThrashDetector::forgetOlderThan(qint64 timeMs)
{
    while (!m_order.empty() && m_order.front().first < timeMs) {
        const auto &[time, key] = m_order.front();
        if (const auto it = m_evicted.constFind(key); it != m_evicted.cend() && it->timeMs == time)
            m_evicted.erase(it);
        m_order.pop_front();
    }
}

void ThrashDetector::record(const std::vector<CacheEvent> &events, const QList<CacheEntryInfo> &shown)
{
    bool any = false;
    bool reMissed = false;
    for (const CacheEvent &event : events) {
        const qint64 timeMs = EntryModel::toMs(event.time);
        switch (event.type) {
        case CacheEventType::Evict:
            remember(event.key, timeMs, event.cause);
            break;
        case CacheEventType::Clear:
            for (const CacheEntryInfo &entry : shown)
                remember(entry.key, timeMs, EvictionCause::Cleared);
            break;
        case CacheEventType::Miss: {
            ++m_misses;
            any = true;
            forgetOlderThan(timeMs - m_windowMs);
            const auto it = m_evicted.constFind(event.key);
            if (it == m_evicted.cend())
                break;
            if (m_counts.size() < MaxRemembered || m_counts.contains(event.key)) {
                Counted &counted = m_counts[event.key];
                ++counted.reMisses;
                counted.lastCause = it->cause;
            }
            ++m_reMisses;
            reMissed = true;
            m_evicted.erase(it); // one re-miss per eviction: the load that follows puts it back
            break;
        }
        default:
            break;
        }
    }
    if (any) {
        if (reMissed)
            updateTopKeys();
        Q_EMIT changed();
    }
}

void ThrashDetector::updateTopKeys()
{
    std::vector<std::pair<quint64, QString>> ranked;
    ranked.reserve(std::size_t(m_counts.size()));
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it)
        ranked.emplace_back(it->reMisses, it.key());
    const auto top = ranked.begin() + std::min<std::ptrdiff_t>(TopKeys, std::ptrdiff_t(ranked.size()));
    std::partial_sort(ranked.begin(), top, ranked.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    m_topKeys.clear();
    for (auto it = ranked.begin(); it != top; ++it) {
        m_topKeys.append(QVariantMap{{QStringLiteral("key"), it->second},
                                     {QStringLiteral("reMisses"), double(it->first)},
                                     {QStringLiteral("lastCause"), EntryModel::causeName(m_counts.value(it->second).lastCause)}});
    }
}

void ThrashDetector::clear()
{
    m_misses = 0;
    m_reMisses = 0;
    m_evicted.clear();
    m_order.clear();
    m_counts.clear();
    m_topKeys.clear();
    Q_EMIT changed();
}

} // namespace CacheScope
