// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qhash.h>
#include <QtCore/qstring.h>
#include <QtCore/qstringlist.h>

namespace CacheScope::Internal {

// Where an id's pixels come from.
struct Source
{
    enum class Kind { File, Resource, Loader, Network };
    Kind kind = Kind::File;
    // File: canonical absolute path; Resource: ":/..."; Loader: the id's rest; Network: the URL
    QString path;
    QString root;       // File: the canonical root `path` lies in
    QString loaderName; // Loader: the prefix it was registered under
    quint64 loaderRegistration = 0; // Loader: which registration (set by the provider)
    // Identifies the pixels independently of how the id was spelled; the cache key starts with it.
    // A loader's includes its registration, so two loaders under one prefix never share entries.
    QString identity() const;
    // File: `path` below `root`, without a leading '/'.
    QString relativePath() const;
};

struct Resolution
{
    Source source;
    QString error; // non-empty: refused or not found
};

// Turns an `image://cache/<id>` id into a Source. Refuses ids that could reach outside the roots:
// "..", absolute paths, their percent-encoded forms and symlinks whose target lies outside. It only
// looks: the file is opened later, by RootedFile, which refuses whatever changed in between.
class SourceResolver
{
public:
    // `roots` must be canonical absolute folder paths; `loaderPrefixes` the registered prefixes.
    static Resolution resolve(const QString &id, const QStringList &roots,
                              const QStringList &loaderPrefixes, int maxIdLength);
    // The start of every identity (and so cache key) an id starting with `prefix` can have: one per
    // root for relative ids. Empty if the prefix is refused.
    static QStringList identityPrefixes(const QString &prefix, const QStringList &roots,
                                        const QHash<QString, quint64> &loaderRegistrations);
    // A root as given by the user (path or file: URL) to its canonical form; empty if missing.
    static QString canonicalRoot(const QString &root);
};

} // namespace CacheScope::Internal
