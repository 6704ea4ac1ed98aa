// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cacheobserver.h>

#include <QtCore/qjsonobject.h>
#include <QtCore/qlist.h>

#include <vector>

namespace CacheScope {

// What the inspector saw at one moment. Exported as "cachescope-snapshot" JSON (schema in README).
struct Snapshot
{
    CacheStats stats;
    bool flushTimerActive = false;
    qint64 nextTickMs = -1;
    qint64 currentIntervalMs = -1; // the interval the timer runs at; -1 when stopped
    qint64 soonIntervalMs = 0;
    qint64 flushIntervalMs = 0;
    QString policy;
    QList<CacheEntryInfo> entries; // eviction order
    CacheEvent::Clock::time_point capturedAt;
};

// The JSON formats. Times are stored relative to the capture, so a file loaded later shows the same
// ages; loading rebases them on `base`.
namespace SnapshotJson {
inline constexpr int FormatVersion = 1;
inline constexpr QLatin1StringView SnapshotFormat("cachescope-snapshot");
inline constexpr QLatin1StringView TraceFormat("cachescope-trace");

QJsonObject toJson(const Snapshot &snapshot);
QJsonObject traceToJson(const QList<CacheEvent> &events, CacheEvent::Clock::time_point capturedAt);
// Return false with *error set for anything that is not a valid document of the format.
bool fromJson(const QJsonObject &json, CacheEvent::Clock::time_point base, Snapshot *snapshot,
              QString *error);
bool traceFromJson(const QJsonObject &json, CacheEvent::Clock::time_point base,
                   std::vector<CacheEvent> *events, QString *error);
} // namespace SnapshotJson

} // namespace CacheScope
