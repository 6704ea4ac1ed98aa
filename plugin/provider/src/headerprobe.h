// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qbytearray.h>
#include <QtCore/qiodevice.h>
#include <QtCore/qsize.h>

namespace CacheScope::Internal {

// Reads the sizes an image file declares in the places QImageReader::size() does not look at, so
// the pixel budget can refuse a file before any decoder allocates for it:
//  - ico/cur: every directory entry's embedded PNG (IHDR) or BMP (info header). The directory may
//    say 0x0 ("256x256") while the PNG inside is 32000x32000; Qt reports the directory.
//  - gif: the logical screen, which Qt's decoder allocates although size() reports the first frame.
//  - bmp: the info header, also when Qt cannot report a size because the pixel data is missing.
//  - png: the IHDR chunk.
// Other formats report their true size through QImageReader already. Leaves the device's position
// where it was.
class HeaderProbe
{
public:
    // The largest width and height declared anywhere (each maximised on its own), or an invalid
    // size if the format is not one of the above or declares nothing readable. The image starts at
    // `start`; a sequential device must still be there (nothing read yet, only peeked).
    static QSize largestDeclaredSize(QIODevice &device, const QByteArray &format, qint64 start);

    // Why the file's structure cannot be trusted to a decoder, or empty: today a PNG chunk (also
    // one of a PNG inside an icon) that claims more bytes than the file has left. libpng allocates
    // what a chunk claims before reading it, so a 300-byte file could take 2 GiB.
    static QString structureError(QIODevice &device, const QByteArray &format, qint64 start);

    // PNG chunks walked by structureError(); past them the rest is not checked.
    static constexpr int MaxPngChunks = 65536;
    // Entries of an icon directory looked at; real icons have a handful.
    static constexpr int MaxIconEntries = 256;
    // GIF blocks and sub-blocks skipped looking for the first image descriptor.
    static constexpr int MaxGifBlocks = 4096;
};

} // namespace CacheScope::Internal
