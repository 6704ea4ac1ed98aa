// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/imageprovider.h>

#include <QtCore/qiodevice.h>

namespace CacheScope::Internal {

// png, jpeg, gif, bmp, ppm/pgm/pbm, ico/cur, and webp where its plugin is installed.
QList<QByteArray> defaultAllowedFormats();

// What a decode may do: how many pixels any image may have (checked against every size the file
// declares, the decoded image and before every conversion) and which formats, detected from the
// content, may be decoded at all.
struct DecodeLimits
{
    qint64 pixelBudget = ImageProvider::DefaultPixelBudget;
    QList<QByteArray> allowedFormats = defaultAllowedFormats();
};

// Decodes images the way Qt Quick's own file loading does for the default fill mode, at the
// requested size, into a format the scene graph uploads as is.
class ImageDecoder
{
public:
    // Bytes per pixel of the widest format Qt's decoders produce (RGBA64, from 16-bit PNGs).
    static constexpr qint64 MaxDecodedBytesPerPixel = 8;

    // The size QImageReader should decode to, as Qt Quick computes it for `sourceSize`: fit within
    // the requested box keeping the aspect ratio, only dimensions given (> 0) count, never upscale.
    // Invalid means "decode at the original size".
    static QSize scaledSize(const QSize &original, const QSize &requested);

    // Decodes what `device` holds (open for reading, positioned at the image). `name` is how
    // messages call it, already quoted. The format is detected from the content, never from a file
    // name, and nothing but the device is ever opened.
    static LoadResult decode(QIODevice &device, const QString &name, const QSize &requested,
                             const DecodeLimits &limits);

    // An image an app's loader produced: the budget, then the conversion.
    static LoadResult accept(QImage image, const QString &name, qint64 pixelBudget);

    // "<name> is WxH (N pixels), over the pixel budget of B pixels", or empty when within it.
    static QString budgetError(const QString &name, const QSize &size, qint64 pixelBudget);

    // RGB32 or ARGB32_Premultiplied: what QQuickTextureFactory would otherwise convert to, so the
    // cache and the scene graph share one copy. Null if the conversion ran out of memory.
    static QImage toSceneGraphFormat(QImage image);

    // Lower-case, with aliases folded ("jpg" is "jpeg", "tif" is "tiff").
    static QByteArray normalizedFormat(const QByteArray &format);

    // QImageReader's allocation limit is process-wide (default 128 MiB, which refuses images from
    // about 33 megapixels as "Unable to read image data"). Raises it so that an image within
    // `pixelBudget` always fits; never lowers it, and leaves "no limit" (0) alone.
    static void raiseAllocationLimitFor(qint64 pixelBudget);
};

} // namespace CacheScope::Internal
