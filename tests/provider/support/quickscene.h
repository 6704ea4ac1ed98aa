// Copyright (C) 2026 The CacheScope authors.
// A Qt Quick scene (QQuickView, offscreen) whose engine uses a TrackingProvider over its own cache.
#pragma once

#include "providertest.h"

#include <QtQml/qqmlcomponent.h>
#include <QtQml/qqmlengine.h>
#include <QtQuick/qquickitem.h>
#include <QtQuick/qquickview.h>

namespace ProviderTest {

// QQuickImageBase::Status
enum ImageStatus { Null = 0, Ready = 1, Loading = 2, Error = 3 };

class QuickScene
{
public:
    explicit QuickScene(QSize windowSize = QSize(1400, 1000), int cacheLimitKb = ImageCache::DefaultCacheLimitKb)
        : cache(cacheLimitKb)
    {
        provider = new TrackingProvider(cache);
        view.engine()->addImageProvider(ImageProvider::providerId(), provider); // engine owns it
        QObject::connect(view.engine(), &QQmlEngine::warnings, view.engine(),
                         [this](const QList<QQmlError> &errors) {
                             for (const QQmlError &e : errors)
                                 warnings.append(e.toString());
                         });
        view.setResizeMode(QQuickView::SizeRootObjectToView);
        view.resize(windowSize);
        view.setColor(Qt::black);
    }

    // Creates `qml` (a component text) as a child of the view's content item. Null on error.
    QQuickItem *create(const QString &qml)
    {
        QQmlComponent component(view.engine());
        component.setData(qml.toUtf8(), QUrl(QStringLiteral("qrc:/cachescope-test/scene.qml")));
        QObject *object = component.create();
        if (!object) {
            lastError = component.errorString();
            return nullptr;
        }
        auto *item = qobject_cast<QQuickItem *>(object);
        if (!item) {
            delete object;
            lastError = QStringLiteral("not an Item");
            return nullptr;
        }
        QQmlEngine::setObjectOwnership(item, QQmlEngine::CppOwnership);
        item->setParentItem(view.contentItem());
        item->setParent(view.contentItem());
        return item;
    }

    bool show()
    {
        view.show();
        return QTest::qWaitForWindowExposed(&view, LongWaitMs);
    }

    // Declared in this order: the view (engine, provider) goes before the cache it uses.
    ImageCache cache;
    TrackingProvider *provider = nullptr;
    QStringList warnings;
    QString lastError;
    QQuickView view;
};

inline int statusOf(const QObject *image)
{
    return image->property("status").toInt();
}

} // namespace ProviderTest
