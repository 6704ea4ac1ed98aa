// Which CacheScope files this process has mapped, and which of them did not come from the install
// prefix: the consumers' proof that the prefix alone provided CacheScope (no build tree, no
// LD_LIBRARY_PATH).
#pragma once

#include <QtCore/qobject.h>
#include <QtCore/qstringlist.h>

// Every mapped file of this process whose name mentions CacheScope.
QStringList loadedCacheScopeFiles();
// Those of `files` whose real path is not below `prefix`.
QStringList filesOutside(const QStringList &files, const QString &prefix);

// The same for QML tests, as the context property `loadedLibraries`.
class LoadedLibraries : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QStringList files READ files)
    Q_PROPERTY(QStringList outsidePrefix READ outsidePrefix)
    Q_PROPERTY(QString prefix READ prefix CONSTANT)

public:
    explicit LoadedLibraries(const QString &prefix, QObject *parent = nullptr);

    QStringList files() const { return loadedCacheScopeFiles(); }
    QStringList outsidePrefix() const { return filesOutside(files(), m_prefix); }
    QString prefix() const { return m_prefix; }

private:
    QString m_prefix;
};
