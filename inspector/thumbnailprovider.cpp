// Copyright (C) 2026 The CacheScope authors.
#include "thumbnailprovider.h"

#include <QtCore/qhash.h>

#include <mutex>

namespace CacheScope {

namespace {

struct Registry
{
    std::mutex mutex;
    QHash<int, ImageCache *> caches;
    int nextToken = 1;
};

Registry &registry()
{
    static Registry instance;
    return instance;
}

} // namespace

ThumbnailProvider::ThumbnailProvider()
    : QQuickImageProvider(QQuickImageProvider::Image, ForceAsynchronousImageLoading)
{
}

QString ThumbnailProvider::registerCache(ImageCache *cache, int *token)
{
    Registry &r = registry();
    std::scoped_lock lock(r.mutex);
    *token = r.nextToken++;
    r.caches.insert(*token, cache);
    return QStringLiteral("image://%1/%2/").arg(ProviderId).arg(*token);
}

void ThumbnailProvider::unregisterCache(int token)
{
    Registry &r = registry();
    std::scoped_lock lock(r.mutex);
    r.caches.remove(token);
}

QImage ThumbnailProvider::requestImage(const QString &id, QSize *size, const QSize &requestedSize)
{
    const qsizetype slash = id.indexOf(QLatin1Char('/'));
    const int token = id.left(slash).toInt();
    const quint64 entryId = id.mid(slash + 1).toULongLong();
    QImage original;
    {
        // Held while peeking so the cache cannot be unregistered and destroyed meanwhile.
        Registry &r = registry();
        std::scoped_lock lock(r.mutex);
        if (ImageCache *cache = r.caches.value(token))
            original = cache->peek(entryId);
    }
    const QSize box(requestedSize.width() > 0 ? requestedSize.width() : DefaultThumbnailSide,
                    requestedSize.height() > 0 ? requestedSize.height() : DefaultThumbnailSide);
    if (original.isNull()) {
        // Evicted since the view asked: an empty tile, not an error (Qt would log one).
        QImage gone(box, QImage::Format_ARGB32_Premultiplied);
        gone.fill(Qt::transparent);
        if (size)
            *size = box;
        return gone;
    }
    if (size)
        *size = original.size();
    // Never the cached pixels themselves (a shared copy would mark the entry "in use"): scaled()
    // makes new pixels, and copy() does where no scaling is needed.
    const QImage thumbnail = original.width() > box.width() || original.height() > box.height()
            ? original.scaled(box, Qt::KeepAspectRatio, Qt::SmoothTransformation)
            : original.copy();
    return thumbnail;
}

} // namespace CacheScope
