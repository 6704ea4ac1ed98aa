// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/imageprovider.h>

#include <QtCore/qflags.h>
#include <QtCore/qstringlist.h>

QT_BEGIN_NAMESPACE
class QQmlEngine;
QT_END_NAMESPACE

namespace CacheScope {

enum class RouteScheme : quint8 {
    File = 0x1,  // file: URLs (and relative sources resolved to them); they must lie below a root
    Qrc = 0x2,   // qrc:/ resources
    Http = 0x4,  // http:// (needs network images enabled, see NetworkSettings)
    Https = 0x8, // https://
};
Q_DECLARE_FLAGS(RouteSchemes, RouteScheme)
Q_DECLARE_OPERATORS_FOR_FLAGS(RouteSchemes)

// Routes the sources of `Image` and `BorderImage` items with these schemes through CacheScope's
// provider with no change to the QML: `source: "photos/a.png"` loads as
// `image://cache/file:///…/photos/a.png`. Uses the engine's URL interception
// (QQmlEngine::addUrlInterceptor), which Qt 6.4 applies when an image is loaded; the items'
// `source` properties keep the URL the QML wrote.
//
// Only URLs whose file name has a still-image extension of the default format allowlist (png,
// jpg, jpeg, bmp, ico, cur, ppm, pgm, pbm) are routed: AnimatedImage cannot load from an image
// provider, so gif, webp and mng stay with Qt; svg is not allowed by default; QML files, scripts,
// qmldir and extension-less URLs are never routed (write those as `image://cache/https://…`).
// `roots` are added to the provider's roots (routed files outside every root are refused).
// Registers the provider on `engine` (with ImageCache::instance()) if it is not there yet.
// Call again to change the schemes. GUI thread only.
CACHESCOPE_PROVIDER_EXPORT void routeImages(QQmlEngine *engine, RouteSchemes schemes,
                                            const QStringList &roots = {});
CACHESCOPE_PROVIDER_EXPORT void stopRoutingImages(QQmlEngine *engine);
CACHESCOPE_PROVIDER_EXPORT RouteSchemes routedSchemes(const QQmlEngine *engine);

// "file,qrc,https" (the CACHESCOPE_ROUTE variable's form; "all" for every scheme). Unknown names
// are reported in `error` and ignored.
CACHESCOPE_PROVIDER_EXPORT RouteSchemes parseRouteSchemes(const QString &text, QString *error = nullptr);

} // namespace CacheScope
