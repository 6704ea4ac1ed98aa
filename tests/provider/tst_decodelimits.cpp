// Copyright (C) 2026 The CacheScope authors.
// Decompression bombs in every allowed format are refused before any decoder allocates for them,
// with a message that says so, also when the app has lifted QImageReader's allocation limit; the
// limit is raised so images within the budget decode; out of memory in a conversion is an error,
// never a "Ready" image without pixels. The test process's peak memory stays far below any bomb.
// Its own executable, so that the peak is this file's alone.
#include "support/providertest.h"

#include <QtCore/qbuffer.h>
#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtGui/qimagereader.h>

#include <sys/resource.h>

#include <atomic>
#include <cstdlib>

using namespace ProviderTest;
using namespace TestFixtures;

// ---- Failing allocations ----------------------------------------------------------------------
// QImage allocates its pixels with malloc(). An interposed malloc that refuses large blocks makes
// a conversion run out of memory on demand. Sanitizers own malloc, so there it is left out.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#  define CACHESCOPE_FAILING_MALLOC 0
#else
#  define CACHESCOPE_FAILING_MALLOC 1
#endif

#if CACHESCOPE_FAILING_MALLOC
namespace {
std::atomic<size_t> failMallocFrom{0}; // 0: never
} // namespace
extern "C" void *__libc_malloc(size_t size);
extern "C" void *malloc(size_t size)
{
    const size_t limit = failMallocFrom.load(std::memory_order_relaxed);
    if (limit != 0 && size >= limit)
        return nullptr;
    return __libc_malloc(size);
}
#endif

namespace {

// Peak resident memory of this process so far, in KiB.
long peakRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

// Lifts QImageReader's process-wide limit while it lives, as an app may.
struct NoAllocationLimit
{
    const int saved = QImageReader::allocationLimit();
    NoAllocationLimit() { QImageReader::setAllocationLimit(0); }
    ~NoAllocationLimit() { QImageReader::setAllocationLimit(saved); }
};

} // namespace

class tst_DecodeLimits : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void bombsAreRefusedFromWhatTheyDeclare_data();
    void bombsAreRefusedFromWhatTheyDeclare();
    void zeroPngFixtureIsARealImage();
    void allocationLimitFollowsTheBudget();
    void chunksLongerThanTheFileAreRefused_data();
    void chunksLongerThanTheFileAreRefused();
    // After the bombs: reads the peak of everything above.
    void peakMemoryStaysFarBelowTheBombs();
    void outOfMemoryInAConversionIsAnError();

private:
    void write(const QString &name, const QByteArray &bytes);
    std::unique_ptr<FixtureFolder> m_files;
    long m_peakAtStartKb = 0;
};

void tst_DecodeLimits::initTestCase()
{
    m_files = std::make_unique<FixtureFolder>();
    QVERIFY2(m_files->isValid(), qPrintable(m_files->errorString()));
    m_peakAtStartKb = peakRssKb();
}

void tst_DecodeLimits::write(const QString &name, const QByteArray &bytes)
{
    QFile file(m_files->rootFile(name));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

// A 12x9 PNG whose second tEXt chunk claims 2 GiB (found by fuzz_decode): libpng allocates what a
// chunk claims before reading it, so the 300-byte file took 2 GiB of memory.
QByteArray pngWithLyingChunk()
{
    QByteArray png = solidPng(Qt::gray, QSize(12, 9));
    static constexpr qsizetype IendChunkSize = 12;
    QByteArray lying("\x7f\x00\x00\x25tEXtdate:modify\0002026", 4 + 4 + 16);
    png.insert(png.size() - IendChunkSize, lying);
    return png;
}

void tst_DecodeLimits::chunksLongerThanTheFileAreRefused_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("png") << QStringLiteral("lying-chunk.png") << pngWithLyingChunk();
    QTest::newRow("png in an ico") << QStringLiteral("lying-chunk.ico") << craftIcon(pngWithLyingChunk());
}

void tst_DecodeLimits::chunksLongerThanTheFileAreRefused()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    write(name, bytes);
    const long before = peakRssKb();
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    Request r = request(provider, name);
    QVERIFY(r.wait());
    const QString error = r.response->errorString();
    QVERIFY2(error.contains(QLatin1String("tEXt chunk claims 2130706469 bytes")), qPrintable(error));
    QCOMPARE(cache.stats().errors, 1u);
    QCOMPARE(cache.count(), 0);
    static constexpr long MaxGrowthKb = 64 * 1024; // the chunk claims 2 GiB
    QVERIFY2(peakRssKb() - before < MaxGrowthKb, qPrintable(QString::number(peakRssKb() - before)));
}

void tst_DecodeLimits::bombsAreRefusedFromWhatTheyDeclare_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("declared");

    // The directory says 0x0 ("256x256", all QImageReader::size() reports); the PNG inside really
    // inflates to 32000x32000 -- 1 GB at 8 bits, 4 GB converted to 32 bits.
    QTest::newRow("ico wrapping a PNG bomb")
            << QStringLiteral("bomb-png.ico") << craftIcon(craftZeroPng(QSize(32000, 32000), 1, 0))
            << QStringLiteral("32000x32000");
    // A BMP entry whose info header says 30000 wide and 60000 high (image plus mask).
    QTest::newRow("ico wrapping a BMP bomb")
            << QStringLiteral("bomb-bmp.ico") << craftIcon(craftBmpInfoHeader(QSize(30000, 60000), 32))
            << QStringLiteral("30000x30000");
    QTest::newRow("gif whose screen is huge")
            << QStringLiteral("bomb-screen.gif") << craftGifScreenBomb(QSize(60000, 60000))
            << QStringLiteral("60000x60000");
    QTest::newRow("bmp whose header is huge")
            << QStringLiteral("bomb.bmp") << craftBmpHeaderBomb(QSize(30000, 30000))
            << QStringLiteral("30000x30000");
    QTest::newRow("png whose IHDR is huge")
            << QStringLiteral("bomb-ihdr.png") << craftPngHeaderBomb(QSize(100000, 100000))
            << QStringLiteral("100000x100000");
    // Just under Qt's default allocation limit at 8 bits (128 MiB), 512 MiB once converted.
    QTest::newRow("png just under Qt's allocation limit")
            << QStringLiteral("bomb-grey.png") << craftZeroPng(QSize(11500, 11500), 8, 0)
            << QStringLiteral("11500x11500");
    // Named like something else: the format comes from the content.
    QTest::newRow("ico bomb named .png")
            << QStringLiteral("innocent.png") << craftIcon(craftZeroPng(QSize(32000, 32000), 1, 0))
            << QStringLiteral("32000x32000");
}

void tst_DecodeLimits::bombsAreRefusedFromWhatTheyDeclare()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, declared);
    write(name, bytes);
    QVERIFY2(bytes.size() < 2 * 1024 * 1024, "a bomb is small on disk");

    const NoAllocationLimit noLimit; // the app's own choice must not expose it
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    Request r = request(provider, name, QSize(100, 100));
    QVERIFY(r.wait());
    const QString error = r.response->errorString();
    QVERIFY2(error.contains(QStringLiteral("is %1").arg(declared))
                     && error.contains(QStringLiteral("over the pixel budget of 40,000,000 pixels")),
             qPrintable(error));
    QVERIFY2(!error.contains(QStringLiteral("Unable to read image data")), qPrintable(error));
    QCOMPARE(r.response->textureFactory(), nullptr);
    QCOMPARE(cache.count(), 0);
    QCOMPARE(cache.stats().errors, 1u);
}

void tst_DecodeLimits::zeroPngFixtureIsARealImage()
{
    // The bombs above are real: the same construction at a small size decodes to every pixel.
    const QImage image = QImage::fromData(craftZeroPng(QSize(300, 200)), "PNG");
    QCOMPARE(image.size(), QSize(300, 200));
    QCOMPARE(image.pixel(299, 199), qRgb(0, 0, 0));
    QCOMPARE(QImage::fromData(craftZeroPng(QSize(257, 3), 1, 0), "PNG").size(), QSize(257, 3));
    QCOMPARE(QImage::fromData(craftIcon(craftZeroPng(QSize(40, 30), 1, 0)), "ICO").size(), QSize(40, 30));
}

void tst_DecodeLimits::allocationLimitFollowsTheBudget()
{
    const int saved = QImageReader::allocationLimit();
    // 40 MP at up to 8 bytes per pixel (RGBA64) needs 306 MiB; Qt's default is 128.
    QImageReader::setAllocationLimit(128);
    {
        ImageCache cache;
        ImageProvider provider(cache);
        QCOMPARE(QImageReader::allocationLimit(), 306);
        provider.setPixelBudget(100'000'000);
        QCOMPARE(QImageReader::allocationLimit(), 763);
        provider.setPixelBudget(1000); // never lowered
        QCOMPARE(QImageReader::allocationLimit(), 763);
    }
    QImageReader::setAllocationLimit(0); // "no limit" stays so
    {
        ImageCache cache;
        ImageProvider provider(cache);
        QCOMPARE(QImageReader::allocationLimit(), 0);
    }
    QImageReader::setAllocationLimit(saved);
}

void tst_DecodeLimits::outOfMemoryInAConversionIsAnError()
{
#if !CACHESCOPE_FAILING_MALLOC
    QSKIP("needs an interposed malloc, which the sanitizers do not allow");
#else
    ImageCache cache;
    ImageProvider provider(cache);
    // 4000x4000 at 8 bits is 16 MB; converted for the scene graph it needs 64 MB.
    provider.setLoader(QStringLiteral("indexed"), [](const QString &, const QSize &) {
        QImage image(4000, 4000, QImage::Format_Grayscale8);
        image.fill(128);
        return LoadResult{image, {}};
    });
    failMallocFrom = 32 * 1024 * 1024;
    Request r = request(provider, QStringLiteral("indexed/big"));
    const bool finished = r.wait();
    failMallocFrom = 0;
    QVERIFY(finished);
    // Before: the null conversion went out as a success with no error -- "Ready" with no texture.
    QVERIFY2(r.response->errorString().contains(QStringLiteral("out of memory")),
             qPrintable(r.response->errorString()));
    QCOMPARE(r.response->textureFactory(), nullptr);
    QCOMPARE(cache.count(), 0);
    QCOMPARE(cache.stats().errors, 1u);

    Request after = request(provider, QStringLiteral("indexed/big"));
    QVERIFY(after.wait());
    QCOMPARE(after.response->errorString(), QString());
#endif
}

void tst_DecodeLimits::peakMemoryStaysFarBelowTheBombs()
{
    const long grownKb = peakRssKb() - m_peakAtStartKb;
    qInfo() << "peak resident memory grew by" << grownKb / 1024 << "MiB";
    // The smallest bomb above needs over 100 MiB decoded and 500 MiB converted.
    static constexpr long AllowedGrowthKb = 64 * 1024;
    QVERIFY2(grownKb < AllowedGrowthKb, qPrintable(QString::number(grownKb / 1024)));
}

QTEST_MAIN(tst_DecodeLimits)
#include "tst_decodelimits.moc"
