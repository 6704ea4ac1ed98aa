// Copyright (C) 2026 The CacheScope authors.
// The implementations every benchmark compares, behind one small interface:
//
//   bool find(const QString &key, QImage *image);   // hit: copy into *image (if non-null)
//   bool insert(const QString &key, const QImage &image);
//
//   Ours  CacheScope::ImageCache (the default policy unless one is given).
//   B1    QCache<QString, QImage> behind a QMutex: what an app writes today. A hit copies the QImage
//         under the lock; QCache deletes evicted images itself, so they are freed under the lock.
//   B2    std::list + std::unordered_map LRU under one std::mutex, cost-aware: the textbook cache.
//   F     The floor: an unsynchronised QHash lookup plus the QImage copy, nothing else. Safe only
//         for concurrent reads of a hash nobody writes.
//
// All of them use QPixmapCache's cost (KiB) and the same limit semantics as ImageCache: an image
// costlier than the limit is rejected, and the old entry under that key is gone.
#pragma once

#include <CacheScope/imagecache.h>

#include <QtCore/qcache.h>
#include <QtCore/qhash.h>
#include <QtCore/qmutex.h>
#include <QtCore/qstring.h>
#include <QtGui/qimage.h>

#include <algorithm>
#include <chrono>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace Bench {

// QPixmapCache's cost, written out independently of the core: width*height*depth/8/1024, >= 1.
inline qint64 costKb(const QImage &image)
{
    return std::max<qint64>(1, qint64(image.width()) * image.height() * image.depth() / 8 / 1024);
}

class Ours
{
public:
    static constexpr const char *Name = "ours";

    explicit Ours(qint64 limitKb,
                  CacheScope::EvictionPolicy policy = CacheScope::ImageCache::DefaultEvictionPolicy)
        : m_cache(int(limitKb), policy)
    {
        // The flush timer's idle decay would evict entries from a pre-filled cache in the middle of
        // a long run (after 30 s without inserts a tick cuts it to 3/4); keep it out of the numbers.
        m_cache.setFlushIntervals(std::chrono::hours(24), std::chrono::hours(24));
    }

    bool find(const QString &key, QImage *image) { return m_cache.find(key, image); }
    bool insert(const QString &key, const QImage &image) { return m_cache.insert(key, image); }

    CacheScope::ImageCache &cache() { return m_cache; }

private:
    CacheScope::ImageCache m_cache;
};

class QCacheMutex // B1
{
public:
    static constexpr const char *Name = "B1";

    explicit QCacheMutex(qint64 limitKb) { m_cache.setMaxCost(limitKb); }

    bool find(const QString &key, QImage *image)
    {
        QMutexLocker lock(&m_mutex);
        const QImage *found = m_cache.object(key); // also moves the entry to the front
        if (!found)
            return false;
        if (image)
            *image = *found;
        return true;
    }

    bool insert(const QString &key, const QImage &image)
    {
        // QCache owns its objects. Allocate outside the lock, as a careful app would.
        auto copy = std::make_unique<QImage>(image);
        const qint64 cost = costKb(image);
        QMutexLocker lock(&m_mutex);
        return m_cache.insert(key, copy.release(), cost); // deletes the image if rejected
    }

private:
    QMutex m_mutex;
    QCache<QString, QImage> m_cache;
};

class StdLru // B2
{
public:
    static constexpr const char *Name = "B2";

    explicit StdLru(qint64 limitKb) : m_limit(limitKb) { }

    bool find(const QString &key, QImage *image)
    {
        std::scoped_lock lock(m_mutex);
        const auto it = m_index.find(key);
        if (it == m_index.end())
            return false;
        m_lru.splice(m_lru.begin(), m_lru, it->second); // most recent at the front
        if (image)
            *image = it->second->image;
        return true;
    }

    bool insert(const QString &key, const QImage &image)
    {
        const qint64 cost = costKb(image);
        std::scoped_lock lock(m_mutex);
        if (const auto it = m_index.find(key); it != m_index.end()) {
            m_total -= it->second->cost;
            m_lru.erase(it->second);
            m_index.erase(it);
        }
        if (cost > m_limit)
            return false;
        while (!m_lru.empty() && m_total + cost > m_limit) {
            m_total -= m_lru.back().cost;
            m_index.erase(m_lru.back().key);
            m_lru.pop_back();
        }
        m_lru.push_front(Entry{key, image, cost});
        m_index.emplace(key, m_lru.begin());
        m_total += cost;
        return true;
    }

private:
    struct Entry
    {
        QString key;
        QImage image;
        qint64 cost;
    };
    using List = std::list<Entry>;

    std::mutex m_mutex;
    List m_lru;
    std::unordered_map<QString, List::iterator> m_index; // std::hash<QString>, as Qt defines it
    qint64 m_total = 0;
    const qint64 m_limit;
};

class Floor // F
{
public:
    static constexpr const char *Name = "F";

    explicit Floor(qint64 /*limitKb: F never evicts*/) { }

    bool find(const QString &key, QImage *image)
    {
        const auto it = m_hash.constFind(key);
        if (it == m_hash.cend())
            return false;
        if (image)
            *image = *it;
        return true;
    }

    bool insert(const QString &key, const QImage &image)
    {
        m_hash.insert(key, image);
        return true;
    }

private:
    QHash<QString, QImage> m_hash;
};

} // namespace Bench
