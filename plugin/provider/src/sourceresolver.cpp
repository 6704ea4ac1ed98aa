// Copyright (C) 2026 The CacheScope authors.
#include "sourceresolver.h"

#include "quotedid.h"

#include <QtCore/qdir.h>
#include <QtCore/qfileinfo.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qurl.h>

namespace CacheScope::Internal {

namespace {

const QLatin1StringView QrcScheme("qrc:");
const QLatin1StringView ResourcePrefix(":/");

bool isInside(const QString &path, const QString &root)
{
    return path.startsWith(root)
            && (path.size() == root.size() || root.endsWith(QLatin1Char('/'))
                || path.at(root.size()) == QLatin1Char('/'));
}

// Refuses what could climb out of a root once joined to it. Runs on the decoded id.
QString escapeError(const QString &relative)
{
    if (relative.contains(QChar(0)))
        return QStringLiteral("contains a NUL character");
    if (relative.startsWith(QLatin1Char('/')) || relative.startsWith(QLatin1Char('\\'))
        || QDir::isAbsolutePath(relative) || (relative.size() > 1 && relative.at(1) == QLatin1Char(':')))
        return QStringLiteral("is an absolute path; ids are relative to the roots");
    const QStringList segments = relative.split(QRegularExpression(QStringLiteral("[/\\\\]")));
    if (segments.contains(QStringLiteral("..")))
        return QStringLiteral("contains '..'; ids may not leave their root");
    return {};
}

} // namespace

QString Source::identity() const
{
    switch (kind) {
    case Kind::File:
    case Kind::Resource:
        return path;
    case Kind::Loader:
        return QStringLiteral("loader#%1:%2/%3").arg(loaderRegistration).arg(loaderName, path);
    case Kind::Network:
        return path;
    }
    return path;
}

QString Source::relativePath() const
{
    return path.mid(root.endsWith(QLatin1Char('/')) ? root.size() : root.size() + 1);
}

QString SourceResolver::canonicalRoot(const QString &root)
{
    const QUrl url(root);
    const QString path = url.isLocalFile() ? url.toLocalFile() : root;
    const QFileInfo info(path);
    return info.isDir() ? info.canonicalFilePath() : QString();
}

namespace {

Resolution refusal(const QString &id, const QString &why)
{
    return {{}, QStringLiteral("Refused id %1: %2").arg(quotedId(id), why)};
}

bool hasScheme(const QString &id, QLatin1StringView scheme)
{
    return id.startsWith(scheme, Qt::CaseInsensitive);
}

// An existing file, by absolute path, if it lies (canonically) below one of the roots.
Resolution fileBelowRoots(const QString &id, const QString &path, const QStringList &roots)
{
    const QFileInfo candidate(path);
    if (!candidate.exists())
        return {};
    // Resolves symlinks: a link inside a root that points outside is refused.
    const QString canonical = candidate.canonicalFilePath();
    for (const QString &root : roots) {
        if (!isInside(canonical, root))
            continue;
        if (!candidate.isFile())
            return {{}, QStringLiteral("Not a file: %1").arg(quotedId(canonical))};
        Source source;
        source.kind = Source::Kind::File;
        source.path = canonical;
        source.root = root;
        return {source, {}};
    }
    return refusal(id, QStringLiteral("it resolves to %1, outside every root").arg(quotedId(canonical)));
}

const QLatin1StringView HttpScheme("http://");
const QLatin1StringView HttpsScheme("https://");
const QLatin1StringView FileScheme("file:");

} // namespace

Resolution SourceResolver::resolve(const QString &id, const QStringList &roots,
                                   const QStringList &loaderPrefixes, int maxIdLength)
{
    const auto refuse = [&](const QString &why) { return refusal(id, why); };
    if (id.isEmpty())
        return refuse(QStringLiteral("the id is empty"));
    if (id.size() > maxIdLength)
        return refuse(QStringLiteral("it is %1 characters long; the limit is %2")
                              .arg(id.size())
                              .arg(maxIdLength));

    // Network images (routed, or written as image://cache/https://host/path). Whether they may be
    // fetched is the provider's decision; here the URL only has to be one.
    if (hasScheme(id, HttpScheme) || hasScheme(id, HttpsScheme)) {
        const QUrl url(id, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return refuse(QStringLiteral("not a valid URL"));
        Source source;
        source.kind = Source::Kind::Network;
        source.path = url.adjusted(QUrl::RemoveFragment).toString(QUrl::FullyEncoded);
        return {source, {}};
    }

    // Qt hands ids over partly decoded; decode the rest so "%2e%2e/" is seen as "../".
    const QString decoded = QUrl::fromPercentEncoding(id.toUtf8());
    if (decoded.contains(QChar(0)))
        return refuse(QStringLiteral("contains a NUL character"));

    // A routed file: URL: an absolute path, which must still lie below a root.
    if (hasScheme(id, FileScheme)) {
        const QUrl url(id);
        if (!url.isLocalFile())
            return refuse(QStringLiteral("not a local file URL"));
        if (roots.isEmpty())
            return {{}, QStringLiteral("Cannot load %1: no roots are configured "
                                       "(set ImageCache.roots)").arg(quotedId(id))};
        Resolution resolution = fileBelowRoots(id, url.toLocalFile(), roots);
        if (resolution.error.isEmpty() && resolution.source.path.isEmpty())
            return {{}, QStringLiteral("File not found: %1").arg(quotedId(url.toLocalFile()))};
        return resolution;
    }

    const qsizetype slash = decoded.indexOf(QLatin1Char('/'));
    if (slash > 0) {
        const QString prefix = decoded.left(slash);
        if (loaderPrefixes.contains(prefix)) {
            const QString rest = decoded.mid(slash + 1);
            if (const QString why = escapeError(rest); !why.isEmpty())
                return refuse(why);
            Source source;
            source.kind = Source::Kind::Loader;
            source.path = rest;
            source.loaderName = prefix;
            return {source, {}};
        }
    }

    if (decoded.startsWith(QrcScheme) || decoded.startsWith(ResourcePrefix)) {
        QString relative = decoded.startsWith(QrcScheme) ? decoded.mid(QrcScheme.size())
                                                         : decoded.mid(1);
        while (relative.startsWith(QLatin1Char('/')))
            relative.remove(0, 1);
        if (const QString why = escapeError(relative); !why.isEmpty())
            return refuse(why);
        const QString path = QStringLiteral(":/") + relative;
        if (!QFileInfo(path).isFile())
            return {{}, QStringLiteral("Resource not found: %1").arg(quotedId(path))};
        Source source;
        source.kind = Source::Kind::Resource;
        source.path = path;
        return {source, {}};
    }

    if (const QString why = escapeError(decoded); !why.isEmpty())
        return refuse(why);
    if (roots.isEmpty())
        return {{}, QStringLiteral("Cannot load %1: no roots are configured "
                                   "(set ImageCache.roots)").arg(quotedId(decoded))};
    for (const QString &root : roots) {
        const QString path = QDir(root).filePath(decoded);
        if (!QFileInfo::exists(path))
            continue;
        const QFileInfo candidate(path);
        const QString canonical = candidate.canonicalFilePath();
        if (!isInside(canonical, root))
            return refuse(QStringLiteral("it resolves to %1, outside its root %2")
                                  .arg(quotedId(canonical), quotedId(root)));
        if (!candidate.isFile())
            return {{}, QStringLiteral("Not a file: %1").arg(quotedId(canonical))};
        Source source;
        source.kind = Source::Kind::File;
        source.path = canonical;
        source.root = root;
        return {source, {}};
    }
    QStringList searched;
    for (const QString &root : roots)
        searched.append(quotedId(root));
    return {{}, QStringLiteral("File not found: %1 (searched %2)")
                        .arg(quotedId(decoded), searched.join(QStringLiteral(", ")))};
}

QStringList SourceResolver::identityPrefixes(const QString &prefix, const QStringList &roots,
                                            const QHash<QString, quint64> &loaderRegistrations)
{
    if (prefix.isEmpty())
        return {};
    if (hasScheme(prefix, HttpScheme) || hasScheme(prefix, HttpsScheme))
        return {QUrl(prefix).toString(QUrl::FullyEncoded)};
    if (hasScheme(prefix, FileScheme))
        return {QDir::cleanPath(QUrl(prefix).toLocalFile())
                + (prefix.endsWith(QLatin1Char('/')) ? QStringLiteral("/") : QString())};
    const QString decoded = QUrl::fromPercentEncoding(prefix.toUtf8());
    if (!escapeError(decoded).isEmpty())
        return {};
    if (decoded.startsWith(QrcScheme))
        return {QStringLiteral(":/") + decoded.mid(QrcScheme.size()).remove(QRegularExpression(QStringLiteral("^/+")))};
    if (decoded.startsWith(ResourcePrefix))
        return {decoded};
    QStringList prefixes;
    const qsizetype slash = decoded.indexOf(QLatin1Char('/'));
    if (slash > 0) {
        const QString loader = decoded.left(slash);
        if (const auto it = loaderRegistrations.constFind(loader); it != loaderRegistrations.constEnd()) {
            Source source;
            source.kind = Source::Kind::Loader;
            source.loaderName = loader;
            source.loaderRegistration = *it;
            source.path = decoded.mid(slash + 1);
            return {source.identity()};
        }
    }
    // Entries are keyed by canonical path: a prefix below a root names the same folders, as long
    // as no link stands in it.
    for (const QString &root : roots)
        prefixes.append(QDir(root).filePath(decoded));
    return prefixes;
}

} // namespace CacheScope::Internal
