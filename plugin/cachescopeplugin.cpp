// Copyright (C) 2026 The CacheScope authors.
#include <CacheScope/imageprovider.h>

#include <QtQml/qqmlengine.h>
#include <QtQml/qqmlextensionplugin.h>

extern void qml_register_types_CacheScope();

namespace CacheScope {

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
    }
};

} // namespace CacheScope

#include "cachescopeplugin.moc"
