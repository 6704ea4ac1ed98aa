// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/imageprovider.h>

namespace CacheScope::Internal {

// Decodes image files the way Qt Quick's own file loading does for the default fill mode, at the
// requested size, into a format the scene graph uploads as is.
class ImageDecoder
{
public:
    // The size QImageReader should decode to, as Qt Quick computes it for `sourceSize`: fit within
    // the requested box keeping the aspect ratio, only dimensions given (> 0) count, never upscale.
    // Invalid means "decode at the original size".
    static QSize scaledSize(const QSize &original, const QSize &requested);

    // Refuses images over `pixelBudget` from their header, before any pixel buffer exists.
    static LoadResult decode(const QString &path, const QSize &requested, qint64 pixelBudget);

    // RGB32 or ARGB32_Premultiplied: what QQuickTextureFactory would otherwise convert to, so the
    // cache and the scene graph share one copy.
    static QImage toSceneGraphFormat(QImage image);
};

} // namespace CacheScope::Internal
