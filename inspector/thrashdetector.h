// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cacheobserver.h>

#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qvariant.h>

#include <deque>
#include <vector>

namespace CacheScope {

// Thrash detector: a miss on a key that left the cache less than `window` ago is a re-miss. Many
// re-misses mean the working set does not fit ("the cache is too small for this working set");
// the keys that re-miss most say which images pay for it.
class ThrashDetector : public QObject
{
    Q_OBJECT
    Q_PROPERTY(double misses READ misses NOTIFY changed)
    Q_PROPERTY(double reMisses READ reMisses NOTIFY changed)
    Q_PROPERTY(double reMissRate READ reMissRate NOTIFY changed)   // re-misses / misses
    Q_PROPERTY(double windowMs READ windowMs WRITE setWindowMs NOTIFY changed)
    // [{key, reMisses, lastCause}], most re-misses first, at most TopKeys.
    Q_PROPERTY(QVariantList topKeys READ topKeys NOTIFY changed)

public:
    static constexpr qint64 DefaultWindowMs = 30'000;
    static constexpr int TopKeys = 10;
    // Bounds the memory: evicted keys remembered at once, keys whose re-misses are counted.
    static constexpr int MaxRemembered = 100'000;

    explicit ThrashDetector(QObject *parent = nullptr);

    double misses() const { return double(m_misses); }
    double reMisses() const { return double(m_reMisses); }
    double reMissRate() const { return m_misses ? double(m_reMisses) / double(m_misses) : 0.0; }
    double windowMs() const { return double(m_windowMs); }
    void setWindowMs(double ms);
    QVariantList topKeys() const { return m_topKeys; }

    // Events in delivery order; `shown` gives the keys of a clear (one event for every entry).
    void record(const std::vector<CacheEvent> &events, const QList<CacheEntryInfo> &shown);
    void clear();

Q_SIGNALS:
    void changed();

private:
    struct Evicted
    {
        qint64 timeMs;
        EvictionCause cause;
    };
    struct Counted
    {
        quint64 reMisses = 0;
        EvictionCause lastCause = EvictionCause::CostLimit;
    };

    void remember(const QString &key, qint64 timeMs, EvictionCause cause);
    void forgetOlderThan(qint64 timeMs);
    void updateTopKeys();

    qint64 m_windowMs = DefaultWindowMs;
    quint64 m_misses = 0;
    quint64 m_reMisses = 0;
    QHash<QString, Evicted> m_evicted;          // key -> its latest eviction
    std::deque<std::pair<qint64, QString>> m_order; // evictions by time, to forget them
    QHash<QString, Counted> m_counts;
    QVariantList m_topKeys;
};

} // namespace CacheScope
