// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/imagecache.h>
#include <CacheScope/networksettings.h>

#include <QtCore/qflags.h>
#include <QtCore/qstringlist.h>
#include <QtQuick/qquickimageprovider.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>

#if defined(CACHESCOPE_PROVIDER_LIBRARY)
#  define CACHESCOPE_PROVIDER_EXPORT Q_DECL_EXPORT
#else
#  define CACHESCOPE_PROVIDER_EXPORT Q_DECL_IMPORT
#endif

namespace CacheScope {

class ProviderState;
namespace Internal {
class LoadJob;
}

// What a load produced: an image, or an error that says what went wrong.
struct LoadResult
{
    QImage image;
    QString error; // non-empty means the load failed

    static LoadResult failure(QString message) { return {QImage(), std::move(message)}; }
    bool ok() const { return error.isEmpty() && !image.isNull(); }
};

// Tells a running loader that its result is no longer wanted: every request for it was cancelled,
// it ran past the loader timeout (an error has been delivered already), or the provider is shutting
// down. Poll it between slow steps and return early; whatever is returned then is discarded.
class CACHESCOPE_PROVIDER_EXPORT CancellationToken
{
public:
    using Clock = std::chrono::steady_clock;

    CancellationToken(); // never cancelled, no deadline
    bool isCancelled() const noexcept;
    // When the provider gives up waiting (Clock::time_point::max() for no deadline).
    Clock::time_point deadline() const noexcept;

private:
    friend class Internal::LoadJob;
    struct State;
    explicit CancellationToken(Clock::time_point deadline);
    void cancel() const noexcept;
    std::shared_ptr<State> d;
};

// An app's own source of images for ids under a prefix (generated, database or network images).
// Called on one of the provider's loader threads with the id after "<prefix>/" and the requested
// size (may be invalid). It may throw: any exception becomes the load's error.
using ImageLoader = std::function<LoadResult(const QString &id, const QSize &requestedSize)>;
// The same, with a token to poll for cancellation.
using CancellableImageLoader = std::function<LoadResult(
        const QString &id, const QSize &requestedSize, const CancellationToken &cancellation)>;

// Settings that QML may write through the `ImageCache` singleton unless the app locks them.
enum class QmlSetting : quint8 {
    Roots = 0x1,      // ImageCache.roots
    CacheLimit = 0x2, // ImageCache.cacheLimit
    Network = 0x4,    // ImageCache.networkEnabled and allowedHosts
};
Q_DECLARE_FLAGS(QmlSettings, QmlSetting)

// The asynchronous `image://cache/...` provider: resolves ids against roots, resources or loaders,
// answers from an ImageCache, and loads misses on worker threads, once per key however many items
// ask at the same time. Every member is thread-safe.
//
// Files are opened once, below their root, without following links, and decoded from that open
// file; only allowed formats (detected from the content) are decoded, and no image over the pixel
// budget is ever allocated. App loaders run on threads of their own with bounded concurrency and a
// timeout, so a hung loader delays neither file images nor the provider's destruction.
class CACHESCOPE_PROVIDER_EXPORT ImageProvider : public QQuickAsyncImageProvider
{
    Q_OBJECT
public:
    static constexpr int MaxIdLength = 2048;         // characters; longer ids are refused
    static constexpr int MaxRequestedDimension = 32768; // pixels per side
    // Decoded pixels allowed per image, checked against every size a file declares, the decoded
    // image and before every conversion (40 MP: an 8K photo fits, a decompression bomb does not).
    static constexpr qint64 DefaultPixelBudget = 40'000'000;
    // App loader calls running at once, and how long a load may take before it is an error.
    static constexpr int DefaultLoaderThreads = 4;
    static constexpr std::chrono::milliseconds DefaultLoaderTimeout{30'000};
    // prefetch(): ids taken from one call, and prefetches waiting or loading at any time.
    static constexpr int MaxPrefetchIdsPerCall = 512;
    static constexpr int MaxPendingPrefetches = 2048;

    // The id `import CacheScope` registers the provider under. Change it before loading QML.
    static QString providerId();
    static void setProviderId(const QString &id);
    // png, jpeg, gif, bmp, ppm, pgm, pbm, ico, cur, and webp where its plugin is installed. Not svg:
    // QtSvg follows <image href> to any file on disk, so an app opts in with setAllowedFormats().
    static QList<QByteArray> defaultAllowedFormats();

    explicit ImageProvider(ImageCache &cache = ImageCache::instance());
    ~ImageProvider() override; // returns without waiting for running loader calls (see setLoader)

    ImageCache &cache() const;

    // Folders that ids are resolved against, first match wins. Local paths or file: URLs.
    void setRoots(const QStringList &roots);
    QStringList roots() const;

    // Ids "<prefix>/<rest>" go to `loader` instead of the file system. Each registration gets
    // cache keys of its own, so two providers (or two registrations) under one prefix never share
    // images. Unregister with setLoader(prefix, {}) or removeLoader(prefix).
    // Lifetime: the loader's function object, and whatever it captured, is destroyed when the last
    // call running it returns. After unregistering (or destroying the provider) no new call starts,
    // but calls already running go on until they return; their CancellationToken says they were
    // cancelled. So capture by value or by shared ownership, never a reference to something that may
    // be destroyed before a running call returns.
    void setLoader(const QString &prefix, ImageLoader loader);
    void setLoader(const QString &prefix, CancellableImageLoader loader);
    void setLoader(const QString &prefix, std::nullptr_t);
    void removeLoader(const QString &prefix);
    void setLoaderThreadCount(int threads);
    int loaderThreadCount() const;
    // From the request to the result; at least 1 ms. Past it the load ends in an error.
    void setLoaderTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds loaderTimeout() const;

    // Also raises QImageReader's process-wide allocation limit so that images within the budget
    // decode (Qt's 128 MiB default stops at about 33 megapixels).
    void setPixelBudget(qint64 pixels);
    qint64 pixelBudget() const;
    // Format names as QImageReader reports them ("jpg" and "jpeg" are one).
    void setAllowedFormats(const QList<QByteArray> &formats);
    QList<QByteArray> allowedFormats() const;

    // `http:`/`https:` images (routed, or written as image://cache/https://host/path): off until
    // enabled here (or from QML), and only from the allowed hosts. See NetworkSettings.
    void setNetworkSettings(const NetworkSettings &settings);
    NetworkSettings networkSettings() const;
    NetworkStats networkStats() const;

    // Forgets every cached size of the image `id` names (and, with `includeDisk`, the network
    // tier's copy: removed on the network thread before any later request of it runs, without
    // blocking the caller), so the next request loads it again; Images showing it reload when the
    // `ImageCache` QML singleton is in use (it listens to invalidated()). Returns how many entries
    // went. invalidatePrefix() does the same for every id starting with `prefix` ("photos/",
    // "https://example.com/avatars/").
    int invalidate(const QString &id, bool includeDisk = false);
    int invalidatePrefix(const QString &prefix, bool includeDisk = false);

    // Whether the cache is trimmed (ImageCache::TrimLevel::Unused) when the application is hidden
    // or suspended (QGuiApplication::applicationStateChanged). On by default. GUI thread.
    void setTrimInBackground(bool trim);
    bool trimInBackground() const;

    // Settings the `ImageCache` QML singleton may no longer change (e.g. so that app QML cannot
    // widen the roots). Nothing is locked by default.
    void setLockedQmlSettings(QmlSettings locked);
    QmlSettings lockedQmlSettings() const;

    // The cache key an Image with this source id and sourceSize uses; empty (and *error set) if
    // the id or size is refused.
    QString cacheKey(const QString &id, const QSize &requestedSize, QString *error = nullptr) const;
    // Loads ids into the cache in the background, without any Image asking for them. Duplicates
    // and ids already being prefetched are skipped, at most MaxPrefetchIdsPerCall are taken per
    // call and at most MaxPendingPrefetches are pending at a time; ids are resolved on a worker
    // thread. Returns how many ids were taken.
    int prefetch(const QStringList &ids, const QSize &requestedSize);
    // Drops prefetches not started yet and tells running loaders to stop.
    void cancelPrefetch();
    int pendingPrefetches() const;
    // Blocks until no load is queued or running (for tests and orderly shutdown).
    void waitForIdle() const;

    QQuickImageResponse *requestImageResponse(const QString &id,
                                              const QSize &requestedSize) override;

    // The source identity (the cache key without "@WxH") an id resolves to; empty if refused.
    QString identity(const QString &id) const;
    // identity() as a function that any thread may call, also after this provider is gone (it
    // keeps the provider's settings alive): resolving touches the file system, so callers with
    // many ids resolve them off the GUI thread.
    std::function<QString(const QString &id)> identityFunction() const;

Q_SIGNALS:
    // Emitted (from the invalidating thread) with the identities (or identity prefixes) forgotten.
    void invalidated(const QStringList &identities, bool prefix);
    // Emitted (from the setting thread) when setRoots() / setNetworkSettings() changed something,
    // so that QML bindings on ImageCache.roots, networkEnabled and allowedHosts follow C++ changes.
    void rootsChanged();
    void networkSettingsChanged();

private:
    std::shared_ptr<ProviderState> d;
    bool m_trimInBackground = true; // GUI thread only
};

} // namespace CacheScope

Q_DECLARE_OPERATORS_FOR_FLAGS(CacheScope::QmlSettings)
