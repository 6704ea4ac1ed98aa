// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "loadjob.h"
#include "sourceresolver.h"

#include <CacheScope/imageprovider.h>

#include <QtCore/qhash.h>
#include <QtCore/qthreadpool.h>

#include <memory>
#include <mutex>

namespace CacheScope {

// Everything behind an ImageProvider: settings, the in-flight loads and the decoding threads.
class ProviderState
{
public:
    // A request after validation: the key it is cached under and where its pixels come from.
    struct Request
    {
        QString cacheKey;
        Internal::Source source;
        QSize requestedSize;
        QString error; // non-empty: refused or not found
    };
    // How a request is served: at once from the cache, or by waiting for a load.
    struct Ticket
    {
        QImage image;
        std::shared_ptr<Internal::LoadJob> job;
    };

    explicit ProviderState(ImageCache &cache);
    ~ProviderState();

    Request prepare(const QString &id, const QSize &requestedSize) const;
    enum class Lookup { Counted, Uncounted };
    // Finds the key in the cache or joins/starts the one load for it. Lookups made for an Image
    // count as hits or misses; prefetching counts neither.
    Ticket acquire(const Request &request, Lookup lookup = Lookup::Counted);
    void reportError(const QString &what, const QString &error);

    ImageCache &cache;

    mutable std::mutex settingsMutex;
    QStringList roots;          // canonical
    QStringList requestedRoots; // as set, for reading back
    QHash<QString, ImageLoader> loaders;
    qint64 pixelBudget = ImageProvider::DefaultPixelBudget;

private:
    void run(const std::shared_ptr<Internal::LoadJob> &job, const Request &request);
    LoadResult load(const Request &request) const;

    std::mutex flightMutex;
    QHash<QString, std::shared_ptr<Internal::LoadJob>> inFlight;
    std::atomic<int> nextPriority{0};

public:
    QThreadPool pool; // last: destroyed first, waiting for the loads that use the members above
};

} // namespace CacheScope
