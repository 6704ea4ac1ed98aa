// Copyright (C) 2026 The CacheScope authors.
#include <CacheScope/imageprovider.h>
#include <CacheScope/imagerouting.h>

#include <QtCore/qdir.h>
#include <QtCore/qloggingcategory.h>
#include <QtQml/qqmlengine.h>
#include <QtQml/qqmlextensionplugin.h>

extern void qml_register_types_CacheScope();

namespace CacheScope {

Q_LOGGING_CATEGORY(lcRouting, "cachescope.routing")

namespace {
// Zero-change adoption from the environment: CACHESCOPE_ROUTE=file,qrc,https routes those image
// sources through the cache, CACHESCOPE_ROOTS=/a:/b adds the roots routed files may come from.
constexpr const char *RouteVariable = "CACHESCOPE_ROUTE";
constexpr const char *RootsVariable = "CACHESCOPE_ROOTS";

void routeFromEnvironment(QQmlEngine *engine)
{
    if (!qEnvironmentVariableIsSet(RouteVariable))
        return;
    QString error;
    const RouteSchemes schemes = parseRouteSchemes(qEnvironmentVariable(RouteVariable), &error);
    if (!error.isEmpty())
        qCWarning(lcRouting).noquote() << RouteVariable << ":" << error;
    const QStringList roots =
            qEnvironmentVariable(RootsVariable).split(QDir::listSeparator(), Qt::SkipEmptyParts);
    routeImages(engine, schemes, roots);
}
} // namespace

// Registers the provider when a QML file imports CacheScope, before any Image can ask for it
// (a lazily created singleton would be too late for an Image that comes first).
class CacheScopePlugin : public QQmlEngineExtensionPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID QQmlEngineExtensionInterface_iid)

public:
    explicit CacheScopePlugin(QObject *parent = nullptr) : QQmlEngineExtensionPlugin(parent)
    {
        // Keeps the backing library (and its type registrations) linked.
        volatile auto registration = &qml_register_types_CacheScope;
        Q_UNUSED(registration);
    }

    void initializeEngine(QQmlEngine *engine, const char *uri) override
    {
        Q_UNUSED(uri);
        const QString id = ImageProvider::providerId();
        if (!engine->imageProvider(id))
            engine->addImageProvider(id, new ImageProvider(ImageCache::instance()));
        routeFromEnvironment(engine);
    }
};

} // namespace CacheScope

#include "cachescopeplugin.moc"
