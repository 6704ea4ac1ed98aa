// Copyright (C) 2026 The CacheScope authors.
#include "providerstate.h"

#include "logging.h"
#include "quotedid.h"
#include "rootedfile.h"
#include "testhooks.h"

#include <QtCore/qbuffer.h>
#include <QtCore/qthread.h>

namespace CacheScope {

using Internal::DecodeLimits;
using Internal::ImageDecoder;
using Internal::LoadJob;
using Internal::quotedId;
using Internal::RootedFile;
using Internal::Source;
using Internal::SourceResolver;
using Internal::WorkQueue;

namespace {

// Decoding is CPU-bound: one thread per core, but at least two so one slow file cannot block all.
int decodeThreadCount()
{
    static constexpr int MinDecodeThreads = 2;
    return std::max(MinDecodeThreads, QThread::idealThreadCount());
}

// Qt Quick sends QSize(-1, -1) when no sourceSize is set, and 0 for a dimension left open.
QString sizeError(const QSize &size)
{
    const auto bad = [](int dimension) {
        return dimension < -1 || dimension > ImageProvider::MaxRequestedDimension;
    };
    if (bad(size.width()) || bad(size.height()))
        return QStringLiteral("requested size %1x%2 is out of range (each side at most %3; "
                              "-1 means unset)")
                .arg(size.width())
                .arg(size.height())
                .arg(ImageProvider::MaxRequestedDimension);
    return {};
}

QString sizeSuffix(const QSize &size)
{
    return QStringLiteral("@%1x%2").arg(std::max(size.width(), 0)).arg(std::max(size.height(), 0));
}

QString shutDownMessage(const QString &id)
{
    return QStringLiteral("Cannot load %1: the image provider shut down").arg(quotedId(id));
}

// Runs one step of a load; an exception from it (std::bad_alloc above all) becomes its error.
template <typename Step>
LoadResult guarded(const QString &name, Step step) noexcept
{
    try {
        return step();
    } catch (const std::bad_alloc &) {
        return LoadResult::failure(QStringLiteral("Cannot load %1: out of memory").arg(name));
    } catch (const std::exception &error) {
        return LoadResult::failure(QStringLiteral("Cannot load %1: %2")
                                           .arg(name, QString::fromLocal8Bit(error.what())));
    } catch (...) {
        return LoadResult::failure(QStringLiteral("Cannot load %1: unknown error").arg(name));
    }
}

} // namespace

Q_LOGGING_CATEGORY(lcProvider, "cachescope.provider")

ProviderState::ProviderState(ImageCache &cache)
    : cache(cache),
      decodeQueue(QByteArrayLiteral("cachescope-dec"), decodeThreadCount()),
      loaderQueue(QByteArrayLiteral("cachescope-ldr"), ImageProvider::DefaultLoaderThreads)
{
    ImageDecoder::raiseAllocationLimitFor(limits.pixelBudget);
}

ProviderState::~ProviderState()
{
    shutdown();
}

ProviderState::Request ProviderState::prepare(const QString &id, const QSize &requestedSize) const
{
    Request request;
    request.id = id;
    request.requestedSize = requestedSize;
    if (const QString error = sizeError(requestedSize); !error.isEmpty()) {
        request.error = QStringLiteral("Refused %1: %2").arg(quotedId(id), error);
        return request;
    }
    QStringList rootList;
    QHash<QString, std::shared_ptr<const RegisteredLoader>> loaderMap;
    {
        std::scoped_lock lock(settingsMutex);
        rootList = roots;
        loaderMap = loaders;
    }
    const Internal::Resolution resolution = SourceResolver::resolve(
            id, rootList, loaderMap.keys(), ImageProvider::MaxIdLength);
    if (!resolution.error.isEmpty()) {
        request.error = resolution.error;
        return request;
    }
    request.source = resolution.source;
    if (request.source.kind == Source::Kind::Network) {
        NetworkSettings settings;
        {
            std::scoped_lock lock(settingsMutex);
            settings = network;
        }
        if (const QString why = Internal::NetworkFetcher::refusal(QUrl(request.source.path), settings);
            !why.isEmpty()) {
            request.error = QStringLiteral("Refused %1: %2").arg(quotedId(id), why);
            return request;
        }
    }
    if (request.source.kind == Source::Kind::Loader) {
        request.loader = loaderMap.value(request.source.loaderName);
        request.source.loaderRegistration = request.loader->registration;
    }
    request.cacheKey = request.source.identity() + sizeSuffix(requestedSize);
    return request;
}

ProviderState::Ticket ProviderState::acquire(const Request &request, Lookup lookup)
{
    Ticket ticket;
    if (lookup == Lookup::Counted && cache.find(request.cacheKey, &ticket.image))
        return ticket;

    const bool loader = request.source.kind == Source::Kind::Loader;
    std::chrono::milliseconds timeout{0};
    if (loader) {
        std::scoped_lock lock(settingsMutex);
        timeout = loaderTimeout;
    }
    const auto deadline = loader ? CancellationToken::Clock::now() + timeout
                                 : CancellationToken::Clock::time_point::max();
    {
        std::scoped_lock lock(m_flightMutex);
        if (m_shutDown.load(std::memory_order_acquire)) {
            ticket.error = shutDownMessage(request.id);
            return ticket;
        }
        // A cancelled job takes no waiters: its loader may already be stopping.
        if (const auto it = m_inFlight.constFind(request.cacheKey);
            it != m_inFlight.constEnd() && (*it)->tryAddWaiter()) {
            ticket.job = *it;
            return ticket;
        }
        // A load may have finished between the find above and taking the mutex: loads insert into
        // the cache before leaving m_inFlight, so looking again here cannot miss it.
        if (ticket.image = cache.peek(request.cacheKey); !ticket.image.isNull())
            return ticket;
        ticket.job = std::make_shared<LoadJob>(request.cacheKey, deadline);
        ticket.job->tryAddWaiter();
        m_inFlight.insert(request.cacheKey, ticket.job);
    }
    if (loader) {
        try {
            m_timeouts.watch(deadline, [this, job = std::weak_ptr(ticket.job),
                                        prefix = request.source.loaderName, id = request.id,
                                        key = request.cacheKey, timeout] {
                timeOut(job, prefix, id, key, timeout);
            });
        } catch (const std::exception &error) {
            const QString message = QStringLiteral("Cannot load %1: %2")
                                            .arg(quotedId(request.id),
                                                 QString::fromLocal8Bit(error.what()));
            reportError(request.cacheKey, message);
            ticket.job->finish(LoadResult::failure(message));
            forget(ticket.job);
            return ticket;
        }
    }
    post(ticket.job, request);
    return ticket;
}

void ProviderState::post(const JobPointer &job, const Request &request)
{
    if (request.source.kind == Source::Kind::Network) {
        fetch(job, request);
        return;
    }
    if (request.source.kind == Source::Kind::Loader) {
        // Loader calls may outlive the provider: they keep this state alive, not a raw pointer.
        auto self = shared_from_this();
        loaderQueue.post({[self, job, request] { self->callLoader(job, request); },
                          [self, job, id = request.id] { self->abandon(job, shutDownMessage(id)); }});
    } else {
        // Decodes are joined by shutdown(), before this state can go.
        decodeQueue.post({[this, job, request] { decodeFile(job, request); },
                          [this, job, id = request.id] { abandon(job, shutDownMessage(id)); }});
    }
}

void ProviderState::decodeFile(const JobPointer &job, const Request &request)
{
    if (job->isCancelled()) {
        abandon(job, QStringLiteral("Cancelled before loading"));
        return;
    }
    const DecodeLimits decodeLimits = this->decodeLimits();
    const QString name = quotedId(request.id);
    LoadResult result = guarded(name, [&] { return readFile(request, decodeLimits); });
    complete(job, request, std::move(result));
}

DecodeLimits ProviderState::decodeLimits() const
{
    std::scoped_lock lock(settingsMutex);
    return limits;
}

Internal::NetworkFetcher *ProviderState::networkFetcher(bool create)
{
    std::scoped_lock lock(m_networkMutex);
    if (!m_network && create && !m_shutDown.load(std::memory_order_acquire)) {
        auto fetcher = std::make_unique<Internal::NetworkFetcher>();
        NetworkSettings settings;
        {
            std::scoped_lock settingsLock(settingsMutex);
            settings = network;
        }
        fetcher->setSettings(settings);
        m_network = std::move(fetcher);
    }
    return m_network.get();
}

void ProviderState::fetch(const JobPointer &job, const Request &request)
{
    Internal::NetworkFetcher *fetcher = networkFetcher(/*create=*/true);
    if (!fetcher) {
        abandon(job, shutDownMessage(request.id));
        return;
    }
    // Runs on the network thread, which shutdown() stops before this state can go.
    fetcher->fetch(QUrl(request.source.path), job, [this, job, request](Internal::NetworkFetcher::Result fetched) {
        if (!fetched.error.isEmpty()) {
            if (job->isCancelled() || m_shutDown.load(std::memory_order_acquire))
                abandon(job, fetched.error); // nobody wants it any more: not a failure
            else
                complete(job, request, LoadResult::failure(fetched.error));
            return;
        }
        cache.recordLoad(request.cacheKey,
                         fetched.tier == Internal::NetworkFetcher::Tier::Disk ? LoadTier::DiskHit
                         : fetched.tier == Internal::NetworkFetcher::Tier::Revalidated ? LoadTier::Revalidated
                                                                                     : LoadTier::Fetched,
                         fetched.body.size());
        decodeQueue.post({[this, job, request, body = std::move(fetched.body)] {
                              decodeBytes(job, request, body);
                          },
                          [this, job, id = request.id] { abandon(job, shutDownMessage(id)); }});
    });
}

void ProviderState::decodeBytes(const JobPointer &job, const Request &request, const QByteArray &bytes)
{
    const QString name = quotedId(request.id);
    LoadResult result = guarded(name, [&] {
        QBuffer buffer;
        buffer.setData(bytes);
        buffer.open(QIODevice::ReadOnly);
        return ImageDecoder::decode(buffer, name, request.requestedSize, decodeLimits());
    });
    complete(job, request, std::move(result));
}

LoadResult ProviderState::readFile(const Request &request, const DecodeLimits &decodeLimits) const
{
    const QString name = quotedId(request.id);
    std::unique_ptr<QFile> file;
    if (request.source.kind == Source::Kind::Resource) {
        file = std::make_unique<QFile>(request.source.path);
        if (!file->open(QIODevice::ReadOnly))
            return LoadResult::failure(QStringLiteral("Cannot open resource %1: %2")
                                               .arg(name, file->errorString()));
    } else {
        TestHooks::runBeforeOpen(request.source.path);
        RootedFile::Result opened =
                RootedFile::open(request.source.root, request.source.relativePath());
        if (!opened.file)
            return LoadResult::failure(
                    (opened.refused ? QStringLiteral("Refused %1: %2")
                                    : QStringLiteral("Cannot open %1: %2"))
                            .arg(name, opened.error));
        file = std::move(opened.file);
    }
    // From the open file: QImageReader never gets a name it could open (or probe) by itself.
    return ImageDecoder::decode(*file, name, request.requestedSize, decodeLimits);
}

void ProviderState::callLoader(const JobPointer &job, const Request &request)
{
    if (job->isCancelled()) {
        abandon(job, QStringLiteral("Cancelled before loading"));
        return;
    }
    qint64 budget = 0;
    {
        std::scoped_lock lock(settingsMutex);
        budget = limits.pixelBudget;
    }
    const QString name = QStringLiteral("loader \"%1\" image %2")
                                 .arg(request.source.loaderName, quotedId(request.source.path));
    LoadResult result = guarded(name, [&] {
        LoadResult loaded;
        try {
            loaded = request.loader->load(request.source.path, request.requestedSize, job->token());
        } catch (const std::bad_alloc &) {
            return LoadResult::failure(QStringLiteral("Loader \"%1\" ran out of memory on %2")
                                               .arg(request.source.loaderName,
                                                    quotedId(request.source.path)));
        } catch (const std::exception &error) {
            return LoadResult::failure(QStringLiteral("Loader \"%1\" threw on %2: %3")
                                               .arg(request.source.loaderName,
                                                    quotedId(request.source.path),
                                                    QString::fromLocal8Bit(error.what())));
        } catch (...) {
            return LoadResult::failure(QStringLiteral("Loader \"%1\" threw an unknown exception "
                                                      "on %2")
                                               .arg(request.source.loaderName,
                                                    quotedId(request.source.path)));
        }
        if (!loaded.error.isEmpty())
            return loaded; // the loader's own words
        if (loaded.image.isNull())
            return LoadResult::failure(QStringLiteral("Loader \"%1\" returned no image for %2")
                                               .arg(request.source.loaderName,
                                                    quotedId(request.source.path)));
        return ImageDecoder::accept(std::move(loaded.image), name, budget);
    });
    // Stopped because nobody wants it any more: not the loader's failure. (A finished image is
    // still worth caching.)
    if (!result.ok() && job->isCancelled()) {
        abandon(job, QStringLiteral("Cancelled while loading"));
        return;
    }
    complete(job, request, std::move(result));
}

void ProviderState::complete(const JobPointer &job, const Request &request, LoadResult result)
{
    {
        std::shared_lock life(m_lifeMutex);
        if (m_cacheReleased) {
            life.unlock();
            abandon(job, shutDownMessage(request.id));
            return;
        }
        if (job->isDone()) {
            forget(job); // it timed out; this late result is not delivered
            return;
        }
        if (result.ok()) {
            try {
                cache.insert(request.cacheKey, result.image); // may be refused over the limit
            } catch (const std::bad_alloc &) {
                qCWarning(lcProvider).noquote()
                        << "Out of memory caching" << quotedId(request.id) << "- shown uncached";
            }
        } else {
            reportError(request.cacheKey, result.error);
        }
    }
    forget(job);
    job->finish(std::move(result));
}

void ProviderState::abandon(const JobPointer &job, const QString &why)
{
    job->cancel();
    job->finish(LoadResult::failure(why));
    forget(job);
}

void ProviderState::timeOut(const std::weak_ptr<LoadJob> &weakJob, const QString &prefix,
                            const QString &id, const QString &cacheKey,
                            std::chrono::milliseconds timeout)
{
    const JobPointer job = weakJob.lock();
    if (!job)
        return;
    const QString error = QStringLiteral("Loader \"%1\" did not answer %2 within %3 ms")
                                  .arg(prefix, quotedId(id))
                                  .arg(timeout.count());
    job->cancel();
    job->finish(LoadResult::failure(error), [&] { reportError(cacheKey, error); });
    forget(job);
}

void ProviderState::forget(const JobPointer &job)
{
    std::scoped_lock lock(m_flightMutex);
    if (const auto it = m_inFlight.find(job->cacheKey()); it != m_inFlight.end() && *it == job)
        m_inFlight.erase(it);
}

int ProviderState::forgetEntries(const QStringList &identities, bool prefix)
{
    // The cache keys are "<identity>@WxH". entries() copies the cache's index once: invalidation
    // is rare, and this way no hit or recency changes.
    QStringList keys;
    for (const CacheEntryInfo &entry : cache.entries()) {
        const qsizetype at = entry.key.lastIndexOf(QLatin1Char('@'));
        if (at < 0)
            continue;
        const QStringView identity = QStringView(entry.key).left(at);
        for (const QString &wanted : identities) {
            if (prefix ? identity.startsWith(wanted) : identity == wanted) {
                keys.append(entry.key);
                break;
            }
        }
    }
    for (const QString &key : std::as_const(keys))
        cache.remove(key);
    return int(keys.size());
}

QStringList ProviderState::identityPrefixes(const QString &prefix) const
{
    QStringList rootList;
    QHash<QString, quint64> registrations;
    {
        std::scoped_lock lock(settingsMutex);
        rootList = roots;
        for (auto it = loaders.cbegin(); it != loaders.cend(); ++it)
            registrations.insert(it.key(), it.value()->registration);
    }
    return SourceResolver::identityPrefixes(prefix, rootList, registrations);
}

void ProviderState::reportError(const QString &what, const QString &error)
{
    qCWarning(lcProvider).noquote() << error;
    cache.recordError(what, error);
}

int ProviderState::prefetch(const QStringList &ids, const QSize &requestedSize)
{
    if (m_shutDown.load(std::memory_order_acquire))
        return 0;
    const QString suffix = sizeSuffix(requestedSize);
    QStringList accepted;
    int refused = 0;
    quint64 generation = 0;
    {
        std::scoped_lock lock(m_prefetchMutex);
        generation = m_prefetchGeneration;
        for (qsizetype i = 0; i < ids.size(); ++i) {
            if (accepted.size() >= ImageProvider::MaxPrefetchIdsPerCall
                || m_pendingPrefetches.size() >= ImageProvider::MaxPendingPrefetches) {
                refused = int(ids.size() - i); // not even looked at: a huge list costs nothing
                break;
            }
            const QString key = ids.at(i) + suffix;
            if (m_pendingPrefetches.contains(key))
                continue; // asked twice, or still pending from before
            m_pendingPrefetches.insert(key);
            accepted.append(ids.at(i));
        }
    }
    if (refused > 0)
        qCWarning(lcProvider) << "prefetch: took" << accepted.size() << "ids and left"
                              << refused << "- at most" << ImageProvider::MaxPrefetchIdsPerCall
                              << "per call and" << ImageProvider::MaxPendingPrefetches
                              << "pending";
    if (accepted.isEmpty())
        return 0;
    // Resolving touches the file system: on a worker thread, not the (GUI) caller's.
    decodeQueue.post({[this, accepted, requestedSize, generation] {
                          resolvePrefetch(accepted, requestedSize, generation);
                      },
                      [this, accepted, suffix] {
                          for (const QString &id : accepted)
                              prefetchDone(id + suffix, nullptr);
                      }});
    return int(accepted.size());
}

void ProviderState::resolvePrefetch(const QStringList &ids, const QSize &requestedSize,
                                    quint64 generation)
{
    const QString suffix = sizeSuffix(requestedSize);
    const auto stale = [&] {
        std::scoped_lock lock(m_prefetchMutex);
        return generation != m_prefetchGeneration || m_shutDown.load(std::memory_order_acquire);
    };
    for (const QString &id : ids) {
        const QString key = id + suffix;
        std::scoped_lock resolving(m_resolveMutex);
        if (stale()) {
            prefetchDone(key, nullptr);
            continue;
        }
        const Request request = prepare(id, requestedSize);
        if (!request.error.isEmpty()) {
            reportError(id, request.error);
            prefetchDone(key, nullptr);
            continue;
        }
        const Ticket ticket = acquire(request, Lookup::Uncounted);
        if (!ticket.job) {
            prefetchDone(key, nullptr); // cached already (or refused: shutting down)
            continue;
        }
        bool cancelled = false;
        {
            std::scoped_lock lock(m_prefetchMutex);
            cancelled = generation != m_prefetchGeneration;
            if (!cancelled)
                m_prefetchJobs.push_back(ticket.job); // our waiter, released by cancelPrefetch()
        }
        if (cancelled)
            ticket.job->releaseWaiter();
        ticket.job->whenDone([weak = weak_from_this(), key, job = ticket.job.get()] {
            if (const auto self = weak.lock())
                self->prefetchDone(key, job);
        });
    }
}

void ProviderState::prefetchDone(const QString &pendingKey, const LoadJob *job)
{
    std::scoped_lock lock(m_prefetchMutex);
    m_pendingPrefetches.remove(pendingKey);
    if (job) {
        std::erase_if(m_prefetchJobs, [job](const std::weak_ptr<LoadJob> &entry) {
            const auto locked = entry.lock();
            return !locked || locked.get() == job;
        });
    }
}

void ProviderState::cancelPrefetch()
{
    std::vector<std::weak_ptr<LoadJob>> jobs;
    {
        // Waits for the id being resolved now, if any: its job is then registered, and released here.
        std::scoped_lock resolving(m_resolveMutex);
        std::scoped_lock lock(m_prefetchMutex);
        ++m_prefetchGeneration;
        jobs.swap(m_prefetchJobs);
    }
    // Newest first: jobs are queued in this order, so the queued ones are cancelled before any
    // running one returns and frees its worker to start the next (which would then start a
    // loader call only to see it cancelled).
    for (auto entry = jobs.rbegin(); entry != jobs.rend(); ++entry) {
        if (const auto job = entry->lock())
            job->releaseWaiter();
    }
}

int ProviderState::pendingPrefetches() const
{
    std::scoped_lock lock(m_prefetchMutex);
    return int(m_pendingPrefetches.size());
}

void ProviderState::waitForIdle() const
{
    decodeQueue.waitForIdle();
    loaderQueue.waitForIdle();
}

void ProviderState::shutdown()
{
    if (m_shutDown.exchange(true, std::memory_order_acq_rel))
        return;
    cancelPrefetch();
    if (Internal::NetworkFetcher *fetcher = networkFetcher(/*create=*/false))
        fetcher->shutdown(); // aborts transfers; their loads end as abandoned
    // Queued loads are dropped. Running decodes end normally (bounded: a decode within the
    // budget); running loader calls are left behind (an app's loader may never return).
    decodeQueue.shutdown(WorkQueue::Running::Wait);
    loaderQueue.shutdown(WorkQueue::Running::Detach);
    m_timeouts.shutdown();
    {
        // Waits for completions using the cache right now; later ones see the flag.
        std::unique_lock life(m_lifeMutex);
        m_cacheReleased = true;
    }
    QHash<QString, JobPointer> left; // loads whose loader is still running
    {
        std::scoped_lock lock(m_flightMutex);
        left.swap(m_inFlight);
    }
    for (const JobPointer &job : std::as_const(left)) {
        job->cancel();
        job->finish(LoadResult::failure(QStringLiteral("The image provider shut down")));
    }
}

} // namespace CacheScope
