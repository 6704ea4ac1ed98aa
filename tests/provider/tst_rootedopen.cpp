// Copyright (C) 2026 The CacheScope authors.
// Files are opened once, below their root, without following links, and decoded from that open
// file -- so nothing outside the roots is ever shown under an inside key:
//  - QImageReader(name) probing "pic.bmp" when "pic" cannot be opened (an unreadable file next to
//    a link out, as unpacking an archive can leave behind);
//  - a folder or the file swapped for a link between the check and the open;
//  - a FIFO swapped in, which would block a decode thread forever.
// Every case runs with openat2 and with the component walk used where the kernel lacks it.
//
// Mode 000 means nothing to root, so this test drops root before anything else runs (main()
// below) and runs as `nobody`.
#include "support/providertest.h"

#include "testhooks.h"

#include <QtCore/qdir.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qfile.h>
#include <QtGui/qguiapplication.h>

#include <cerrno>
#include <cstring>

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace ProviderTest;
using namespace TestFixtures;
namespace TestHooks = CacheScope::TestHooks;

namespace {

// What dropRoot() did, for the log.
QString privilegeNote;

// As root: become `nobody` for good (groups, gid, uid), before Qt or any thread exists.
bool dropRoot()
{
    if (::geteuid() != 0) {
        privilegeNote = QStringLiteral("running as uid %1").arg(::geteuid());
        return true;
    }
    const passwd *nobody = ::getpwnam("nobody");
    const uid_t uid = nobody ? nobody->pw_uid : 65534;
    const gid_t gid = nobody ? nobody->pw_gid : 65534;
    if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0) {
        privilegeNote = QStringLiteral("could not drop root: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    // Root's runtime folder is not ours any more; Qt would complain about its owner.
    ::unsetenv("XDG_RUNTIME_DIR");
    privilegeNote = QStringLiteral("dropped root, running as uid %1").arg(uid);
    return ::geteuid() != 0;
}

} // namespace

class tst_RootedOpen : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void noNameProbingNextToAnUnreadableFile_data();
    void noNameProbingNextToAnUnreadableFile();
    void folderSwappedForALinkIsRefused_data();
    void folderSwappedForALinkIsRefused();
    void fileSwappedForALinkIsRefused_data();
    void fileSwappedForALinkIsRefused();
    void fifoSwappedInDoesNotBlock_data();
    void fifoSwappedInDoesNotBlock();
    void linksThatStayInsideStillWork_data();
    void linksThatStayInsideStillWork();

private:
    void addMethods();
    void useMethod();
    QString swapFolder();
    std::unique_ptr<FixtureFolder> m_files;
    std::unique_ptr<MessageRecorder> m_log;
};

void tst_RootedOpen::initTestCase()
{
    qInfo().noquote() << privilegeNote;
    QVERIFY2(::geteuid() != 0, qPrintable(privilegeNote));
    m_files = std::make_unique<FixtureFolder>();
    QVERIFY2(m_files->isValid(), qPrintable(m_files->errorString()));
    m_log = std::make_unique<MessageRecorder>();
}

void tst_RootedOpen::init()
{
    m_log->clear();
}

void tst_RootedOpen::cleanup()
{
    TestHooks::setBeforeOpen({});
    TestHooks::setForceComponentWalk(false);
}

void tst_RootedOpen::cleanupTestCase()
{
    // Mode 000 files cannot be removed by QTemporaryDir's recursive delete otherwise.
    QDir root(m_files->root());
    for (const QString &name : root.entryList(QDir::Files | QDir::System | QDir::Hidden))
        QFile::setPermissions(root.filePath(name), QFile::ReadOwner | QFile::WriteOwner);
}

void tst_RootedOpen::addMethods()
{
    QTest::addColumn<bool>("componentWalk");
    if (TestHooks::usesOpenat2())
        QTest::newRow("openat2") << false;
    QTest::newRow("component walk") << true;
}

void tst_RootedOpen::useMethod()
{
    QFETCH(bool, componentWalk);
    TestHooks::setForceComponentWalk(componentWalk);
}

void tst_RootedOpen::noNameProbingNextToAnUnreadableFile_data()
{
    addMethods();
}

void tst_RootedOpen::noNameProbingNextToAnUnreadableFile()
{
    useMethod();
    const QString pic = m_files->rootFile(QStringLiteral("pic"));
    QFile::remove(pic);
    QFile unreadable(pic);
    QVERIFY(unreadable.open(QIODevice::WriteOnly));
    unreadable.write("not really an image");
    unreadable.close();
    QVERIFY(QFile::setPermissions(pic, {})); // mode 000
    QFile::remove(pic + QStringLiteral(".bmp"));
    QVERIFY(QFile::link(m_files->secret(), pic + QStringLiteral(".bmp")));

    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    Request r = request(provider, QStringLiteral("pic"));
    QVERIFY(r.wait());
    // QImageReader("…/pic") used to fail to open it and try "…/pic.bmp", showing outside/secret.png.
    QCOMPARE(responseImage(r.response.get()), QImage());
    QVERIFY2(r.response->errorString().contains(QStringLiteral("permission denied")),
             qPrintable(r.response->errorString()));
    QCOMPARE(cache.count(), 0);
    QCOMPARE(cache.stats().errors, 1u);
}

// root/swap/pic.png is a real image when the id is resolved; before the open, the folder becomes
// a link to outside/, where a "pic.png" (the secret) waits.
QString tst_RootedOpen::swapFolder()
{
    const QString folder = m_files->rootFile(QStringLiteral("swap"));
    QDir(folder).removeRecursively();
    QFile::remove(folder);
    QDir().mkpath(folder);
    QFile::copy(m_files->rootFile(QString::fromLatin1(Opaque.name)), folder + QStringLiteral("/pic.png"));
    QFile::remove(m_files->outside() + QStringLiteral("/pic.png"));
    QFile::copy(m_files->secret(), m_files->outside() + QStringLiteral("/pic.png"));
    return folder;
}

void tst_RootedOpen::folderSwappedForALinkIsRefused_data()
{
    addMethods();
}

void tst_RootedOpen::folderSwappedForALinkIsRefused()
{
    useMethod();
    const QString folder = swapFolder();
    const QString outside = m_files->outside();
    TestHooks::setBeforeOpen([folder, outside](const QString &) {
        QDir(folder).removeRecursively();
        QFile::link(outside, folder);
    });
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    Request r = request(provider, QStringLiteral("swap/pic.png"));
    QVERIFY(r.wait());
    QCOMPARE(responseImage(r.response.get()), QImage());
    const QString error = r.response->errorString();
    QVERIFY2(error.startsWith(QStringLiteral("Refused \"swap/pic.png\"")) && error.contains(QStringLiteral("link")),
             qPrintable(error));
    QCOMPARE(cache.count(), 0);
}

void tst_RootedOpen::fileSwappedForALinkIsRefused_data()
{
    addMethods();
}

void tst_RootedOpen::fileSwappedForALinkIsRefused()
{
    useMethod();
    const QString folder = swapFolder();
    const QString secret = m_files->secret();
    TestHooks::setBeforeOpen([folder, secret](const QString &path) {
        QFile::remove(path);
        QFile::link(secret, path);
    });
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    Request r = request(provider, QStringLiteral("swap/pic.png"));
    QVERIFY(r.wait());
    QCOMPARE(responseImage(r.response.get()), QImage());
    QVERIFY2(r.response->errorString().startsWith(QStringLiteral("Refused")), qPrintable(r.response->errorString()));
    QCOMPARE(cache.count(), 0);
}

void tst_RootedOpen::fifoSwappedInDoesNotBlock_data()
{
    addMethods();
}

void tst_RootedOpen::fifoSwappedInDoesNotBlock()
{
    useMethod();
    swapFolder();
    TestHooks::setBeforeOpen([](const QString &path) {
        QFile::remove(path);
        ::mkfifo(QFile::encodeName(path).constData(), 0600);
    });
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    QElapsedTimer timer;
    timer.start();
    // Opened by name, a FIFO with no writer blocks the reading thread in open(2) forever.
    Request r = request(provider, QStringLiteral("swap/pic.png"));
    QVERIFY(r.wait(5000));
    QVERIFY2(r.response->errorString().contains(QStringLiteral("not a regular file")),
             qPrintable(r.response->errorString()));
    QCOMPARE(cache.stats().errors, 1u);

    // And a FIFO there from the start is refused by the resolver already.
    TestHooks::setBeforeOpen({});
    Request again = request(provider, QStringLiteral("swap/pic.png"));
    QVERIFY(again.wait(5000));
    QVERIFY2(!again.response->errorString().isEmpty(), "a FIFO is no image");
    QVERIFY(timer.elapsed() < 5000);
}

void tst_RootedOpen::linksThatStayInsideStillWork_data()
{
    addMethods();
}

void tst_RootedOpen::linksThatStayInsideStillWork()
{
    useMethod();
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    Request link = request(provider, QString::fromLatin1(InnerLink));
    Request nested = request(provider, QString::fromLatin1(Nested.name));
    QVERIFY(link.wait());
    QVERIFY(nested.wait());
    QCOMPARE(link.response->errorString(), QString());
    QCOMPARE(responseImage(link.response.get()).size(), Opaque.size);
    QCOMPARE(responseImage(nested.response.get()).size(), Nested.size);
}

int main(int argc, char **argv)
{
    // Before QGuiApplication: no thread may run with root's identity when it is dropped.
    const bool dropped = dropRoot();
    QGuiApplication app(argc, argv);
    if (!dropped)
        qCritical().noquote() << privilegeNote; // initTestCase fails with it
    tst_RootedOpen test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_rootedopen.moc"
