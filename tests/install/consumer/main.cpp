// Smallest real use of an installed CacheScope::Core: insert an image, find it again.
#include <CacheScope/imagecache.h>

#include <QtCore/qcoreapplication.h>
#include <QtGui/qcolor.h>
#include <QtGui/qimage.h>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);

    CacheScope::ImageCache cache;
    QImage image(32, 16, QImage::Format_ARGB32_Premultiplied);
    image.fill(QColor(Qt::darkCyan));

    if (!cache.insert(QStringLiteral("consumer/tile"), image)) {
        std::fprintf(stderr, "consumer: insert was rejected\n");
        return 1;
    }
    QImage found;
    if (!cache.find(QStringLiteral("consumer/tile"), &found)) {
        std::fprintf(stderr, "consumer: inserted image not found\n");
        return 2;
    }
    if (found != image) {
        std::fprintf(stderr, "consumer: found image differs from the inserted one\n");
        return 3;
    }
    if (cache.find(QStringLiteral("consumer/absent"), nullptr)) {
        std::fprintf(stderr, "consumer: found an image that was never inserted\n");
        return 4;
    }
    std::printf("consumer: ok (%d entry, %d KiB)\n", cache.count(), cache.totalUsed());
    return 0;
}
