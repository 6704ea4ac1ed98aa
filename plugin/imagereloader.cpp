// Copyright (C) 2026 The CacheScope authors.
#include "imagereloader.h"

#include <CacheScope/imageprovider.h>

#include <QtGui/qguiapplication.h>
#include <QtQml/qqmlcontext.h>
#include <QtQml/qqmlengine.h>
#include <QtQuick/qquickitem.h>
#include <QtQuick/qquickwindow.h>

namespace CacheScope {

namespace {

void collectImages(QQuickItem *item, QList<QQuickItem *> &images)
{
    // Image and BorderImage; AnimatedImage is one too, but never shows an image:// source.
    if (item->inherits("QQuickImageBase") && !item->inherits("QQuickAnimatedImage"))
        images.append(item);
    for (QQuickItem *child : item->childItems())
        collectImages(child, images);
}

} // namespace

ImageReloader::ImageReloader(QQmlEngine *engine, ImageProvider *provider, QObject *parent)
    : QObject(parent), m_engine(engine), m_provider(provider)
{
    if (provider) {
        // Queued: invalidate() may run on any thread; items are touched on the GUI thread only.
        connect(provider, &ImageProvider::invalidated, this,
                [this](const QStringList &identities, bool prefix) { reload(identities, prefix); },
                Qt::QueuedConnection);
    }
}

bool ImageReloader::shows(QQuickItem *item, const QStringList &identities, bool prefix) const
{
    const QUrl source = item->property("source").toUrl();
    if (source.isEmpty())
        return false;
    // As Qt Quick loads it: resolved against the item's context, through the URL interceptors
    // (so routed file:/qrc:/http: sources count too).
    const QQmlContext *context = qmlContext(item);
    const QUrl resolved = m_engine->interceptUrl(context ? context->resolvedUrl(source) : source,
                                                 QQmlAbstractUrlInterceptor::UrlString);
    if (resolved.scheme() != QLatin1String("image")
        || resolved.host().compare(ImageProvider::providerId(), Qt::CaseInsensitive) != 0)
        return false;
    // The id as Qt Quick hands it to providers.
    const QString id = resolved.toString(QUrl::RemoveScheme | QUrl::RemoveAuthority).mid(1);
    const QString identity = m_provider->identity(id);
    if (identity.isEmpty())
        return false;
    for (const QString &wanted : identities) {
        if (prefix ? identity.startsWith(wanted) : identity == wanted)
            return true;
    }
    return false;
}

int ImageReloader::reload(const QStringList &identities, bool prefix)
{
    if (!m_engine || !m_provider)
        return 0;
    struct Shown
    {
        QPointer<QQuickItem> item;
        QUrl source;
    };
    QList<Shown> shown;
    QList<QQuickWindow *> windows;
    for (QWindow *window : QGuiApplication::topLevelWindows()) {
        auto *quickWindow = qobject_cast<QQuickWindow *>(window);
        if (!quickWindow)
            continue;
        QList<QQuickItem *> images;
        collectImages(quickWindow->contentItem(), images);
        bool any = false;
        for (QQuickItem *image : std::as_const(images)) {
            if (qmlEngine(image) == m_engine && shows(image, identities, prefix)) {
                shown.append({image, image->property("source").toUrl()});
                any = true;
            }
        }
        if (any)
            windows.append(quickWindow);
    }
    if (shown.isEmpty())
        return 0;
    for (const Shown &entry : std::as_const(shown))
        entry.item->setProperty("source", QUrl());
    // The old pixmaps are unreferenced now; drop them from Qt Quick's store before asking again.
    for (QQuickWindow *window : std::as_const(windows))
        window->releaseResources();
    int reloaded = 0;
    for (const Shown &entry : std::as_const(shown)) {
        if (entry.item) {
            entry.item->setProperty("source", entry.source);
            ++reloaded;
        }
    }
    return reloaded;
}

} // namespace CacheScope
