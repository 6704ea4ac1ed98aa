// Copyright (C) 2026 The CacheScope authors.
// sourceSize semantics side by side with Qt Quick's own file loading: for the default fill mode an
// `image://cache/<file>` Image must come out exactly like `Image { source: "file:<file>" }` (size
// and pixels) for every sourceSize combination, including one dimension only and 0x0. Under
// PreserveAspectFit / PreserveAspectCrop Qt scales file: images differently and does not tell
// image providers the fill mode: those differences are measured and pinned here.
#include "support/quickscene.h"

using namespace ProviderTest;
using namespace TestFixtures;

namespace {

// How a row sets sourceSize, as QML text.
QString sizeBinding(const QString &spec)
{
    if (spec == QLatin1String("unset"))
        return {};
    if (spec.startsWith(QLatin1String("w=")))
        return QStringLiteral("sourceSize.width: %1").arg(spec.mid(2));
    if (spec.startsWith(QLatin1String("h=")))
        return QStringLiteral("sourceSize.height: %1").arg(spec.mid(2));
    const QStringList wh = spec.split(QLatin1Char('x'));
    return QStringLiteral("sourceSize: Qt.size(%1, %2)").arg(wh.value(0), wh.value(1));
}

QString fillModeName(const QString &mode)
{
    return mode.isEmpty() ? QStringLiteral("Image.Stretch") : QStringLiteral("Image.") + mode;
}

struct Pair
{
    QQuickItem *root = nullptr;
    QObject *file = nullptr;
    QObject *cached = nullptr;
};

// Two Images with the same settings: one loads file:<path>, the other image://cache/<id>.
// cache: false on both, so Qt Quick's own pixmap cache never answers instead of the loaders.
Pair makePair(QuickScene &scene, const QString &id, const QUrl &fileUrl, const QString &spec,
              const QString &fillMode)
{
    const QString qml = QStringLiteral("\n"
        "import QtQuick\n"
        "Item {\n"
        "    property alias fileImage: f\n"
        "    property alias cacheImage: c\n"
        "    Image { id: f; x: 0; y: 0; cache: false; fillMode: %1; source: \"%2\"; %3 }\n"
        "    Image { id: c; x: 700; y: 0; cache: false; fillMode: %1; source: \"image://cache/%4\"; %3 }\n"
        "}\n"
        "").arg(fillModeName(fillMode), fileUrl.toString(), sizeBinding(spec), id);
    Pair pair;
    pair.root = scene.create(qml);
    if (pair.root) {
        pair.file = pair.root->property("fileImage").value<QObject *>();
        pair.cached = pair.root->property("cacheImage").value<QObject *>();
    }
    return pair;
}

QSize implicitSize(const QObject *image)
{
    return QSize(qRound(image->property("implicitWidth").toReal()),
                 qRound(image->property("implicitHeight").toReal()));
}

} // namespace

class tst_SourceSize : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void requestedSizeAsQtSendsIt_data();
    void requestedSizeAsQtSendsIt();
    void defaultFillModeMatchesFileLoading_data();
    void defaultFillModeMatchesFileLoading();
    void zeroSizeLoadsAtFullSize();
    void preserveAspectModesDiffer_data();
    void preserveAspectModesDiffer();

private:
    std::unique_ptr<FixtureFolder> m_files;
};

void tst_SourceSize::initTestCase()
{
    m_files = std::make_unique<FixtureFolder>();
    QVERIFY2(m_files->isValid(), qPrintable(m_files->errorString()));
}

// What Qt Quick 6.4 hands a provider as requestedSize for each way of writing sourceSize. The
// provider's rules (and the 0x0 decision) are built on these values.
void tst_SourceSize::requestedSizeAsQtSendsIt_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QSize>("requested");
    QTest::newRow("unset") << QStringLiteral("unset") << QSize(-1, -1);
    QTest::newRow("width only") << QStringLiteral("w=128") << QSize(128, 0);
    QTest::newRow("height only") << QStringLiteral("h=128") << QSize(0, 128);
    QTest::newRow("both") << QStringLiteral("100x50") << QSize(100, 50);
    QTest::newRow("0x0") << QStringLiteral("0x0") << QSize(0, 0);
}

void tst_SourceSize::requestedSizeAsQtSendsIt()
{
    QFETCH(QString, spec);
    QFETCH(QSize, requested);
    QuickScene scene;
    CountingLoader recorder;
    scene.provider->setLoader(QStringLiteral("rec"), recorder.loader());
    QQuickItem *item = scene.create(QStringLiteral(
            "import QtQuick\nImage { cache: false; source: \"image://cache/rec/one\"; %1 }")
                                             .arg(sizeBinding(spec)));
    QVERIFY2(item, qPrintable(scene.lastError));
    QVERIFY(scene.show());
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(item), int(Ready), LongWaitMs);
    QCOMPARE(recorder.calls(), 1);
    QCOMPARE(recorder.log().constFirst().requestedSize, requested);
    delete item;
}

void tst_SourceSize::defaultFillModeMatchesFileLoading_data()
{
    QTest::addColumn<QString>("image");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QSize>("expected"); // what both must show (Qt's result, written down)

    struct Row
    {
        const GoodImage &image;
        const char *spec;
        QSize expected;
    };
    const Row rows[] = {
        {Photo, "unset", {640, 480}},       {Photo, "0x0", {640, 480}},
        {Photo, "w=100", {100, 75}},        {Photo, "h=100", {133, 100}},
        {Photo, "100x100", {100, 75}},      {Photo, "200x50", {67, 50}},
        {Photo, "50x200", {50, 38}},        {Photo, "1000x1000", {640, 480}},
        {Photo, "w=1000", {640, 480}},      {Photo, "640x480", {640, 480}},
        {Photo, "320x0", {320, 240}},       {Photo, "0x240", {320, 240}},
        {Photo, "700x100", {133, 100}},     {Photo, "100x700", {100, 75}},
        {Tall, "unset", {300, 400}},        {Tall, "w=150", {150, 200}},
        {Tall, "h=100", {75, 100}},         {Tall, "100x100", {75, 100}},
        {Tall, "400x300", {225, 300}},      {Tall, "w=600", {300, 400}},
        {Odd, "w=100", {100, 65}},          {Odd, "h=100", {153, 100}},
        {Odd, "w=332", {332, 216}},         {Odd, "h=1", {2, 1}},
        {Odd, "w=1", {1, 1}},               {Odd, "123x45", {69, 45}},
        {Small, "unset", {50, 40}},         {Small, "100x100", {50, 40}},
        {Small, "w=25", {25, 20}},          {Small, "h=200", {50, 40}},
        {Alpha, "w=60", {60, 40}},          {Alpha, "0x0", {120, 80}},
    };
    for (const Row &row : rows)
        QTest::addRow("%s %s", row.image.name, row.spec)
                << QString::fromLatin1(row.image.name) << QString::fromLatin1(row.spec) << row.expected;
}

void tst_SourceSize::defaultFillModeMatchesFileLoading()
{
    QFETCH(QString, image);
    QFETCH(QString, spec);
    QFETCH(QSize, expected);

    QuickScene scene;
    scene.provider->setRoots({m_files->root()});
    Pair pair = makePair(scene, image, m_files->rootUrl(image), spec, QString());
    QVERIFY2(pair.root, qPrintable(scene.lastError));
    QVERIFY(scene.show());
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(pair.file), int(Ready), LongWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(pair.cached), int(Ready), LongWaitMs);

    const QSize fileSize = implicitSize(pair.file);
    const QSize cacheSize = implicitSize(pair.cached);
    QCOMPARE(cacheSize, fileSize);
    QCOMPARE(fileSize, expected);
    QCOMPARE(pair.cached->property("sourceSize").toSize(), pair.file->property("sourceSize").toSize());

    // The decoded image in the cache is exactly what the Image shows, in a scene graph format.
    QList<CacheScope::CacheEntryInfo> entries = scene.cache.entries();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.constFirst().size, expected);

    // Same pixels: both Images are drawn 1:1 at their implicit size.
    const QImage frame = scene.view.grabWindow();
    QVERIFY(!frame.isNull());
    const QImage fromFile = frame.copy(QRect(QPoint(0, 0), fileSize)).convertToFormat(QImage::Format_ARGB32);
    const QImage fromCache = frame.copy(QRect(QPoint(700, 0), cacheSize)).convertToFormat(QImage::Format_ARGB32);
    int worst = 0;
    for (int y = 0; y < fromFile.height(); ++y) {
        for (int x = 0; x < fromFile.width(); ++x) {
            const QRgb a = fromFile.pixel(x, y);
            const QRgb b = fromCache.pixel(x, y);
            worst = std::max({worst, std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)),
                              std::abs(qBlue(a) - qBlue(b))});
        }
    }
    QVERIFY2(worst <= 2, qPrintable(QStringLiteral("pixels differ by up to %1").arg(worst)));
    delete pair.root;
}

// Design decision: Qt sends (0,0) while bindings like `sourceSize.width: width` are still 0; that
// loads at full size, like file: does, with no error.
void tst_SourceSize::zeroSizeLoadsAtFullSize()
{
    QuickScene scene;
    scene.provider->setRoots({m_files->root()});
    QQuickItem *item = scene.create(QStringLiteral("\n"
        "import QtQuick\n"
        "Item {\n"
        "    width: 0; height: 0\n"
        "    property alias image: img\n"
        "    Image { id: img; cache: false; source: \"image://cache/%1\"; sourceSize: Qt.size(parent.width, parent.height) }\n"
        "}\n"
        "").arg(QLatin1StringView(Odd.name)));
    QVERIFY2(item, qPrintable(scene.lastError));
    QVERIFY(scene.show());
    auto *image = item->property("image").value<QObject *>();
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(image), int(Ready), LongWaitMs);
    QCOMPARE(implicitSize(image), Odd.size);
    QCOMPARE(scene.cache.stats().errors, 0u);
    // The binding catching up reloads at the new size.
    item->setSize(QSizeF(100, 0));
    QTRY_COMPARE_WITH_TIMEOUT(implicitSize(image), QSize(100, 65), LongWaitMs);
    QCOMPARE(statusOf(image), int(Ready));
    delete item;
}

// Fill modes other than the default: Qt's file loading takes the fill mode into account when
// scaling (QQuickImageProviderOptions), image providers never see it. Each row pins what was
// measured with Qt 6.4.2: file: size vs image://cache size.
void tst_SourceSize::preserveAspectModesDiffer_data()
{
    QTest::addColumn<QString>("image");
    QTest::addColumn<QString>("fillMode");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QSize>("fileSize");   // decoded by Qt's file loading
    QTest::addColumn<QSize>("cacheSize");  // decoded by the provider (fill mode unknown to it)

    struct Row
    {
        const GoodImage &image;
        const char *spec;
        QSize file;
        QSize cache;
    };
    // Qt 6.4.2, measured: under both PreserveAspectFit and PreserveAspectCrop, file: loading picks
    // the *larger* of the two ratios (the decoded image covers the sourceSize box) and upscales;
    // the provider, like the default fill mode, picks the smaller ratio (fits inside the box) and
    // never upscales. With one dimension only, both agree unless that means upscaling.
    const Row rows[] = {
        {Photo, "unset", {640, 480}, {640, 480}},
        {Photo, "0x0", {640, 480}, {640, 480}},
        {Photo, "100x100", {133, 100}, {100, 75}},
        {Photo, "200x50", {200, 150}, {67, 50}},
        {Photo, "50x200", {267, 200}, {50, 38}},
        {Photo, "w=100", {100, 75}, {100, 75}},
        {Photo, "h=100", {133, 100}, {133, 100}},
        {Photo, "1000x1000", {1333, 1000}, {640, 480}},
        {Photo, "w=1000", {1000, 750}, {640, 480}},
        {Tall, "100x100", {100, 133}, {75, 100}},
        {Small, "100x100", {125, 100}, {50, 40}},
        {Small, "w=25", {25, 20}, {25, 20}},
    };
    for (const char *fillMode : {"PreserveAspectFit", "PreserveAspectCrop"}) {
        for (const Row &row : rows)
            QTest::addRow("%s %s %s", fillMode, row.image.name, row.spec)
                    << QString::fromLatin1(row.image.name) << QString::fromLatin1(fillMode)
                    << QString::fromLatin1(row.spec) << row.file << row.cache;
    }
}

void tst_SourceSize::preserveAspectModesDiffer()
{
    QFETCH(QString, image);
    QFETCH(QString, fillMode);
    QFETCH(QString, spec);
    QFETCH(QSize, fileSize);
    QFETCH(QSize, cacheSize);

    QuickScene scene;
    scene.provider->setRoots({m_files->root()});
    Pair pair = makePair(scene, image, m_files->rootUrl(image), spec, fillMode);
    QVERIFY2(pair.root, qPrintable(scene.lastError));
    // The usual pattern: the item is as big as the sourceSize box.
    const QSize box = spec.contains(QLatin1Char('x')) ? QSize(spec.section(QLatin1Char('x'), 0, 0).toInt(),
                                                              spec.section(QLatin1Char('x'), 1, 1).toInt())
                                                      : QSize();
    if (!box.isEmpty()) {
        for (QObject *img : {pair.file, pair.cached}) {
            img->setProperty("width", box.width());
            img->setProperty("height", box.height());
        }
    }
    QVERIFY(scene.show());
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(pair.file), int(Ready), LongWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(pair.cached), int(Ready), LongWaitMs);
    const QSize measuredFile = implicitSize(pair.file);
    const QSize measuredCache = implicitSize(pair.cached);
    auto painted = [](const QObject *img) {
        return QSizeF(img->property("paintedWidth").toReal(), img->property("paintedHeight").toReal());
    };
    const QSizeF paintedFile = painted(pair.file);
    const QSizeF paintedCache = painted(pair.cached);
    qInfo().noquote() << QStringLiteral("MEASURED %1 %2 sourceSize %3%4: decoded file: %5x%6, "
                                        "image://cache %7x%8; painted file: %9x%10, image://cache %11x%12")
                                 .arg(fillMode, image, spec,
                                      box.isEmpty() ? QString() : QStringLiteral(" (item = box)"))
                                 .arg(measuredFile.width()).arg(measuredFile.height())
                                 .arg(measuredCache.width()).arg(measuredCache.height())
                                 .arg(paintedFile.width()).arg(paintedFile.height())
                                 .arg(paintedCache.width()).arg(paintedCache.height());
    QCOMPARE(measuredFile, fileSize);
    QCOMPARE(measuredCache, cacheSize);
    // Where the decoded sizes differ, the item still paints the same area in PreserveAspectFit
    // (the aspect ratio is the same); under PreserveAspectCrop the provider's smaller image is
    // scaled up to cover the item, so it is shown at lower resolution.
    if (!box.isEmpty() && fillMode == QLatin1String("PreserveAspectFit")) {
        QVERIFY(qAbs(paintedFile.width() - paintedCache.width()) <= 1.0);
        QVERIFY(qAbs(paintedFile.height() - paintedCache.height()) <= 1.0);
    }
    delete pair.root;
}

QTEST_MAIN(tst_SourceSize)
#include "tst_sourcesize.moc"
