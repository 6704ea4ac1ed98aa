// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qstring.h>

#include <cmath>
#include <limits>
#include <type_traits>

namespace CacheScope::JsonFields {

// Whether `value` is an integer that T holds: finite, integral and inside T's range. Only then is
// the conversion defined (quint64(-1.0) and qint64(1e300) are undefined behaviour).
template <typename T>
bool toInteger(double value, T *out)
{
    static_assert(std::is_integral_v<T>);
    // T's range is [-2^digits, 2^digits) or [0, 2^digits); powers of two are exact as doubles.
    const double end = std::ldexp(1.0, std::numeric_limits<T>::digits);
    const double begin = std::is_signed_v<T> ? -end : 0.0;
    if (!std::isfinite(value) || std::trunc(value) != value || value < begin || value >= end)
        return false;
    *out = static_cast<T>(value);
    return true;
}

// How a value looks in an error: the number itself, true/false/null, or its kind ("a string").
QString describe(const QJsonValue &value);
// A string from the file, JSON-quoted (no raw control characters) and cut to a readable length.
QString quoted(const QString &text);

// Reads the fields of one object of a file that came from outside, each checked for type and
// range. The first bad field sets *error to "<path>.<field>: <what is wrong>", e.g.
// "entries[12].costKb: expected a non-negative integer, got -3"; once *error is set, every read
// does nothing, so a run of reads needs one ok() check at the end. An absent optional field
// leaves *out as it is (its default).
class ObjectReader
{
public:
    enum Presence { Optional, Required };

    ObjectReader(const QJsonObject &object, QString path, QString *error);

    bool ok() const { return m_error->isEmpty(); }
    bool contains(QLatin1StringView name) const { return m_object.contains(name); }
    QString pathOf(QLatin1StringView name) const;
    // Sets the error for `name` (for checks beyond type and range); returns false.
    bool fail(QLatin1StringView name, const QString &what);

    template <typename T>
    bool integer(QLatin1StringView name, T *out, std::type_identity_t<T> min,
                 std::type_identity_t<T> max, Presence presence = Optional)
    {
        const QJsonValue value = field(name, presence);
        if (value.isUndefined())
            return ok();
        T result{};
        if (value.isDouble() && toInteger(value.toDouble(), &result) && result >= min
            && result <= max) {
            *out = result;
            return true;
        }
        const bool nonNegative = min == 0;
        const bool orMinusOne = std::is_signed_v<T> && min == T(-1);
        const double number = value.isDouble() ? value.toDouble() : 0.0;
        const bool integral = value.isDouble() && std::trunc(number) == number;
        QString bound;
        if (integral && number > double(max))
            bound = QStringLiteral(" of at most %1").arg(max);
        else if (integral && number < double(min) && !nonNegative && !orMinusOne)
            bound = QStringLiteral(" of at least %1").arg(min);
        return failExpected(name, integerKind(nonNegative, orMinusOne) + bound, value);
    }
    bool boolean(QLatin1StringView name, bool *out, Presence presence = Optional);
    bool string(QLatin1StringView name, QString *out, Presence presence = Optional);
    bool object(QLatin1StringView name, QJsonObject *out, Presence presence = Optional);
    bool array(QLatin1StringView name, QJsonArray *out, Presence presence = Optional);

private:
    // The field's value; undefined when absent (an error if required) or after an error.
    QJsonValue field(QLatin1StringView name, Presence presence);
    bool failExpected(QLatin1StringView name, const QString &expected, const QJsonValue &got);
    static QString integerKind(bool nonNegative, bool orMinusOne);

    QJsonObject m_object;
    QString m_path;
    QString *m_error;
};

// The object at `array[index]`, or false with *error set ("entries[2]: expected an object, got 5").
bool element(const QJsonArray &array, qsizetype index, const QString &arrayPath, QJsonObject *out,
             QString *error);
QString elementPath(const QString &arrayPath, qsizetype index);

} // namespace CacheScope::JsonFields
