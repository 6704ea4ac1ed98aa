// Copyright (C) 2026 The CacheScope authors.
#include "eventtypename.h"

namespace CacheScope {

namespace {

struct TypeName
{
    CacheEventType type;
    const char *name;
};
constexpr TypeName TypeNames[] = {
    {CacheEventType::Hit, "hit"},
    {CacheEventType::Miss, "miss"},
    {CacheEventType::Insert, "insert"},
    {CacheEventType::Replace, "replace"},
    {CacheEventType::Evict, "evict"},
    {CacheEventType::Clear, "clear"},
    {CacheEventType::FlushTick, "flush"},
    {CacheEventType::TimerStarted, "timer-start"},
    {CacheEventType::TimerStopped, "timer-stop"},
    {CacheEventType::LimitChanged, "limit"},
    {CacheEventType::Error, "error"},
    {CacheEventType::DiskHit, "disk-hit"},
    {CacheEventType::Revalidate, "revalidate"},
    {CacheEventType::Fetch, "fetch"},
};

} // namespace

QString eventTypeName(CacheEventType type)
{
    for (const TypeName &entry : TypeNames) {
        if (entry.type == type)
            return QString::fromLatin1(entry.name);
    }
    return QStringLiteral("unknown");
}

bool eventTypeFromName(QStringView name, CacheEventType *type)
{
    for (const TypeName &entry : TypeNames) {
        if (name == QLatin1StringView(entry.name)) {
            *type = entry.type;
            return true;
        }
    }
    return false;
}

} // namespace CacheScope
