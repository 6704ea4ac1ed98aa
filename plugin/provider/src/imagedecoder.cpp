// Copyright (C) 2026 The CacheScope authors.
#include "imagedecoder.h"

#include <QtGui/qimagereader.h>

#include <cmath>

namespace CacheScope::Internal {

QSize ImageDecoder::scaledSize(const QSize &original, const QSize &requested)
{
    if (original.isEmpty() || (requested.width() <= 0 && requested.height() <= 0))
        return {};
    // Qt Quick (QQuickImageProviderWithOptions::loadSize): each requested dimension smaller than
    // the original gives a ratio; the smaller ratio wins.
    qreal ratio = 0.0;
    if (requested.width() > 0 && requested.width() < original.width())
        ratio = qreal(requested.width()) / original.width();
    if (requested.height() > 0 && requested.height() < original.height()) {
        const qreal heightRatio = qreal(requested.height()) / original.height();
        if (ratio == 0.0 || heightRatio < ratio)
            ratio = heightRatio;
    }
    if (ratio <= 0.0)
        return {};
    return QSize(qRound(original.width() * ratio), qRound(original.height() * ratio));
}

LoadResult ImageDecoder::decode(const QString &path, const QSize &requested, qint64 pixelBudget)
{
    QImageReader reader(path);
    const QSize original = reader.size(); // from the header only
    if (!original.isValid()) {
        if (reader.error() == QImageReader::UnsupportedFormatError)
            return LoadResult::failure(
                    QStringLiteral("Not a valid image, or an unsupported format: %1")
                            .arg(path));
        return LoadResult::failure(QStringLiteral("Cannot read image header of %1: %2")
                                           .arg(path, reader.errorString()));
    }
    const qint64 pixels = qint64(original.width()) * original.height();
    if (pixels > pixelBudget)
        return LoadResult::failure(
                QStringLiteral("Image %1 is %2x%3 (%4 pixels), over the pixel budget of %5")
                        .arg(path)
                        .arg(original.width())
                        .arg(original.height())
                        .arg(pixels)
                        .arg(pixelBudget));
    if (const QSize scaled = scaledSize(original, requested); scaled.isValid())
        reader.setScaledSize(scaled); // decoders like JPEG's scale while decoding
    QImage image = reader.read();
    if (image.isNull())
        return LoadResult::failure(QStringLiteral("Cannot decode %1: %2")
                                           .arg(path, reader.errorString()));
    return {toSceneGraphFormat(std::move(image)), {}};
}

QImage ImageDecoder::toSceneGraphFormat(QImage image)
{
    const QImage::Format format = image.format();
    if (format == QImage::Format_RGB32 || format == QImage::Format_ARGB32_Premultiplied)
        return image;
    const bool alpha = image.hasAlphaChannel();
    return std::move(image).convertToFormat(alpha ? QImage::Format_ARGB32_Premultiplied
                                                  : QImage::Format_RGB32);
}

} // namespace CacheScope::Internal
