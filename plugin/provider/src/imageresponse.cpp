// Copyright (C) 2026 The CacheScope authors.
#include "imageresponse.h"

namespace CacheScope::Internal {

void ImageResponse::succeed(const QImage &image)
{
    {
        std::scoped_lock lock(m_mutex);
        m_image = image;
    }
    // Queued: the engine connects to finished() after requestImageResponse() returns.
    QMetaObject::invokeMethod(this, &ImageResponse::finishOnce, Qt::QueuedConnection);
}

void ImageResponse::fail(const QString &error)
{
    {
        std::scoped_lock lock(m_mutex);
        m_error = error;
    }
    QMetaObject::invokeMethod(this, &ImageResponse::finishOnce, Qt::QueuedConnection);
}

void ImageResponse::waitFor(std::shared_ptr<LoadJob> job)
{
    LoadJob *raw = job.get();
    {
        std::scoped_lock lock(m_mutex);
        m_job = std::move(job);
    }
    raw->whenDone(this, &ImageResponse::takeJobResult);
}

void ImageResponse::takeJobResult()
{
    {
        std::scoped_lock lock(m_mutex);
        if (!m_job)
            return;
        const LoadResult result = m_job->result();
        m_image = result.image;
        m_error = result.error;
        m_job.reset();
    }
    finishOnce();
}

void ImageResponse::cancel()
{
    std::shared_ptr<LoadJob> job;
    {
        std::scoped_lock lock(m_mutex);
        job = std::exchange(m_job, nullptr);
    }
    if (job) {
        job->disconnect(this);
        job->releaseWaiter();
    }
    // A cancelled response must still finish, or the engine never deletes it.
    finishOnce();
}

void ImageResponse::finishOnce()
{
    if (!m_finished.exchange(true))
        Q_EMIT finished();
}

QQuickTextureFactory *ImageResponse::textureFactory() const
{
    std::scoped_lock lock(m_mutex);
    // The factory keeps a shallow copy, so the scene graph uses the cache's pixels.
    return m_image.isNull() ? nullptr : QQuickTextureFactory::textureFactoryForImage(m_image);
}

QString ImageResponse::errorString() const
{
    std::scoped_lock lock(m_mutex);
    return m_error;
}

} // namespace CacheScope::Internal
