// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qloggingcategory.h>

namespace CacheScope {
// "cachescope.provider": refused ids, failed loads, decodes. Enable with QT_LOGGING_RULES.
Q_DECLARE_LOGGING_CATEGORY(lcProvider)
}
