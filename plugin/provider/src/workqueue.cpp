// Copyright (C) 2026 The CacheScope authors.
#include "workqueue.h"

#include "logging.h"

#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <pthread.h>

namespace CacheScope::Internal {

struct WorkQueue::State
{
    QByteArray name;
    mutable std::mutex mutex;
    std::condition_variable wake; // a task arrived, or stopping
    mutable std::condition_variable idle; // a task finished, or a thread ended
    std::vector<Task> queue; // the back is the newest
    std::vector<std::thread> threads;
    int maxThreads = 1;
    int liveThreads = 0;
    int idleThreads = 0;
    int running = 0;
    bool stopping = false;
};

WorkQueue::WorkQueue(QByteArray threadName, int maxThreads) : d(std::make_shared<State>())
{
    d->name = std::move(threadName);
    setMaxThreads(maxThreads);
}

WorkQueue::~WorkQueue()
{
    shutdown(Running::Wait);
}

void WorkQueue::setMaxThreads(int count)
{
    std::scoped_lock lock(d->mutex);
    d->maxThreads = std::max(count, 1);
}

int WorkQueue::maxThreads() const
{
    std::scoped_lock lock(d->mutex);
    return d->maxThreads;
}

bool WorkQueue::post(Task task)
{
    std::unique_lock lock(d->mutex);
    if (!d->stopping) {
        d->queue.push_back(std::move(task));
        if (d->idleThreads > 0) {
            d->wake.notify_one();
            return true;
        }
        if (d->liveThreads < d->maxThreads) {
            try {
                d->threads.emplace_back([state = d] { work(state); });
                ++d->liveThreads;
                return true;
            } catch (const std::exception &error) {
                qCWarning(lcProvider) << "Cannot start a" << d->name << "thread:" << error.what();
            }
        }
        if (d->liveThreads > 0)
            return true; // a busy thread takes it next
        task = std::move(d->queue.back()); // nobody could ever run it
        d->queue.pop_back();
    }
    lock.unlock();
    if (task.drop)
        task.drop();
    return false;
}

void WorkQueue::waitForIdle() const
{
    std::unique_lock lock(d->mutex);
    d->idle.wait(lock, [this] { return d->queue.empty() && d->running == 0; });
}

void WorkQueue::shutdown(Running running)
{
    std::vector<Task> dropped;
    std::vector<std::thread> threads;
    {
        std::scoped_lock lock(d->mutex);
        d->stopping = true;
        dropped.swap(d->queue);
        threads.swap(d->threads);
    }
    d->wake.notify_all();
    for (Task &task : dropped) {
        if (task.drop)
            task.drop();
    }
    dropped.clear();
    const std::thread::id self = std::this_thread::get_id();
    for (std::thread &thread : threads) {
        if (running == Running::Wait && thread.get_id() != self)
            thread.join();
        else
            thread.detach(); // holds its own reference to the state
    }
}

void WorkQueue::work(const std::shared_ptr<State> &state)
{
    // Shows in debuggers and `top -H`; the kernel keeps 15 characters.
    static constexpr int MaxThreadNameLength = 15;
    pthread_setname_np(pthread_self(), state->name.left(MaxThreadNameLength).constData());

    std::unique_lock lock(state->mutex);
    for (;;) {
        while (!state->stopping && state->queue.empty()) {
            ++state->idleThreads;
            state->wake.wait(lock);
            --state->idleThreads;
        }
        if (state->stopping || state->liveThreads > state->maxThreads)
            break;
        Task task = std::move(state->queue.back());
        state->queue.pop_back();
        ++state->running;
        lock.unlock();
        try {
            task.run();
        } catch (const std::exception &error) {
            qCWarning(lcProvider) << state->name << "task threw:" << error.what();
        } catch (...) {
            qCWarning(lcProvider) << state->name << "task threw an unknown exception";
        }
        task = {}; // releases what it captured before the lock is taken again
        lock.lock();
        --state->running;
        state->idle.notify_all();
    }
    --state->liveThreads;
    state->idle.notify_all();
}

} // namespace CacheScope::Internal
