// Copyright (C) 2026 The CacheScope authors.
// Helpers for the view tests: finding items in a Qt Quick scene, reading JS values, test images,
// and judging a screenshot.
#pragma once

#include <QtCore/qhash.h>
#include <QtCore/qset.h>
#include <QtGui/qimage.h>
#include <QtGui/qpainter.h>
#include <QtQml/qjsvalue.h>
#include <QtQuick/qquickitem.h>

#include <algorithm>

namespace ViewTest {

// Every visual descendant of `root` (root included) named `name`, in tree order.
inline QList<QQuickItem *> findItems(QQuickItem *root, const QString &name)
{
    QList<QQuickItem *> found;
    if (!root)
        return found;
    if (root->objectName() == name)
        found.append(root);
    const QList<QQuickItem *> children = root->childItems();
    for (QQuickItem *child : children)
        found.append(findItems(child, name));
    return found;
}

inline QQuickItem *findItem(QQuickItem *root, const QString &name)
{
    const QList<QQuickItem *> found = findItems(root, name);
    return found.isEmpty() ? nullptr : found.first();
}

// Items visible on screen: themselves and all their ancestors visible.
inline QList<QQuickItem *> visibleItems(QQuickItem *root, const QString &name)
{
    QList<QQuickItem *> found = findItems(root, name);
    found.removeIf([](QQuickItem *item) { return !item->isVisible(); });
    return found;
}

// A ListView's delegates for its rows 0..count-1 (those it has created), top to bottom. Delegates
// of rows that just left may linger as children for a while, so they are not searched for.
inline QList<QQuickItem *> listRows(QQuickItem *list)
{
    QList<QQuickItem *> rows;
    const int count = list->property("count").toInt();
    for (int i = 0; i < count; ++i) {
        QQuickItem *row = nullptr;
        QMetaObject::invokeMethod(list, "itemAtIndex", Q_RETURN_ARG(QQuickItem *, row), Q_ARG(int, i));
        if (row)
            rows.append(row);
    }
    return rows;
}

// Whether every row of a list has `text` in the text of its item named `name`, and there are
// `count` rows. For QTRY_VERIFY: delegates follow their model only once the view is polished.
inline bool rowsAllContain(QQuickItem *list, const QString &name, const QString &text, int count);

inline QString textOf(QQuickItem *root, const QString &name)
{
    QQuickItem *item = findItem(root, name);
    return item ? item->property("text").toString() : QStringLiteral("<no %1>").arg(name);
}

inline bool rowsAllContain(QQuickItem *list, const QString &name, const QString &text, int count)
{
    const QList<QQuickItem *> rows = listRows(list);
    return rows.size() == count && std::all_of(rows.begin(), rows.end(), [&](QQuickItem *row) {
               return textOf(row, name).contains(text);
           });
}

inline QJSValue jsProperty(const QObject *object, const char *name)
{
    const QVariant value = object->property(name);
    return value.canConvert<QJSValue>() ? value.value<QJSValue>() : QJSValue();
}

// A picture-like test image: a diagonal gradient of `colour` with a lighter disc, so thumbnails
// and screenshots show something recognisable.
inline QImage pictureImage(int width, int height, QColor colour)
{
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    QLinearGradient gradient(0, 0, width, height);
    gradient.setColorAt(0, colour.lighter(130));
    gradient.setColorAt(1, colour.darker(180));
    painter.fillRect(image.rect(), gradient);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour.lighter(170));
    const int side = std::min(width, height) / 2;
    painter.drawEllipse(QRect(width / 2 - side / 4, height / 4, side, side));
    return image;
}

struct ColourCensus
{
    int distinct = 0;
    double mostCommonShare = 1.0; // of all pixels
};

inline ColourCensus census(const QImage &image)
{
    QHash<QRgb, int> counts;
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(argb.constScanLine(y));
        for (int x = 0; x < argb.width(); ++x)
            ++counts[line[x]];
    }
    ColourCensus result;
    result.distinct = int(counts.size());
    int most = 0;
    for (int n : std::as_const(counts))
        most = std::max(most, n);
    const qint64 pixels = qint64(argb.width()) * argb.height();
    result.mostCommonShare = pixels > 0 ? double(most) / double(pixels) : 1.0;
    return result;
}

} // namespace ViewTest
