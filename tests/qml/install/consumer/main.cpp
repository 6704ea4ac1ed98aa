// Runs main.qml with `import CacheScope` from the install prefix and checks, from the outside, that
// an Image loaded through image://cache at the requested size and that every CacheScope library
// in the process came from the prefix. Usage: cachescope_qml_consumer <main.qml> <prefix>
#include "loadedlibraries.h"

#include <QtCore/qtemporarydir.h>
#include <QtCore/qtimer.h>
#include <QtGui/qguiapplication.h>
#include <QtGui/qimage.h>
#include <QtQml/qqmlcontext.h>
#include <QtQml/qqmlengine.h>
#include <QtQuick/qquickitem.h>
#include <QtQuick/qquickview.h>

#include <cstdio>

namespace {

int fail(const QString &why)
{
    std::fprintf(stderr, "qml consumer: %s\n", qPrintable(why));
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    if (argc < 3)
        return fail(QStringLiteral("usage: cachescope_qml_consumer <main.qml> <prefix>"));
    const QString qmlFile = QString::fromLocal8Bit(argv[1]);
    const QString prefix = QString::fromLocal8Bit(argv[2]);

    QTemporaryDir images;
    QImage tile(48, 32, QImage::Format_RGB32);
    tile.fill(Qt::darkMagenta);
    if (!images.isValid() || !tile.save(images.filePath(QStringLiteral("tile.png"))))
        return fail(QStringLiteral("cannot write the test image"));

    QQuickView view;
    QStringList warnings;
    QObject::connect(view.engine(), &QQmlEngine::warnings, [&](const QList<QQmlError> &errors) {
        for (const QQmlError &e : errors)
            warnings << e.toString();
    });
    view.rootContext()->setContextProperty(QStringLiteral("imageFolder"), images.path());
    view.setSource(QUrl::fromLocalFile(qmlFile));
    if (view.status() != QQuickView::Ready) {
        QStringList errors;
        for (const QQmlError &e : view.errors())
            errors << e.toString();
        return fail(QStringLiteral("main.qml did not load: %1").arg(errors.join(QLatin1Char('\n'))));
    }
    view.show();

    QObject *root = view.rootObject();
    auto *image = root->property("image").value<QObject *>();
    constexpr int Ready = 1, Error = 3;
    QTimer poll;
    int waitedMs = 0;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        waitedMs += 20;
        const int status = image->property("status").toInt();
        if (status == Ready || status == Error || waitedMs > 20000)
            app.quit();
    });
    poll.start(20);
    app.exec();

    const int status = image->property("status").toInt();
    if (status != Ready)
        return fail(QStringLiteral("Image status %1 after %2 ms; warnings:\n%3")
                            .arg(status).arg(waitedMs).arg(warnings.join(QLatin1Char('\n'))));
    const QSize size(image->property("implicitWidth").toInt(), image->property("implicitHeight").toInt());
    if (size != QSize(24, 16))
        return fail(QStringLiteral("Image is %1x%2, expected 24x16 (sourceSize.width 24)")
                            .arg(size.width()).arg(size.height()));
    QCoreApplication::processEvents();
    if (root->property("roots").toStringList() != QStringList{images.path()})
        return fail(QStringLiteral("ImageCache.roots did not read back"));

    const QStringList loaded = loadedCacheScopeFiles();
    bool pluginSeen = false;
    for (const QString &file : loaded)
        pluginSeen |= file.endsWith(QLatin1String("/libCacheScopePlugin.so"));
    if (!pluginSeen)
        return fail(QStringLiteral("the CacheScope plugin is not loaded: %1").arg(loaded.join(QLatin1String(", "))));
    const QStringList outside = filesOutside(loaded, prefix);
    if (!outside.isEmpty())
        return fail(QStringLiteral("loaded from outside the install prefix %1: %2")
                            .arg(prefix, outside.join(QLatin1String(", "))));
    std::printf("qml consumer: ok (Image %dx%d via image://cache; loaded %s)\n", size.width(),
                size.height(), qPrintable(loaded.join(QLatin1String(", "))));
    return 0;
}
