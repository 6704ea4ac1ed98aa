// Copyright (C) 2026 The CacheScope authors.
#include <CacheScope/imagerouting.h>

#include "logging.h"

#include <QtCore/qhash.h>
#include <QtCore/qpointer.h>
#include <QtQml/qqmlabstracturlinterceptor.h>
#include <QtQml/qqmlengine.h>

#include <memory>

namespace CacheScope {

namespace {

// Still images in the default format allowlist only: see imagerouting.h.
bool hasStillImageExtension(const QString &path)
{
    static const QStringList extensions{
            QStringLiteral(".png"), QStringLiteral(".jpg"), QStringLiteral(".jpeg"),
            QStringLiteral(".bmp"), QStringLiteral(".ico"), QStringLiteral(".cur"),
            QStringLiteral(".ppm"), QStringLiteral(".pgm"), QStringLiteral(".pbm")};
    for (const QString &extension : extensions) {
        if (path.endsWith(extension, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

class ImageRouter : public QQmlAbstractUrlInterceptor
{
public:
    RouteSchemes schemes;

    QUrl intercept(const QUrl &url, DataType type) override
    {
        // Images reach interceptors as UrlString (Qt 6.4: QQuickImageBase::load); QML files,
        // qmldir and scripts come with their own types and are never touched.
        if (type != UrlString || !wanted(url) || !hasStillImageExtension(url.path()))
            return url;
        QUrl routed;
        routed.setScheme(QStringLiteral("image"));
        routed.setHost(ImageProvider::providerId());
        routed.setPath(QLatin1Char('/') + url.toString(QUrl::FullyEncoded), QUrl::TolerantMode);
        return routed;
    }

private:
    bool wanted(const QUrl &url) const
    {
        const QString scheme = url.scheme();
        return (scheme == QLatin1String("file") && schemes.testFlag(RouteScheme::File))
                || (scheme == QLatin1String("qrc") && schemes.testFlag(RouteScheme::Qrc))
                || (scheme == QLatin1String("http") && schemes.testFlag(RouteScheme::Http))
                || (scheme == QLatin1String("https") && schemes.testFlag(RouteScheme::Https));
    }
};

// One router per engine. The engine does not own interceptors; this table does, and drops a
// router when its engine goes.
QHash<const QQmlEngine *, std::shared_ptr<ImageRouter>> &routers()
{
    static QHash<const QQmlEngine *, std::shared_ptr<ImageRouter>> table;
    return table;
}

} // namespace

void routeImages(QQmlEngine *engine, RouteSchemes schemes, const QStringList &roots)
{
    if (!engine)
        return;
    if (schemes == RouteSchemes()) {
        stopRoutingImages(engine);
        return;
    }
    auto *provider = dynamic_cast<ImageProvider *>(engine->imageProvider(ImageProvider::providerId()));
    if (!provider) {
        provider = new ImageProvider(ImageCache::instance()); // the engine owns it
        engine->addImageProvider(ImageProvider::providerId(), provider);
    }
    if (!roots.isEmpty()) {
        QStringList all = provider->roots();
        for (const QString &root : roots) {
            if (!all.contains(root))
                all.append(root);
        }
        provider->setRoots(all);
    }
    auto &table = routers();
    std::shared_ptr<ImageRouter> &router = table[engine];
    if (!router) {
        router = std::make_shared<ImageRouter>();
        engine->addUrlInterceptor(router.get());
        QObject::connect(engine, &QObject::destroyed, engine, [engine] { routers().remove(engine); });
    }
    router->schemes = schemes;
    qCInfo(lcProvider).noquote() << "routing Image sources through image://cache for schemes"
                                 << int(schemes.toInt());
}

void stopRoutingImages(QQmlEngine *engine)
{
    const auto router = routers().take(engine);
    if (router && engine)
        engine->removeUrlInterceptor(router.get());
}

RouteSchemes routedSchemes(const QQmlEngine *engine)
{
    const auto router = routers().value(engine);
    return router ? router->schemes : RouteSchemes();
}

RouteSchemes parseRouteSchemes(const QString &text, QString *error)
{
    RouteSchemes schemes;
    QStringList unknown;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString name = part.trimmed().toLower();
        if (name == QLatin1String("file"))
            schemes |= RouteScheme::File;
        else if (name == QLatin1String("qrc"))
            schemes |= RouteScheme::Qrc;
        else if (name == QLatin1String("http"))
            schemes |= RouteScheme::Http;
        else if (name == QLatin1String("https"))
            schemes |= RouteScheme::Https;
        else if (name == QLatin1String("all"))
            schemes |= RouteScheme::File | RouteScheme::Qrc | RouteScheme::Http | RouteScheme::Https;
        else if (!name.isEmpty())
            unknown.append(name);
    }
    if (error)
        *error = unknown.isEmpty() ? QString()
                                   : QStringLiteral("unknown scheme(s) %1 (known: file, qrc, http, https, all)")
                                             .arg(unknown.join(QStringLiteral(", ")));
    return schemes;
}

} // namespace CacheScope
