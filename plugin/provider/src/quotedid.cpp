// Copyright (C) 2026 The CacheScope authors.
#include "quotedid.h"

namespace CacheScope::Internal {

QString quotedId(QStringView id)
{
    // Enough to recognise a path; the full id is in the Image's source anyway.
    static constexpr qsizetype MaxShownCharacters = 120;
    QString shown;
    shown.reserve(std::min(id.size(), MaxShownCharacters) + 8);
    shown += QLatin1Char('"');
    const QStringView head = id.left(MaxShownCharacters);
    for (qsizetype i = 0; i < head.size(); ++i) {
        const QChar c = head.at(i);
        switch (c.unicode()) {
        case '\n': shown += QLatin1String("\\n"); continue;
        case '\r': shown += QLatin1String("\\r"); continue;
        case '\t': shown += QLatin1String("\\t"); continue;
        case '"': shown += QLatin1String("\\\""); continue;
        case '\\': shown += QLatin1String("\\\\"); continue;
        default: break;
        }
        if (c.isHighSurrogate() && i + 1 < head.size() && head.at(i + 1).isLowSurrogate()) {
            shown += c;
            shown += head.at(++i); // a whole pair: one printable character
        } else if (c.isPrint() && !c.isSurrogate()) {
            shown += c;
        } else {
            shown += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        }
    }
    shown += QLatin1Char('"');
    if (id.size() > MaxShownCharacters)
        shown += QStringLiteral("… (%1 characters)").arg(id.size());
    return shown;
}

} // namespace CacheScope::Internal
