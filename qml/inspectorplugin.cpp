// Copyright (C) 2026 The CacheScope authors.
#include <thumbnailprovider.h>

#include <QtQml/qqmlengine.h>
#include <QtQml/qqmlextensionplugin.h>

extern void qml_register_types_CacheScope_Inspector();

namespace CacheScope {

// Registers the read-only thumbnail provider the entry views use.
class CacheScopeInspectorPlugin : public QQmlEngineExtensionPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID QQmlEngineExtensionInterface_iid)

public:
    explicit CacheScopeInspectorPlugin(QObject *parent = nullptr) : QQmlEngineExtensionPlugin(parent)
    {
        volatile auto registration = &qml_register_types_CacheScope_Inspector;
        Q_UNUSED(registration);
    }

    void initializeEngine(QQmlEngine *engine, const char *uri) override
    {
        Q_UNUSED(uri);
        const QString id = ThumbnailProvider::ProviderId;
        if (!engine->imageProvider(id))
            engine->addImageProvider(id, new ThumbnailProvider);
    }
};

} // namespace CacheScope

#include "inspectorplugin.moc"
