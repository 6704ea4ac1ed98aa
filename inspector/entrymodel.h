// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "entryrowmodel.h"

#include <CacheScope/cacheobserver.h>

#include <QtCore/qhash.h>
#include <QtCore/qset.h>

namespace CacheScope {

// The cache's entries in eviction order, the next victim first. Updated incrementally: rows are
// inserted, removed, moved and changed, never reset while live. Entries that just left stay a
// moment as "evicted" rows carrying their cause, so a view can fade them out.
// (The base is named in full for qmltyperegistrar, which matches prototypes by qualified name.)
class EntryModel : public CacheScope::EntryRowModel
{
    Q_OBJECT

public:
    // How long an evicted entry stays visible.
    static constexpr qint64 EvictedRowLifetimeMs = 1500;

    explicit EntryModel(QObject *parent = nullptr);

    // Brings the rows to `entries` (eviction order). `evicted` gives the causes of entries that
    // left since the last update. Times are milliseconds on the monitor's clock. For the entries in
    // `inUseUnknown` the in-use flag read may be the inspector's own doing (a thumbnail being
    // made held the image): their rows keep the flag they had.
    void update(const QList<CacheEntryInfo> &entries, const QHash<quint64, EvictionCause> &evicted,
                qint64 nowMs, qint64 limitKb, const QSet<quint64> &inUseUnknown = {});
    // Replaces everything at once (loading a file); the one place a reset is right.
    void reset(const QList<CacheEntryInfo> &entries, qint64 limitKb);
    void setThumbnailSource(int registration);
    // Rows of evicted entries still shown (they fade out on later updates).
    bool hasEvictedRows() const;

    static QString causeName(EvictionCause cause);
    static qint64 toMs(CacheEvent::Clock::time_point time);

private:
    static EntryRow rowFor(const CacheEntryInfo &entry, int rank);
};

} // namespace CacheScope
