// Copyright (C) 2026 The CacheScope authors.
#include "jsonfields.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qlocale.h>

namespace CacheScope::JsonFields {

namespace {

// Enough to recognise a value in an error line, not enough to flood it.
constexpr qsizetype MaxQuotedChars = 40;

} // namespace

QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QString quoted(const QString &text)
{
    const bool cut = text.size() > MaxQuotedChars;
    const QJsonArray wrapped{cut ? text.left(MaxQuotedChars) : text};
    const QByteArray json = QJsonDocument(wrapped).toJson(QJsonDocument::Compact);
    // `["…"]` without the brackets.
    QString result = QString::fromUtf8(json.mid(1, json.size() - 2));
    if (cut)
        result.append(QStringLiteral("…"));
    return result;
}

QString elementPath(const QString &arrayPath, qsizetype index)
{
    return QStringLiteral("%1[%2]").arg(arrayPath).arg(index);
}

bool element(const QJsonArray &array, qsizetype index, const QString &arrayPath, QJsonObject *out,
             QString *error)
{
    const QJsonValue value = array.at(index);
    if (!value.isObject()) {
        *error = QStringLiteral("%1: expected an object, got %2")
                         .arg(elementPath(arrayPath, index), describe(value));
        return false;
    }
    *out = value.toObject();
    return true;
}

ObjectReader::ObjectReader(const QJsonObject &object, QString path, QString *error)
    : m_object(object), m_path(std::move(path)), m_error(error)
{
}

QString ObjectReader::pathOf(QLatin1StringView name) const
{
    return m_path.isEmpty() ? QString(name) : m_path + QLatin1Char('.') + name;
}

bool ObjectReader::fail(QLatin1StringView name, const QString &what)
{
    if (ok())
        *m_error = pathOf(name) + QStringLiteral(": ") + what;
    return false;
}

bool ObjectReader::failExpected(QLatin1StringView name, const QString &expected,
                                const QJsonValue &got)
{
    return fail(name, QStringLiteral("expected %1, got %2").arg(expected, describe(got)));
}

QString ObjectReader::integerKind(bool nonNegative, bool orMinusOne)
{
    if (nonNegative)
        return QStringLiteral("a non-negative integer");
    return orMinusOne ? QStringLiteral("-1 or a non-negative integer")
                      : QStringLiteral("an integer");
}

QJsonValue ObjectReader::field(QLatin1StringView name, Presence presence)
{
    if (!ok())
        return QJsonValue(QJsonValue::Undefined);
    const auto it = m_object.constFind(name);
    if (it == m_object.constEnd()) {
        if (presence == Required)
            fail(name, QStringLiteral("missing"));
        return QJsonValue(QJsonValue::Undefined);
    }
    return it.value();
}

bool ObjectReader::boolean(QLatin1StringView name, bool *out, Presence presence)
{
    const QJsonValue value = field(name, presence);
    if (value.isUndefined())
        return ok();
    if (!value.isBool())
        return failExpected(name, QStringLiteral("true or false"), value);
    *out = value.toBool();
    return true;
}

bool ObjectReader::string(QLatin1StringView name, QString *out, Presence presence)
{
    const QJsonValue value = field(name, presence);
    if (value.isUndefined())
        return ok();
    if (!value.isString())
        return failExpected(name, QStringLiteral("a string"), value);
    *out = value.toString();
    return true;
}

bool ObjectReader::object(QLatin1StringView name, QJsonObject *out, Presence presence)
{
    const QJsonValue value = field(name, presence);
    if (value.isUndefined())
        return ok();
    if (!value.isObject())
        return failExpected(name, QStringLiteral("an object"), value);
    *out = value.toObject();
    return true;
}

bool ObjectReader::array(QLatin1StringView name, QJsonArray *out, Presence presence)
{
    const QJsonValue value = field(name, presence);
    if (value.isUndefined())
        return ok();
    if (!value.isArray())
        return failExpected(name, QStringLiteral("an array"), value);
    *out = value.toArray();
    return true;
}

} // namespace CacheScope::JsonFields
