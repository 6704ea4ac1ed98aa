// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/imageprovider.h>

#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>
#include <QtQml/qqmlengine.h>

#include <atomic>

namespace CacheScope {

class ImageReloader;

// The `ImageCache` QML singleton: the statistics and controls of the cache behind the engine's
// `image://cache` provider. Statistics change notifications are coalesced to at most one
// statsChanged() per NotificationInterval, however busy the worker threads are.
class QmlImageCache : public QObject, public CacheObserver
{
    Q_OBJECT
    QML_NAMED_ELEMENT(ImageCache)
    QML_SINGLETON
    Q_PROPERTY(int cacheLimit READ cacheLimit WRITE setCacheLimit NOTIFY cacheLimitChanged)
    Q_PROPERTY(int totalUsed READ totalUsed NOTIFY statsChanged)
    Q_PROPERTY(int count READ count NOTIFY statsChanged)
    Q_PROPERTY(double hits READ hits NOTIFY statsChanged)
    Q_PROPERTY(double misses READ misses NOTIFY statsChanged)
    Q_PROPERTY(double hitRate READ hitRate NOTIFY statsChanged)
    Q_PROPERTY(double evictions READ evictions NOTIFY statsChanged)
    Q_PROPERTY(double errors READ errors NOTIFY statsChanged)
    Q_PROPERTY(bool flushTimerActive READ flushTimerActive NOTIFY statsChanged)
    Q_PROPERTY(QStringList roots READ roots WRITE setRoots NOTIFY rootsChanged)
    // The network tier (see CacheScope::NetworkSettings): off until enabled, allowed hosts or "*".
    Q_PROPERTY(bool networkEnabled READ networkEnabled WRITE setNetworkEnabled NOTIFY networkChanged)
    Q_PROPERTY(QStringList allowedHosts READ allowedHosts WRITE setAllowedHosts NOTIFY networkChanged)
    Q_PROPERTY(double diskHits READ diskHits NOTIFY statsChanged)
    Q_PROPERTY(double revalidations READ revalidations NOTIFY statsChanged)
    Q_PROPERTY(double fetches READ fetches NOTIFY statsChanged)
    Q_PROPERTY(double bytesDownloaded READ bytesDownloaded NOTIFY statsChanged)
    Q_PROPERTY(double networkErrors READ networkErrors NOTIFY statsChanged)

public:
    static constexpr std::chrono::milliseconds NotificationInterval{100};

    QmlImageCache(ImageCache &cache, ImageProvider *provider, QQmlEngine *engine = nullptr,
                  QObject *parent = nullptr);
    ~QmlImageCache() override;
    static QmlImageCache *create(QQmlEngine *engine, QJSEngine *);

    int cacheLimit() const { return m_stats.cacheLimit; }
    void setCacheLimit(int kb);
    int totalUsed() const { return m_stats.totalUsed; }
    int count() const { return m_stats.count; }
    // Counters are 64-bit; QML numbers hold them exactly up to 2^53.
    double hits() const { return double(m_stats.hits); }
    double misses() const { return double(m_stats.misses); }
    double hitRate() const { return m_stats.hitRate(); }
    double evictions() const { return double(m_stats.evictions); }
    double errors() const { return double(m_stats.errors); }
    bool flushTimerActive() const { return m_flushTimerActive; }
    QStringList roots() const;
    void setRoots(const QStringList &roots);
    bool networkEnabled() const;
    void setNetworkEnabled(bool enabled);
    QStringList allowedHosts() const;
    void setAllowedHosts(const QStringList &hosts);
    double diskHits() const { return double(m_network.diskHits); }
    double revalidations() const { return double(m_network.revalidations); }
    double fetches() const { return double(m_network.fetches); }
    double bytesDownloaded() const { return double(m_network.bytesDownloaded); }
    double networkErrors() const { return double(m_network.errors); }

    Q_INVOKABLE void clear();
    // One flush step, busy or idle as the timer would choose. Returns whether anything went.
    Q_INVOKABLE bool flush();
    // `id` as in the Image source, with or without the "image://cache/" prefix.
    Q_INVOKABLE bool contains(const QString &id, const QSize &size = QSize()) const;
    Q_INVOKABLE void remove(const QString &id, const QSize &size = QSize());
    // Loads ids in the background (see ImageProvider::prefetch for the bounds); returns how many
    // were taken.
    Q_INVOKABLE int prefetch(const QStringList &ids, const QSize &size = QSize());
    Q_INVOKABLE void cancelPrefetch();
    // Forget `id` (every size; with includeDisk also the network tier's copy) so it loads again;
    // Images showing it reload. Returns how many entries went.
    Q_INVOKABLE int invalidate(const QString &id, bool includeDisk = false);
    Q_INVOKABLE int invalidatePrefix(const QString &prefix, bool includeDisk = false);
    // Reads the statistics now instead of at the next coalesced update.
    Q_INVOKABLE void refresh();

    void cacheEvents(Events events) override;

Q_SIGNALS:
    void cacheLimitChanged();
    void statsChanged();
    void rootsChanged();
    void networkChanged();

private:
    QString cacheKeyFor(const QString &id, const QSize &size) const;
    // False (and a warning) if the app locked `setting` against QML.
    bool writable(QmlSetting setting, const char *property) const;

    ImageCache &m_cache;
    QPointer<ImageProvider> m_provider;
    CacheStats m_stats;
    NetworkStats m_network;
    ImageReloader *m_reloader = nullptr; // child
    bool m_flushTimerActive = false;
    QTimer m_coalescer;
    std::atomic<bool> m_refreshPending{false};
};

} // namespace CacheScope
