// Copyright (C) 2026 The CacheScope authors.
// Fuzz target: arbitrary ids through SourceResolver against real roots, then RootedFile::open on
// what it resolved -- the two steps that stand between an `image://cache/<id>` and the file
// system. The roots hold files, folders, links that stay inside and links that lead out, next to
// an `outside/` folder with a secret. Whatever the id: a file source is a canonical path below its
// root, the file opened is never the secret (nor anything outside), and refusals say why on one
// line.
#include "rootedfile.h"
#include "sourceresolver.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtCore/qfileinfo.h>
#include <QtCore/qtemporarydir.h>

#include <cstdio>
#include <cstdlib>

#include <sys/stat.h>

using namespace CacheScope::Internal;

namespace {

struct Fixture
{
    QTemporaryDir dir;
    QStringList roots;
    QStringList loaderPrefixes{QStringLiteral("gen"), QStringLiteral("db")};
    dev_t outsideDevice = 0;
    ino_t outsideInode = 0;
    ino_t secretInode = 0;
};
Fixture *fixture = nullptr;

constexpr int MaxIdLength = 2048;

void fail(const char *what, const QString &id, const QString &detail)
{
    std::fprintf(stderr, "fuzz_idresolver: %s\n  id: %s\n  %s\n", what, qPrintable(id),
                 qPrintable(detail));
    std::abort();
}

void write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        fail("cannot write the fixture", path, file.errorString());
}

bool isBelow(const QString &path, const QString &root)
{
    return path.startsWith(root + QLatin1Char('/'));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    static Fixture f;
    fixture = &f;
    const QString base = QFileInfo(f.dir.path()).canonicalFilePath();
    QDir(base).mkpath(QStringLiteral("root/sub/deeper"));
    QDir(base).mkpath(QStringLiteral("root2"));
    QDir(base).mkpath(QStringLiteral("outside/inner"));
    write(base + QStringLiteral("/outside/secret.png"), "secret");
    write(base + QStringLiteral("/outside/inner/a.png"), "secret too");
    write(base + QStringLiteral("/root/a.png"), "a");
    write(base + QStringLiteral("/root/sub/b.png"), "b");
    write(base + QStringLiteral("/root/sub/deeper/c.png"), "c");
    write(base + QStringLiteral("/root2/only2.png"), "2");
    QFile::link(base + QStringLiteral("/root/a.png"), base + QStringLiteral("/root/link_in"));
    QFile::link(QStringLiteral("../outside/secret.png"), base + QStringLiteral("/root/link_out"));
    QFile::link(base + QStringLiteral("/outside"), base + QStringLiteral("/root/dir_out"));
    QFile::link(QStringLiteral("sub"), base + QStringLiteral("/root/dir_in"));
    QFile::link(QStringLiteral("/proc/self/root/etc/passwd"), base + QStringLiteral("/root/magic"));
    f.roots = {base + QStringLiteral("/root"), base + QStringLiteral("/root2")};
    struct stat info;
    if (::stat(QFile::encodeName(base + QStringLiteral("/outside/secret.png")).constData(), &info) == 0)
        f.secretInode = info.st_ino;
    if (::stat(QFile::encodeName(base + QStringLiteral("/outside")).constData(), &info) == 0) {
        f.outsideDevice = info.st_dev;
        f.outsideInode = info.st_ino;
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString id = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const Resolution resolution =
            SourceResolver::resolve(id, fixture->roots, fixture->loaderPrefixes, MaxIdLength);
    if (!resolution.error.isEmpty()) {
        if (resolution.error.contains(QLatin1Char('\n')) || resolution.error.contains(QLatin1Char('\r')))
            fail("a raw line break in a message", id, resolution.error);
        return 0;
    }
    const Source &source = resolution.source;
    switch (source.kind) {
    case Source::Kind::Loader:
        if (!fixture->loaderPrefixes.contains(source.loaderName))
            fail("an unknown loader prefix", id, source.loaderName);
        if (source.path.split(QLatin1Char('/')).contains(QStringLiteral("..")))
            fail("a loader id with '..'", id, source.path);
        return 0;
    case Source::Kind::Resource:
        if (!source.path.startsWith(QStringLiteral(":/")))
            fail("a resource outside :/", id, source.path);
        return 0;
    case Source::Kind::File:
        break;
    }
    if (!fixture->roots.contains(source.root) || !isBelow(source.path, source.root))
        fail("a file source outside its root", id, source.path + QStringLiteral(" in ") + source.root);
    if (QFileInfo(source.path).canonicalFilePath() != source.path)
        fail("a file source that is not canonical", id, source.path);
    const RootedFile::Result opened = RootedFile::open(source.root, source.relativePath());
    if (!opened.file)
        return 0;
    struct stat info;
    if (::fstat(int(opened.file->handle()), &info) != 0)
        fail("fstat failed", id, source.path);
    if (info.st_ino == fixture->secretInode)
        fail("opened the secret", id, source.path);
    if (!S_ISREG(info.st_mode))
        fail("opened something that is not a regular file", id, source.path);
    return 0;
}
