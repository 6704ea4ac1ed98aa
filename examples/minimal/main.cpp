// Copyright (C) 2026 The CacheScope authors.
// The smallest CacheScope app: copy this folder to start. Pictures come from a folder (the first
// argument, or the current directory) and from a generated "swatch/<colour>" source.
#include <CacheScope/imageprovider.h>

#include <QtCore/qdir.h>
#include <QtGui/qguiapplication.h>
#include <QtQml/qqmlapplicationengine.h>

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QQmlApplicationEngine engine;

    // Optional: configure the provider before QML loads. Without this, `import CacheScope`
    // registers a default one and QML sets ImageCache.roots.
    auto *provider = new CacheScope::ImageProvider;
    provider->setRoots({argc > 1 ? QString::fromLocal8Bit(argv[1]) : QDir::currentPath()});
    provider->setLoader(QStringLiteral("swatch"), [](const QString &colour, const QSize &size) {
        QImage image(size.isEmpty() ? QSize(64, 64) : size, QImage::Format_RGB32);
        image.fill(QColor::fromString(colour));
        return CacheScope::LoadResult{image, {}};
    });
    engine.addImageProvider(CacheScope::ImageProvider::providerId(), provider);

    engine.load(QUrl(QStringLiteral("qrc:/Minimal/Main.qml")));
    return engine.rootObjects().isEmpty() ? 1 : QGuiApplication::exec();
}
