// Copyright (C) 2026 The CacheScope authors.
// Fuzz target: arbitrary bytes through the inspector's snapshot/trace import, exactly as load()
// passes a file's bytes to it (SnapshotJson::parse). Whatever the input: no crash and no undefined
// behaviour (UBSan catches out-of-range float-to-integer casts), and either an error on one line
// that names what is wrong, or a document that exports and imports again to the same entries or
// events (so what was accepted is within what the exporter writes).
#include "snapshotjson.h"

#include <QtCore/qjsondocument.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace CacheScope;

namespace {

// Longer than any real message (a path, an expectation and a quoted value of 40 characters).
constexpr qsizetype MaxErrorChars = 400;

void fail(const char *what, const QString &detail)
{
    std::fprintf(stderr, "fuzz_snapshotjson: %s: %s\n", what, qPrintable(detail));
    std::abort();
}

void checkError(const QString &error)
{
    if (error.isEmpty())
        fail("refused without a message", error);
    if (error.contains(QLatin1Char('\n')) || error.contains(QLatin1Char('\r')))
        fail("a raw line break in a message", error);
    if (error.size() > MaxErrorChars)
        fail("a message too long to read", error);
}

bool sameEntry(const CacheEntryInfo &a, const CacheEntryInfo &b)
{
    return a.entryId == b.entryId && a.costKb == b.costKb && a.size == b.size
            && a.depth == b.depth && a.hits == b.hits && a.inserted == b.inserted
            && a.lastAccess == b.lastAccess && a.inUse == b.inUse;
}

bool sameEvent(const CacheEvent &a, const CacheEvent &b)
{
    return a.type == b.type && a.sequence == b.sequence && a.time == b.time
            && a.entryId == b.entryId;
}

// What was accepted exports and imports again, unchanged.
void checkRoundTrip(const SnapshotJson::Document &document, CacheEvent::Clock::time_point base)
{
    const QJsonObject exported = document.kind == SnapshotJson::Document::Kind::Trace
            ? SnapshotJson::traceToJson(QList<CacheEvent>(document.events.cbegin(),
                                                          document.events.cend()),
                                        base)
            : SnapshotJson::toJson(document.snapshot);
    SnapshotJson::Document again;
    QString error;
    if (!SnapshotJson::parse(QJsonDocument(exported).toJson(), base, &again, &error))
        fail("an accepted document does not import again", error);
    if (again.kind != document.kind)
        fail("the kind changed on a round trip", {});
    const Snapshot &a = document.snapshot;
    const Snapshot &b = again.snapshot;
    if (a.entries.size() != b.entries.size()
        || !std::equal(a.entries.cbegin(), a.entries.cend(), b.entries.cbegin(), sameEntry))
        fail("the entries changed on a round trip", {});
    if (a.stats.hits != b.stats.hits || a.stats.cacheLimit != b.stats.cacheLimit
        || a.nextTickMs != b.nextTickMs)
        fail("the stats changed on a round trip", {});
    if (document.events.size() != again.events.size()
        || !std::equal(document.events.cbegin(), document.events.cend(), again.events.cbegin(),
                       sameEvent))
        fail("the events changed on a round trip", {});
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data),
                                                     qsizetype(size));
    const auto base = CacheEvent::Clock::now();
    SnapshotJson::Document document;
    QString error;
    if (!SnapshotJson::parse(bytes, base, &document, &error)) {
        checkError(error);
        return 0;
    }
    for (const CacheEntryInfo &entry : document.snapshot.entries) {
        if (entry.costKb < 0 || entry.size.width() < 0 || entry.size.height() < 0)
            fail("accepted a negative cost or size", QString::number(entry.entryId));
    }
    checkRoundTrip(document, base);
    return 0;
}
