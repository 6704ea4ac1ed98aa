// Copyright (C) 2026 The CacheScope authors.
#include "imagereloader.h"

#include <CacheScope/imageprovider.h>

#include <QtCore/qhash.h>
#include <QtGui/qguiapplication.h>
#include <QtQml/qqmlcontext.h>
#include <QtQml/qqmlengine.h>
#include <QtQuick/qquickitem.h>
#include <QtQuick/qquickwindow.h>

#include <algorithm>

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

bool matches(const QString &identity, const QStringList &wanted, bool prefix)
{
    if (identity.isEmpty())
        return false;
    return std::any_of(wanted.cbegin(), wanted.cend(), [&](const QString &w) {
        return prefix ? identity.startsWith(w) : identity == w;
    });
}

} // namespace

ImageReloader::ImageReloader(QQmlEngine *engine, ImageProvider *provider, QObject *parent)
    : QObject(parent), m_engine(engine)
{
    if (provider) {
        m_identityOf = provider->identityFunction();
        // Queued: invalidate() may run on any thread; items are touched on the GUI thread only.
        connect(provider, &ImageProvider::invalidated, this,
                [this](const QStringList &identities, bool prefix) { reload(identities, prefix); },
                Qt::QueuedConnection);
    }
}

ImageReloader::~ImageReloader()
{
    for (Pending &pending : m_pending)
        pending.thread.join();
}

QString ImageReloader::providerIdOf(QQuickItem *item) const
{
    const QUrl source = item->property("source").toUrl();
    if (source.isEmpty())
        return {};
    // As Qt Quick loads it: resolved against the item's context, through the URL interceptors
    // (so routed file:/qrc:/http: sources count too).
    const QQmlContext *context = qmlContext(item);
    const QUrl resolved = m_engine->interceptUrl(context ? context->resolvedUrl(source) : source,
                                                 QQmlAbstractUrlInterceptor::UrlString);
    if (resolved.scheme() != QLatin1String("image")
        || resolved.host().compare(ImageProvider::providerId(), Qt::CaseInsensitive) != 0)
        return {};
    // The id as Qt Quick hands it to providers.
    return resolved.toString(QUrl::RemoveScheme | QUrl::RemoveAuthority).mid(1);
}

void ImageReloader::reload(const QStringList &identities, bool prefix)
{
    if (!m_engine || !m_identityOf)
        return;
    Pending pending;
    pending.resolution = std::make_shared<Resolution>();
    QHash<QString, qsizetype> idIndex; // many Images may show one id: resolve it once
    for (QWindow *window : QGuiApplication::topLevelWindows()) {
        auto *quickWindow = qobject_cast<QQuickWindow *>(window);
        if (!quickWindow)
            continue;
        QList<QQuickItem *> images;
        collectImages(quickWindow->contentItem(), images);
        for (QQuickItem *image : std::as_const(images)) {
            if (qmlEngine(image) != m_engine)
                continue;
            const QString id = providerIdOf(image);
            if (id.isEmpty())
                continue;
            if (!idIndex.contains(id)) {
                idIndex.insert(id, pending.resolution->ids.size());
                pending.resolution->ids.append(id);
            }
            pending.candidates.push_back({image, image->property("source").toUrl(), id});
        }
    }
    if (pending.candidates.empty()) {
        Q_EMIT reloaded(0);
        return;
    }
    // The thread gets its own copies; the Resolution is touched under its mutex only.
    pending.thread = std::thread([resolution = pending.resolution, identityOf = m_identityOf,
                                  ids = pending.resolution->ids, identities, prefix, this] {
        QList<bool> found;
        found.reserve(ids.size());
        for (const QString &id : ids)
            found.append(matches(identityOf(id), identities, prefix));
        {
            std::scoped_lock lock(resolution->mutex);
            resolution->matches = std::move(found);
            resolution->done = true;
        }
        // Data-free wake-up; `this` outlives the thread (the destructor joins it).
        QMetaObject::invokeMethod(this, "applyResolved", Qt::QueuedConnection);
    });
    m_pending.push_back(std::move(pending));
}

void ImageReloader::applyResolved()
{
    // In the order the invalidations came, so a later one never lands before an earlier one.
    while (!m_pending.empty()) {
        Pending &pending = m_pending.front();
        {
            std::scoped_lock lock(pending.resolution->mutex);
            if (!pending.resolution->done)
                return;
        }
        pending.thread.join(); // finished: it has only the wake-up left, or sent it
        const Resolution &resolution = *pending.resolution;
        QHash<QString, bool> matched;
        for (qsizetype i = 0; i < resolution.ids.size(); ++i)
            matched.insert(resolution.ids.at(i), resolution.matches.at(i));

        // Items gone, or showing something else by now, are left alone.
        std::vector<Candidate> shown;
        QList<QQuickWindow *> windows;
        for (Candidate &candidate : pending.candidates) {
            if (candidate.item && matched.value(candidate.id)
                && candidate.item->property("source").toUrl() == candidate.source) {
                if (QQuickWindow *window = candidate.item->window(); window && !windows.contains(window))
                    windows.append(window);
                shown.push_back(std::move(candidate));
            }
        }
        m_pending.erase(m_pending.begin());

        for (const Candidate &candidate : shown)
            candidate.item->setProperty("source", QUrl());
        // The old pixmaps are unreferenced now; drop them from Qt Quick's store before asking again.
        for (QQuickWindow *window : std::as_const(windows))
            window->releaseResources();
        int reloaded = 0;
        for (const Candidate &candidate : shown) {
            if (candidate.item) {
                candidate.item->setProperty("source", candidate.source);
                ++reloaded;
            }
        }
        Q_EMIT this->reloaded(reloaded);
    }
}

} // namespace CacheScope
