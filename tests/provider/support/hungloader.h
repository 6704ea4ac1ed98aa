// Copyright (C) 2026 The CacheScope authors.
// A loader for the provider tests whose calls block until the test opens its gate -- or, if it
// polls its token, until the provider cancels them.
#pragma once

#include "providertest.h"

#include <condition_variable>
#include <mutex>

namespace ProviderTest {

using CacheScope::CancellableImageLoader;
using CacheScope::CancellationToken;

// Shared state: it outlives the provider, as a real loader's captures must.
struct HungLoader
{
    struct State
    {
        std::mutex mutex;
        std::condition_variable changed;
        bool open = false;
        int started = 0;
        int running = 0;
        int maxRunning = 0;
        int returned = 0;
        int sawCancelled = 0;
    };
    std::shared_ptr<State> state = std::make_shared<State>();
    bool pollsToken = false;

    CancellableImageLoader loader() const
    {
        return [state = state, polls = pollsToken](const QString &, const QSize &,
                                                   const CancellationToken &token) {
            std::unique_lock lock(state->mutex);
            ++state->started;
            state->maxRunning = std::max(state->maxRunning, ++state->running);
            state->changed.notify_all();
            while (!state->open && !(polls && token.isCancelled()))
                state->changed.wait_for(lock, std::chrono::milliseconds(5));
            --state->running;
            ++state->returned;
            state->sawCancelled += token.isCancelled();
            state->changed.notify_all();
            if (!state->open)
                return LoadResult::failure(QStringLiteral("stopped: cancelled"));
            QImage image(8, 8, QImage::Format_RGB32);
            image.fill(Qt::green);
            return LoadResult{image, {}};
        };
    }
    void open() const
    {
        std::scoped_lock lock(state->mutex);
        state->open = true;
        state->changed.notify_all();
    }
    // Waits until `predicate(state)` holds.
    template <typename Predicate>
    bool waitUntil(Predicate predicate, int timeoutMs = LongWaitMs) const
    {
        std::unique_lock lock(state->mutex);
        return state->changed.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                                       [&] { return predicate(*state); });
    }
    int get(int State::*field) const
    {
        std::scoped_lock lock(state->mutex);
        return (*state).*field;
    }
};

} // namespace ProviderTest
