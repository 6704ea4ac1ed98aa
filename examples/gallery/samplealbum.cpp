// Copyright (C) 2026 The CacheScope authors.
#include "samplealbum.h"

#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtCore/qstandardpaths.h>
#include <QtCore/qthreadpool.h>
#include <QtGui/qimage.h>
#include <QtGui/qpainter.h>
#include <QtGui/qpainterpath.h>

#include <array>

namespace {

struct Format
{
    QSize size;
    const char *suffix;
};

// A mix like a real photo folder: mostly JPEG photos in a few sizes, some PNG graphics.
constexpr std::array<Format, 8> Formats{{
        {{1024, 768}, "jpg"},
        {{1280, 960}, "jpg"},
        {{800, 600}, "jpg"},
        {{600, 800}, "jpg"},
        {{1600, 1200}, "jpg"},
        {{640, 480}, "png"},
        {{512, 512}, "png"},
        {{320, 240}, "png"},
}};
constexpr int JpegQuality = 85;
constexpr int ShapesPerImage = 7;

QString fileNameFor(int index)
{
    const Format &format = Formats[size_t(index) % Formats.size()];
    return QStringLiteral("photo-%1.%2").arg(index, 4, 10, QLatin1Char('0')).arg(QLatin1String(format.suffix));
}

QImage draw(int index)
{
    const Format &format = Formats[size_t(index) % Formats.size()];
    QImage image(format.size, QImage::Format_RGB32);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    // Hues walk the colour wheel by the golden angle, so neighbours never look alike.
    const int hue = (index * 137) % 360;
    QLinearGradient background(0, 0, format.size.width(), format.size.height());
    background.setColorAt(0, QColor::fromHsv(hue, 160, 230));
    background.setColorAt(1, QColor::fromHsv((hue + 60) % 360, 200, 90));
    painter.fillRect(image.rect(), background);
    quint32 seed = quint32(index) * 2654435761u;
    auto next = [&seed] {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    for (int i = 0; i < ShapesPerImage; ++i) {
        const int side = format.size.width() / 8 + int(next() % quint32(format.size.width() / 4));
        const QRectF box(next() % quint32(format.size.width()), next() % quint32(format.size.height()),
                         side, side);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor::fromHsv((hue + 180 + i * 25) % 360, 200, 240, 150));
        if (i % 2)
            painter.drawEllipse(box.translated(-side / 2.0, -side / 2.0));
        else
            painter.drawRoundedRect(box.translated(-side / 2.0, -side / 2.0), side / 6.0, side / 6.0);
    }
    QFont font = painter.font();
    font.setPixelSize(format.size.height() / 4);
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(QColor(255, 255, 255, 220));
    painter.drawText(image.rect(), Qt::AlignCenter, QString::number(index));
    return image;
}

} // namespace

QString SampleAlbum::defaultFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation)
            + QStringLiteral("/sample-album");
}

QStringList SampleAlbum::ensure(const QString &folder, int count)
{
    QDir().mkpath(folder);
    const QDir dir(folder);
    QStringList names;
    QThreadPool pool;
    for (int index = 0; index < count; ++index) {
        const QString name = fileNameFor(index);
        names.append(name);
        if (dir.exists(name))
            continue;
        const QString path = dir.filePath(name);
        pool.start([index, path] {
            // Written under a temporary name first, so an interrupted run leaves no broken file.
            const QString partial = path + QStringLiteral(".part");
            const bool png = path.endsWith(QLatin1String(".png"));
            if (draw(index).save(partial, png ? "PNG" : "JPG", png ? -1 : JpegQuality))
                QFile::rename(partial, path);
        });
    }
    pool.waitForDone();
    return names;
}
