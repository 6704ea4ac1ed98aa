// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "fallbacks.h"

#include <QtCore/qvarlengtharray.h>
#include <QtGui/qimage.h>

namespace CacheScope::Internal {

// Holds images that left the cache until the lock is dropped: freeing a large image takes hundreds
// of microseconds, which must not be spent while other threads wait for the cache.
// Declare it before the lock guard so it is destroyed after the unlock.
class Graveyard
{
public:
    // Takes the image out of `image`. Never throws: if even this small buffer cannot grow, the image
    // is released on the spot -- slower, but the cache stays consistent.
    void bury(QImage &image) noexcept
    {
        try {
            m_images.append(std::move(image));
        } catch (...) {
            noteFallback(Fallback::ImageReleasedUnderLock);
        }
        image = QImage();
    }

private:
    // Most operations evict a handful of entries at most.
    static constexpr qsizetype InlineCapacity = 4;
    QVarLengthArray<QImage, InlineCapacity> m_images;
};

} // namespace CacheScope::Internal
