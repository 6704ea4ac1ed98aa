// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cacheobserver.h>

#include <QtCore/qlist.h>
#include <QtCore/qobject.h>

namespace CacheScope {

// Hit rate, used KiB and the limit over the last minutes, one sample per SampleIntervalMs. Hit rates
// come from the Hit/Miss events of each interval (-1 where nothing was looked up).
class HistoryModel : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QList<double> timesMs READ timesMs NOTIFY samplesChanged)
    Q_PROPERTY(QList<double> hitRates READ hitRates NOTIFY samplesChanged)
    Q_PROPERTY(QList<double> usedKb READ usedKb NOTIFY samplesChanged)
    Q_PROPERTY(QList<double> limitKb READ limitKb NOTIFY samplesChanged)
    Q_PROPERTY(int count READ count NOTIFY samplesChanged)
    Q_PROPERTY(double windowMs READ windowMs CONSTANT)

public:
    static constexpr qint64 SampleIntervalMs = 1000;
    static constexpr int Capacity = 300; // five minutes

    explicit HistoryModel(QObject *parent = nullptr);

    QList<double> timesMs() const { return m_timesMs; }
    QList<double> hitRates() const { return m_hitRates; }
    QList<double> usedKb() const { return m_usedKb; }
    QList<double> limitKb() const { return m_limitKb; }
    int count() const { return int(m_timesMs.size()); }
    double windowMs() const { return double(SampleIntervalMs) * Capacity; }

    // Counts lookups; closes a sample once its interval is over.
    void record(const std::vector<CacheEvent> &events, qint64 nowMs, int usedKb, int limitKb);
    void clear();

Q_SIGNALS:
    void samplesChanged();

private:
    QList<double> m_timesMs;
    QList<double> m_hitRates;
    QList<double> m_usedKb;
    QList<double> m_limitKb;
    qint64 m_sampleStartMs = -1;
    quint64 m_hits = 0;
    quint64 m_misses = 0;
};

} // namespace CacheScope
