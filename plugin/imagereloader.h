// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>

QT_BEGIN_NAMESPACE
class QQmlEngine;
class QQuickItem;
QT_END_NAMESPACE

namespace CacheScope {

class ImageProvider;

// Makes the Images (and BorderImages) of one engine that show an invalidated image load it again,
// with no QML change: Qt 6.4 has no way to tell an Image to re-request its source, so their
// `source` is cleared and set back, after Qt Quick's own unreferenced-pixmap store is purged
// (QQuickWindow::releaseResources()) so that `cache: true` Images do not get the old pixels back
// from it. Like any source change in Qt 6.4, such an Image is empty until the new image arrives.
class ImageReloader : public QObject
{
    Q_OBJECT
public:
    ImageReloader(QQmlEngine *engine, ImageProvider *provider, QObject *parent = nullptr);

    // GUI thread. Returns how many items reloaded.
    int reload(const QStringList &identities, bool prefix);

private:
    bool shows(QQuickItem *item, const QStringList &identities, bool prefix) const;

    QPointer<QQmlEngine> m_engine;
    QPointer<ImageProvider> m_provider;
};

} // namespace CacheScope
