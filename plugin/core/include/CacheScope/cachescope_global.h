// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qglobal.h>

// The core is a shared library so that every module in a process (the QML plugin, the inspector,
// the app) sees one ImageCache::instance().
#if defined(CACHESCOPE_CORE_LIBRARY)
#  define CACHESCOPE_CORE_EXPORT Q_DECL_EXPORT
#else
#  define CACHESCOPE_CORE_EXPORT Q_DECL_IMPORT
#endif
