// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "loadjob.h"

#include <CacheScope/networksettings.h>

#include <QtCore/qurl.h>

#include <functional>
#include <memory>
#include <mutex>

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace CacheScope::Internal {

class NetworkWorker;

// Fetches `http:`/`https:` images on a thread of its own (never the GUI thread), through
// QNetworkAccessManager with a QNetworkDiskCache as the persistent second tier.
//
// Freshness is decided here, not by Qt: Qt 6.4 serves an entry with `max-age=0` from disk
// without asking the server. A fresh entry (an expiration date still ahead, no `no-cache`) is a
// disk hit with no request; a stale one is revalidated with If-None-Match / If-Modified-Since and
// comes from disk after a 304; anything else is downloaded (and kept on disk unless `no-store`).
// Redirects are followed only within the allowed hosts and never from https to http; bodies are
// capped; every transfer ends within the timeout; a cancelled load aborts its transfer.
class NetworkFetcher
{
public:
    enum class Tier { Disk, Revalidated, Network };
    struct Result
    {
        QByteArray body;
        Tier tier = Tier::Network;
        QString error; // non-empty: failed
    };
    // Runs exactly once per fetch(), on the network thread (or the caller's, after shutdown()).
    using Done = std::function<void(Result)>;

    NetworkFetcher();
    ~NetworkFetcher(); // shutdown()
    NetworkFetcher(const NetworkFetcher &) = delete;
    NetworkFetcher &operator=(const NetworkFetcher &) = delete;

    void setSettings(const NetworkSettings &settings);
    NetworkSettings settings() const;
    // Why `url` may not be fetched (network off, host not allowed, not http(s)), or empty.
    static QString refusal(const QUrl &url, const NetworkSettings &settings);

    // Fetches `url` for `job`: cancelling the job aborts the transfer.
    void fetch(const QUrl &url, const std::shared_ptr<LoadJob> &job, Done done);
    // Drops the disk tier's copy of `url` / of every URL starting with `prefix`, on the network
    // thread and without waiting (a prefix walks the whole disk folder). The thread runs its
    // work in order, so any fetch() made after this call finds the copies gone.
    void removeFromDisk(const QUrl &url);
    void removeFromDiskWithPrefix(const QString &prefix);
    NetworkStats stats() const;
    // Aborts every transfer (their Done runs with an error) and stops the thread. Idempotent.
    void shutdown();

private:
    // Runs `call` on the network thread and waits for it; false after shutdown.
    bool callBlocking(const std::function<void(NetworkWorker &)> &call);
    // Queues `call` for the network thread; false (and `call` dropped) after shutdown.
    bool post(std::function<void(NetworkWorker &)> call);

    std::mutex m_blockingMutex; // serialises blocking calls into the worker with shutdown()
    mutable std::mutex m_mutex; // guards m_settings
    NetworkSettings m_settings;
    // The worker lives on m_thread and is deleted there at shutdown.
    const std::shared_ptr<struct WorkerLink> m_link;
    std::unique_ptr<QThread> m_thread;
    std::shared_ptr<struct NetworkCounters> m_counters;
};

} // namespace CacheScope::Internal
