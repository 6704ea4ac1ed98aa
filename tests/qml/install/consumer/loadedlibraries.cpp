#include "loadedlibraries.h"

#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtCore/qfileinfo.h>

QStringList loadedCacheScopeFiles()
{
    QStringList files;
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return files;
    const QList<QByteArray> lines = maps.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const int slash = line.indexOf('/');
        if (slash < 0)
            continue;
        const QString path = QString::fromLocal8Bit(line.mid(slash)).trimmed();
        if (path.contains(QLatin1String("CacheScope")) && !files.contains(path))
            files.append(path);
    }
    return files;
}

QStringList filesOutside(const QStringList &files, const QString &prefix)
{
    const QString canonicalPrefix = QDir(prefix).canonicalPath();
    if (canonicalPrefix.isEmpty())
        return files; // no such prefix: nothing came from it
    const QString root = canonicalPrefix + QLatin1Char('/');
    QStringList outside;
    for (const QString &file : files) {
        if (!QFileInfo(file).canonicalFilePath().startsWith(root))
            outside.append(file);
    }
    return outside;
}

LoadedLibraries::LoadedLibraries(const QString &prefix, QObject *parent)
    : QObject(parent), m_prefix(prefix)
{
}
