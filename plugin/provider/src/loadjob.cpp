// Copyright (C) 2026 The CacheScope authors.
#include "loadjob.h"

namespace CacheScope::Internal {

void LoadJob::finish(LoadResult result)
{
    {
        std::scoped_lock lock(m_mutex);
        m_result = std::move(result);
        m_done = true;
    }
    // Everyone who connected under the mutex before m_done was set hears this; later arrivals
    // were answered by whenDone() itself.
    Q_EMIT finished();
}

LoadResult LoadJob::result() const
{
    std::scoped_lock lock(m_mutex);
    return m_result;
}

} // namespace CacheScope::Internal
