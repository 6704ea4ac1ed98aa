// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cacheobserver.h>

#include <QtCore/qdatetime.h>
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
    // The same moment on the wall clock (UTC): written as "capturedAt", read back from a file.
    QDateTime capturedAtUtc;
};

// The JSON formats. Times are stored relative to the capture, so a file loaded later shows the same
// ages; loading rebases them on `base`.
namespace SnapshotJson {
// 2 added trimmed evictions, the tier counters (diskHits, revalidations, fetches, downloadedKb)
// and the disk-hit / revalidate / fetch events; version 1 files are still read.
inline constexpr int FormatVersion = 2;
inline constexpr int FirstFormatVersion = 1;
inline constexpr QLatin1StringView SnapshotFormat("cachescope-snapshot");
inline constexpr QLatin1StringView TraceFormat("cachescope-trace");
// The largest file load() reads: far above any export (about 200 bytes an entry or event), far
// below what would stall the GUI thread.
inline constexpr qint64 MaxFileBytes = qint64(64) * 1024 * 1024;

// A loaded file: a snapshot or a trace.
struct Document
{
    enum class Kind { Snapshot, Trace };
    Kind kind = Kind::Snapshot;
    Snapshot snapshot;              // Kind::Snapshot
    std::vector<CacheEvent> events; // Kind::Trace
    QDateTime capturedAtUtc;        // the file's "capturedAt" (both kinds); invalid if absent
};

QJsonObject toJson(const Snapshot &snapshot);
// `capturedAt` is the moment event times are relative to, `capturedAtUtc` the same on the wall
// clock (invalid: now).
QJsonObject traceToJson(const QList<CacheEvent> &events, CacheEvent::Clock::time_point capturedAt,
                        const QDateTime &capturedAtUtc = {});
// Everything in a file is checked: each field's type, integer-ness and range (a value that does
// not fit is refused, never clamped or converted with undefined behaviour). They return false with
// *error naming the first bad field ("entries[12].costKb: expected a non-negative integer, got
// -3"), and then leave the output alone.
// The bytes of a file, a snapshot or a trace by its "format".
bool parse(const QByteArray &json, CacheEvent::Clock::time_point base, Document *document,
           QString *error);
bool fromJson(const QJsonObject &json, CacheEvent::Clock::time_point base, Snapshot *snapshot,
              QString *error);
bool traceFromJson(const QJsonObject &json, CacheEvent::Clock::time_point base,
                   std::vector<CacheEvent> *events, QString *error);
} // namespace SnapshotJson

} // namespace CacheScope
