// Copyright (C) 2026 The CacheScope authors.
#include "networkfetcher.h"

#include "quotedid.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qdiriterator.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qhash.h>
#include <QtCore/qset.h>
#include <QtCore/qstandardpaths.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkdiskcache.h>
#include <QtNetwork/qnetworkreply.h>

#include <atomic>
#include <deque>
#include <future>

namespace CacheScope::Internal {

// The worker, as long as it runs, and the work handed to it: shared with cancel callbacks, which
// may outlive the fetcher. Work goes through this std::mutex-guarded queue rather than inside Qt's
// queued calls, so the hand-over is one ThreadSanitizer (and the reader) can see; Qt only carries
// a data-free wake-up (drain()).
struct WorkerLink
{
    using Task = std::function<void(NetworkWorker &)>;
    std::mutex mutex;
    NetworkWorker *worker = nullptr; // null once shut down
    std::deque<Task> tasks;

    // Queues `task` for `target` (the worker, or the one being shut down). Call with `mutex` held.
    void post(NetworkWorker *target, Task task);
};

struct NetworkCounters
{
    std::atomic<quint64> diskHits{0};
    std::atomic<quint64> revalidations{0};
    std::atomic<quint64> fetches{0};
    std::atomic<quint64> bytesDownloaded{0};
    std::atomic<quint64> errors{0};
};

namespace {

const QString AnyHost = QStringLiteral("*");

QString defaultDiskCacheDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation)
            + QStringLiteral("/cachescope-network");
}

QByteArray rawHeader(const QNetworkCacheMetaData &meta, const QByteArray &name)
{
    for (const auto &[key, value] : meta.rawHeaders()) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

// Fresh: an expiration date (from max-age or Expires) still ahead, and nothing that demands asking
// the server first. No date at all means "ask" rather than Qt's heuristic guess.
bool isFresh(const QNetworkCacheMetaData &meta)
{
    const QByteArray control = rawHeader(meta, "Cache-Control").toLower();
    if (control.contains("no-cache") || control.contains("no-store"))
        return false;
    const QDateTime expires = meta.expirationDate();
    return expires.isValid() && QDateTime::currentDateTimeUtc() < expires;
}

bool hostAllowed(const QString &host, const QStringList &allowed)
{
    return allowed.contains(AnyHost) || allowed.contains(host, Qt::CaseInsensitive);
}

} // namespace

// The network thread's side: owns the access manager, the disk cache and the transfers.
class NetworkWorker : public QObject
{
    Q_OBJECT
public:
    NetworkWorker(std::shared_ptr<NetworkCounters> counters, std::shared_ptr<WorkerLink> link)
        : m_counters(std::move(counters)), m_link(std::move(link))
    {
    }

    // Runs what WorkerLink::post() queued, in order.
    Q_INVOKABLE void drain()
    {
        for (;;) {
            WorkerLink::Task task;
            {
                std::scoped_lock lock(m_link->mutex);
                if (m_link->tasks.empty())
                    return;
                task = std::move(m_link->tasks.front());
                m_link->tasks.pop_front();
            }
            task(*this);
        }
    }

    void configure(const NetworkSettings &settings)
    {
        m_settings = settings;
        if (!m_manager)
            m_manager = new QNetworkAccessManager(this);
        if (settings.diskCacheBytes <= 0) {
            m_manager->setCache(nullptr);
            m_disk = nullptr;
            return;
        }
        const QString directory = settings.diskCacheDirectory.isEmpty()
                ? defaultDiskCacheDirectory()
                : settings.diskCacheDirectory;
        if (!m_disk || m_disk->cacheDirectory() != directory + QLatin1Char('/')) {
            m_disk = new QNetworkDiskCache; // owned by the manager
            m_disk->setCacheDirectory(directory);
            m_manager->setCache(m_disk);
        }
        m_disk->setMaximumCacheSize(settings.diskCacheBytes);
    }

    void start(quint64 id, const QUrl &url, NetworkFetcher::Done done)
    {
        if (!m_manager)
            configure(m_settings);
        Transfer &transfer = m_transfers[id];
        transfer.url = url;
        transfer.done = std::move(done);
        transfer.https = url.scheme() == QLatin1String("https");
        transfer.visited.insert(url);
        transfer.clock.start();

        QNetworkRequest request = makeRequest(url);
        if (m_disk) {
            const QNetworkCacheMetaData meta = m_disk->metaData(url);
            if (meta.isValid() && isFresh(meta)) {
                if (std::unique_ptr<QIODevice> data(m_disk->data(url)); data) {
                    Result result;
                    result.body = data->readAll();
                    result.tier = NetworkFetcher::Tier::Disk;
                    ++m_counters->diskHits;
                    end(id, std::move(result));
                    return;
                }
            }
            if (meta.isValid()) {
                if (const QByteArray etag = rawHeader(meta, "ETag"); !etag.isEmpty()) {
                    request.setRawHeader("If-None-Match", etag);
                    transfer.conditional = true;
                }
                if (const QByteArray modified = rawHeader(meta, "Last-Modified"); !modified.isEmpty()) {
                    request.setRawHeader("If-Modified-Since", modified);
                    transfer.conditional = true;
                }
            }
        }
        send(id, request);
    }

    // `failure`: false when nobody wants the image any more (not counted as an error).
    void abort(quint64 id, const QString &why, bool failure = true)
    {
        const auto it = m_transfers.find(id);
        if (it == m_transfers.end() || !it->reply || !it->abortReason.isEmpty())
            return;
        it->abortReason = why;
        it->abortIsFailure = failure;
        it->reply->abort(); // finished() follows, synchronously
    }

    void abortAll(const QString &why)
    {
        const QList<quint64> ids = m_transfers.keys();
        for (const quint64 id : ids)
            abort(id, why, /*failure=*/false);
        // Transfers that never got a reply (none today) end here too.
        const QList<quint64> left = m_transfers.keys();
        for (const quint64 id : left) {
            Result result;
            result.error = why;
            end(id, std::move(result));
        }
    }

    int removeFromDisk(const QUrl &url) { return m_disk && m_disk->remove(url) ? 1 : 0; }

    int removeFromDiskWithPrefix(const QString &prefix)
    {
        if (!m_disk)
            return 0;
        // QNetworkDiskCache cannot list its URLs; every cache file carries its metadata.
        QList<QUrl> urls;
        QDirIterator files(m_disk->cacheDirectory(), QDir::Files, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QUrl url = m_disk->fileMetaData(files.next()).url();
            if (url.toString(QUrl::FullyEncoded).startsWith(prefix))
                urls.append(url);
        }
        int removed = 0;
        for (const QUrl &url : std::as_const(urls))
            removed += m_disk->remove(url);
        return removed;
    }

private:
    using Result = NetworkFetcher::Result;
    struct Transfer
    {
        QUrl url;
        NetworkFetcher::Done done;
        QNetworkReply *reply = nullptr;
        QByteArray body;
        QString abortReason;
        bool abortIsFailure = true;
        QSet<QUrl> visited; // redirect targets, and the URL itself
        int redirects = 0;
        QElapsedTimer clock; // since the first request
        bool conditional = false;
        bool https = false;
    };

    QString name(quint64 id) const { return quotedId(m_transfers.value(id).url.toString()); }

    void checkLength(quint64 id)
    {
        const auto it = m_transfers.find(id);
        if (it == m_transfers.end() || !it->reply)
            return;
        const QVariant length = it->reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > m_settings.maxBodyBytes)
            abort(id, QStringLiteral("its body is %1 bytes, over the limit of %2")
                              .arg(length.toLongLong())
                              .arg(m_settings.maxBodyBytes));
    }

    void read(quint64 id)
    {
        const auto it = m_transfers.find(id);
        if (it == m_transfers.end() || !it->reply)
            return;
        it->body += it->reply->readAll();
        if (it->body.size() > m_settings.maxBodyBytes)
            abort(id, QStringLiteral("its body passed the limit of %1 bytes").arg(m_settings.maxBodyBytes));
    }

    QNetworkRequest makeRequest(const QUrl &url) const
    {
        QNetworkRequest request(url);
        // Qt's own freshness guess is not used (see isFresh()); it still stores what it may.
        request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
        // Followed here (redirected()): Qt 6.4's other policies send the next request before an
        // app can refuse it, and its user-verified policy loses the reply after two hops.
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("CacheScope"));
        return request;
    }

    void send(quint64 id, const QNetworkRequest &request)
    {
        Transfer &transfer = m_transfers[id];
        QNetworkReply *reply = m_manager->get(request);
        transfer.reply = reply;
        transfer.body.clear();
        connect(reply, &QNetworkReply::metaDataChanged, this, [this, id] { checkLength(id); });
        connect(reply, &QNetworkReply::readyRead, this, [this, id] { read(id); });
        connect(reply, &QNetworkReply::finished, this, [this, id] { finished(id); });
        // For the whole transfer (every hop), not only for silence.
        const auto left = std::max<qint64>(0, m_settings.timeout.count() - transfer.clock.elapsed());
        QTimer::singleShot(std::chrono::milliseconds(left), reply, [this, id] {
            abort(id, QStringLiteral("no answer within %1 ms").arg(m_settings.timeout.count()));
        });
    }

    static bool isRedirect(int status)
    {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    // Why the redirect to `target` is not followed, or empty.
    QString redirectRefusal(Transfer &transfer, const QUrl &target) const
    {
        if (transfer.visited.contains(target))
            return QStringLiteral("it redirects in a loop (back to %1)").arg(quotedId(target.toString()));
        if (transfer.redirects >= m_settings.maxRedirects)
            return QStringLiteral("it redirects more than %1 times").arg(m_settings.maxRedirects);
        if (transfer.https && target.scheme() != QLatin1String("https"))
            return QStringLiteral("it redirects from https to %1, which is refused")
                    .arg(quotedId(target.toString()));
        if (const QString why = NetworkFetcher::refusal(target, m_settings); !why.isEmpty())
            return QStringLiteral("it redirects to %1: %2").arg(quotedId(target.toString()), why);
        return {};
    }

    void finished(quint64 id)
    {
        const auto it = m_transfers.find(id);
        if (it == m_transfers.end() || !it->reply)
            return;
        QNetworkReply *reply = std::exchange(it->reply, nullptr);
        reply->deleteLater();
        Result result;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool fromDisk = reply->attribute(QNetworkRequest::SourceIsFromCacheAttribute).toBool();
        const QNetworkReply::NetworkError error = reply->error();
        // Qt's numbering: 1-99 are connection-level errors, the rest come from an HTTP answer.
        static constexpr int LastConnectionError = 99;
        const QUrl location = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
        if (it->abortReason.isEmpty() && isRedirect(status) && location.isValid()) {
            const QUrl target = reply->url().resolved(location);
            if (const QString why = redirectRefusal(*it, target); !why.isEmpty()) {
                result.error = why;
            } else {
                ++it->redirects;
                it->visited.insert(target);
                it->https = it->https || target.scheme() == QLatin1String("https");
                it->conditional = false; // the validators were for the first URL
                send(id, makeRequest(target));
                return;
            }
        } else if (!it->abortReason.isEmpty()) {
            result.error = it->abortReason;
        } else if (error != QNetworkReply::NoError && (error > LastConnectionError || status >= 400)) {
            result.error = QStringLiteral("HTTP %1 %2").arg(status).arg(
                    reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
        } else if (error != QNetworkReply::NoError) {
            it->body += reply->readAll();
            const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
            result.error = length.isValid()
                    ? QStringLiteral("%1 after %2 of %3 bytes")
                              .arg(reply->errorString())
                              .arg(it->body.size())
                              .arg(length.toLongLong())
                    : reply->errorString();
        } else {
            it->body += reply->readAll();
            const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
            if (!fromDisk && length.isValid() && it->body.size() != length.toLongLong()) {
                result.error = QStringLiteral("the connection closed after %1 of %2 bytes")
                                       .arg(it->body.size())
                                       .arg(length.toLongLong());
            } else if (!fromDisk && (status < 200 || status > 299)) {
                result.error = QStringLiteral("HTTP %1").arg(status);
            } else {
                result.body = std::move(it->body);
                if (fromDisk) {
                    result.tier = it->conditional ? NetworkFetcher::Tier::Revalidated
                                                  : NetworkFetcher::Tier::Disk;
                    ++(it->conditional ? m_counters->revalidations : m_counters->diskHits);
                } else {
                    result.tier = NetworkFetcher::Tier::Network;
                    ++m_counters->fetches;
                    m_counters->bytesDownloaded += quint64(result.body.size());
                }
            }
        }
        if (!result.error.isEmpty()) {
            if (it->abortReason.isEmpty() || it->abortIsFailure)
                ++m_counters->errors;
            result.error = QStringLiteral("Cannot fetch %1: %2").arg(name(id), result.error);
            result.body.clear();
        }
        end(id, std::move(result));
    }

    void end(quint64 id, Result result)
    {
        NetworkFetcher::Done done = std::move(m_transfers[id].done);
        m_transfers.remove(id);
        if (done)
            done(std::move(result));
    }

    const std::shared_ptr<NetworkCounters> m_counters;
    const std::shared_ptr<WorkerLink> m_link;
    NetworkSettings m_settings;
    QNetworkAccessManager *m_manager = nullptr; // child
    QNetworkDiskCache *m_disk = nullptr;        // owned by m_manager
    QHash<quint64, Transfer> m_transfers;
};

void WorkerLink::post(NetworkWorker *target, Task task)
{
    const bool wake = tasks.empty();
    tasks.push_back(std::move(task));
    if (wake)
        QMetaObject::invokeMethod(target, "drain", Qt::QueuedConnection);
}

NetworkFetcher::NetworkFetcher()
    : m_link(std::make_shared<WorkerLink>()), m_counters(std::make_shared<NetworkCounters>())
{
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("cachescope-net"));
    m_link->worker = new NetworkWorker(m_counters, m_link); // deleted on its thread in shutdown()
    m_link->worker->moveToThread(m_thread.get());
    m_thread->start();
}

NetworkFetcher::~NetworkFetcher()
{
    shutdown();
}

bool NetworkFetcher::callBlocking(const std::function<void(NetworkWorker &)> &call)
{
    if (QThread::currentThread() == m_thread.get()) { // from a Done callback
        NetworkWorker *worker = nullptr;
        {
            std::scoped_lock lock(m_link->mutex);
            worker = m_link->worker;
        }
        if (worker)
            call(*worker);
        return worker != nullptr;
    }
    // Held while waiting, so shutdown() cannot delete the worker meanwhile. Never taken on the
    // network thread, which keeps waiting on it deadlock-free; m_mutex is only held briefly.
    std::scoped_lock blocking(m_blockingMutex);
    std::promise<void> done;
    {
        std::scoped_lock lock(m_link->mutex);
        if (!m_link->worker)
            return false;
        m_link->post(m_link->worker, [&](NetworkWorker &worker) {
            call(worker);
            done.set_value();
        });
    }
    done.get_future().wait();
    return true;
}

void NetworkFetcher::setSettings(const NetworkSettings &settings)
{
    {
        std::scoped_lock lock(m_mutex);
        m_settings = settings;
    }
    callBlocking([settings](NetworkWorker &worker) { worker.configure(settings); });
}

NetworkSettings NetworkFetcher::settings() const
{
    std::scoped_lock lock(m_mutex);
    return m_settings;
}

QString NetworkFetcher::refusal(const QUrl &url, const NetworkSettings &settings)
{
    if (!settings.enabled)
        return QStringLiteral("network images are off (ImageProvider::setNetworkSettings, or "
                              "ImageCache.networkEnabled)");
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        return QStringLiteral("only http and https are fetched");
    if (url.host().isEmpty())
        return QStringLiteral("the URL has no host");
    if (!url.userInfo().isEmpty())
        return QStringLiteral("URLs with credentials are not fetched");
    if (!hostAllowed(url.host(), settings.allowedHosts))
        return QStringLiteral("host %1 is not among the allowed hosts").arg(quotedId(url.host()));
    return {};
}

void NetworkFetcher::fetch(const QUrl &url, const std::shared_ptr<LoadJob> &job, Done done)
{
    static std::atomic<quint64> nextId{1};
    const quint64 id = nextId.fetch_add(1, std::memory_order_relaxed);
    {
        std::scoped_lock lock(m_link->mutex);
        if (NetworkWorker *worker = m_link->worker) {
            m_link->post(worker, [id, url, done = std::move(done)](NetworkWorker &w) mutable {
                w.start(id, url, std::move(done));
            });
            done = nullptr;
        }
    }
    if (done) { // shut down already
        Result result;
        result.error = QStringLiteral("Cannot fetch %1: the provider shut down").arg(quotedId(url.toString()));
        done(std::move(result));
        return;
    }
    // Queued behind start(): an abort always finds its transfer, or one that has ended. The job
    // may outlive this fetcher (a response Qt still holds): the link, not `this`, is captured.
    job->whenCancelled([link = m_link, id] {
        std::scoped_lock lock(link->mutex);
        if (NetworkWorker *worker = link->worker) {
            link->post(worker, [id](NetworkWorker &w) {
                w.abort(id, QStringLiteral("cancelled"), /*failure=*/false);
            });
        }
    });
}

bool NetworkFetcher::post(std::function<void(NetworkWorker &)> call)
{
    std::scoped_lock lock(m_link->mutex);
    if (!m_link->worker)
        return false;
    m_link->post(m_link->worker, std::move(call));
    return true;
}

void NetworkFetcher::removeFromDisk(const QUrl &url)
{
    post([url](NetworkWorker &worker) { worker.removeFromDisk(url); });
}

void NetworkFetcher::removeFromDiskWithPrefix(const QString &prefix)
{
    post([prefix](NetworkWorker &worker) { worker.removeFromDiskWithPrefix(prefix); });
}

NetworkStats NetworkFetcher::stats() const
{
    NetworkStats stats;
    stats.diskHits = m_counters->diskHits.load(std::memory_order_relaxed);
    stats.revalidations = m_counters->revalidations.load(std::memory_order_relaxed);
    stats.fetches = m_counters->fetches.load(std::memory_order_relaxed);
    stats.bytesDownloaded = m_counters->bytesDownloaded.load(std::memory_order_relaxed);
    stats.errors = m_counters->errors.load(std::memory_order_relaxed);
    return stats;
}

void NetworkFetcher::shutdown()
{
    std::scoped_lock blocking(m_blockingMutex);
    std::promise<void> done;
    {
        std::scoped_lock lock(m_link->mutex);
        NetworkWorker *worker = std::exchange(m_link->worker, nullptr);
        if (!worker)
            return;
        // After everything queued before it; nothing can be queued after it.
        m_link->post(worker, [&](NetworkWorker &w) {
            w.abortAll(QStringLiteral("the provider shut down"));
            w.deleteLater(); // on its own thread, with its manager and replies, as the thread ends
            done.set_value();
        });
    }
    done.get_future().wait();
    m_thread->quit();
    m_thread->wait();
}

} // namespace CacheScope::Internal

#include "networkfetcher.moc"
