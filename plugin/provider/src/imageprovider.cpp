// Copyright (C) 2026 The CacheScope authors.
#include <CacheScope/imageprovider.h>

#include "imageresponse.h"
#include "logging.h"
#include "providerstate.h"

#include <QtCore/qurl.h>

namespace CacheScope {

namespace {

const QString DefaultProviderId = QStringLiteral("cache");

struct ProviderIdSetting
{
    std::mutex mutex;
    QString id = DefaultProviderId;
};

ProviderIdSetting &providerIdSetting()
{
    static ProviderIdSetting setting;
    return setting;
}

} // namespace

QString ImageProvider::providerId()
{
    ProviderIdSetting &setting = providerIdSetting();
    std::scoped_lock lock(setting.mutex);
    return setting.id;
}

void ImageProvider::setProviderId(const QString &id)
{
    ProviderIdSetting &setting = providerIdSetting();
    std::scoped_lock lock(setting.mutex);
    setting.id = id.isEmpty() ? DefaultProviderId : id;
}

ImageProvider::ImageProvider(ImageCache &cache) : d(std::make_shared<ProviderState>(cache)) { }

ImageProvider::~ImageProvider() = default;

ImageCache &ImageProvider::cache() const
{
    return d->cache;
}

void ImageProvider::setRoots(const QStringList &roots)
{
    QStringList canonical;
    for (const QString &root : roots) {
        const QString path = Internal::SourceResolver::canonicalRoot(root);
        if (path.isEmpty())
            qCWarning(lcProvider) << "Ignoring root that is not an existing folder:" << root;
        else
            canonical.append(path);
    }
    std::scoped_lock lock(d->settingsMutex);
    d->roots = canonical;
    d->requestedRoots = roots;
}

QStringList ImageProvider::roots() const
{
    std::scoped_lock lock(d->settingsMutex);
    return d->requestedRoots;
}

void ImageProvider::setLoader(const QString &prefix, ImageLoader loader)
{
    std::scoped_lock lock(d->settingsMutex);
    if (loader)
        d->loaders.insert(prefix, std::move(loader));
    else
        d->loaders.remove(prefix);
}

void ImageProvider::setPixelBudget(qint64 pixels)
{
    std::scoped_lock lock(d->settingsMutex);
    d->pixelBudget = pixels;
}

qint64 ImageProvider::pixelBudget() const
{
    std::scoped_lock lock(d->settingsMutex);
    return d->pixelBudget;
}

QString ImageProvider::cacheKey(const QString &id, const QSize &requestedSize, QString *error) const
{
    const ProviderState::Request request = d->prepare(id, requestedSize);
    if (error)
        *error = request.error;
    return request.cacheKey;
}

void ImageProvider::prefetch(const QStringList &ids, const QSize &requestedSize)
{
    for (const QString &id : ids) {
        const ProviderState::Request request = d->prepare(id, requestedSize);
        if (!request.error.isEmpty()) {
            d->reportError(id, request.error);
            continue;
        }
        // The job keeps its waiter: nobody cancels a prefetch.
        d->acquire(request, ProviderState::Lookup::Uncounted);
    }
}

void ImageProvider::waitForIdle() const
{
    d->pool.waitForDone();
}

QQuickImageResponse *ImageProvider::requestImageResponse(const QString &id,
                                                         const QSize &requestedSize)
{
    auto *response = new Internal::ImageResponse; // owned by the engine, deleted after finished()
    const ProviderState::Request request = d->prepare(id, requestedSize);
    if (!request.error.isEmpty()) {
        d->reportError(id, request.error);
        response->fail(request.error);
        return response;
    }
    ProviderState::Ticket ticket = d->acquire(request);
    if (ticket.job)
        response->waitFor(std::move(ticket.job));
    else
        response->succeed(ticket.image);
    return response;
}

} // namespace CacheScope
