// Copyright (C) 2026 The CacheScope authors.
// Shared by the provider tests (tests/provider) and the Qt Quick Test suite (tests/qml): real image
// files written at run time into a temporary folder (nothing binary is committed), the bad inputs
// the provider must refuse, and a message recorder that checks which logging category said what.
#pragma once

#include <QtCore/qbytearray.h>
#include <QtCore/qlist.h>
#include <QtCore/qmutex.h>
#include <QtCore/qobject.h>
#include <QtCore/qsize.h>
#include <QtCore/qstring.h>
#include <QtCore/qtemporarydir.h>
#include <QtCore/qurl.h>
#include <QtGui/qimage.h>

namespace TestFixtures {

// The folder layout every suite works with (all under one QTemporaryDir):
//   root/     good images, bad inputs, symlinks (one escaping, one staying inside), sub/, adir/
//   root2/    a second root: "red.png" again (different pixels, so first-root-wins is visible)
//             and "only2.png", which exists only here
//   outside/  "secret.png": a valid image no id may reach
struct GoodImage
{
    const char *name;
    QSize size;
};
// Files under root/ that decode fine, with their original sizes.
inline constexpr GoodImage Opaque{"opaque.png", {200, 100}};
inline constexpr GoodImage Alpha{"alpha.png", {120, 80}};
inline constexpr GoodImage Photo{"photo.jpg", {640, 480}};
inline constexpr GoodImage Tall{"tall.png", {300, 400}};
inline constexpr GoodImage Odd{"odd.png", {333, 217}};
inline constexpr GoodImage Small{"small.png", {50, 40}};
inline constexpr GoodImage Gray{"gray.png", {64, 64}};
inline constexpr GoodImage Indexed{"indexed.png", {48, 32}};
inline constexpr GoodImage Nested{"sub/nested.png", {30, 20}};
inline constexpr GoodImage Bmp{"picture.bmp", {40, 30}};
inline constexpr QSize Root2RedSize{10, 10}; // root2/red.png; root/red.png is RootRedSize
inline constexpr QSize RootRedSize{20, 20};
inline constexpr QSize BombSize{30000, 30000};

// Bad inputs under root/ (and outside/).
inline constexpr const char *Missing = "missing.png";          // does not exist anywhere
inline constexpr const char *Truncated = "truncated.png";      // a real PNG cut in its IDAT
inline constexpr const char *RandomBytes = "random.png";       // noise with an image extension
inline constexpr const char *Unsupported = "document.txt";     // text: no image format reads it
inline constexpr const char *Empty = "empty.png";              // zero bytes
inline constexpr const char *Bomb = "bomb.png";                // header claims 30000x30000
inline constexpr const char *EscapingLink = "escape_link.png"; // -> ../outside/secret.png
inline constexpr const char *EscapingDirLink = "outside_dir";  // -> ../outside (a folder)
inline constexpr const char *InnerLink = "inner_link.png";     // -> opaque.png (stays inside)
inline constexpr const char *NotAFile = "adir";                  // a folder, not a file

// A valid PNG signature + IHDR declaring `size` (8-bit RGB) + one tiny zlib IDAT + IEND.
// About 100 bytes; decoding it for real would need size.width()*size.height()*4 bytes.
QByteArray craftPngHeaderBomb(QSize size);
// A zlib stream that inflates to `count` zero bytes, about 1/160 of that in size.
QByteArray zlibOfZeros(qint64 count);
// A complete, valid PNG of `size` whose every sample is 0 (colour type 0 grey, 2 RGB, 4 grey+alpha,
// 6 RGBA): tiny on disk, and really decodes at its full size -- a true decompression bomb.
QByteArray craftZeroPng(QSize size, int bitDepth = 8, int colourType = 2);
// An .ico whose one directory entry says `directoryWidth` x `directoryHeight` (0 means 256) and
// holds `image` (a PNG, or a BMP info header and pixels).
QByteArray craftIcon(const QByteArray &image, quint8 directoryWidth = 0, quint8 directoryHeight = 0);
// A 40-byte BITMAPINFOHEADER declaring `size`.
QByteArray craftBmpInfoHeader(QSize size, int bitsPerPixel);
// A BMP whose header declares `size` (24 bpp) but holds 16 bytes of pixels.
QByteArray craftBmpHeaderBomb(QSize size);
// A GIF with a logical screen of `screen` and one 10x10 frame (which is all QImageReader::size()
// reports; Qt's decoder allocates the screen).
QByteArray craftGifScreenBomb(QSize screen);
// A deterministic, visibly structured test image (gradients + a grid), so scaled copies can be
// compared pixel by pixel and different scalings are told apart.
QImage patternImage(QSize size, bool withAlpha = false);
// A PNG file's bytes: one colour, RGB32.
QByteArray solidPng(const QColor &colour, QSize size);

class FixtureFolder
{
public:
    FixtureFolder(); // writes everything; check isValid()
    bool isValid() const { return m_valid; }
    QString errorString() const { return m_error; }

    QString path() const { return m_dir.path(); }
    QString root() const;    // canonical absolute path of root/
    QString root2() const;
    QString outside() const;
    QString secret() const;  // absolute path of outside/secret.png
    QString rootFile(const QString &relative) const { return root() + QLatin1Char('/') + relative; }
    QUrl rootUrl(const QString &relative) const { return QUrl::fromLocalFile(rootFile(relative)); }

private:
    bool create();
    bool fail(const QString &why);
    QTemporaryDir m_dir;
    bool m_valid = false;
    QString m_error;
};

// Records every message (any thread) with its category, then hands it on to the handler that was
// installed before (so QTest's ignoreMessage()/ignoreWarning() keep working). One at a time.
class MessageRecorder
{
public:
    struct Message
    {
        QtMsgType type;
        QString category;
        QString text;
    };
    MessageRecorder();
    ~MessageRecorder();
    MessageRecorder(const MessageRecorder &) = delete;
    MessageRecorder &operator=(const MessageRecorder &) = delete;

    QList<Message> messages() const;
    void clear();
    // Messages of `category` (exact) whose text contains `needle` (case-insensitive); empty needle
    // matches all.
    int count(const QString &category, const QString &needle = QString()) const;
    QString dump() const; // for failure messages
    // Re-installs the recorder in front if someone installed a handler after it (Qt Quick Test
    // installs QTest's handler only when the tests start, after the setup hooks ran).
    void ensureInstalled();

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &text);
    mutable QMutex m_mutex;
    QList<Message> m_messages;
    QtMessageHandler m_previous = nullptr;
};

inline const QString ProviderCategory = QStringLiteral("cachescope.provider");

} // namespace TestFixtures
