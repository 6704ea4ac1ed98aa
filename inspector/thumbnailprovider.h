// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/imagecache.h>

#include <QtQuick/qquickimageprovider.h>

namespace CacheScope {

// The inspector's read-only way to show an entry's pixels: `image://cachescope-thumbnail/<cache>/<id>`.
// It peeks (no hit, no miss, no recency change) and returns a scaled copy, so a thumbnail never
// holds a reference to the cached image and never marks it "in use".
class ThumbnailProvider : public QQuickImageProvider
{
public:
    static constexpr QLatin1StringView ProviderId{"cachescope-thumbnail"};
    static constexpr int DefaultThumbnailSide = 64;

    ThumbnailProvider();

    // Makes a cache reachable through the provider until unregistered; returns its URL prefix.
    static QString registerCache(ImageCache *cache, int *token);
    static void unregisterCache(int token);

    QImage requestImage(const QString &id, QSize *size, const QSize &requestedSize) override;
};

} // namespace CacheScope
