// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qstring.h>

namespace CacheScope::Internal {

// An id (or a path built from one) as it may appear in an error message or a log line: in quotes,
// control and other unprintable characters escaped as \n, \t or \uXXXX, and cut to a readable
// length. Ids come from QML and so from whoever supplied the data; a raw newline in a log line
// could forge another line.
QString quotedId(QStringView id);

} // namespace CacheScope::Internal
