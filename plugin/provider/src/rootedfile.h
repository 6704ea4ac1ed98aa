// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qfile.h>
#include <QtCore/qstring.h>

#include <memory>

namespace CacheScope::Internal {

// Opens a file below a root folder for reading, once, so that what was checked is what is read:
// no symbolic link is followed anywhere below the root (a link swapped in after the id was resolved
// is refused, never followed out), only regular files are accepted (a FIFO swapped in cannot block
// the thread: the open does not wait), and the caller decodes from the returned device instead of
// opening the name again.
//
// Linux 5.6+ does it in one call, openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
// RESOLVE_NO_MAGICLINKS); elsewhere (older kernels, seccomp filters that hide openat2) it walks the
// path one component at a time with O_NOFOLLOW, which refuses exactly the same paths.
class RootedFile
{
public:
    struct Result
    {
        std::unique_ptr<QFile> file; // open for reading, or null
        QString error;               // why not, when file is null (no id in it: the caller adds it)
        bool refused = false;        // the path changed into something that leaves the root
    };

    // `root`: a canonical absolute folder. `relative`: the canonical path below it ('/'-separated,
    // no ".", "..", empty components or links), as SourceResolver produces it.
    static Result open(const QString &root, const QString &relative);

    enum class Method { Openat2, ComponentWalk };
    // What open() uses on this machine.
    static Method method();
    // Tests only: use the component walk even where openat2 works, so both paths are tested.
    static void setForceComponentWalk(bool force);
};

} // namespace CacheScope::Internal
