// Copyright (C) 2026 The CacheScope authors.
#include "imagedecoder.h"

#include "headerprobe.h"

#include <QtCore/qlocale.h>
#include <QtGui/qimagereader.h>

#include <cmath>
#include <mutex>

namespace CacheScope::Internal {

namespace {

qint64 pixelsOf(const QSize &size)
{
    return qint64(std::max(size.width(), 0)) * std::max(size.height(), 0);
}

QSize largest(const QSize &a, const QSize &b)
{
    if (!a.isValid())
        return b;
    return b.isValid() ? a.expandedTo(b) : a;
}

QString formatList(const QList<QByteArray> &formats)
{
    QStringList names;
    for (const QByteArray &format : formats)
        names.append(QString::fromLatin1(format));
    return names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
}

} // namespace

QList<QByteArray> defaultAllowedFormats()
{
    QList<QByteArray> formats{"png", "jpeg", "gif", "bmp", "ppm", "pgm", "pbm", "ico", "cur"};
    // Listed only where its plugin (qt6-image-formats-plugins) is installed.
    if (QImageReader::supportedImageFormats().contains("webp"))
        formats.append("webp");
    return formats;
}

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

QString ImageDecoder::budgetError(const QString &name, const QSize &size, qint64 pixelBudget)
{
    const qint64 pixels = pixelsOf(size);
    if (pixels <= pixelBudget)
        return {};
    // Digits grouped: a budget of 40000000 and 400000000 look alike.
    static const QLocale grouped(QLocale::English, QLocale::UnitedStates);
    return QStringLiteral("Refused %1: it is %2x%3 (%4 pixels), over the pixel budget of %5 pixels")
            .arg(name)
            .arg(size.width())
            .arg(size.height())
            .arg(grouped.toString(pixels), grouped.toString(pixelBudget));
}

QByteArray ImageDecoder::normalizedFormat(const QByteArray &format)
{
    const QByteArray lower = format.toLower();
    if (lower == "jpg")
        return QByteArrayLiteral("jpeg");
    if (lower == "tif")
        return QByteArrayLiteral("tiff");
    return lower;
}

LoadResult ImageDecoder::decode(QIODevice &device, const QString &name, const QSize &requested,
                                const DecodeLimits &limits)
{
    const qint64 start = device.pos();
    QImageReader reader(&device);
    reader.setDecideFormatFromContent(true);
    const QByteArray format = normalizedFormat(reader.format());
    if (format.isEmpty())
        return LoadResult::failure(
                QStringLiteral("Cannot load %1: not an image, or an unsupported format (no "
                               "installed image plugin reads it)").arg(name));
    if (!limits.allowedFormats.contains(format))
        return LoadResult::failure(
                QStringLiteral("Refused %1: its content is %2, which is not an allowed format "
                               "(allowed: %3)")
                        .arg(name, QString::fromLatin1(format), formatList(limits.allowedFormats)));

    // Every size the file declares, before any decoder allocates for it. The probe first: so far
    // the reader has only peeked.
    if (const QString error = HeaderProbe::structureError(device, format, start); !error.isEmpty())
        return LoadResult::failure(QStringLiteral("Cannot decode %1 (%2): %3")
                                           .arg(name, QString::fromLatin1(format), error));
    const QSize probed = HeaderProbe::largestDeclaredSize(device, format, start);
    const QSize original = reader.size();
    const QSize declared = largest(original, probed);
    if (const QString error = budgetError(name, declared, limits.pixelBudget); !error.isEmpty())
        return LoadResult::failure(error);
    // A format that cannot tell its size before decoding (icns, say, if allowed) is still
    // bounded: QImageReader's allocation limit covers the budget, and the result is checked.
    if (const QSize scaled = scaledSize(original, requested); scaled.isValid())
        reader.setScaledSize(scaled); // decoders like JPEG's scale while decoding
    QImage image = reader.read();
    if (image.isNull()) {
        const QString declaredSize = original.isValid()
                ? QStringLiteral(", %1x%2").arg(original.width()).arg(original.height())
                : QString();
        return LoadResult::failure(QStringLiteral("Cannot decode %1 (%2%3): %4")
                                           .arg(name, QString::fromLatin1(format), declaredSize,
                                                reader.errorString()));
    }
    return accept(std::move(image), name, limits.pixelBudget);
}

LoadResult ImageDecoder::accept(QImage image, const QString &name, qint64 pixelBudget)
{
    if (image.isNull())
        return LoadResult::failure(QStringLiteral("%1 produced no image").arg(name));
    // Again on what was really decoded, whatever the headers said, and before the conversion
    // allocates its copy.
    if (const QString error = budgetError(name, image.size(), pixelBudget); !error.isEmpty())
        return LoadResult::failure(error);
    const QSize size = image.size();
    QImage converted = toSceneGraphFormat(std::move(image));
    if (converted.isNull())
        return LoadResult::failure(QStringLiteral("Cannot load %1: out of memory converting "
                                                  "%2x%3 for the scene graph")
                                           .arg(name)
                                           .arg(size.width())
                                           .arg(size.height()));
    return {std::move(converted), {}};
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

void ImageDecoder::raiseAllocationLimitFor(qint64 pixelBudget)
{
    static constexpr qint64 BytesPerMb = 1024 * 1024;
    static std::mutex mutex; // read-modify-write of a process-wide setting
    const qint64 budget = std::clamp<qint64>(
            pixelBudget, 0, std::numeric_limits<qint64>::max() / MaxDecodedBytesPerPixel - BytesPerMb);
    const qint64 needed = (budget * MaxDecodedBytesPerPixel + BytesPerMb - 1) / BytesPerMb;
    const int neededMb = int(std::min<qint64>(needed, std::numeric_limits<int>::max()));
    std::scoped_lock lock(mutex);
    const int current = QImageReader::allocationLimit();
    if (current != 0 && current < neededMb)
        QImageReader::setAllocationLimit(neededMb);
}

} // namespace CacheScope::Internal
