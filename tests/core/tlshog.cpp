// Copyright (C) 2026 The CacheScope authors.
// A library that only holds initial-exec TLS (CACHESCOPE_HOG_BYTES of it). tst_lateload dlopens
// several of these to use up glibc's static TLS surplus, as the plugins a QML app loads late do.
#include <QtCore/qglobal.h>

[[gnu::tls_model("initial-exec")]] thread_local char hog[CACHESCOPE_HOG_BYTES];

extern "C" Q_DECL_EXPORT char *cachescopeTlsHog()
{
    return hog;
}
