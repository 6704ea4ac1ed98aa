// Copyright (C) 2026 The CacheScope authors.
#include "regularfile.h"

#include <QtCore/qfile.h>
#include <QtCore/qscopeguard.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace CacheScope {

namespace {

// Reads grow the buffer this much at a time, so a file that lies about its size costs no more.
constexpr qint64 ReadChunkBytes = 1024 * 1024;

QString systemError(int code)
{
    return QString::fromLocal8Bit(std::strerror(code));
}

QString overLimit(qint64 size, qint64 maxBytes, bool atLeast)
{
    return QStringLiteral("%1%2 bytes, over the limit of %3 bytes")
            .arg(atLeast ? QStringLiteral("at least ") : QString())
            .arg(size)
            .arg(maxBytes);
}

} // namespace

bool readRegularFile(const QString &path, qint64 maxBytes, QByteArray *bytes, QString *error)
{
    // O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting for one. The
    // type is then checked on what was opened, so nothing can be swapped in after the check.
    const int fd = ::open(QFile::encodeName(path).constData(),
                          O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        *error = systemError(errno);
        return false;
    }
    const auto closeFile = qScopeGuard([fd] { ::close(fd); });
    struct stat info;
    if (::fstat(fd, &info) != 0) {
        *error = systemError(errno);
        return false;
    }
    if (!S_ISREG(info.st_mode)) {
        *error = QStringLiteral("not a regular file");
        return false;
    }
    if (info.st_size > maxBytes) {
        *error = overLimit(info.st_size, maxBytes, false);
        return false;
    }
    QByteArray data;
    for (;;) {
        // One byte past the limit tells a file that grew since fstat() from one that fits.
        const qint64 room = maxBytes + 1 - data.size();
        if (room <= 0)
            break;
        const qsizetype offset = data.size();
        data.resize(offset + qsizetype(std::min(room, ReadChunkBytes)));
        const ssize_t got = ::read(fd, data.data() + offset, size_t(data.size() - offset));
        if (got < 0 && errno == EINTR) {
            data.resize(offset);
            continue;
        }
        if (got < 0) {
            *error = systemError(errno);
            return false;
        }
        data.resize(offset + got);
        if (got == 0)
            break;
    }
    if (data.size() > maxBytes) {
        *error = overLimit(data.size(), maxBytes, true);
        return false;
    }
    *bytes = std::move(data);
    return true;
}

} // namespace CacheScope
