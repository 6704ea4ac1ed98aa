// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "loadjob.h"

#include <QtQuick/qquickimageprovider.h>

#include <atomic>
#include <memory>
#include <mutex>

namespace CacheScope::Internal {

// One Image's request. Follows QQuickImageResponse's rules (QT_NOTES §5.3): finished() is emitted
// exactly once, only when the result is there or the request was cancelled, and always from the
// thread the response lives in. It never touches the provider, so it may outlive it.
class ImageResponse : public QQuickImageResponse
{
    Q_OBJECT
public:
    void succeed(const QImage &image); // a cache hit: done at once
    void fail(const QString &error);   // refused before any work
    void waitFor(std::shared_ptr<LoadJob> job);

    QQuickTextureFactory *textureFactory() const override;
    QString errorString() const override;
    void cancel() override;

private:
    void takeJobResult();
    void finishOnce();

    mutable std::mutex m_mutex;
    QImage m_image;
    QString m_error;
    std::shared_ptr<LoadJob> m_job;
    std::atomic<bool> m_finished{false};
};

} // namespace CacheScope::Internal
