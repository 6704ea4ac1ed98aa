// Copyright (C) 2026 The CacheScope authors.
#include <CacheScope/imageprovider.h>

#include "imageresponse.h"
#include "logging.h"
#include "providerstate.h"
#include "quotedid.h"

#include <QtCore/qurl.h>
#include <QtGui/qguiapplication.h>

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

QList<QByteArray> ImageProvider::defaultAllowedFormats()
{
    return Internal::defaultAllowedFormats();
}

namespace {

bool sameSettings(const NetworkSettings &a, const NetworkSettings &b)
{
    return a.enabled == b.enabled && a.allowedHosts == b.allowedHosts && a.timeout == b.timeout
            && a.maxBodyBytes == b.maxBodyBytes && a.maxRedirects == b.maxRedirects
            && a.diskCacheDirectory == b.diskCacheDirectory && a.diskCacheBytes == b.diskCacheBytes;
}

} // namespace

ImageProvider::ImageProvider(ImageCache &cache) : d(std::make_shared<ProviderState>(cache))
{
    // Memory back when the app leaves the screen: what no Image shows can be loaded again.
    if (auto *app = qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        connect(app, &QGuiApplication::applicationStateChanged, this, [this](Qt::ApplicationState state) {
            if (m_trimInBackground && (state == Qt::ApplicationHidden || state == Qt::ApplicationSuspended)) {
                const int trimmed = d->cache.trim(ImageCache::TrimLevel::Unused);
                qCInfo(lcProvider) << "application" << (state == Qt::ApplicationHidden ? "hidden" : "suspended")
                                   << "- trimmed" << trimmed << "unused entries";
            }
        });
    }
}

void ImageProvider::setTrimInBackground(bool trim)
{
    m_trimInBackground = trim;
}

bool ImageProvider::trimInBackground() const
{
    return m_trimInBackground;
}

ImageProvider::~ImageProvider()
{
    d->shutdown();
}

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
            qCWarning(lcProvider).noquote() << "Ignoring root that is not an existing folder:"
                                            << Internal::quotedId(root);
        else
            canonical.append(path);
    }
    {
        std::scoped_lock lock(d->settingsMutex);
        if (d->requestedRoots == roots && d->roots == canonical)
            return;
        d->roots = canonical;
        d->requestedRoots = roots;
    }
    Q_EMIT rootsChanged();
}

QStringList ImageProvider::roots() const
{
    std::scoped_lock lock(d->settingsMutex);
    return d->requestedRoots;
}

void ImageProvider::setLoader(const QString &prefix, ImageLoader loader)
{
    if (!loader) {
        removeLoader(prefix);
        return;
    }
    setLoader(prefix, CancellableImageLoader(
                              [loader = std::move(loader)](const QString &id, const QSize &size,
                                                           const CancellationToken &) {
                                  return loader(id, size);
                              }));
}

void ImageProvider::setLoader(const QString &prefix, CancellableImageLoader loader)
{
    if (!loader) {
        removeLoader(prefix);
        return;
    }
    // Process-wide, so no two registrations anywhere share cache keys.
    static std::atomic<quint64> nextRegistration{1};
    auto registered = std::make_shared<ProviderState::RegisteredLoader>();
    registered->prefix = prefix;
    registered->registration = nextRegistration.fetch_add(1, std::memory_order_relaxed);
    registered->load = std::move(loader);
    std::scoped_lock lock(d->settingsMutex);
    d->loaders.insert(prefix, std::move(registered));
}

void ImageProvider::setLoader(const QString &prefix, std::nullptr_t)
{
    removeLoader(prefix);
}

void ImageProvider::removeLoader(const QString &prefix)
{
    std::shared_ptr<const ProviderState::RegisteredLoader> removed;
    {
        std::scoped_lock lock(d->settingsMutex);
        removed = d->loaders.take(prefix);
    }
    // `removed` goes here, outside the lock; running calls keep their own reference.
}

void ImageProvider::setLoaderThreadCount(int threads)
{
    d->loaderQueue.setMaxThreads(threads);
}

int ImageProvider::loaderThreadCount() const
{
    return d->loaderQueue.maxThreads();
}

void ImageProvider::setLoaderTimeout(std::chrono::milliseconds timeout)
{
    std::scoped_lock lock(d->settingsMutex);
    d->loaderTimeout = std::max(timeout, std::chrono::milliseconds(1));
}

std::chrono::milliseconds ImageProvider::loaderTimeout() const
{
    std::scoped_lock lock(d->settingsMutex);
    return d->loaderTimeout;
}

void ImageProvider::setPixelBudget(qint64 pixels)
{
    Internal::ImageDecoder::raiseAllocationLimitFor(pixels);
    std::scoped_lock lock(d->settingsMutex);
    d->limits.pixelBudget = pixels;
}

qint64 ImageProvider::pixelBudget() const
{
    std::scoped_lock lock(d->settingsMutex);
    return d->limits.pixelBudget;
}

void ImageProvider::setAllowedFormats(const QList<QByteArray> &formats)
{
    QList<QByteArray> normalized;
    for (const QByteArray &format : formats) {
        const QByteArray name = Internal::ImageDecoder::normalizedFormat(format.trimmed());
        if (!name.isEmpty() && !normalized.contains(name))
            normalized.append(name);
    }
    std::scoped_lock lock(d->settingsMutex);
    d->limits.allowedFormats = normalized;
}

QList<QByteArray> ImageProvider::allowedFormats() const
{
    std::scoped_lock lock(d->settingsMutex);
    return d->limits.allowedFormats;
}

void ImageProvider::setLockedQmlSettings(QmlSettings locked)
{
    std::scoped_lock lock(d->settingsMutex);
    d->lockedQmlSettings = locked;
}

QmlSettings ImageProvider::lockedQmlSettings() const
{
    std::scoped_lock lock(d->settingsMutex);
    return d->lockedQmlSettings;
}

void ImageProvider::setNetworkSettings(const NetworkSettings &settings)
{
    bool changed = false;
    {
        std::scoped_lock lock(d->settingsMutex);
        changed = !sameSettings(d->network, settings);
        d->network = settings;
    }
    if (Internal::NetworkFetcher *fetcher = d->networkFetcher(/*create=*/settings.enabled))
        fetcher->setSettings(settings);
    if (changed)
        Q_EMIT networkSettingsChanged();
}

NetworkSettings ImageProvider::networkSettings() const
{
    std::scoped_lock lock(d->settingsMutex);
    return d->network;
}

NetworkStats ImageProvider::networkStats() const
{
    const Internal::NetworkFetcher *fetcher = d->networkFetcher(/*create=*/false);
    return fetcher ? fetcher->stats() : NetworkStats();
}

QString ImageProvider::identity(const QString &id) const
{
    const ProviderState::Request request = d->prepare(id, QSize());
    return request.error.isEmpty() ? request.source.identity() : QString();
}

std::function<QString(const QString &)> ImageProvider::identityFunction() const
{
    return [state = d](const QString &id) {
        const ProviderState::Request request = state->prepare(id, QSize());
        return request.error.isEmpty() ? request.source.identity() : QString();
    };
}

int ImageProvider::invalidate(const QString &id, bool includeDisk)
{
    const ProviderState::Request request = d->prepare(id, QSize());
    if (!request.error.isEmpty()) {
        qCWarning(lcProvider).noquote() << "invalidate:" << request.error;
        return 0;
    }
    const QString identity = request.source.identity();
    const int removed = d->forgetEntries({identity}, /*prefix=*/false);
    if (includeDisk && request.source.kind == Internal::Source::Kind::Network) {
        if (Internal::NetworkFetcher *fetcher = d->networkFetcher(/*create=*/false))
            fetcher->removeFromDisk(QUrl(request.source.path));
    }
    Q_EMIT invalidated({identity}, false);
    return removed;
}

int ImageProvider::invalidatePrefix(const QString &prefix, bool includeDisk)
{
    const QStringList identities = d->identityPrefixes(prefix);
    if (identities.isEmpty()) {
        qCWarning(lcProvider).noquote() << "invalidatePrefix: refused" << Internal::quotedId(prefix);
        return 0;
    }
    const int removed = d->forgetEntries(identities, /*prefix=*/true);
    if (includeDisk) {
        if (Internal::NetworkFetcher *fetcher = d->networkFetcher(/*create=*/false)) {
            for (const QString &identity : identities)
                fetcher->removeFromDiskWithPrefix(identity);
        }
    }
    Q_EMIT invalidated(identities, true);
    return removed;
}

QString ImageProvider::cacheKey(const QString &id, const QSize &requestedSize, QString *error) const
{
    const ProviderState::Request request = d->prepare(id, requestedSize);
    if (error)
        *error = request.error;
    return request.cacheKey;
}

int ImageProvider::prefetch(const QStringList &ids, const QSize &requestedSize)
{
    return d->prefetch(ids, requestedSize);
}

void ImageProvider::cancelPrefetch()
{
    d->cancelPrefetch();
}

int ImageProvider::pendingPrefetches() const
{
    return d->pendingPrefetches();
}

void ImageProvider::waitForIdle() const
{
    d->waitForIdle();
}

QQuickImageResponse *ImageProvider::requestImageResponse(const QString &id,
                                                         const QSize &requestedSize)
{
    auto *response = new Internal::ImageResponse; // owned by the engine, deleted after finished()
    // On Qt Quick's reader thread: nothing may escape from here.
    try {
        const ProviderState::Request request = d->prepare(id, requestedSize);
        if (!request.error.isEmpty()) {
            d->reportError(id, request.error);
            response->fail(request.error);
            return response;
        }
        ProviderState::Ticket ticket = d->acquire(request);
        if (ticket.job)
            response->waitFor(std::move(ticket.job));
        else if (!ticket.error.isEmpty())
            response->fail(ticket.error);
        else
            response->succeed(ticket.image);
    } catch (const std::exception &error) {
        response->fail(QStringLiteral("Cannot load %1: %2")
                               .arg(Internal::quotedId(id), QString::fromLocal8Bit(error.what())));
    }
    return response;
}

} // namespace CacheScope
