// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qbytearray.h>
#include <QtCore/qstring.h>

namespace CacheScope {

// Reads a whole file the user picked, refusing without blocking what could hang or exhaust the
// GUI thread: anything but a regular file (/dev/zero, a FIFO, a folder) and files over maxBytes
// (at most maxBytes + 1 bytes are ever read, even from a file that grows meanwhile). False with
// *error set ("not a regular file", "… bytes, over the limit of …", or the system's reason).
bool readRegularFile(const QString &path, qint64 maxBytes, QByteArray *bytes, QString *error);

} // namespace CacheScope
