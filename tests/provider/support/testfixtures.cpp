// Copyright (C) 2026 The CacheScope authors.
#include "testfixtures.h"

#include <QtCore/qbuffer.h>
#include <QtCore/qdir.h>
#include <QtCore/qendian.h>
#include <QtCore/qfile.h>
#include <QtCore/qrandom.h>
#include <QtGui/qcolor.h>
#include <QtGui/qpainter.h>

#include <array>

namespace TestFixtures {

namespace {

quint32 crc32(const QByteArray &data)
{
    static const auto table = [] {
        std::array<quint32, 256> t{};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    quint32 c = 0xFFFFFFFFu;
    for (const char byte : data)
        c = table[(c ^ quint8(byte)) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

void appendBigEndian(QByteArray &out, quint32 value)
{
    char bytes[4];
    qToBigEndian(value, bytes);
    out.append(bytes, 4);
}

void appendChunk(QByteArray &png, const char *type, const QByteArray &data)
{
    appendBigEndian(png, quint32(data.size()));
    QByteArray typed(type, 4);
    typed += data;
    png += typed;
    appendBigEndian(png, crc32(typed));
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray encode(const QImage &image, const char *format, int quality = -1)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format, quality);
    return bytes;
}

} // namespace

QByteArray craftPngHeaderBomb(QSize size)
{
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    QByteArray ihdr;
    appendBigEndian(ihdr, quint32(size.width()));
    appendBigEndian(ihdr, quint32(size.height()));
    ihdr.append(char(8)); // bit depth
    ihdr.append(char(2)); // colour type: RGB
    ihdr.append(char(0)); // compression
    ihdr.append(char(0)); // filter
    ihdr.append(char(0)); // interlace
    appendChunk(png, "IHDR", ihdr);
    // A few zero rows' worth of zlib data: qCompress() = 4-byte length + a zlib stream.
    const QByteArray zlib = qCompress(QByteArray(256, '\0')).mid(4);
    appendChunk(png, "IDAT", zlib);
    appendChunk(png, "IEND", {});
    return png;
}

QByteArray zlibOfZeros(qint64 count)
{
    // One fixed-Huffman deflate block: a literal 0, then matches "258 bytes at distance 1" (13 bits
    // each), then literal zeros for the rest. Bits are written least significant first, Huffman
    // codes most significant bit first.
    static constexpr int MaxMatch = 258;
    QByteArray out;
    out.append(char(0x78)).append(char(0x01)); // zlib header: deflate, 32 KiB window, no dictionary
    quint32 bitBuffer = 0;
    int bitCount = 0;
    const auto bits = [&](quint32 value, int n) {
        bitBuffer |= value << bitCount;
        bitCount += n;
        while (bitCount >= 8) {
            out.append(char(bitBuffer & 0xff));
            bitBuffer >>= 8;
            bitCount -= 8;
        }
    };
    const auto code = [&](quint32 value, int n) { // Huffman code: reversed
        quint32 reversed = 0;
        for (int i = 0; i < n; ++i)
            reversed |= ((value >> i) & 1) << (n - 1 - i);
        bits(reversed, n);
    };
    bits(1, 1); // BFINAL
    bits(1, 2); // BTYPE 01: fixed Huffman
    qint64 left = count;
    if (left > 0) {
        code(0x30, 8); // literal 0
        --left;
    }
    for (; left >= MaxMatch; left -= MaxMatch) {
        code(0xC5, 8); // length code 285: 258 bytes
        code(0, 5);    // distance code 0: distance 1
    }
    for (; left > 0; --left)
        code(0x30, 8);
    code(0, 7); // end of block (256)
    if (bitCount > 0)
        out.append(char(bitBuffer & 0xff));
    // Adler-32 of `count` zero bytes: a stays 1, b adds 1 per byte.
    const quint32 adler = (quint32(count % 65521) << 16) | 1;
    appendBigEndian(out, adler);
    return out;
}

QByteArray craftZeroPng(QSize size, int bitDepth, int colourType)
{
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    QByteArray ihdr;
    appendBigEndian(ihdr, quint32(size.width()));
    appendBigEndian(ihdr, quint32(size.height()));
    ihdr.append(char(bitDepth)).append(char(colourType));
    ihdr.append(char(0)).append(char(0)).append(char(0)); // compression, filter, interlace
    appendChunk(png, "IHDR", ihdr);
    const int samples = colourType == 2 ? 3 : colourType == 6 ? 4 : colourType == 4 ? 2 : 1;
    const qint64 rowBytes = 1 + (qint64(size.width()) * samples * bitDepth + 7) / 8; // filter byte
    appendChunk(png, "IDAT", zlibOfZeros(rowBytes * size.height()));
    appendChunk(png, "IEND", {});
    return png;
}

QByteArray craftIcon(const QByteArray &image, quint8 directoryWidth, quint8 directoryHeight)
{
    QByteArray ico;
    const auto le16 = [&](quint16 v) { ico.append(char(v & 0xff)).append(char(v >> 8)); };
    const auto le32 = [&](quint32 v) { le16(quint16(v & 0xffff)); le16(quint16(v >> 16)); };
    le16(0); // reserved
    le16(1); // type: icon
    le16(1); // one entry
    ico.append(char(directoryWidth)).append(char(directoryHeight));
    ico.append(char(0)).append(char(0)); // colours, reserved
    le16(1);  // planes
    le16(32); // bits per pixel
    le32(quint32(image.size()));
    le32(6 + 16); // offset of the image
    return ico + image;
}

QByteArray craftBmpInfoHeader(QSize size, int bitsPerPixel)
{
    QByteArray header;
    const auto le32 = [&](quint32 v) {
        char bytes[4];
        qToLittleEndian(v, bytes);
        header.append(bytes, 4);
    };
    le32(40);
    le32(quint32(size.width()));
    le32(quint32(size.height()));
    header.append(char(1)).append(char(0));            // planes
    header.append(char(bitsPerPixel)).append(char(0)); // bits per pixel
    for (int i = 0; i < 6; ++i)
        le32(0); // compression, image size, resolution, colours
    return header;
}

QByteArray craftBmpHeaderBomb(QSize size)
{
    QByteArray bmp("BM");
    const QByteArray info = craftBmpInfoHeader(size, 24);
    char bytes[4];
    qToLittleEndian(quint32(14 + info.size() + 16), bytes);
    bmp.append(bytes, 4);
    bmp.append(4, '\0'); // reserved
    qToLittleEndian(quint32(14 + info.size()), bytes);
    bmp.append(bytes, 4);
    return bmp + info + QByteArray(16, '\0');
}

QByteArray craftGifScreenBomb(QSize screen)
{
    QByteArray gif("GIF89a");
    const auto le16 = [&](int v) { gif.append(char(v & 0xff)).append(char((v >> 8) & 0xff)); };
    le16(screen.width());
    le16(screen.height());
    gif.append(char(0x80)).append(char(0)).append(char(0)); // 2-colour global table
    gif.append("\0\0\0\xff\xff\xff", 6);
    gif.append(',');
    le16(0);
    le16(0);
    le16(10); // a 10x10 frame, all that size() reports
    le16(10);
    gif.append(char(0));
    gif.append("\x02\x02\x4c\x01\x00", 5); // a little LZW data
    gif.append(';');
    return gif;
}

QByteArray solidPng(const QColor &colour, QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

QImage patternImage(QSize size, bool withAlpha)
{
    QImage image(size, withAlpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    for (int y = 0; y < size.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < size.width(); ++x) {
            const int r = size.width() > 1 ? 255 * x / (size.width() - 1) : 0;
            const int g = size.height() > 1 ? 255 * y / (size.height() - 1) : 0;
            const int b = ((x / 16) + (y / 16)) % 2 ? 220 : 40; // a coarse checkerboard
            const int a = withAlpha ? (x < size.width() / 2 ? 255 : 96) : 255;
            line[x] = qRgba(r, g, b, a);
        }
    }
    return image;
}

FixtureFolder::FixtureFolder()
{
    m_valid = create();
}

bool FixtureFolder::create()
{
    if (!m_dir.isValid())
        return fail(QStringLiteral("cannot create a temporary folder"));
    QDir base(m_dir.path());
    for (const char *sub : {"root", "root/sub", "root/adir", "root2", "outside"}) {
        if (!base.mkpath(QString::fromLatin1(sub)))
            return fail(QStringLiteral("cannot create %1").arg(QLatin1StringView(sub)));
    }
    const QString r = root();

    auto save = [&](const QString &path, const QImage &image, const char *format) {
        const QByteArray bytes = encode(image, format, qstrcmp(format, "jpg") == 0 ? 90 : -1);
        return !bytes.isEmpty() && writeFile(path, bytes);
    };
    struct Item
    {
        GoodImage what;
        bool alpha;
        const char *format;
    };
    for (const Item &item : {Item{Opaque, false, "png"}, Item{Alpha, true, "png"},
                             Item{Photo, false, "jpg"}, Item{Tall, false, "png"},
                             Item{Odd, false, "png"}, Item{Small, false, "png"},
                             Item{Nested, false, "png"}, Item{Bmp, false, "bmp"}}) {
        if (!save(rootFile(QString::fromLatin1(item.what.name)),
                  patternImage(item.what.size, item.alpha), item.format))
            return fail((QStringLiteral("cannot write %1").arg(QLatin1StringView(item.what.name))));
    }
    {
        QImage gray = patternImage(Gray.size).convertToFormat(QImage::Format_Grayscale8);
        QImage indexed = patternImage(Indexed.size).convertToFormat(QImage::Format_Indexed8);
        if (!save(rootFile(QString::fromLatin1(Gray.name)), gray, "png")
            || !save(rootFile(QString::fromLatin1(Indexed.name)), indexed, "png"))
            return fail((QStringLiteral("cannot write gray/indexed")));
    }
    {
        QImage red(RootRedSize, QImage::Format_RGB32);
        red.fill(Qt::red);
        QImage blue(Root2RedSize, QImage::Format_RGB32);
        blue.fill(Qt::blue);
        if (!save(rootFile(QStringLiteral("red.png")), red, "png")
            || !save(root2() + QStringLiteral("/red.png"), blue, "png")
            || !save(root2() + QStringLiteral("/only2.png"), blue, "png")
            || !save(secret(), patternImage({64, 64}), "png"))
            return fail((QStringLiteral("cannot write red/secret")));
    }
    {
        // Noise does not compress: the IDAT is most of the file, so cutting the file in half cuts
        // the pixel data, while the header (and so the size) stays readable.
        QImage noise(256, 256, QImage::Format_RGB32);
        QRandomGenerator rng(42);
        for (int y = 0; y < noise.height(); ++y)
            for (int x = 0; x < noise.width(); ++x)
                noise.setPixel(x, y, rng.generate() | 0xFF000000u);
        const QByteArray png = encode(noise, "png");
        QByteArray random(4096, '\0');
        QRandomGenerator rng2(7);
        for (char &c : random)
            c = char(rng2.bounded(256));
        random[0] = 'X'; // not by accident a PNG/JPEG/GIF/BMP signature
        if (png.size() < 4096 || !writeFile(rootFile(QString::fromLatin1(Truncated)), png.left(png.size() / 2))
            || !writeFile(rootFile(QString::fromLatin1(RandomBytes)), random)
            || !writeFile(rootFile(QString::fromLatin1(Unsupported)),
                          "This is a text file, not an image.\nNo image format reads it.\n")
            || !writeFile(rootFile(QString::fromLatin1(Empty)), {})
            || !writeFile(rootFile(QString::fromLatin1(Bomb)), craftPngHeaderBomb(BombSize)))
            return fail((QStringLiteral("cannot write the bad inputs")));
    }
    if (!QFile::link(QStringLiteral("../outside/secret.png"), rootFile(QString::fromLatin1(EscapingLink)))
        || !QFile::link(QStringLiteral("../outside"), rootFile(QString::fromLatin1(EscapingDirLink)))
        || !QFile::link(QString::fromLatin1(Opaque.name), rootFile(QString::fromLatin1(InnerLink))))
        return fail((QStringLiteral("cannot create symlinks")));
    return true;
}

QString FixtureFolder::root() const
{
    return QDir(m_dir.path()).canonicalPath() + QStringLiteral("/root");
}

QString FixtureFolder::root2() const
{
    return QDir(m_dir.path()).canonicalPath() + QStringLiteral("/root2");
}

QString FixtureFolder::outside() const
{
    return QDir(m_dir.path()).canonicalPath() + QStringLiteral("/outside");
}

QString FixtureFolder::secret() const
{
    return outside() + QStringLiteral("/secret.png");
}

bool FixtureFolder::fail(const QString &why)
{
    m_error = why;
    m_valid = false;
    return false;
}

// ---------------------------------------------------------------------------------------------

namespace {
QBasicMutex recorderMutex;
MessageRecorder *activeRecorder = nullptr;
} // namespace

MessageRecorder::MessageRecorder()
{
    QMutexLocker lock(&recorderMutex);
    Q_ASSERT(!activeRecorder);
    activeRecorder = this;
    m_previous = qInstallMessageHandler(&MessageRecorder::handler);
}

MessageRecorder::~MessageRecorder()
{
    QMutexLocker lock(&recorderMutex);
    qInstallMessageHandler(m_previous);
    activeRecorder = nullptr;
}

void MessageRecorder::handler(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    QtMessageHandler previous = nullptr;
    {
        QMutexLocker lock(&recorderMutex);
        if (!activeRecorder)
            return;
        {
            QMutexLocker inner(&activeRecorder->m_mutex);
            activeRecorder->m_messages.append(
                    {type, QString::fromUtf8(context.category ? context.category : "default"), text});
        }
        previous = activeRecorder->m_previous;
    }
    if (previous)
        previous(type, context, text);
}

void MessageRecorder::ensureInstalled()
{
    QMutexLocker lock(&recorderMutex);
    const QtMessageHandler current = qInstallMessageHandler(&MessageRecorder::handler);
    if (current != &MessageRecorder::handler)
        m_previous = current; // chain to whoever came after us
}

QList<MessageRecorder::Message> MessageRecorder::messages() const
{
    QMutexLocker lock(&m_mutex);
    return m_messages;
}

void MessageRecorder::clear()
{
    QMutexLocker lock(&m_mutex);
    m_messages.clear();
}

int MessageRecorder::count(const QString &category, const QString &needle) const
{
    QMutexLocker lock(&m_mutex);
    int n = 0;
    for (const Message &m : m_messages) {
        if (m.category == category && (needle.isEmpty() || m.text.contains(needle, Qt::CaseInsensitive)))
            ++n;
    }
    return n;
}

QString MessageRecorder::dump() const
{
    QMutexLocker lock(&m_mutex);
    QString out;
    for (const Message &m : m_messages)
        out += QStringLiteral("\n  [%1] %2").arg(m.category, m.text);
    return out.isEmpty() ? QStringLiteral(" (no messages)") : out;
}

} // namespace TestFixtures
