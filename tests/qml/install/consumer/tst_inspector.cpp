// A Qt Quick Test runner (what qmltestrunner is, built by the app) for the generated
// tst_inspector.qml files. It gives them `loadedLibraries`, to check that every CacheScope file
// came from the prefix named by CACHESCOPE_TEST_PREFIX.
// Usage: tst_cachescope_inspector -input <tst_inspector.qml>
#include "loadedlibraries.h"

#include <QtQml/qqmlcontext.h>
#include <QtQml/qqmlengine.h>
#include <QtQuickTest/quicktest.h>

class Setup : public QObject
{
    Q_OBJECT

public slots:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        const QString prefix = qEnvironmentVariable("CACHESCOPE_TEST_PREFIX");
        engine->rootContext()->setContextProperty(QStringLiteral("loadedLibraries"),
                                                  new LoadedLibraries(prefix, engine));
    }
};

QUICK_TEST_MAIN_WITH_SETUP(cachescope_inspector, Setup)

#include "tst_inspector.moc"
