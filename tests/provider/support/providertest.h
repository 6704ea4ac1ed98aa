// Copyright (C) 2026 The CacheScope authors.
// Helpers for the provider tests: instrumented loaders, a provider that tracks every response it
// hands to Qt Quick, and waiting for responses.
#pragma once

#include "testfixtures.h"

#include <CacheScope/imageprovider.h>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qhash.h>
#include <QtCore/qmutex.h>
#include <QtCore/qpointer.h>
#include <QtCore/qsemaphore.h>
#include <QtCore/qthread.h>
#include <QtGui/qcolor.h>
#include <QtQuick/qquickimageprovider.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

namespace ProviderTest {

using CacheScope::ImageCache;
using CacheScope::ImageLoader;
using CacheScope::ImageProvider;
using CacheScope::LoadResult;

// Generous: a loaded machine with 2 cores and other builds running must still pass.
inline constexpr int LongWaitMs = 30000;

// Where the build puts the CacheScope QML module (set by tests/provider/CMakeLists.txt).
inline QString qmlImportDir()
{
    return QStringLiteral(CACHESCOPE_QML_IMPORT_DIR);
}

// A loader that counts and records its calls. Optionally sleeps (slow loads) or waits on a gate
// (loads held open until the test releases them). Thread-safe. The loader function shares its
// state, so it stays valid even if a (failing) test destroys this object while loads still run;
// destroying it opens the gate.
class CountingLoader
{
    struct State;

public:
    struct Call
    {
        QString id;
        QSize requestedSize;
        QThread *thread;
    };

    CountingLoader()
        : delay(d->delay), gated(d->gated), defaultSize(d->defaultSize), failWith(d->failWith),
          returnNull(d->returnNull), format(d->format)
    {
    }
    CountingLoader(const CountingLoader &) = delete;
    CountingLoader &operator=(const CountingLoader &) = delete;
    ~CountingLoader() { openGate(); }

private:
    std::shared_ptr<State> d = std::make_shared<State>();

public:
    // Settings: set them before the loads they should affect start.
    std::chrono::milliseconds &delay;
    std::atomic<bool> &gated;       // each call waits for one release()
    QSize &defaultSize;             // size of the generated image when no size was requested
    QString &failWith;              // non-empty: every call fails with this message
    bool &returnNull;               // return an empty image without an error
    QImage::Format &format;         // of the generated image; deliberately not a scene graph format

    ImageLoader loader()
    {
        return [state = d](const QString &id, const QSize &requested) { return state->load(id, requested); };
    }

    int calls() const { return d->calls.load(); }
    int calls(const QString &id) const
    {
        QMutexLocker lock(&d->mutex);
        return int(std::count_if(d->log.cbegin(), d->log.cend(), [&](const Call &c) { return c.id == id; }));
    }
    QList<Call> log() const
    {
        QMutexLocker lock(&d->mutex);
        return d->log;
    }
    int maxConcurrent() const { return d->maxConcurrent.load(); }
    int running() const { return d->running.load(); }
    void release(int n = 1) { d->gate.release(n); }
    // Lets every present and future gated call through.
    void openGate()
    {
        d->gated = false;
        d->gate.release(100000);
    }
    QSize sizeFor(const QSize &requested) const { return d->sizeFor(requested); }

private:
    struct State
    {
        std::chrono::milliseconds delay{0};
        std::atomic<bool> gated{false};
        QSize defaultSize{64, 48};
        QString failWith;
        bool returnNull = false;
        QImage::Format format = QImage::Format_RGB888;

        QMutex mutex;
        QList<Call> log;
        std::atomic<int> calls{0};
        std::atomic<int> running{0};
        std::atomic<int> maxConcurrent{0};
        QSemaphore gate;

        // The image a call for `requested` produces: the default size, or fitted to `requested`.
        QSize sizeFor(const QSize &requested) const
        {
            QSize size = defaultSize;
            if (requested.width() > 0 && requested.height() > 0)
                size = requested;
            else if (requested.width() > 0)
                size = QSize(requested.width(), defaultSize.height() * requested.width() / defaultSize.width());
            else if (requested.height() > 0)
                size = QSize(defaultSize.width() * requested.height() / defaultSize.height(), requested.height());
            return size;
        }

        LoadResult load(const QString &id, const QSize &requested)
        {
            const int now = ++running;
            int seen = maxConcurrent.load();
            while (now > seen && !maxConcurrent.compare_exchange_weak(seen, now)) { }
            {
                QMutexLocker lock(&mutex);
                log.append({id, requested, QThread::currentThread()});
            }
            ++calls;
            if (gated)
                gate.tryAcquire(1, LongWaitMs * 2);
            if (delay.count() > 0)
                std::this_thread::sleep_for(delay);
            --running;
            if (!failWith.isEmpty())
                return LoadResult::failure(failWith + QStringLiteral(" (id %1)").arg(id));
            if (returnNull)
                return {};
            QImage image(sizeFor(requested), format);
            image.fill(QColor::fromHsv(int(qHash(id) % 360), 200, 220));
            return {image, {}};
        }
    };
};

// The real provider, plus bookkeeping of every response it hands out: how often each one emitted
// finished() and whether it was destroyed. Lets a test prove, through the real engine, that every
// response finishes exactly once (also when cancelled) and is then deleted.
class TrackingProvider : public ImageProvider
{
public:
    using ImageProvider::ImageProvider;

    QQuickImageResponse *requestImageResponse(const QString &id, const QSize &requestedSize) override
    {
        QQuickImageResponse *response = ImageProvider::requestImageResponse(id, requestedSize);
        auto state = m_state; // the lambdas below may run after this provider is gone
        {
            QMutexLocker lock(&state->mutex);
            ++state->created;
            state->finishedCount.insert(response, 0);
            state->threads.insert(QThread::currentThread());
        }
        QObject::connect(response, &QQuickImageResponse::finished, response, [state, response] {
            QMutexLocker lock(&state->mutex);
            ++state->finishedCount[response];
            if (response->thread() != QThread::currentThread())
                ++state->finishedOnForeignThread;
        }, Qt::DirectConnection);
        QObject::connect(response, &QObject::destroyed, response, [state, response] {
            QMutexLocker lock(&state->mutex);
            ++state->destroyed;
            if (state->finishedCount.value(response) != 1)
                ++state->destroyedWithoutSingleFinish;
            state->finishedCount.remove(response);
        }, Qt::DirectConnection);
        return response;
    }

    int created() const { QMutexLocker l(&m_state->mutex); return m_state->created; }
    int destroyed() const { QMutexLocker l(&m_state->mutex); return m_state->destroyed; }
    int liveResponses() const { QMutexLocker l(&m_state->mutex); return int(m_state->finishedCount.size()); }
    // Responses that emitted finished() more than once (alive or already destroyed).
    int finishedTwice() const
    {
        QMutexLocker l(&m_state->mutex);
        int n = 0;
        for (int c : std::as_const(m_state->finishedCount))
            n += c > 1;
        return n + m_state->destroyedWithoutSingleFinish;
    }
    int destroyedWithoutSingleFinish() const { QMutexLocker l(&m_state->mutex); return m_state->destroyedWithoutSingleFinish; }
    int finishedOnForeignThread() const { QMutexLocker l(&m_state->mutex); return m_state->finishedOnForeignThread; }
    QSet<QThread *> requestThreads() const { QMutexLocker l(&m_state->mutex); return m_state->threads; }

private:
    struct State
    {
        QMutex mutex;
        int created = 0;
        int destroyed = 0;
        int destroyedWithoutSingleFinish = 0;
        int finishedOnForeignThread = 0;
        QHash<QObject *, int> finishedCount;
        QSet<QThread *> threads;
    };
    std::shared_ptr<State> m_state = std::make_shared<State>();
};

// Waits until `response` emitted finished() (spy must have been made right after creation).
inline bool waitFinished(QSignalSpy &spy, int timeoutMs = LongWaitMs)
{
    if (spy.count() > 0)
        return true;
    return spy.wait(timeoutMs);
}

// One request made through the public API, with a spy attached right away.
struct Request
{
    std::unique_ptr<QQuickImageResponse> response;
    std::unique_ptr<QSignalSpy> finished;

    bool wait(int timeoutMs = LongWaitMs) { return waitFinished(*finished, timeoutMs); }
};

inline Request request(ImageProvider &provider, const QString &id, const QSize &size = QSize())
{
    Request r;
    r.response.reset(provider.requestImageResponse(id, size));
    r.finished = std::make_unique<QSignalSpy>(r.response.get(), &QQuickImageResponse::finished);
    return r;
}

// Lets queued calls (late, duplicate finished() emissions) arrive.
inline void settle(int ms = 50)
{
    QCoreApplication::processEvents();
    QTest::qWait(ms);
    QCoreApplication::processEvents();
}

// The image a successful response delivers (null on error / no factory).
inline QImage responseImage(QQuickImageResponse *response)
{
    std::unique_ptr<QQuickTextureFactory> factory(response->textureFactory());
    return factory ? factory->image() : QImage();
}

inline bool isSceneGraphFormat(QImage::Format f)
{
    return f == QImage::Format_RGB32 || f == QImage::Format_ARGB32_Premultiplied;
}

} // namespace ProviderTest
