// Copyright (C) 2026 The CacheScope authors.
#include "thumbnailprovider.h"

#include <QtCore/qhash.h>
#include <QtCore/qrandom.h>

#include <array>
#include <mutex>

namespace CacheScope {

namespace {

struct Target
{
    int registration = 0;
    quint64 entryId = 0;
};

struct Registration
{
    ImageCache *cache = nullptr;
    QHash<quint64, QString> tokens; // entry id -> token
    QHash<quint64, int> peeking;    // entry id -> thumbnails being made from its image now
    QSet<quint64> touched;          // entries peeked since the last takeTouchedEntries()
};

struct Registry
{
    std::mutex mutex;
    QHash<int, Registration> registrations;
    QHash<QString, Target> targets; // token -> entry
    int nextRegistration = 1;
};

Registry &registry()
{
    static Registry instance;
    return instance;
}

// From the system's CSPRNG: a token must not be predictable from the ones a page has seen.
QString newToken()
{
    std::array<quint32, ThumbnailProvider::TokenBytes / sizeof(quint32)> words;
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    return QString::fromLatin1(
            QByteArray(reinterpret_cast<const char *>(words.data()), ThumbnailProvider::TokenBytes)
                    .toHex());
}

int clampedSide(int requested)
{
    return requested > 0 ? std::min(requested, ThumbnailProvider::MaxThumbnailSide)
                         : ThumbnailProvider::DefaultThumbnailSide;
}

} // namespace

ThumbnailProvider::ThumbnailProvider()
    : QQuickImageProvider(QQuickImageProvider::Image, ForceAsynchronousImageLoading)
{
}

int ThumbnailProvider::registerCache(ImageCache *cache)
{
    Registry &r = registry();
    std::scoped_lock lock(r.mutex);
    const int registration = r.nextRegistration++;
    r.registrations.insert(registration, Registration{cache, {}});
    return registration;
}

void ThumbnailProvider::unregisterCache(int registration)
{
    Registry &r = registry();
    std::scoped_lock lock(r.mutex);
    const auto it = r.registrations.constFind(registration);
    if (it == r.registrations.constEnd())
        return;
    for (const QString &token : it->tokens)
        r.targets.remove(token);
    r.registrations.erase(it);
}

QString ThumbnailProvider::thumbnailUrl(int registration, quint64 entryId)
{
    Registry &r = registry();
    std::scoped_lock lock(r.mutex);
    const auto it = r.registrations.find(registration);
    if (it == r.registrations.end())
        return {};
    QString &token = it->tokens[entryId];
    if (token.isEmpty()) {
        do {
            token = newToken();
        } while (r.targets.contains(token)); // 2^-128 a time, but a clash would show another entry
        r.targets.insert(token, Target{registration, entryId});
    }
    return QStringLiteral("image://%1/%2").arg(ProviderId, token);
}

void ThumbnailProvider::retainEntries(int registration, const QSet<quint64> &live)
{
    Registry &r = registry();
    std::scoped_lock lock(r.mutex);
    const auto it = r.registrations.find(registration);
    if (it == r.registrations.end())
        return;
    for (auto token = it->tokens.begin(); token != it->tokens.end();) {
        if (live.contains(token.key())) {
            ++token;
        } else {
            r.targets.remove(*token);
            token = it->tokens.erase(token);
        }
    }
}

QSet<quint64> ThumbnailProvider::takeTouchedEntries(int registration)
{
    Registry &r = registry();
    std::scoped_lock lock(r.mutex);
    const auto it = r.registrations.find(registration);
    if (it == r.registrations.end())
        return {};
    QSet<quint64> touched = std::exchange(it->touched, {});
    for (auto peek = it->peeking.cbegin(); peek != it->peeking.cend(); ++peek) {
        touched.insert(peek.key());
        it->touched.insert(peek.key()); // still held: touched in the next interval too
    }
    return touched;
}

QSize ThumbnailProvider::thumbnailBox(const QSize &requestedSize)
{
    return QSize(clampedSide(requestedSize.width()), clampedSide(requestedSize.height()));
}

QImage ThumbnailProvider::requestImage(const QString &id, QSize *size, const QSize &requestedSize)
{
    Target peeked;
    QImage original;
    {
        // Held while peeking so the cache cannot be unregistered and destroyed meanwhile; and the
        // peek is counted before the copy exists, so no reading of the entries can miss it.
        Registry &r = registry();
        std::scoped_lock lock(r.mutex);
        const auto target = r.targets.constFind(id);
        if (target != r.targets.constEnd()) {
            const auto registration = r.registrations.find(target->registration);
            if (registration != r.registrations.end() && registration->cache) {
                ++registration->peeking[target->entryId];
                registration->touched.insert(target->entryId);
                peeked = *target;
                original = registration->cache->peek(target->entryId);
            }
        }
    }
    const QImage thumbnail = thumbnailOf(std::move(original), requestedSize, size);
    if (peeked.registration != 0) {
        // The copy is gone (thumbnailOf() took it): the entry is no longer held by us.
        Registry &r = registry();
        std::scoped_lock lock(r.mutex);
        const auto registration = r.registrations.find(peeked.registration);
        if (registration != r.registrations.end()) {
            const auto peeking = registration->peeking.find(peeked.entryId);
            if (peeking != registration->peeking.end() && --*peeking <= 0)
                registration->peeking.erase(peeking);
        }
    }
    return thumbnail;
}

QImage ThumbnailProvider::thumbnailOf(QImage original, const QSize &requestedSize, QSize *size)
{
    const QSize box = thumbnailBox(requestedSize);
    if (original.isNull()) {
        // Evicted since the view asked (or never handed out): an empty tile, not an error (Qt
        // would log one).
        QImage gone(box, QImage::Format_ARGB32_Premultiplied);
        gone.fill(Qt::transparent);
        if (size)
            *size = box;
        return gone;
    }
    if (size)
        *size = original.size();
    // Never the cached pixels themselves (a shared copy would mark the entry "in use"): scaled()
    // makes new pixels, and copy() does where no scaling is needed.
    if (original.width() <= box.width() && original.height() <= box.height())
        return original.copy();
    // At least a pixel per side: a 10000x1 strip still shows, and scaled() to 0 would be null.
    const QSize fitted = original.size().scaled(box, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
    return original.scaled(fitted, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

} // namespace CacheScope
