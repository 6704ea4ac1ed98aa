// An app that shows the inspector the way the README says: a QQmlApplicationEngine loads a QML file
// (a Window with an embedded CacheInspector and a CacheInspectorWindow, its imports in the order
// under test) and finds CacheScope.Inspector through QML_IMPORT_PATH. Fails if the file does not
// load, if either inspector is missing or never renders a frame, on any QML warning, and if a
// CacheScope library came from outside the prefix.
// Usage: cachescope_inspector_app <file.qml> <prefix>
#include "loadedlibraries.h"

#include <QtCore/qtimer.h>
#include <QtGui/qguiapplication.h>
#include <QtQml/qqmlapplicationengine.h>
#include <QtQuick/qquickwindow.h>

#include <chrono>
#include <cstdio>

namespace {

using namespace std::chrono_literals;

// Long enough for both windows to lay out, render, and run a few of the monitor's refreshes.
constexpr auto RunTime = 1500ms;

int fail(const QString &why)
{
    std::fprintf(stderr, "inspector app: %s\n", qPrintable(why));
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    if (argc < 3)
        return fail(QStringLiteral("usage: cachescope_inspector_app <file.qml> <prefix>"));
    const QString qmlFile = QString::fromLocal8Bit(argv[1]);
    const QString prefix = QString::fromLocal8Bit(argv[2]);

    QQmlApplicationEngine engine;
    QStringList warnings;
    QObject::connect(&engine, &QQmlEngine::warnings, [&](const QList<QQmlError> &errors) {
        for (const QQmlError &e : errors)
            warnings << e.toString();
    });
    engine.load(QUrl::fromLocalFile(qmlFile));
    if (engine.rootObjects().isEmpty())
        return fail(QStringLiteral("%1 did not load:\n%2").arg(qmlFile, warnings.join(QLatin1Char('\n'))));

    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    QObject *embedded = window ? window->property("embedded").value<QObject *>() : nullptr;
    auto *separate = window ? window->property("separate").value<QQuickWindow *>() : nullptr;
    if (!embedded || !separate)
        return fail(QStringLiteral("no CacheInspector or CacheInspectorWindow in %1").arg(qmlFile));
    if (!embedded->property("activeMonitor").value<QObject *>()
        || !separate->property("inspector").value<QObject *>())
        return fail(QStringLiteral("an inspector has no monitor"));

    int framesShown = 0, framesSeparate = 0;
    QObject::connect(window, &QQuickWindow::frameSwapped, [&] { ++framesShown; });
    QObject::connect(separate, &QQuickWindow::frameSwapped, [&] { ++framesSeparate; });
    QTimer::singleShot(RunTime, &app, &QCoreApplication::quit);
    app.exec();

    if (framesShown == 0 || framesSeparate == 0)
        return fail(QStringLiteral("frames rendered: window %1, CacheInspectorWindow %2")
                            .arg(framesShown).arg(framesSeparate));
    if (!warnings.isEmpty())
        return fail(QStringLiteral("QML warnings:\n%1").arg(warnings.join(QLatin1Char('\n'))));

    const QStringList loaded = loadedCacheScopeFiles();
    if (!loaded.join(QLatin1Char(' ')).contains(QLatin1String("/libCacheScopeInspectorPlugin.so")))
        return fail(QStringLiteral("the inspector plugin is not loaded: %1").arg(loaded.join(QLatin1String(", "))));
    const QStringList outside = filesOutside(loaded, prefix);
    if (!outside.isEmpty())
        return fail(QStringLiteral("loaded from outside the install prefix %1: %2")
                            .arg(prefix, outside.join(QLatin1String(", "))));
    std::printf("inspector app: ok (%s; %d + %d frames)\n", qPrintable(qmlFile), framesShown,
                framesSeparate);
    return 0;
}
