// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qstring.h>
#include <QtCore/qstringlist.h>

namespace CacheScope::Internal {

// Where an id's pixels come from.
struct Source
{
    enum class Kind { File, Resource, Loader };
    Kind kind = Kind::File;
    QString path;       // File: canonical absolute path; Resource: ":/..."; Loader: the id's rest
    QString loaderName; // Loader: the prefix it was registered under
    // Identifies the pixels independently of how the id was spelled; the cache key starts with it.
    QString identity() const;
};

struct Resolution
{
    Source source;
    QString error; // non-empty: refused or not found
};

// Turns an `image://cache/<id>` id into a Source. Refuses ids that could reach outside the roots:
// "..", absolute paths, their percent-encoded forms and symlinks whose target lies outside.
class SourceResolver
{
public:
    // `roots` must be canonical absolute folder paths; `loaderPrefixes` the registered prefixes.
    static Resolution resolve(const QString &id, const QStringList &roots,
                              const QStringList &loaderPrefixes, int maxIdLength);
    // A root as given by the user (path or file: URL) to its canonical form; empty if missing.
    static QString canonicalRoot(const QString &root);
};

} // namespace CacheScope::Internal
