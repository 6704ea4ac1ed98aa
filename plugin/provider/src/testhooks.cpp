// Copyright (C) 2026 The CacheScope authors.
#include "testhooks.h"

#include "rootedfile.h"

#include <atomic>
#include <mutex>

namespace CacheScope::TestHooks {

namespace {
std::mutex hookMutex;
std::function<void(const QString &)> beforeOpen;
std::atomic<bool> beforeOpenSet{false}; // so the normal path takes no lock
} // namespace

void setBeforeOpen(std::function<void(const QString &path)> hook)
{
    std::scoped_lock lock(hookMutex);
    beforeOpen = std::move(hook);
    beforeOpenSet.store(bool(beforeOpen), std::memory_order_release);
}

void runBeforeOpen(const QString &path)
{
    if (!beforeOpenSet.load(std::memory_order_acquire))
        return;
    std::function<void(const QString &)> hook;
    {
        std::scoped_lock lock(hookMutex);
        hook = beforeOpen;
    }
    if (hook)
        hook(path);
}

void setForceComponentWalk(bool force)
{
    Internal::RootedFile::setForceComponentWalk(force);
}

bool usesOpenat2()
{
    return Internal::RootedFile::method() == Internal::RootedFile::Method::Openat2;
}

} // namespace CacheScope::TestHooks
