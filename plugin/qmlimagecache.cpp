// Copyright (C) 2026 The CacheScope authors.
#include "qmlimagecache.h"

#include "imagereloader.h"

#include <QtCore/qloggingcategory.h>

namespace CacheScope {

Q_LOGGING_CATEGORY(lcQml, "cachescope.qml")

// Accepts an id as written in an Image's source, with or without "image://cache/".
static QString bareId(const QString &id)
{
    const QString scheme = QStringLiteral("image://%1/").arg(ImageProvider::providerId());
    return id.startsWith(scheme, Qt::CaseInsensitive) ? id.mid(scheme.size()) : id;
}

QmlImageCache::QmlImageCache(ImageCache &cache, ImageProvider *provider, QQmlEngine *engine,
                             QObject *parent)
    : QObject(parent), m_cache(cache), m_provider(provider)
{
    if (engine && provider)
        m_reloader = new ImageReloader(engine, provider, this);
    if (provider) {
        // Also the changes C++ makes (queued when made on another thread).
        connect(provider, &ImageProvider::rootsChanged, this, &QmlImageCache::rootsChanged);
        connect(provider, &ImageProvider::networkSettingsChanged, this, &QmlImageCache::networkChanged);
    }
    m_coalescer.setSingleShot(true);
    m_coalescer.setInterval(NotificationInterval);
    connect(&m_coalescer, &QTimer::timeout, this, &QmlImageCache::refresh);
    m_stats = m_cache.stats();
    m_flushTimerActive = m_cache.isFlushTimerActive();
    m_cache.addObserver(this);
}

QmlImageCache::~QmlImageCache()
{
    m_cache.removeObserver(this);
}

QmlImageCache *QmlImageCache::create(QQmlEngine *engine, QJSEngine *)
{
    auto *provider = dynamic_cast<ImageProvider *>(engine->imageProvider(ImageProvider::providerId()));
    if (!provider)
        qCWarning(lcQml) << "No CacheScope provider registered under" << ImageProvider::providerId()
                         << "- ImageCache shows the process-wide cache, roots are unavailable";
    return new QmlImageCache(provider ? provider->cache() : ImageCache::instance(), provider, engine);
}

void QmlImageCache::cacheEvents(Events events)
{
    Q_UNUSED(events);
    // Any thread. One queued call per quiet period, however many events arrive.
    if (!m_refreshPending.exchange(true))
        QMetaObject::invokeMethod(&m_coalescer, qOverload<>(&QTimer::start), Qt::QueuedConnection);
}

void QmlImageCache::refresh()
{
    m_refreshPending.store(false);
    const CacheStats stats = m_cache.stats();
    const bool timerActive = m_cache.isFlushTimerActive();
    const NetworkStats network = m_provider ? m_provider->networkStats() : NetworkStats();
    const bool networkChanged = network.diskHits != m_network.diskHits
            || network.revalidations != m_network.revalidations || network.fetches != m_network.fetches
            || network.bytesDownloaded != m_network.bytesDownloaded || network.errors != m_network.errors;
    m_network = network;
    const bool limitChanged = stats.cacheLimit != m_stats.cacheLimit;
    const bool changed = limitChanged || timerActive != m_flushTimerActive
            || stats.hits != m_stats.hits || stats.misses != m_stats.misses
            || stats.insertions != m_stats.insertions || stats.evictions != m_stats.evictions
            || stats.errors != m_stats.errors || stats.totalUsed != m_stats.totalUsed
            || stats.count != m_stats.count || networkChanged;
    m_stats = stats;
    m_flushTimerActive = timerActive;
    if (limitChanged)
        Q_EMIT cacheLimitChanged();
    if (changed) {
        Q_EMIT statsChanged();
        // Hits reach observers in batches (CacheObserver), and the last of a burst may not have
        // come yet; the counters do not wait for them. So while they change, look once more.
        m_coalescer.start();
    }
}

bool QmlImageCache::writable(QmlSetting setting, const char *property) const
{
    if (!m_provider || !m_provider->lockedQmlSettings().testFlag(setting))
        return true;
    qCWarning(lcQml).noquote() << QStringLiteral("ImageCache.%1 is locked by the application; "
                                                 "not changed").arg(QLatin1String(property));
    return false;
}

void QmlImageCache::setCacheLimit(int kb)
{
    if (!writable(QmlSetting::CacheLimit, "cacheLimit")) {
        Q_EMIT cacheLimitChanged(); // a binding that wrote it reads the real value back
        return;
    }
    // Compared with the cache itself: m_stats is a coalesced copy and may be stale.
    if (kb == m_cache.cacheLimit())
        return;
    m_cache.setCacheLimit(kb);
    refresh();
}

QStringList QmlImageCache::roots() const
{
    return m_provider ? m_provider->roots() : QStringList();
}

void QmlImageCache::setRoots(const QStringList &roots)
{
    if (!m_provider) {
        qCWarning(lcQml) << "ImageCache.roots: no CacheScope provider on this engine";
        return;
    }
    if (!writable(QmlSetting::Roots, "roots")) {
        Q_EMIT rootsChanged();
        return;
    }
    if (roots == m_provider->roots())
        return;
    m_provider->setRoots(roots); // rootsChanged() comes from the provider
}

bool QmlImageCache::networkEnabled() const
{
    return m_provider && m_provider->networkSettings().enabled;
}

void QmlImageCache::setNetworkEnabled(bool enabled)
{
    if (!m_provider || enabled == networkEnabled())
        return;
    if (!writable(QmlSetting::Network, "networkEnabled")) {
        Q_EMIT networkChanged();
        return;
    }
    NetworkSettings settings = m_provider->networkSettings();
    settings.enabled = enabled;
    m_provider->setNetworkSettings(settings); // networkChanged() comes from the provider
}

QStringList QmlImageCache::allowedHosts() const
{
    return m_provider ? m_provider->networkSettings().allowedHosts : QStringList();
}

void QmlImageCache::setAllowedHosts(const QStringList &hosts)
{
    if (!m_provider || hosts == allowedHosts())
        return;
    if (!writable(QmlSetting::Network, "allowedHosts")) {
        Q_EMIT networkChanged();
        return;
    }
    NetworkSettings settings = m_provider->networkSettings();
    settings.allowedHosts = hosts;
    m_provider->setNetworkSettings(settings); // networkChanged() comes from the provider
}

int QmlImageCache::invalidate(const QString &id, bool includeDisk)
{
    if (!m_provider)
        return 0;
    const int removed = m_provider->invalidate(bareId(id), includeDisk);
    refresh();
    return removed;
}

int QmlImageCache::invalidatePrefix(const QString &prefix, bool includeDisk)
{
    if (!m_provider)
        return 0;
    const int removed = m_provider->invalidatePrefix(bareId(prefix), includeDisk);
    refresh();
    return removed;
}

void QmlImageCache::clear()
{
    m_cache.clear();
    refresh();
}

bool QmlImageCache::flush()
{
    const bool evicted = m_cache.flush();
    refresh();
    return evicted;
}


QString QmlImageCache::cacheKeyFor(const QString &id, const QSize &size) const
{
    if (!m_provider)
        return {};
    QString error;
    const QString key = m_provider->cacheKey(bareId(id), size, &error);
    if (!error.isEmpty())
        qCWarning(lcQml).noquote() << error;
    return key;
}

bool QmlImageCache::contains(const QString &id, const QSize &size) const
{
    const QString key = cacheKeyFor(id, size);
    return !key.isEmpty() && m_cache.contains(key);
}

void QmlImageCache::remove(const QString &id, const QSize &size)
{
    if (const QString key = cacheKeyFor(id, size); !key.isEmpty()) {
        m_cache.remove(key);
        refresh();
    }
}

int QmlImageCache::prefetch(const QStringList &ids, const QSize &size)
{
    if (!m_provider)
        return 0;
    QStringList bareIds;
    bareIds.reserve(ids.size());
    for (const QString &id : ids)
        bareIds.append(bareId(id));
    return m_provider->prefetch(bareIds, size);
}

void QmlImageCache::cancelPrefetch()
{
    if (m_provider)
        m_provider->cancelPrefetch();
}

} // namespace CacheScope
