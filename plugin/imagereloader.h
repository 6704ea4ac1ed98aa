// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qstringlist.h>
#include <QtCore/qurl.h>

#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

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
//
// Which items show an identity is only known once their ids are resolved (canonical paths: file
// system calls), so that runs on a thread of its own; the GUI thread only walks the items and,
// when the answer is back, reloads those that still show what was resolved.
class ImageReloader : public QObject
{
    Q_OBJECT
public:
    ImageReloader(QQmlEngine *engine, ImageProvider *provider, QObject *parent = nullptr);
    ~ImageReloader() override; // waits for a resolution in progress

    // GUI thread. Finds the candidate items now and reloads the matching ones once their ids are
    // resolved (reloaded() tells how many).
    void reload(const QStringList &identities, bool prefix);

Q_SIGNALS:
    void reloaded(int items);

private:
    struct Candidate
    {
        QPointer<QQuickItem> item;
        QUrl source;
        QString id; // as Qt Quick hands it to the provider
    };
    // Handed between the GUI thread and the resolving thread under its mutex only.
    struct Resolution
    {
        std::mutex mutex;
        QStringList ids;                // to resolve, each once
        QList<bool> matches;            // per id, once resolved
        bool done = false;
    };
    struct Pending
    {
        std::vector<Candidate> candidates;
        std::shared_ptr<Resolution> resolution;
        std::thread thread;
    };

    QString providerIdOf(QQuickItem *item) const;
    Q_INVOKABLE void applyResolved();

    QPointer<QQmlEngine> m_engine;
    std::function<QString(const QString &)> m_identityOf;
    std::vector<Pending> m_pending; // GUI thread only, oldest first
};

} // namespace CacheScope
