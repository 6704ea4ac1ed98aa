// Copyright (C) 2026 The CacheScope authors.
// Bad input through the public API: every case a clear errorString() and no texture, finished()
// once, counted once in the statistics, logged under `cachescope.provider`, nothing cached and
// nothing disturbed, the provider still working afterwards; the pixel budget and the
// decompression bomb refused from its header.
#include "support/providertest.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qurl.h>
#include <QtGui/qimagereader.h>

using namespace ProviderTest;
using namespace TestFixtures;

class tst_BadInput : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void badInput_data();
    void badInput();
    void pixelBudgetIsConfigurable();
    void decompressionBombRefusedFromHeader();
    void formatsComeFromTheContentAndMustBeAllowed();
    void imagesUpToTheBudgetDecode();
    void messagesQuoteIdsSafely();

private:
    std::unique_ptr<FixtureFolder> m_files;
    std::unique_ptr<MessageRecorder> m_log;
};

void tst_BadInput::initTestCase()
{
    m_files = std::make_unique<FixtureFolder>();
    QVERIFY2(m_files->isValid(), qPrintable(m_files->errorString()));
    m_log = std::make_unique<MessageRecorder>();
}

void tst_BadInput::init()
{
    m_log->clear();
}

void tst_BadInput::badInput_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QString>("expected"); // case-insensitive substrings, '|' separated: all must appear

    const QString secret = QStringLiteral("outside/secret.png");
    QTest::newRow("missing file") << QString::fromLatin1(Missing) << QSize() << QStringLiteral("not found|missing.png");
    QTest::newRow("truncated png") << QString::fromLatin1(Truncated) << QSize() << QStringLiteral("truncated.png");
    QTest::newRow("random bytes") << QString::fromLatin1(RandomBytes) << QSize() << QStringLiteral("random.png");
    QTest::newRow("unsupported format") << QString::fromLatin1(Unsupported) << QSize()
                                        << QStringLiteral("unsupported|document.txt");
    QTest::newRow("empty file") << QString::fromLatin1(Empty) << QSize() << QStringLiteral("empty.png");
    QTest::newRow("folder") << QString::fromLatin1(NotAFile) << QSize() << QStringLiteral("not a file");
    QTest::newRow("../ escape") << QStringLiteral("../") + secret << QSize() << QStringLiteral("..");
    QTest::newRow("nested ../ escape") << QStringLiteral("sub/../../") + secret << QSize() << QStringLiteral("..");
    QTest::newRow("backslash escape") << QStringLiteral("..\\outside\\secret.png") << QSize() << QStringLiteral("..");
    QTest::newRow("absolute path") << m_files->secret() << QSize() << QStringLiteral("absolute");
    QTest::newRow("file url") << QUrl::fromLocalFile(m_files->secret()).toString() << QSize()
                              << QStringLiteral("outside every root"); // a routed file: URL obeys the roots
    QTest::newRow("percent-encoded ../") << QStringLiteral("%2e%2e/") + secret << QSize() << QStringLiteral("..");
    QTest::newRow("percent-encoded slash") << QStringLiteral("..%2Foutside%2Fsecret.png") << QSize()
                                           << QStringLiteral("..");
    QTest::newRow("percent-encoded absolute") << QStringLiteral("%2F") + m_files->secret().mid(1) << QSize()
                                              << QStringLiteral("absolute");
    QTest::newRow("symlink escaping") << QString::fromLatin1(EscapingLink) << QSize()
                                      << QStringLiteral("outside");
    QTest::newRow("symlinked folder escaping") << QString::fromLatin1(EscapingDirLink) + QStringLiteral("/secret.png")
                                               << QSize() << QStringLiteral("outside");
    QTest::newRow("id too long") << QString(ImageProvider::MaxIdLength + 1, QLatin1Char('x')) + QStringLiteral(".png")
                                 << QSize() << QString::number(ImageProvider::MaxIdLength);
    QTest::newRow("empty id") << QString() << QSize() << QStringLiteral("empty");
    QTest::newRow("NUL in id") << QStringLiteral("opaque.png") + QChar(0) + QStringLiteral(".png") << QSize()
                               << QStringLiteral("NUL");
    QTest::newRow("negative size") << QString::fromLatin1(Opaque.name) << QSize(-5, -5) << QStringLiteral("size|-5");
    QTest::newRow("negative width") << QString::fromLatin1(Opaque.name) << QSize(-100, 50) << QStringLiteral("size|-100");
    QTest::newRow("absurd size") << QString::fromLatin1(Opaque.name) << QSize(1000000, 1000000)
                                 << QStringLiteral("size|1000000");
    QTest::newRow("absurd width only") << QString::fromLatin1(Opaque.name) << QSize(1000000, 0)
                                       << QStringLiteral("size|1000000");
    QTest::newRow("decompression bomb") << QString::fromLatin1(Bomb) << QSize() << QStringLiteral("budget|30000");
    QTest::newRow("bomb with small sourceSize") << QString::fromLatin1(Bomb) << QSize(64, 64)
                                                << QStringLiteral("budget|30000");
}

void tst_BadInput::badInput()
{
    QFETCH(QString, id);
    QFETCH(QSize, size);
    QFETCH(QString, expected);

    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    // Something already cached, to see the cache stays as it was.
    {
        Request warm = request(provider, QString::fromLatin1(Small.name));
        QVERIFY(warm.wait());
    }
    const auto before = cache.stats();
    m_log->clear();

    Request r = request(provider, id, size);
    QVERIFY(r.wait());
    const QString error = r.response->errorString();
    QVERIFY2(!error.isEmpty(), "a refused or failed load must say why");
    for (const QString &part : expected.split(QLatin1Char('|')))
        QVERIFY2(error.contains(part, Qt::CaseInsensitive),
                 qPrintable(QStringLiteral("\"%1\" not in error: %2").arg(part, error)));
    QCOMPARE(r.response->textureFactory(), nullptr);
    settle();
    QCOMPARE(r.finished->count(), 1);

    // Counted once, logged under cachescope.provider with the same text.
    const auto after = cache.stats();
    QCOMPARE(after.errors, before.errors + 1);
    QVERIFY2(m_log->count(ProviderCategory, error.left(60)) >= 1,
             qPrintable(QStringLiteral("not logged: %1\nlog:%2").arg(error, m_log->dump())));

    // Nothing cached for it, nothing else disturbed.
    QCOMPARE(after.count, before.count);
    QCOMPARE(after.totalUsed, before.totalUsed);
    QCOMPARE(after.insertions, before.insertions);
    QCOMPARE(after.evictions, before.evictions);
    QString keyError;
    const QString key = provider.cacheKey(id, size, &keyError);
    if (!key.isEmpty())
        QVERIFY(!cache.contains(key));

    // The error is not cached: asking again fails again (and is counted again).
    Request again = request(provider, id, size);
    QVERIFY(again.wait());
    QCOMPARE(again.response->errorString(), error);
    QCOMPARE(cache.stats().errors, before.errors + 2);

    // And the provider keeps working.
    Request good = request(provider, QString::fromLatin1(Alpha.name));
    QVERIFY(good.wait());
    QCOMPARE(good.response->errorString(), QString());
    QCOMPARE(responseImage(good.response.get()).size(), Alpha.size);
}

void tst_BadInput::pixelBudgetIsConfigurable()
{
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    QCOMPARE(provider.pixelBudget(), ImageProvider::DefaultPixelBudget);
    const qint64 pixels = qint64(Opaque.size.width()) * Opaque.size.height();

    provider.setPixelBudget(pixels - 1);
    QCOMPARE(provider.pixelBudget(), pixels - 1);
    Request over = request(provider, QString::fromLatin1(Opaque.name), QSize(20, 0));
    QVERIFY(over.wait());
    // The budget is about the decoded original, whatever the requested size.
    QVERIFY2(over.response->errorString().contains(QStringLiteral("budget")),
             qPrintable(over.response->errorString()));
    QCOMPARE(cache.count(), 0);

    provider.setPixelBudget(pixels);
    Request fits = request(provider, QString::fromLatin1(Opaque.name), QSize(20, 0));
    QVERIFY(fits.wait());
    QCOMPARE(fits.response->errorString(), QString());
    QCOMPARE(responseImage(fits.response.get()).size(), QSize(20, 10));
}

void tst_BadInput::decompressionBombRefusedFromHeader()
{
    const QByteArray bomb = craftPngHeaderBomb(BombSize);
    QVERIFY(bomb.size() < 200);
    {
        // The crafted file really is a PNG whose header Qt reads as 30000x30000.
        QImageReader reader(m_files->rootFile(QString::fromLatin1(Bomb)));
        QCOMPARE(reader.format(), QByteArray("png"));
        QCOMPARE(reader.size(), BombSize);
    }
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    QElapsedTimer timer;
    timer.start();
    Request r = request(provider, QString::fromLatin1(Bomb));
    QVERIFY(r.wait());
    const QString error = r.response->errorString();
    QVERIFY2(error.contains(QStringLiteral("30000x30000")) && error.contains(QStringLiteral("budget")),
             qPrintable(error));
    QVERIFY2(!error.contains(QStringLiteral("decode"), Qt::CaseInsensitive), qPrintable(error));
    QCOMPARE(cache.count(), 0);
    qInfo("bomb refused after %lld ms", timer.elapsed());

    // A budget big enough for it lets the decoder try -- and Qt's own allocation limit stops it:
    // proof that the budget check is what refused it above, before any allocation.
    provider.setPixelBudget(qint64(BombSize.width()) * BombSize.height());
    Request tried = request(provider, QString::fromLatin1(Bomb));
    QVERIFY(tried.wait());
    QVERIFY(!tried.response->errorString().isEmpty());
    QVERIFY2(!tried.response->errorString().contains(QStringLiteral("budget")),
             qPrintable(tried.response->errorString()));
}

void tst_BadInput::formatsComeFromTheContentAndMustBeAllowed()
{
    if (!QImageReader::supportedImageFormats().contains("svg"))
        QSKIP("QtSvg's image plugin (libqt6svg6) is not installed");
    // An SVG may pull any file on disk in through <image href>; named .png it is still an SVG.
    QFile svg(m_files->rootFile(QStringLiteral("vector.png")));
    QVERIFY(svg.open(QIODevice::WriteOnly));
    svg.write("<svg xmlns='http://www.w3.org/2000/svg' width='30' height='20'>"
              "<rect width='30' height='20' fill='red'/></svg>");
    svg.close();
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    QVERIFY(!provider.allowedFormats().contains("svg"));
    QCOMPARE(provider.allowedFormats(), ImageProvider::defaultAllowedFormats());
    Request refused = request(provider, QStringLiteral("vector.png"));
    QVERIFY(refused.wait());
    QVERIFY2(refused.response->errorString().contains(QStringLiteral("its content is svg, which is not an allowed format")),
             qPrintable(refused.response->errorString()));
    QCOMPARE(cache.stats().errors, 1u);

    // An app that trusts its SVGs opts in; names are normalised ("JPG" is "jpeg").
    provider.setAllowedFormats({"PNG", "JPG", "svg"});
    QCOMPARE(provider.allowedFormats(), (QList<QByteArray>{"png", "jpeg", "svg"}));
    Request allowed = request(provider, QStringLiteral("vector.png"));
    QVERIFY(allowed.wait());
    QCOMPARE(allowed.response->errorString(), QString());
    QCOMPARE(responseImage(allowed.response.get()).size(), QSize(30, 20));
    Request photo = request(provider, QString::fromLatin1(Photo.name));
    QVERIFY(photo.wait());
    QCOMPARE(photo.response->errorString(), QString());
    // And everything else is now refused, a BMP among them.
    Request bmp = request(provider, QString::fromLatin1(Bmp.name));
    QVERIFY(bmp.wait());
    QVERIFY2(bmp.response->errorString().contains(QStringLiteral("content is bmp")),
             qPrintable(bmp.response->errorString()));
}

void tst_BadInput::imagesUpToTheBudgetDecode()
{
    // 35 MP of RGB decodes to 140 MB: over Qt's default allocation limit of 128 MiB, which made
    // such images fail as "Unable to read image data" although the budget allows 40 MP.
    const QSize size(7000, 5000);
    QFile file(m_files->rootFile(QStringLiteral("35mp.png")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(craftZeroPng(size));
    file.close();
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    Request r = request(provider, QStringLiteral("35mp.png"), QSize(700, 0));
    QVERIFY(r.wait());
    QCOMPARE(r.response->errorString(), QString());
    QCOMPARE(responseImage(r.response.get()).size(), QSize(700, 500));
}

void tst_BadInput::messagesQuoteIdsSafely()
{
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setRoots({m_files->root()});
    // A newline in an id would forge a second log line; a long id would flood it.
    const QString forged = QStringLiteral("missing.png\ncachescope.provider: all is well\t\x01");
    Request r = request(provider, forged);
    QVERIFY(r.wait());
    const QString error = r.response->errorString();
    QVERIFY2(!error.contains(QLatin1Char('\n')) && !error.contains(QLatin1Char('\t'))
                     && !error.contains(QChar(1)),
             qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("\"missing.png\\ncachescope.provider: all is well\\t\\u0001\"")),
             qPrintable(error));

    const QString longId = QString(2000, QLatin1Char('a')) + QStringLiteral(".png");
    Request longRequest = request(provider, longId);
    QVERIFY(longRequest.wait());
    const QString longError = longRequest.response->errorString();
    QVERIFY2(longError.size() < 400 && longError.contains(QStringLiteral("(2004 characters)")),
             qPrintable(longError));
    for (const auto &message : m_log->messages())
        QVERIFY2(!message.text.contains(QLatin1Char('\n')), qPrintable(message.text));
}

QTEST_MAIN(tst_BadInput)
#include "tst_badinput.moc"
