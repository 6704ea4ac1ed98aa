// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qglobal.h>
#include <QtCore/qstringlist.h>

#include <chrono>

namespace CacheScope {

// How `http:`/`https:` images are fetched. Off until an app turns it on, and then only from the
// hosts it names (or "*" for any).
struct NetworkSettings
{
    static constexpr std::chrono::milliseconds DefaultTimeout{20'000};
    static constexpr qint64 DefaultMaxBodyBytes = 32 * 1024 * 1024;
    static constexpr qint64 DefaultDiskCacheBytes = 100 * 1024 * 1024;
    static constexpr int DefaultMaxRedirects = 5;

    bool enabled = false;
    // Host names allowed (compared case-insensitively, exactly: "example.com" does not allow
    // "cdn.example.com"); "*" allows every host. Redirects must stay within them too.
    QStringList allowedHosts;
    // From the request to the last byte; past it the load is an error.
    std::chrono::milliseconds timeout = DefaultTimeout;
    // A larger body is refused as soon as Content-Length or the bytes received say so.
    qint64 maxBodyBytes = DefaultMaxBodyBytes;
    int maxRedirects = DefaultMaxRedirects;
    // The persistent second tier (QNetworkDiskCache, HTTP cache semantics). Empty: a
    // "cachescope-network" folder under QStandardPaths::CacheLocation. 0 bytes: no disk tier.
    QString diskCacheDirectory;
    qint64 diskCacheBytes = DefaultDiskCacheBytes;
};

// What the network tiers did, since the provider was made. Memory hits are the cache's own hits.
struct NetworkStats
{
    quint64 diskHits = 0;       // fresh on disk: no request at all
    quint64 revalidations = 0;  // stale on disk, confirmed by a 304
    quint64 fetches = 0;        // downloaded (200)
    quint64 bytesDownloaded = 0; // bodies received, not counting 304s and disk hits
    quint64 errors = 0;         // failed requests (also counted in CacheStats::errors)
};

} // namespace CacheScope
