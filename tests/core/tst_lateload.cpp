// Copyright (C) 2026 The CacheScope authors.
// The core library loaded late, the way the QML engine loads plugins: dlopen(RTLD_NOW) after other
// libraries have used up glibc's static TLS surplus. A library with initial-exec TLS then fails
// with "cannot allocate memory in static TLS block"; the core must load and work. This binary does
// not link the core (CACHESCOPE_CORE_LIBRARY_PATH names it), only Qt, as an app would.
#include "lateload_paths.h" // generated: CACHESCOPE_CORE_LIBRARY_PATH, CACHESCOPE_TLS_HOGS

#include <CacheScope/imagecache.h>

#include <QtCore/qfile.h>
#include <QtCore/qstring.h>
#include <QtGui/qimage.h>
#include <QtTest/qtest.h>

#include <dlfcn.h>

class tst_LateLoad : public QObject
{
    Q_OBJECT

private slots:
    void loadsAfterStaticTlsIsUsedUp();
};

void tst_LateLoad::loadsAfterStaticTlsIsUsedUp()
{
    // Largest first, skipping those that no longer fit: what is left is smaller than the
    // smallest hog, too little for any library that needs static TLS.
    const QStringList hogs = QString::fromUtf8(CACHESCOPE_TLS_HOGS).split(QLatin1Char(':'));
    int refused = 0;
    for (const QString &hog : hogs) {
        if (!dlopen(QFile::encodeName(hog).constData(), RTLD_NOW | RTLD_LOCAL)) {
            const QString error = QString::fromLocal8Bit(dlerror());
            QVERIFY2(error.contains(QLatin1String("static TLS")), qPrintable(error));
            ++refused;
        }
    }
    if (refused == 0)
        QSKIP("the static TLS surplus is larger than all hogs together: nothing to prove");

    void *core = dlopen(CACHESCOPE_CORE_LIBRARY_PATH, RTLD_NOW | RTLD_LOCAL);
    QVERIFY2(core, dlerror());

    // And it works, thread-local state included (a lookup claims this thread's reader stripe).
    // Member functions called through the Itanium C++ ABI: `this` is the first argument.
    using Instance = CacheScope::ImageCache &(*)();
    using Insert = bool (*)(CacheScope::ImageCache *, const QString &, const QImage &);
    using Find = bool (*)(const CacheScope::ImageCache *, const QString &, QImage *);
    const auto instance = reinterpret_cast<Instance>(
            dlsym(core, "_ZN10CacheScope10ImageCache8instanceEv"));
    const auto insert = reinterpret_cast<Insert>(
            dlsym(core, "_ZN10CacheScope10ImageCache6insertERK7QStringRK6QImage"));
    const auto find = reinterpret_cast<Find>(
            dlsym(core, "_ZNK10CacheScope10ImageCache4findERK7QStringP6QImage"));
    QVERIFY(instance && insert && find);
    CacheScope::ImageCache &cache = instance();
    QImage image(8, 8, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::red);
    QVERIFY(insert(&cache, QStringLiteral("late"), image));
    QImage found;
    QVERIFY(find(&cache, QStringLiteral("late"), &found));
    QCOMPARE(found.cacheKey(), image.cacheKey());
}

QTEST_GUILESS_MAIN(tst_LateLoad)
#include "tst_lateload.moc"
