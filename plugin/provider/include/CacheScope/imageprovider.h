// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/imagecache.h>

#include <QtCore/qstringlist.h>
#include <QtQuick/qquickimageprovider.h>

#include <functional>
#include <memory>

#if defined(CACHESCOPE_PROVIDER_LIBRARY)
#  define CACHESCOPE_PROVIDER_EXPORT Q_DECL_EXPORT
#else
#  define CACHESCOPE_PROVIDER_EXPORT Q_DECL_IMPORT
#endif

namespace CacheScope {

class ProviderState;

// What a load produced: an image, or an error that says what went wrong.
struct LoadResult
{
    QImage image;
    QString error; // non-empty means the load failed

    static LoadResult failure(QString message) { return {QImage(), std::move(message)}; }
    bool ok() const { return error.isEmpty() && !image.isNull(); }
};

// An app's own source of images for ids under a prefix (generated, database or network images).
// Called on a worker thread with the id after "<prefix>/" and the requested size (may be invalid).
using ImageLoader = std::function<LoadResult(const QString &id, const QSize &requestedSize)>;

// The asynchronous `image://cache/...` provider: resolves ids against roots, resources or loaders,
// answers from an ImageCache, and decodes misses on a thread pool, once per key however many items
// ask at the same time. Every member is thread-safe.
class CACHESCOPE_PROVIDER_EXPORT ImageProvider : public QQuickAsyncImageProvider
{
public:
    static constexpr int MaxIdLength = 2048;         // characters; longer ids are refused
    static constexpr int MaxRequestedDimension = 32768; // pixels per side
    // Decoded pixels allowed per image, checked from the header before anything is allocated
    // (40 MP: an 8K photo fits, a decompression bomb does not).
    static constexpr qint64 DefaultPixelBudget = 40'000'000;

    // The id `import CacheScope` registers the provider under. Change it before loading QML.
    static QString providerId();
    static void setProviderId(const QString &id);

    explicit ImageProvider(ImageCache &cache = ImageCache::instance());
    ~ImageProvider() override;

    ImageCache &cache() const;

    // Folders that ids are resolved against, first match wins. Local paths or file: URLs.
    void setRoots(const QStringList &roots);
    QStringList roots() const;
    // Ids "<prefix>/<rest>" go to `loader` instead of the file system. An empty loader unregisters.
    void setLoader(const QString &prefix, ImageLoader loader);
    void setPixelBudget(qint64 pixels);
    qint64 pixelBudget() const;

    // The cache key an Image with this source id and sourceSize uses; empty (and *error set) if
    // the id or size is refused.
    QString cacheKey(const QString &id, const QSize &requestedSize, QString *error = nullptr) const;
    // Loads ids into the cache in the background, without any Image asking for them.
    void prefetch(const QStringList &ids, const QSize &requestedSize);
    // Blocks until every load in flight has finished (for tests and orderly shutdown).
    void waitForIdle() const;

    QQuickImageResponse *requestImageResponse(const QString &id,
                                              const QSize &requestedSize) override;

private:
    std::shared_ptr<ProviderState> d;
};

} // namespace CacheScope
