// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qstring.h>
#include <QtCore/qstringlist.h>

// The gallery's sample pictures: generated on first run into a folder (nothing large is committed),
// real JPEG and PNG files of mixed sizes, drawn procedurally so each one looks different.
class SampleAlbum
{
public:
    static constexpr int DefaultImageCount = 360;

    // Makes sure `count` images exist in `folder` (generating what is missing, in parallel) and
    // returns their file names, relative to the folder, in a stable order.
    static QStringList ensure(const QString &folder, int count);
    static QString defaultFolder();
};
