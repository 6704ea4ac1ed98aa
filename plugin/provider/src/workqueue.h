// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qbytearray.h>

#include <functional>
#include <memory>

namespace CacheScope::Internal {

// Worker threads that run posted tasks, newest first (as Qt Quick's reader does: while scrolling,
// what is on screen now matters most). Built on std::thread, std::mutex and
// std::condition_variable rather than QThreadPool, for two reasons: ThreadSanitizer sees every
// hand-over (QThreadPool's queue is locked inside uninstrumented Qt, which hides real races behind
// false ones), and a queue can be shut down without waiting for tasks that may never return
// (an app's hung loader): their threads are detached and end when the task does.
class WorkQueue
{
public:
    struct Task
    {
        std::function<void()> run;
        // Runs instead of `run` if the queue is shut down before the task started (may be empty).
        std::function<void()> drop;
    };
    enum class Running { Wait, Detach };

    WorkQueue(QByteArray threadName, int maxThreads);
    ~WorkQueue(); // shutdown(Running::Wait), unless shut down already
    WorkQueue(const WorkQueue &) = delete;
    WorkQueue &operator=(const WorkQueue &) = delete;

    // At least 1. Threads are started as tasks arrive and kept until shutdown.
    void setMaxThreads(int count);
    int maxThreads() const;

    // Queues the task. After shutdown it is dropped at once (drop() runs here) and false returned.
    bool post(Task task);
    // Blocks until nothing is queued or running.
    void waitForIdle() const;
    // Drops every queued task (their drop() runs here) and stops the threads: Wait joins them after
    // their current task, Detach lets them finish it on their own. Called from one of this queue's
    // own tasks, that thread is detached either way.
    void shutdown(Running running);

private:
    struct State;
    static void work(const std::shared_ptr<State> &state);
    std::shared_ptr<State> d;
};

} // namespace CacheScope::Internal
