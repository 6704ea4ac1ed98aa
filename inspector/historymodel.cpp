// Copyright (C) 2026 The CacheScope authors.
#include "historymodel.h"

namespace CacheScope {

HistoryModel::HistoryModel(QObject *parent) : QObject(parent) { }

void HistoryModel::record(const std::vector<CacheEvent> &events, qint64 nowMs, int usedKb,
                          int limitKb)
{
    for (const CacheEvent &event : events) {
        if (event.type == CacheEventType::Hit)
            ++m_hits;
        else if (event.type == CacheEventType::Miss)
            ++m_misses;
    }
    if (m_sampleStartMs < 0)
        m_sampleStartMs = nowMs;
    if (nowMs - m_sampleStartMs < SampleIntervalMs)
        return;

    const quint64 lookups = m_hits + m_misses;
    m_timesMs.append(double(nowMs));
    m_hitRates.append(lookups == 0 ? -1.0 : double(m_hits) / double(lookups));
    m_usedKb.append(usedKb);
    m_limitKb.append(limitKb);
    if (m_timesMs.size() > Capacity) {
        for (QList<double> *series : {&m_timesMs, &m_hitRates, &m_usedKb, &m_limitKb})
            series->removeFirst();
    }
    m_sampleStartMs = nowMs;
    m_hits = m_misses = 0;
    Q_EMIT samplesChanged();
}

void HistoryModel::clear()
{
    for (QList<double> *series : {&m_timesMs, &m_hitRates, &m_usedKb, &m_limitKb})
        series->clear();
    m_sampleStartMs = -1;
    m_hits = m_misses = 0;
    Q_EMIT samplesChanged();
}

} // namespace CacheScope
