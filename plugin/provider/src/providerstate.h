// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "imagedecoder.h"
#include "loadjob.h"
#include "networkfetcher.h"
#include "sourceresolver.h"
#include "timeoutwatch.h"
#include "workqueue.h"

#include <CacheScope/imageprovider.h>

#include <QtCore/qhash.h>
#include <QtCore/qset.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <vector>

namespace CacheScope {

// Everything behind an ImageProvider: settings, the loads in flight, and the threads that run
// them -- one queue decoding files, another calling the app's loaders, so hung loaders never hold
// up file images. Owned by the ImageProvider and by the loader calls still running, so that a
// call which outlives the provider finds valid memory (it never touches the cache after
// shutdown(), see lifeMutex).
class ProviderState : public std::enable_shared_from_this<ProviderState>
{
public:
    // An app loader as registered: a new registration under the same prefix is another loader, with
    // cache keys of its own.
    struct RegisteredLoader
    {
        QString prefix;
        quint64 registration = 0;
        CancellableImageLoader load;
    };
    // A request after validation: the key it is cached under and where its pixels come from.
    struct Request
    {
        QString id; // as asked for
        QString cacheKey;
        Internal::Source source;
        QSize requestedSize;
        std::shared_ptr<const RegisteredLoader> loader; // Loader sources: the one resolved
        QString error; // non-empty: refused or not found
    };
    // How a request is served: at once from the cache (image), by waiting for a load (job), or not
    // at all (error).
    struct Ticket
    {
        QImage image;
        std::shared_ptr<Internal::LoadJob> job;
        QString error;
    };
    enum class Lookup { Counted, Uncounted };

    explicit ProviderState(ImageCache &cache);
    ~ProviderState();

    Request prepare(const QString &id, const QSize &requestedSize) const;
    // Finds the key in the cache or joins/starts the one load for it. Lookups made for an Image
    // count as hits or misses; prefetching counts neither.
    Ticket acquire(const Request &request, Lookup lookup = Lookup::Counted);
    int prefetch(const QStringList &ids, const QSize &requestedSize);
    void cancelPrefetch();
    int pendingPrefetches() const;
    void reportError(const QString &what, const QString &error);
    // Removes the cache entries of these identities (every size), or of every identity starting
    // with one of them; returns how many went.
    int forgetEntries(const QStringList &identities, bool prefix);
    QStringList identityPrefixes(const QString &prefix) const;
    void waitForIdle() const;
    // Stops taking work: queued loads are dropped (their requests fail), running decodes are waited
    // for, running loader calls are told to stop and not waited for. Idempotent.
    void shutdown();

    ImageCache &cache;

    mutable std::mutex settingsMutex;
    QStringList roots;          // canonical
    QStringList requestedRoots; // as set, for reading back
    QHash<QString, std::shared_ptr<const RegisteredLoader>> loaders;
    Internal::DecodeLimits limits;
    std::chrono::milliseconds loaderTimeout = ImageProvider::DefaultLoaderTimeout;
    QmlSettings lockedQmlSettings;
    NetworkSettings network;

    // The network tier, made when the network is first enabled (a thread of its own).
    Internal::NetworkFetcher *networkFetcher(bool create);

    Internal::WorkQueue decodeQueue;
    Internal::WorkQueue loaderQueue;

private:
    using JobPointer = std::shared_ptr<Internal::LoadJob>;

    void post(const JobPointer &job, const Request &request);
    void decodeFile(const JobPointer &job, const Request &request);
    void callLoader(const JobPointer &job, const Request &request);
    LoadResult readFile(const Request &request, const Internal::DecodeLimits &limits) const;
    void fetch(const JobPointer &job, const Request &request);
    void decodeBytes(const JobPointer &job, const Request &request, const QByteArray &bytes);
    Internal::DecodeLimits decodeLimits() const;
    // Ends a job with its result: cached if it is an image, counted if it is an error.
    void complete(const JobPointer &job, const Request &request, LoadResult result);
    // Ends a job nobody needs any more (cancelled, or dropped by a shutdown); not an error.
    void abandon(const JobPointer &job, const QString &why);
    void timeOut(const std::weak_ptr<Internal::LoadJob> &job, const QString &prefix,
                 const QString &id, const QString &cacheKey, std::chrono::milliseconds timeout);
    // Takes the job out of the in-flight table, if it is still the one there for its key.
    void forget(const JobPointer &job);

    void resolvePrefetch(const QStringList &ids, const QSize &requestedSize, quint64 generation);
    void prefetchDone(const QString &pendingKey, const Internal::LoadJob *job);

    std::atomic<bool> m_shutDown{false}; // no new loads
    // Completions hold it shared while they use the cache; shutdown() sets m_cacheReleased under
    // it exclusively, so no loader call that outlives the provider touches the cache afterwards.
    std::shared_mutex m_lifeMutex;
    bool m_cacheReleased = false;

    std::mutex m_flightMutex;
    QHash<QString, JobPointer> m_inFlight;

    mutable std::mutex m_prefetchMutex;
    // Held while one prefetched id is checked, acquired and registered, and by cancelPrefetch()
    // while it starts a new generation: a load acquired just before a cancel is always among the
    // jobs that cancel releases, never started unnoticed behind it. Taken before m_prefetchMutex.
    std::mutex m_resolveMutex;
    quint64 m_prefetchGeneration = 0;
    QSet<QString> m_pendingPrefetches; // "<id>@<size>", from prefetch() until its load ended
    std::vector<std::weak_ptr<Internal::LoadJob>> m_prefetchJobs; // each holds one waiter of ours

    Internal::TimeoutWatch m_timeouts;
    std::mutex m_networkMutex;
    std::unique_ptr<Internal::NetworkFetcher> m_network; // never reset before destruction
};

} // namespace CacheScope
