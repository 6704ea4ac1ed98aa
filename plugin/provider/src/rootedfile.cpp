// Copyright (C) 2026 The CacheScope authors.
#include "rootedfile.h"

#include <QtCore/qstringlist.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace CacheScope::Internal {

namespace {

// Never blocks (a FIFO or device opens at once), never becomes a controlling terminal, never leaks
// into child processes.
constexpr int FileFlags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;

std::atomic<bool> forceComponentWalk{false};
// Set once openat2 answered ENOSYS (old kernel) or EPERM (a seccomp filter that hides it).
std::atomic<bool> openat2Missing{false};

// A file descriptor that closes itself.
class FileDescriptor
{
public:
    explicit FileDescriptor(int fd = -1) noexcept : m_fd(fd) { }
    FileDescriptor(FileDescriptor &&other) noexcept : m_fd(std::exchange(other.m_fd, -1)) { }
    FileDescriptor &operator=(FileDescriptor &&other) noexcept
    {
        reset(std::exchange(other.m_fd, -1));
        return *this;
    }
    ~FileDescriptor() { reset(); }

    int get() const noexcept { return m_fd; }
    bool isValid() const noexcept { return m_fd >= 0; }
    int release() noexcept { return std::exchange(m_fd, -1); }
    void reset(int fd = -1) noexcept
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }

private:
    int m_fd;
};

int retryOnInterrupt(auto call)
{
    int result;
    do {
        result = call();
    } while (result < 0 && errno == EINTR);
    return result;
}

RootedFile::Result failure(int error)
{
    RootedFile::Result result;
    switch (error) {
    case ELOOP:
    case EXDEV:
    case ENOTDIR:
        result.refused = true;
        result.error = QStringLiteral("its path changed after it was checked: a symbolic link or "
                                      "another non-folder now stands in it, and links are not "
                                      "followed");
        break;
    case ENOENT:
        result.error = QStringLiteral("it no longer exists");
        break;
    case EACCES:
    case EPERM:
        result.error = QStringLiteral("permission denied");
        break;
    default:
        result.error = QString::fromLocal8Bit(std::strerror(error));
    }
    return result;
}

// openat2 when the kernel has it; -1 with errno ENOSYS when it does not.
int openBeneath(int rootFd, const QByteArray &relative)
{
    open_how how{};
    how.flags = FileFlags;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    const int fd = retryOnInterrupt([&] {
        return int(::syscall(SYS_openat2, rootFd, relative.constData(), &how, sizeof how));
    });
    if (fd < 0 && (errno == ENOSYS || errno == EPERM)) {
        openat2Missing.store(true, std::memory_order_relaxed);
        errno = ENOSYS;
    }
    return fd;
}

// One component at a time, each opened relative to the previous one with O_NOFOLLOW.
int openByComponents(int rootFd, const QByteArray &relative)
{
    const QList<QByteArray> components = relative.split('/');
    FileDescriptor folder;
    int at = rootFd;
    for (qsizetype i = 0; i < components.size(); ++i) {
        const QByteArray &name = components.at(i);
        if (name.isEmpty() || name == "." || name == "..") {
            errno = EXDEV;
            return -1;
        }
        const bool last = i == components.size() - 1;
        const int flags = last ? FileFlags | O_NOFOLLOW
                               : O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
        FileDescriptor next(retryOnInterrupt([&] { return ::openat(at, name.constData(), flags); }));
        if (!next.isValid())
            return -1;
        if (!last) {
            // O_PATH | O_NOFOLLOW opens a link itself rather than failing: make sure it is a folder.
            struct stat info;
            if (::fstat(next.get(), &info) != 0)
                return -1;
            if (!S_ISDIR(info.st_mode)) {
                errno = ENOTDIR;
                return -1;
            }
        }
        if (last)
            return next.release();
        folder = std::move(next);
        at = folder.get();
    }
    errno = ENOENT;
    return -1;
}

} // namespace

RootedFile::Method RootedFile::method()
{
    return forceComponentWalk.load(std::memory_order_relaxed)
                    || openat2Missing.load(std::memory_order_relaxed)
            ? Method::ComponentWalk
            : Method::Openat2;
}

void RootedFile::setForceComponentWalk(bool force)
{
    forceComponentWalk.store(force, std::memory_order_relaxed);
}

RootedFile::Result RootedFile::open(const QString &root, const QString &relative)
{
    const QByteArray rootPath = QFile::encodeName(root);
    const QByteArray relativePath = QFile::encodeName(relative);
    const FileDescriptor rootFd(retryOnInterrupt(
            [&] { return ::open(rootPath.constData(), O_PATH | O_DIRECTORY | O_CLOEXEC); }));
    if (!rootFd.isValid()) {
        Result result = failure(errno);
        result.refused = false; // the root is the app's own setting, not part of the id
        result.error = QStringLiteral("its root folder cannot be opened (%1)").arg(result.error);
        return result;
    }

    FileDescriptor fd;
    if (method() == Method::Openat2) {
        fd.reset(openBeneath(rootFd.get(), relativePath));
        if (!fd.isValid() && errno == ENOSYS)
            fd.reset(openByComponents(rootFd.get(), relativePath));
    } else {
        fd.reset(openByComponents(rootFd.get(), relativePath));
    }
    if (!fd.isValid())
        return failure(errno);

    struct stat info;
    if (::fstat(fd.get(), &info) != 0)
        return failure(errno);
    if (!S_ISREG(info.st_mode)) {
        Result result;
        result.error = QStringLiteral("not a regular file");
        return result;
    }

    Result result;
    result.file = std::make_unique<QFile>();
    if (!result.file->open(fd.get(), QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        result.error = result.file->errorString();
        result.file.reset();
        return result;
    }
    fd.release(); // the QFile closes it now
    return result;
}

} // namespace CacheScope::Internal
