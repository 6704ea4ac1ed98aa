// Copyright (C) 2026 The CacheScope authors.
// Fuzz target: arbitrary bytes through the provider's decode path -- format detection from the
// content, the allowlist, the header probe, the pixel budget, QImageReader and the scene-graph
// conversion -- exactly as a file opened below a root is decoded. The first four bytes choose the
// requested size. Whatever the input: no crash, no hang, no allocation over the budget, and either
// an image within the budget in a scene-graph format or an error that says something.
#include "imagedecoder.h"

#include <QtCore/qbuffer.h>
#include <QtGui/qguiapplication.h>
#include <QtGui/qimagereader.h>

#include <cstdlib>
#include <cstdio>

using CacheScope::Internal::DecodeLimits;
using CacheScope::Internal::ImageDecoder;

namespace {

// Small, so that every input decodes fast; the checks do not depend on the number.
constexpr qint64 FuzzPixelBudget = 1'000'000;
// Bytes of the input that choose the requested size.
constexpr qsizetype SizeBytes = 4;
constexpr int MaxRequestedSide = 512;

void fail(const char *what, const QString &detail)
{
    std::fprintf(stderr, "fuzz_decode: %s: %s\n", what, qPrintable(detail));
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    // Image plugins need an application object; offscreen needs no display.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    static QGuiApplication app(*argc, *argv);
    // Decoders allocate within this (twice the budget's widest format): a bug that lets a bomb past
    // the budget shows as a failed allocation, not as a machine out of memory.
    QImageReader::setAllocationLimit(int(FuzzPixelBudget * ImageDecoder::MaxDecodedBytesPerPixel
                                         * 2 / (1024 * 1024)) + 1);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QSize requested(-1, -1);
    QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    if (bytes.size() >= SizeBytes) {
        const auto side = [&](int at) {
            const int value = (quint8(bytes.at(at)) << 8 | quint8(bytes.at(at + 1))) % (MaxRequestedSide + 2);
            return value - 1; // -1 (unset) to 512
        };
        requested = QSize(side(0), side(2));
        bytes.remove(0, SizeBytes);
    }
    QBuffer device(&bytes);
    device.open(QIODevice::ReadOnly);
    DecodeLimits limits;
    limits.pixelBudget = FuzzPixelBudget;
    const CacheScope::LoadResult result =
            ImageDecoder::decode(device, QStringLiteral("\"fuzz\""), requested, limits);
    if (result.ok()) {
        const QImage &image = result.image;
        if (qint64(image.width()) * image.height() > FuzzPixelBudget)
            fail("an image over the budget got through", QStringLiteral("%1x%2").arg(image.width()).arg(image.height()));
        if (image.format() != QImage::Format_RGB32 && image.format() != QImage::Format_ARGB32_Premultiplied)
            fail("not a scene graph format", QString::number(int(image.format())));
    } else {
        if (result.error.isEmpty())
            fail("a failure without a message", {});
        if (!result.image.isNull())
            fail("a failure with an image", result.error);
        if (result.error.contains(QLatin1Char('\n')))
            fail("a raw newline in a message", result.error);
    }
    return 0;
}
