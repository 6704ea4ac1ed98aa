// Copyright (C) 2026 The CacheScope authors.
#include "headerprobe.h"

#include <QtCore/qendian.h>

#include <algorithm>
#include <cstdlib>

namespace CacheScope::Internal {

namespace {

constexpr char PngSignature[] = "\x89PNG\r\n\x1a\n";
constexpr qsizetype PngSignatureSize = 8;
// Signature, chunk length, "IHDR", width, height.
constexpr qsizetype PngIhdrEnd = 24;
constexpr qsizetype PngWidthOffset = 16;
constexpr qsizetype BmpFileHeaderSize = 14;
constexpr qsizetype BmpCoreHeaderSize = 12; // OS/2 BITMAPCOREHEADER: 16-bit width and height
constexpr qsizetype BmpInfoMinimum = 12;    // the header size field plus width and height
constexpr qsizetype IconDirSize = 6;
constexpr qsizetype IconEntrySize = 16;
constexpr int IconFullSize = 256; // a directory width or height of 0 means 256
constexpr qsizetype GifHeaderSize = 13;
constexpr qsizetype GifDescriptorSize = 10;
constexpr qint64 MaxSequentialLookAhead = 1 << 20;

// Reads `size` bytes at `offset` and puts the device back where it was; short at the end of file.
class Reader
{
public:
    Reader(QIODevice &device, qint64 start)
        : m_device(device), m_start(start), m_restore(device.pos())
    {
    }
    ~Reader()
    {
        if (!m_device.isSequential())
            m_device.seek(m_restore);
    }

    QByteArray at(qint64 offset, qint64 size)
    {
        if (offset < 0 || size < 0)
            return {};
        if (m_device.isSequential()) {
            // Sequential devices only allow a look ahead, which buffers everything before it.
            if (offset + size > MaxSequentialLookAhead)
                return {};
            const QByteArray ahead = m_device.peek(offset + size);
            return ahead.mid(offset, size);
        }
        if (!m_device.seek(m_start + offset))
            return {};
        return m_device.read(size);
    }

private:
    QIODevice &m_device;
    const qint64 m_start;
    const qint64 m_restore;
};

quint32 le32(const QByteArray &bytes, qsizetype at)
{
    return qFromLittleEndian<quint32>(bytes.constData() + at);
}
quint16 le16(const QByteArray &bytes, qsizetype at)
{
    return qFromLittleEndian<quint16>(bytes.constData() + at);
}
quint32 be32(const QByteArray &bytes, qsizetype at)
{
    return qFromBigEndian<quint32>(bytes.constData() + at);
}

// Width and height as QSize can hold them: anything past INT_MAX is clamped, which is still far
// over any budget.
QSize sizeOf(quint64 width, quint64 height)
{
    constexpr quint64 Max = quint64(std::numeric_limits<int>::max());
    return QSize(int(std::min(width, Max)), int(std::min(height, Max)));
}

QSize largest(QSize a, QSize b)
{
    if (!a.isValid())
        return b;
    if (!b.isValid())
        return a;
    return a.expandedTo(b);
}

QSize pngSize(const QByteArray &head)
{
    if (head.size() < PngIhdrEnd || !head.startsWith(QByteArray(PngSignature, PngSignatureSize)))
        return {};
    return sizeOf(be32(head, PngWidthOffset), be32(head, PngWidthOffset + 4));
}

// A BITMAPINFOHEADER (or its OS/2 ancestor) starting at `info`. Heights may be negative (top-down).
QSize dibSize(const QByteArray &info)
{
    if (info.size() < BmpInfoMinimum)
        return {};
    const quint32 headerSize = le32(info, 0);
    if (headerSize == BmpCoreHeaderSize)
        return sizeOf(le16(info, 4), le16(info, 6));
    const qint64 width = qint32(le32(info, 4));
    const qint64 height = qint32(le32(info, 8));
    return sizeOf(quint64(std::llabs(width)), quint64(std::llabs(height)));
}

QSize bmpSize(Reader &reader)
{
    const QByteArray head = reader.at(0, BmpFileHeaderSize + BmpInfoMinimum);
    if (!head.startsWith("BM"))
        return {};
    return dibSize(head.mid(BmpFileHeaderSize));
}

QSize iconSize(Reader &reader)
{
    const QByteArray dir = reader.at(0, IconDirSize);
    if (dir.size() < IconDirSize || le16(dir, 0) != 0 || (le16(dir, 2) != 1 && le16(dir, 2) != 2))
        return {};
    const int count = std::min<int>(le16(dir, 4), HeaderProbe::MaxIconEntries);
    const QByteArray entries = reader.at(IconDirSize, qint64(count) * IconEntrySize);
    QSize result;
    for (int i = 0; i < count && (i + 1) * IconEntrySize <= entries.size(); ++i) {
        const qsizetype entry = i * IconEntrySize;
        const int dirWidth = quint8(entries.at(entry)) ? quint8(entries.at(entry)) : IconFullSize;
        const int dirHeight = quint8(entries.at(entry + 1)) ? quint8(entries.at(entry + 1)) : IconFullSize;
        result = largest(result, QSize(dirWidth, dirHeight));
        const quint32 offset = le32(entries, entry + 12);
        const QByteArray image = reader.at(offset, PngIhdrEnd);
        if (const QSize png = pngSize(image); png.isValid()) {
            result = largest(result, png);
        } else if (const QSize dib = dibSize(image); dib.isValid()) {
            // The info header's height covers the image and its mask: Qt halves it.
            result = largest(result, QSize(dib.width(), dib.height() / 2));
        }
    }
    return result;
}

QSize gifSize(Reader &reader)
{
    const QByteArray head = reader.at(0, GifHeaderSize);
    if (head.size() < GifHeaderSize || !(head.startsWith("GIF87a") || head.startsWith("GIF89a")))
        return {};
    QSize result(le16(head, 6), le16(head, 8)); // the logical screen
    const quint8 flags = quint8(head.at(10));
    qint64 at = GifHeaderSize;
    if (flags & 0x80)
        at += 3 * (qint64(2) << (flags & 0x07)); // the global colour table
    // Skip extensions up to the first image descriptor, looking at a bounded number of blocks.
    int blocks = 0;
    while (blocks++ < HeaderProbe::MaxGifBlocks) {
        const QByteArray introducer = reader.at(at, 2);
        if (introducer.isEmpty())
            break;
        if (introducer.at(0) == ',') {
            const QByteArray descriptor = reader.at(at, GifDescriptorSize);
            if (descriptor.size() == GifDescriptorSize)
                result = largest(result, QSize(le16(descriptor, 5), le16(descriptor, 7)));
            break;
        }
        if (introducer.at(0) != '!' || introducer.size() < 2)
            break;
        at += 2; // introducer and label, then sub-blocks until an empty one
        for (;;) {
            const QByteArray length = reader.at(at, 1);
            if (length.isEmpty() || blocks++ >= HeaderProbe::MaxGifBlocks)
                return result;
            at += 1 + quint8(length.at(0));
            if (quint8(length.at(0)) == 0)
                break;
        }
    }
    return result;
}

constexpr qsizetype PngChunkOverhead = 12; // length, type, CRC

// A chunk type as text when it is one (four ASCII letters), else in hex: it goes into logs.
QString chunkName(const QByteArray &type)
{
    const bool letters = std::all_of(type.cbegin(), type.cend(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    });
    return letters ? QString::fromLatin1(type) : QStringLiteral("0x") + QString::fromLatin1(type.toHex());
}

// Walks the chunks of a PNG at `offset` that may use `available` bytes.
QString pngChunkError(Reader &reader, qint64 offset, qint64 available)
{
    if (reader.at(offset, PngSignatureSize) != QByteArray(PngSignature, PngSignatureSize))
        return {};
    qint64 at = offset + PngSignatureSize;
    const qint64 end = offset + available;
    for (int chunk = 0; chunk < HeaderProbe::MaxPngChunks && at < end; ++chunk) {
        const QByteArray head = reader.at(at, 8);
        if (head.size() < 8)
            return {}; // truncated: the decoder reports that itself, without allocating for it
        const qint64 length = be32(head, 0);
        const qint64 left = end - at - PngChunkOverhead;
        if (length > left)
            return QStringLiteral("its %1 chunk claims %2 bytes, but only %3 are left in the file")
                    .arg(chunkName(head.mid(4, 4)))
                    .arg(length)
                    .arg(std::max<qint64>(left, 0));
        if (head.mid(4, 4) == "IEND")
            return {};
        at += PngChunkOverhead + length;
    }
    return {};
}

QString iconChunkError(Reader &reader, qint64 fileSize)
{
    const QByteArray dir = reader.at(0, IconDirSize);
    if (dir.size() < IconDirSize)
        return {};
    const int count = std::min<int>(le16(dir, 4), HeaderProbe::MaxIconEntries);
    const QByteArray entries = reader.at(IconDirSize, qint64(count) * IconEntrySize);
    for (int i = 0; i < count && (i + 1) * IconEntrySize <= entries.size(); ++i) {
        const qsizetype entry = i * IconEntrySize;
        const qint64 bytes = le32(entries, entry + 8);
        const qint64 offset = le32(entries, entry + 12);
        if (offset >= fileSize)
            continue;
        if (QString error = pngChunkError(reader, offset, std::min(bytes, fileSize - offset));
            !error.isEmpty())
            return QStringLiteral("the PNG of icon entry %1: %2").arg(i).arg(error);
    }
    return {};
}

} // namespace

QString HeaderProbe::structureError(QIODevice &device, const QByteArray &format, qint64 start)
{
    if (device.isSequential())
        return {}; // no size to check against; QImageReader's allocation limit still applies
    const qint64 fileSize = device.size() - start;
    Reader reader(device, start);
    if (format == "png")
        return pngChunkError(reader, 0, fileSize);
    if (format == "ico" || format == "cur")
        return iconChunkError(reader, fileSize);
    return {};
}

QSize HeaderProbe::largestDeclaredSize(QIODevice &device, const QByteArray &format, qint64 start)
{
    Reader reader(device, start);
    if (format == "ico" || format == "cur")
        return iconSize(reader);
    if (format == "gif")
        return gifSize(reader);
    if (format == "bmp")
        return bmpSize(reader);
    if (format == "png")
        return pngSize(reader.at(0, PngIhdrEnd));
    return {};
}

} // namespace CacheScope::Internal
