// Copyright (C) 2026 The CacheScope authors.
// Text contrast of the inspector's Theme (WCAG 2.x, AA for normal text: at least 4.5:1). The
// colours are read from the Theme singleton through a QML engine, so the test follows the theme;
// the pairs are where the views draw text: each text colour against each background it sits on,
// with the translucent layers (badge fills, evicted rows, the hit flash) composed as drawn. The
// Theme has one (dark) palette; a light one would be listed here too.
#include <QtCore/qdir.h>
#include <QtGui/qcolor.h>
#include <QtQml/qjsvalue.h>
#include <QtQml/qqmlcomponent.h>
#include <QtQml/qqmlengine.h>
#include <QtTest/qtest.h>

#include <cmath>
#include <memory>

namespace {

constexpr double MinimumContrast = 4.5;
// Cost map tiles are coloured along this many positions from next victim to kept longest.
constexpr int TileSteps = 20;

double channel(double value)
{
    return value <= 0.04045 ? value / 12.92 : std::pow((value + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &colour)
{
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// `top` drawn at `alpha` (times its own alpha) over the opaque `bottom`, as the scene graph blends.
QColor over(const QColor &top, double alpha, const QColor &bottom)
{
    const double a = alpha * top.alphaF();
    return QColor::fromRgbF(float(top.redF() * a + bottom.redF() * (1 - a)),
                            float(top.greenF() * a + bottom.greenF() * (1 - a)),
                            float(top.blueF() * a + bottom.blueF() * (1 - a)));
}

struct Surface
{
    QString name;
    QColor colour;
};

} // namespace

class tst_ThemeContrast : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void wcagFormulaMatchesKnownValues();
    void everyTextColourOnEveryBackgroundItIsDrawnOn();

private:
    QColor colour(const char *name) const;
    QColor mapColour(const char *map, const QString &key) const;
    QStringList mapKeys(const char *map) const;
    double number(const char *name) const { return m_theme->property(name).toDouble(); }
    void check(const QString &text, const QColor &foreground, const Surface &background);

    std::unique_ptr<QQmlEngine> m_engine;
    std::unique_ptr<QObject> m_holder;
    QObject *m_theme = nullptr;
    QStringList m_failures;
    int m_pairs = 0;
};

void tst_ThemeContrast::initTestCase()
{
    m_engine = std::make_unique<QQmlEngine>();
    m_engine->addImportPath(QStringLiteral(CACHESCOPE_QML_IMPORT_DIR));
    QQmlComponent component(m_engine.get());
    component.setData("import QtQml\nimport CacheScope.Inspector\nQtObject { readonly property QtObject theme: Theme }\n",
                      QUrl::fromLocalFile(QDir::current().filePath(QStringLiteral("tst_themecontrast.qml"))));
    m_holder.reset(component.create());
    QVERIFY2(m_holder, qPrintable(component.errorString()));
    m_theme = qvariant_cast<QObject *>(m_holder->property("theme"));
    QVERIFY(m_theme);
}

QColor tst_ThemeContrast::colour(const char *name) const
{
    const QVariant value = m_theme->property(name);
    [&] { QVERIFY2(value.canConvert<QColor>(), name); }();
    return value.value<QColor>();
}

QStringList tst_ThemeContrast::mapKeys(const char *map) const
{
    const QVariant value = m_theme->property(map);
    return (value.canConvert<QJSValue>() ? value.value<QJSValue>().toVariant() : value).toMap().keys();
}

QColor tst_ThemeContrast::mapColour(const char *map, const QString &key) const
{
    const QVariant value = m_theme->property(map);
    return QColor((value.canConvert<QJSValue>() ? value.value<QJSValue>().toVariant() : value).toMap().value(key).toString());
}

void tst_ThemeContrast::check(const QString &text, const QColor &foreground, const Surface &background)
{
    ++m_pairs;
    const double ratio = contrast(foreground, background.colour);
    if (ratio < MinimumContrast) {
        m_failures.append(QStringLiteral("%1 %2 on %3 %4: %5:1")
                                  .arg(text, foreground.name(), background.name, background.colour.name())
                                  .arg(ratio, 0, 'f', 2));
    }
}

void tst_ThemeContrast::wcagFormulaMatchesKnownValues()
{
    QCOMPARE(qRound(contrast(Qt::black, Qt::white) * 100), 2100);
    QCOMPARE(qRound(contrast(QColor("#777777"), Qt::white) * 100), 448); // just below AA
    QCOMPARE(qRound(contrast(QColor("#767676"), Qt::white) * 100), 454); // just above
    QCOMPARE(over(QColor(255, 255, 255), 0.5, Qt::black).red(), 128);
}

void tst_ThemeContrast::everyTextColourOnEveryBackgroundItIsDrawnOn()
{
    const QColor panel = colour("panel");
    // Rows of lists sit on a panel: plain, alternate, or selected.
    const QList<Surface> rows = {{QStringLiteral("panel"), panel},
                                 {QStringLiteral("rowAlternate"), colour("rowAlternate")},
                                 {QStringLiteral("selection"), colour("selection")}};
    QList<Surface> surfaces = rows;
    for (const char *name : {"background", "control", "controlHover", "controlChecked"})
        surfaces.append({QLatin1String(name), colour(name)});
    // Palette.toolTipBase is the control colour (tooltips), palette.base the background (fields).

    // Body text (the default Label colour) and the secondary text.
    for (const char *name : {"text", "textDim"}) {
        for (const Surface &surface : std::as_const(surfaces))
            check(QLatin1String(name), colour(name), surface);
    }
    // A hit flashes its row under the row's text.
    const QColor flash = colour("flash");
    for (const Surface &row : rows) {
        const Surface flashing{QStringLiteral("flash over ") + row.name, over(flash, 1, row.colour)};
        for (const char *name : {"text", "textDim"})
            check(QLatin1String(name), colour(name), flashing);
    }

    // Coloured values and status texts (statistics, chart values, the status line, the entry's
    // "evicted by", the working set's counts), on panels and list rows.
    for (const char *name : {"hit", "miss", "error", "accent", "usedLine", "limitLine", "offline", "timerStart"}) {
        for (const Surface &row : rows.first(2)) // not on a selected row
            check(QLatin1String(name), colour(name), row);
    }
    for (const QString &tier : {QStringLiteral("disk-hit"), QStringLiteral("revalidate"), QStringLiteral("fetch")})
        check(QStringLiteral("eventColors.") + tier, mapColour("eventColors", tier), {QStringLiteral("panel"), panel});

    // Badges: the tint's text on a fill of the same tint over the row.
    const double badgeAlpha = number("badgeFillAlpha");
    QList<std::pair<QString, QColor>> tints;
    for (const char *name : {"nextVictim", "inUse", "offline", "accent"})
        tints.append({QLatin1String(name), colour(name)});
    for (const QString &cause : mapKeys("causeColors"))
        tints.append({QStringLiteral("causeColors.") + cause, mapColour("causeColors", cause)});
    QVERIFY(tints.size() > 4);
    for (const auto &[name, tint] : std::as_const(tints)) {
        for (const Surface &row : rows)
            check(QStringLiteral("badge ") + name, tint, {QStringLiteral("its fill on ") + row.name, over(tint, badgeAlpha, row.colour)});
    }

    // An evicted entry's row: its cause in the cause's colour (the row fades its picture and cost
    // bar, not its text).
    for (const Surface &row : rows) {
        for (const QString &cause : mapKeys("causeColors"))
            check(QStringLiteral("evicted row's cause ") + cause, mapColour("causeColors", cause), row);
    }

    // The cost map: entry labels on tiles from next victim to kept longest; free and "smaller".
    for (int step = 0; step <= TileSteps; ++step) {
        const double position = double(step) / TileSteps;
        const double hue = number("victimHue") + (number("keptHue") - number("victimHue")) * position;
        const QColor tile = QColor::fromHslF(float(hue), float(number("tileSaturation")), float(number("tileLightness")));
        check(QStringLiteral("text"), colour("text"), {QStringLiteral("tile at %1").arg(position), tile});
    }
    check(QStringLiteral("textDim"), colour("textDim"), {QStringLiteral("free"), colour("free")});
    check(QStringLiteral("textDim"), colour("textDim"), {QStringLiteral("restTile"), colour("restTile")});

    // The linked timeline's cursor label: the clock time on its own chip.
    check(QStringLiteral("text"), colour("text"), {QStringLiteral("cursorLabel"), colour("cursorLabel")});

    qInfo("%d text/background pairs checked", m_pairs);
    // One line each (a QVERIFY2 message is cut short).
    for (const QString &failure : std::as_const(m_failures))
        qWarning().noquote() << "below" << MinimumContrast << ":" << failure;
    QVERIFY2(m_failures.isEmpty(), qPrintable(QStringLiteral("%1 of %2 pairs below %3:1 (listed above)")
                                                      .arg(m_failures.size()).arg(m_pairs).arg(MinimumContrast)));
}

QTEST_MAIN(tst_ThemeContrast)
#include "tst_themecontrast.moc"
