// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/imagecache.h>

#include <QtCore/qset.h>
#include <QtQuick/qquickimageprovider.h>

namespace CacheScope {

// The inspector's read-only way to show an entry's pixels: `image://cachescope-thumbnail/<token>`.
// It peeks (no hit, no miss, no recency change) and returns a scaled copy, so a thumbnail never
// holds a reference to the cached image. While it scales, though, it holds one, and the cache
// would call the entry "in use": takeTouchedEntries() tells the monitor which readings to discount.
//
// Any QML in the engine can ask for any URL of the provider, so a URL shows pixels only if it was
// handed out: each token is 128 random bits issued for one registered cache and one entry (no
// counter, no entry id, no cache key), forgotten when the entry or the registration goes.
class ThumbnailProvider : public QQuickImageProvider
{
public:
    static constexpr QLatin1StringView ProviderId{"cachescope-thumbnail"};
    static constexpr int DefaultThumbnailSide = 64;
    // The largest side made, whatever the requested size: a thumbnail is a preview, and a URL's
    // sourceSize is not to be trusted with allocating (or scaling to) 2147483647 x 2147483647.
    static constexpr int MaxThumbnailSide = 512;
    static constexpr int TokenBytes = 16; // 128 bits

    ThumbnailProvider();

    // Makes a cache reachable through the provider until unregistered. The registration number
    // never appears in a URL.
    static int registerCache(ImageCache *cache);
    static void unregisterCache(int registration);
    // The URL of an entry's thumbnail; the same one while the entry is retained.
    static QString thumbnailUrl(int registration, quint64 entryId);
    // Forgets the tokens of entries not in `live` (entries that left the cache).
    static void retainEntries(int registration, const QSet<quint64> &live);
    // The entries whose images the provider held at any moment since the previous call (or holds
    // now). Called before and after reading the entries, it names those whose in-use flag may
    // have been the provider's own copy.
    static QSet<quint64> takeTouchedEntries(int registration);

    // The box a thumbnail fits in: the requested size per side, DefaultThumbnailSide where that is
    // not positive, at most MaxThumbnailSide.
    static QSize thumbnailBox(const QSize &requestedSize);

    QImage requestImage(const QString &id, QSize *size, const QSize &requestedSize) override;

private:
    // Takes `original` by value: the caller's copy is gone when this returns.
    static QImage thumbnailOf(QImage original, const QSize &requestedSize, QSize *size);
};

} // namespace CacheScope
