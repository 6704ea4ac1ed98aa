// Copyright (C) 2026 The CacheScope authors.
#include "providerstate.h"

#include "imagedecoder.h"
#include "logging.h"

#include <QtCore/qthread.h>

namespace CacheScope {

using Internal::ImageDecoder;
using Internal::LoadJob;
using Internal::Source;
using Internal::SourceResolver;

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

} // namespace

Q_LOGGING_CATEGORY(lcProvider, "cachescope.provider")

ProviderState::ProviderState(ImageCache &cache) : cache(cache)
{
    pool.setMaxThreadCount(decodeThreadCount());
}

ProviderState::~ProviderState()
{
    pool.waitForDone();
}

ProviderState::Request ProviderState::prepare(const QString &id, const QSize &requestedSize) const
{
    Request request;
    request.requestedSize = requestedSize;
    if (const QString error = sizeError(requestedSize); !error.isEmpty()) {
        request.error = QStringLiteral("Refused \"%1\": %2").arg(id.left(80), error);
        return request;
    }
    QStringList rootList;
    QStringList prefixes;
    {
        std::scoped_lock lock(settingsMutex);
        rootList = roots;
        prefixes = loaders.keys();
    }
    const Internal::Resolution resolution =
            SourceResolver::resolve(id, rootList, prefixes, ImageProvider::MaxIdLength);
    if (!resolution.error.isEmpty()) {
        request.error = resolution.error;
        return request;
    }
    request.source = resolution.source;
    request.cacheKey = resolution.source.identity() + sizeSuffix(requestedSize);
    return request;
}

ProviderState::Ticket ProviderState::acquire(const Request &request, Lookup lookup)
{
    Ticket ticket;
    if (lookup == Lookup::Counted && cache.find(request.cacheKey, &ticket.image))
        return ticket;

    std::scoped_lock lock(flightMutex);
    if (const auto it = inFlight.constFind(request.cacheKey); it != inFlight.constEnd()) {
        ticket.job = *it;
        ticket.job->addWaiter();
        return ticket;
    }
    // A load may have finished between the find above and taking the mutex: loads insert into the
    // cache before leaving inFlight, so looking again here cannot miss it.
    if (ticket.image = cache.peek(request.cacheKey); !ticket.image.isNull())
        return ticket;

    ticket.job = std::make_shared<LoadJob>(request.cacheKey);
    ticket.job->addWaiter();
    inFlight.insert(request.cacheKey, ticket.job);
    // Newest first, like Qt Quick's reader: while scrolling, what is on screen now matters most.
    pool.start([this, job = ticket.job, request] { run(job, request); },
               nextPriority.fetch_add(1, std::memory_order_relaxed));
    return ticket;
}

void ProviderState::run(const std::shared_ptr<LoadJob> &job, const Request &request)
{
    bool abandoned = false;
    {
        // Checked under the mutex that acquire() adds waiters under, so nobody joins a job that
        // is being dropped: they start a new one.
        std::scoped_lock lock(flightMutex);
        abandoned = job->waiters() <= 0;
        if (abandoned)
            inFlight.remove(request.cacheKey);
    }
    if (abandoned) {
        job->finish(LoadResult::failure(QStringLiteral("Cancelled before loading")));
        return;
    }
    const LoadResult result = load(request);
    if (result.ok())
        cache.insert(request.cacheKey, result.image); // may be refused if over the limit: still shown
    else
        reportError(request.cacheKey, result.error);
    {
        std::scoped_lock lock(flightMutex);
        inFlight.remove(request.cacheKey);
    }
    job->finish(result);
}

LoadResult ProviderState::load(const Request &request) const
{
    qint64 budget = 0;
    ImageLoader loader;
    {
        std::scoped_lock lock(settingsMutex);
        budget = pixelBudget;
        if (request.source.kind == Source::Kind::Loader)
            loader = loaders.value(request.source.loaderName);
    }
    if (request.source.kind != Source::Kind::Loader)
        return ImageDecoder::decode(request.source.path, request.requestedSize, budget);

    if (!loader)
        return LoadResult::failure(QStringLiteral("No loader for \"%1\"")
                                           .arg(request.source.loaderName));
    LoadResult result = loader(request.source.path, request.requestedSize);
    if (!result.error.isEmpty())
        return result;
    if (result.image.isNull())
        return LoadResult::failure(QStringLiteral("Loader \"%1\" returned no image for \"%2\"")
                                           .arg(request.source.loaderName, request.source.path));
    const qint64 pixels = qint64(result.image.width()) * result.image.height();
    if (pixels > budget)
        return LoadResult::failure(QStringLiteral("Loader image for \"%1\" is %2 pixels, over "
                                                  "the pixel budget of %3")
                                           .arg(request.source.path)
                                           .arg(pixels)
                                           .arg(budget));
    result.image = ImageDecoder::toSceneGraphFormat(std::move(result.image));
    return result;
}

void ProviderState::reportError(const QString &what, const QString &error)
{
    qCWarning(lcProvider).noquote() << error;
    cache.recordError(what, error);
}

} // namespace CacheScope
