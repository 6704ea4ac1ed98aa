// Copyright (C) 2026 The CacheScope authors.
#pragma once

// Seams for the provider's tests (tests/provider). Not part of the public API; nothing here has any
// effect unless a test sets it.

#include <CacheScope/imageprovider.h>

#include <functional>

namespace CacheScope::TestHooks {

// Runs on the decode thread after an id was resolved to a file and before that file is opened,
// with the canonical path: lets a test swap a folder or the file for a link or a FIFO in between.
CACHESCOPE_PROVIDER_EXPORT void setBeforeOpen(std::function<void(const QString &path)> hook);
void runBeforeOpen(const QString &path);

// Makes file opening walk the path one component at a time (the fallback for kernels without
// openat2) even where openat2 works, so both paths are tested.
CACHESCOPE_PROVIDER_EXPORT void setForceComponentWalk(bool force);
// Whether file opening uses openat2 on this machine (false: the component walk).
CACHESCOPE_PROVIDER_EXPORT bool usesOpenat2();

} // namespace CacheScope::TestHooks
