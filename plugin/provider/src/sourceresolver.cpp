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

Resolution SourceResolver::resolve(const QString &id, const QStringList &roots,
                                   const QStringList &loaderPrefixes, int maxIdLength)
{
    auto refuse = [&](const QString &why) {
        return Resolution{{}, QStringLiteral("Refused id %1: %2").arg(quotedId(id), why)};
    };
    if (id.isEmpty())
        return refuse(QStringLiteral("the id is empty"));
    if (id.size() > maxIdLength)
        return refuse(QStringLiteral("it is %1 characters long; the limit is %2")
                              .arg(id.size())
                              .arg(maxIdLength));

    // Qt hands ids over partly decoded; decode the rest so "%2e%2e/" is seen as "../".
    const QString decoded = QUrl::fromPercentEncoding(id.toUtf8());

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
        const QFileInfo candidate(QDir(root).filePath(decoded));
        if (!candidate.exists())
            continue;
        // Resolves symlinks: a link inside the root that points outside is refused.
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

} // namespace CacheScope::Internal
