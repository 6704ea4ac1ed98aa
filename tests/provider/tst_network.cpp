// Copyright (C) 2026 The CacheScope authors.
// Network images against a real HTTP/1.1 server on 127.0.0.1 in this process: off by default,
// only allowed hosts, a persistent disk tier with HTTP cache semantics (fresh entries need no
// request, even from a second process; stale ones revalidate with one 304; no-store never reaches
// the disk), every misbehaving answer an error that is counted and caches nothing, cancel closes
// the connection, one request for many Images of one URL, and invalidation that reloads.
#include "support/httptestserver.h"
#include "support/providertest.h"

#include <QtCore/qbuffer.h>
#include <QtCore/qdiriterator.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qprocess.h>
#include <QtCore/qtemporarydir.h>
#include <QtGui/qguiapplication.h>
#include <QtNetwork/qsslconfiguration.h>

#include <cstdlib>
#include <iostream>

using namespace ProviderTest;
using namespace TestFixtures;
using CacheScope::NetworkSettings;
using CacheScope::NetworkStats;

namespace {

// The second process of fresh-from-disk: loads one URL with a disk folder, prints what happened.
constexpr const char *ChildUrlVariable = "CACHESCOPE_TST_NETWORK_CHILD_URL";
constexpr const char *ChildDiskVariable = "CACHESCOPE_TST_NETWORK_CHILD_DISK";
constexpr auto ShortTimeout = std::chrono::milliseconds(800);
constexpr qint64 SmallBodyLimit = 4096;

QByteArray png(const QColor &colour)
{
    return solidPng(colour, QSize(32, 24));
}

NetworkSettings enabledSettings(const QString &diskFolder)
{
    NetworkSettings settings;
    settings.enabled = true;
    settings.allowedHosts = {QStringLiteral("127.0.0.1")};
    settings.diskCacheDirectory = diskFolder;
    return settings;
}

HttpTestServer::Response pngResponse(const QColor &colour, const QByteArray &cacheControl)
{
    HttpTestServer::Response response;
    response.body = png(colour);
    response.headers = {{"Content-Type", "image/png"}};
    if (!cacheControl.isEmpty())
        response.headers.append({"Cache-Control", cacheControl});
    return response;
}

// Files the disk tier holds (QNetworkDiskCache keeps one file per URL under data*/).
int diskFiles(const QString &folder)
{
    int n = 0;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        n += it.fileName().endsWith(QLatin1String(".d"));
    }
    return n;
}

int runChild()
{
    const QString url = qEnvironmentVariable(ChildUrlVariable);
    ImageCache cache;
    ImageProvider provider(cache);
    provider.setNetworkSettings(enabledSettings(qEnvironmentVariable(ChildDiskVariable)));
    Request r = request(provider, url);
    const bool finished = r.wait();
    const QImage image = responseImage(r.response.get());
    const NetworkStats stats = provider.networkStats();
    QJsonObject out{{QStringLiteral("finished"), finished},
                    {QStringLiteral("error"), r.response->errorString()},
                    {QStringLiteral("width"), image.width()},
                    {QStringLiteral("pixel"), qint64(image.isNull() ? 0 : image.pixel(0, 0))},
                    {QStringLiteral("diskHits"), qint64(stats.diskHits)},
                    {QStringLiteral("fetches"), qint64(stats.fetches)}};
    std::cout << QJsonDocument(out).toJson(QJsonDocument::Compact).constData() << std::endl;
    return finished ? 0 : 1;
}

} // namespace

class tst_Network : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void offByDefault();
    void onlyAllowedHosts();
    void fetchesOnceThenServesFromMemory();
    void secondProcessNeedsNoRequestWhileFresh();
    void staleEntryRevalidatesWithOne304();
    void noStoreNeverReachesTheDisk();
    void badAnswersAreCountedErrors_data();
    void badAnswersAreCountedErrors();
    void redirectsAreFollowedWithinTheAllowedHosts();
    void httpsIsFetchedAndNeverRedirectedToHttp();
    void cancelClosesTheConnection();
    void manyImagesOfOneUrlMakeOneRequest();
    void invalidateReloadsNewContent();
    void invalidatePrefixDropsDiskCopies();

private:
    std::unique_ptr<ImageProvider> makeProvider(ImageCache &cache);

    std::unique_ptr<HttpTestServer> m_server;
    std::unique_ptr<HttpTestServer> m_other; // reached as "localhost", which is not allowed
    std::unique_ptr<HttpTestServer> m_tls;   // https on 127.0.0.1, with a certificate we trust
    QTemporaryDir m_certificates;
    std::unique_ptr<QTemporaryDir> m_disk;
    std::unique_ptr<MessageRecorder> m_log;
};

void tst_Network::initTestCase()
{
    m_server = std::make_unique<HttpTestServer>();
    QVERIFY(m_server->isListening());
    m_other = std::make_unique<HttpTestServer>();
    QVERIFY(m_other->isListening());
    QSslCertificate certificate;
    QString error;
    const QSslConfiguration tls = makeTlsConfiguration(m_certificates.path(), &certificate, &error);
    QVERIFY2(!tls.isNull(), qPrintable(error));
    m_tls = std::make_unique<HttpTestServer>(tls);
    QVERIFY(m_tls->isListening());
    // Every client in this process (the provider's network thread too) trusts the test certificate.
    QSslConfiguration clients = QSslConfiguration::defaultConfiguration();
    clients.addCaCertificate(certificate);
    QSslConfiguration::setDefaultConfiguration(clients);
    m_log = std::make_unique<MessageRecorder>();
}

void tst_Network::init()
{
    m_disk = std::make_unique<QTemporaryDir>();
    QVERIFY(m_disk->isValid());
    m_server->resetCounts();
    m_other->resetCounts();
    m_tls->resetCounts();
    m_log->clear();
}

std::unique_ptr<ImageProvider> tst_Network::makeProvider(ImageCache &cache)
{
    auto provider = std::make_unique<ImageProvider>(cache);
    provider->setNetworkSettings(enabledSettings(m_disk->path()));
    return provider;
}

void tst_Network::offByDefault()
{
    m_server->setResponse("/off.png", pngResponse(Qt::red, "max-age=3600"));
    ImageCache cache;
    ImageProvider provider(cache);
    QVERIFY(!provider.networkSettings().enabled);
    Request r = request(provider, m_server->url(QStringLiteral("/off.png")).toString());
    QVERIFY(r.wait());
    QVERIFY2(r.response->errorString().contains(QLatin1String("network images are off")),
             qPrintable(r.response->errorString()));
    QCOMPARE(m_server->requests(), 0);
    QCOMPARE(cache.stats().errors, 1u);
}

void tst_Network::onlyAllowedHosts()
{
    m_server->setResponse("/host.png", pngResponse(Qt::red, "max-age=3600"));
    ImageCache cache;
    ImageProvider provider(cache);
    NetworkSettings settings = enabledSettings(m_disk->path());
    settings.allowedHosts = {QStringLiteral("images.example.com")};
    provider.setNetworkSettings(settings);
    Request r = request(provider, m_server->url(QStringLiteral("/host.png")).toString());
    QVERIFY(r.wait());
    QVERIFY2(r.response->errorString().contains(QLatin1String("not among the allowed hosts")),
             qPrintable(r.response->errorString()));
    QCOMPARE(m_server->requests(), 0);

    // "*" allows any host.
    settings.allowedHosts = {QStringLiteral("*")};
    provider.setNetworkSettings(settings);
    Request again = request(provider, m_server->url(QStringLiteral("/host.png")).toString());
    QVERIFY(again.wait());
    QCOMPARE(again.response->errorString(), QString());
    QCOMPARE(m_server->requests(), 1);
}

void tst_Network::fetchesOnceThenServesFromMemory()
{
    const HttpTestServer::Response answer = pngResponse(Qt::green, "max-age=3600");
    m_server->setResponse("/fresh.png", answer);
    ImageCache cache;
    const auto provider = makeProvider(cache);
    const QString url = m_server->url(QStringLiteral("/fresh.png")).toString();

    Request first = request(*provider, url);
    QVERIFY(first.wait());
    QCOMPARE(first.response->errorString(), QString());
    const QImage image = responseImage(first.response.get());
    QCOMPARE(image.size(), QSize(32, 24));
    QCOMPARE(QColor(image.pixel(0, 0)), QColor(Qt::green));
    QCOMPARE(m_server->requests("/fresh.png"), 1);
    NetworkStats stats = provider->networkStats();
    QCOMPARE(stats.fetches, 1u);
    QCOMPARE(stats.bytesDownloaded, quint64(answer.body.size()));
    QCOMPARE(stats.diskHits, 0u);
    QCOMPARE(cache.count(), 1);
    QCOMPARE(diskFiles(m_disk->path()), 1);
    // The cache counts the tier too, for the inspector.
    QCOMPARE(cache.stats().fetches, 1u);
    QCOMPARE(cache.stats().downloadedKb, quint64((answer.body.size() + 1023) / 1024));

    Request second = request(*provider, url);
    QVERIFY(second.wait());
    QCOMPARE(m_server->requests("/fresh.png"), 1);
    QCOMPARE(cache.stats().hits, 1u);
    QCOMPARE(provider->networkStats().fetches, 1u);
}

void tst_Network::secondProcessNeedsNoRequestWhileFresh()
{
    m_server->setResponse("/shared.png", pngResponse(Qt::blue, "max-age=3600"));
    const QString url = m_server->url(QStringLiteral("/shared.png")).toString();
    {
        ImageCache cache;
        const auto provider = makeProvider(cache);
        Request r = request(*provider, url);
        QVERIFY(r.wait());
        QCOMPARE(r.response->errorString(), QString());
    }
    QCOMPARE(m_server->requests("/shared.png"), 1);

    // Another process, the same disk folder: the image comes from disk with no request at all.
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(ChildUrlVariable), url);
    env.insert(QString::fromLatin1(ChildDiskVariable), m_disk->path());
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(child.waitForStarted());
    // This process's event loop must keep serving while the child runs (it would make a request).
    QSignalSpy done(&child, &QProcess::finished);
    QVERIFY(done.wait(LongWaitMs));
    QCOMPARE(child.exitCode(), 0);
    const QJsonObject out = QJsonDocument::fromJson(child.readAllStandardOutput().trimmed()).object();
    QCOMPARE(out.value(QStringLiteral("error")).toString(), QString());
    QCOMPARE(out.value(QStringLiteral("width")).toInt(), 32);
    QCOMPARE(QColor(QRgb(out.value(QStringLiteral("pixel")).toInteger())), QColor(Qt::blue));
    QCOMPARE(out.value(QStringLiteral("diskHits")).toInt(), 1);
    QCOMPARE(out.value(QStringLiteral("fetches")).toInt(), 0);
    QCOMPARE(m_server->requests("/shared.png"), 1);
}

void tst_Network::staleEntryRevalidatesWithOne304()
{
    HttpTestServer::Response answer = pngResponse(Qt::yellow, "max-age=0");
    answer.etag = "\"v1\"";
    m_server->setResponse("/stale.png", answer);
    const QString url = m_server->url(QStringLiteral("/stale.png")).toString();
    {
        ImageCache cache;
        const auto provider = makeProvider(cache);
        Request r = request(*provider, url);
        QVERIFY(r.wait());
        QCOMPARE(r.response->errorString(), QString());
    }
    ImageCache cache;
    const auto provider = makeProvider(cache);
    Request r = request(*provider, url);
    QVERIFY(r.wait());
    QCOMPARE(r.response->errorString(), QString());
    QCOMPARE(QColor(responseImage(r.response.get()).pixel(0, 0)), QColor(Qt::yellow));
    QCOMPARE(m_server->requests("/stale.png"), 2);
    QCOMPARE(m_server->notModified("/stale.png"), 1);
    QCOMPARE(m_server->log().last().headers.value("if-none-match"), QByteArray("\"v1\""));
    const NetworkStats stats = provider->networkStats();
    QCOMPARE(stats.revalidations, 1u);
    QCOMPARE(stats.fetches, 0u);
    QCOMPARE(stats.bytesDownloaded, 0u);
    QCOMPARE(cache.stats().revalidations, 1u);
    QCOMPARE(cache.stats().fetches, 0u);
}

void tst_Network::noStoreNeverReachesTheDisk()
{
    m_server->setResponse("/private.png", pngResponse(Qt::magenta, "no-store"));
    const QString url = m_server->url(QStringLiteral("/private.png")).toString();
    for (int round = 0; round < 2; ++round) {
        ImageCache cache;
        const auto provider = makeProvider(cache);
        Request r = request(*provider, url);
        QVERIFY(r.wait());
        QCOMPARE(r.response->errorString(), QString());
        QCOMPARE(provider->networkStats().fetches, 1u);
        QCOMPARE(diskFiles(m_disk->path()), 0);
    }
    QCOMPARE(m_server->requests("/private.png"), 2);
}

void tst_Network::badAnswersAreCountedErrors_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QString>("message");

    HttpTestServer::Response serverError = pngResponse(Qt::red, "max-age=3600");
    serverError.status = 500;
    m_server->setResponse("/500.png", serverError);
    QTest::newRow("500") << QByteArray("/500.png") << QStringLiteral("HTTP 500");

    HttpTestServer::Response hung;
    hung.hang = true;
    m_server->setResponse("/hang.png", hung);
    QTest::newRow("no answer") << QByteArray("/hang.png") << QStringLiteral("no answer within 800 ms");

    HttpTestServer::Response truncated = pngResponse(Qt::red, "max-age=3600");
    truncated.closeAfterBytes = truncated.body.size() / 2;
    m_server->setResponse("/truncated.png", truncated);
    QTest::newRow("truncated body") << QByteArray("/truncated.png") << QStringLiteral("bytes");

    HttpTestServer::Response big = pngResponse(Qt::red, "max-age=3600");
    big.body.append(QByteArray(2 * SmallBodyLimit, '\0')); // still a PNG, past its IEND
    m_server->setResponse("/big.png", big);
    QTest::newRow("oversized (Content-Length)")
            << QByteArray("/big.png") << QStringLiteral("over the limit of 4096");

    HttpTestServer::Response bigNoLength = big;
    bigNoLength.omitContentLength = true;
    m_server->setResponse("/big-nolength.png", bigNoLength);
    QTest::newRow("oversized (no Content-Length)")
            << QByteArray("/big-nolength.png") << QStringLiteral("passed the limit of 4096");

    HttpTestServer::Response loop;
    loop.status = 302;
    loop.headers = {{"Location", "/loop.png"}};
    m_server->setResponse("/loop.png", loop);
    QTest::newRow("redirect loop") << QByteArray("/loop.png") << QStringLiteral("redirects in a loop");

    for (int hop = 0; hop < 8; ++hop) {
        HttpTestServer::Response next;
        next.status = 302;
        next.headers = {{"Location", "/chain" + QByteArray::number(hop + 1) + ".png"}};
        m_server->setResponse("/chain" + QByteArray::number(hop) + ".png", next);
    }
    QTest::newRow("too many redirects")
            << QByteArray("/chain0.png") << QStringLiteral("redirects more than 5 times");

    HttpTestServer::Response elsewhere;
    elsewhere.status = 302;
    elsewhere.headers = {{"Location", "http://localhost:" + QByteArray::number(m_other->port())
                                              + "/elsewhere.png"}};
    m_other->setResponse("/elsewhere.png", pngResponse(Qt::red, "max-age=3600"));
    m_server->setResponse("/elsewhere.png", elsewhere);
    QTest::newRow("redirect to a host not allowed")
            << QByteArray("/elsewhere.png") << QStringLiteral("not among the allowed hosts");

    HttpTestServer::Response notImage;
    notImage.body = "<html>hello</html>";
    notImage.headers = {{"Cache-Control", "max-age=3600"}};
    m_server->setResponse("/page.png", notImage);
    QTest::newRow("not an image") << QByteArray("/page.png") << QString();
}

void tst_Network::badAnswersAreCountedErrors()
{
    QFETCH(QByteArray, path);
    QFETCH(QString, message);
    ImageCache cache;
    ImageProvider provider(cache);
    NetworkSettings settings = enabledSettings(m_disk->path());
    settings.timeout = ShortTimeout;
    settings.maxBodyBytes = SmallBodyLimit;
    provider.setNetworkSettings(settings);
    const QString url = m_server->url(QString::fromLatin1(path)).toString();

    Request r = request(provider, url);
    QVERIFY(r.wait());
    const QString error = r.response->errorString();
    QVERIFY2(!error.isEmpty(), "the load succeeded");
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1String("Unable to read image data")), qPrintable(error));
    QVERIFY(responseImage(r.response.get()).isNull());
    QCOMPARE(cache.stats().errors, 1u);
    QCOMPARE(cache.count(), 0);
    if (path != "/page.png") // that one is a download that arrived; the decoder refused it
        QCOMPARE(provider.networkStats().errors, 1u);
    QCOMPARE(provider.networkStats().fetches, path == "/page.png" ? 1u : 0u);
    if (path != "/page.png")
        QCOMPARE(diskFiles(m_disk->path()), 0);
    QCOMPARE(m_other->requests(), 0); // a host that is not allowed is never contacted
}

void tst_Network::redirectsAreFollowedWithinTheAllowedHosts()
{
    HttpTestServer::Response moved;
    moved.status = 301;
    moved.headers = {{"Location", "/target.png"}};
    m_server->setResponse("/moved.png", moved);
    m_server->setResponse("/target.png", pngResponse(Qt::darkGreen, "max-age=3600"));
    ImageCache cache;
    const auto provider = makeProvider(cache);
    Request r = request(*provider, m_server->url(QStringLiteral("/moved.png")).toString());
    QVERIFY(r.wait());
    QCOMPARE(r.response->errorString(), QString());
    QCOMPARE(QColor(responseImage(r.response.get()).pixel(0, 0)), QColor(Qt::darkGreen));
    QCOMPARE(m_server->requests("/target.png"), 1);
    QCOMPARE(provider->networkStats().fetches, 1u);
}

void tst_Network::httpsIsFetchedAndNeverRedirectedToHttp()
{
    m_tls->setResponse("/secure.png", pngResponse(Qt::darkBlue, "max-age=3600"));
    HttpTestServer::Response down;
    down.status = 302;
    down.headers = {{"Location", m_server->url(QStringLiteral("/plain.png")).toEncoded()}};
    m_tls->setResponse("/down.png", down);
    m_server->setResponse("/plain.png", pngResponse(Qt::red, "max-age=3600"));
    ImageCache cache;
    const auto provider = makeProvider(cache);

    Request secure = request(*provider, m_tls->url(QStringLiteral("/secure.png")).toString());
    QVERIFY(secure.wait());
    QCOMPARE(secure.response->errorString(), QString());
    QCOMPARE(QColor(responseImage(secure.response.get()).pixel(0, 0)), QColor(Qt::darkBlue));

    Request downgraded = request(*provider, m_tls->url(QStringLiteral("/down.png")).toString());
    QVERIFY(downgraded.wait());
    const QString error = downgraded.response->errorString();
    QVERIFY2(error.contains(QLatin1String("from https to")), qPrintable(error));
    QCOMPARE(m_server->requests("/plain.png"), 0);
    QCOMPARE(provider->networkStats().errors, 1u);
    QCOMPARE(cache.count(), 1);
}

void tst_Network::cancelClosesTheConnection()
{
    HttpTestServer::Response slow = pngResponse(Qt::red, "max-age=3600");
    slow.body.append(QByteArray(64 * 1024, '\0'));
    slow.trickleMs = 200; // 64 pieces: 13 s, far longer than the test waits
    m_server->setResponse("/slow.png", slow);
    ImageCache cache;
    const auto provider = makeProvider(cache);
    QSignalSpy closed(m_server.get(), &HttpTestServer::connectionClosed);
    Request r = request(*provider, m_server->url(QStringLiteral("/slow.png")).toString());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requests("/slow.png"), 1, LongWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnections(), 1, LongWaitMs);
    r.response->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(closed.count() >= 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnections(), 0, 5000);
    QVERIFY(r.wait());
    QCOMPARE(provider->networkStats().errors, 0u); // cancelling is not failing
    QCOMPARE(cache.stats().errors, 0u);
    QCOMPARE(cache.count(), 0);
}

void tst_Network::manyImagesOfOneUrlMakeOneRequest()
{
    HttpTestServer::Response answer = pngResponse(Qt::cyan, "max-age=3600");
    answer.trickleMs = 20; // keeps the transfer open while the other requests arrive
    m_server->setResponse("/popular.png", answer);
    ImageCache cache;
    const auto provider = makeProvider(cache);
    const QString url = m_server->url(QStringLiteral("/popular.png")).toString();
    std::vector<Request> requests;
    for (int i = 0; i < 100; ++i)
        requests.push_back(request(*provider, url));
    for (Request &r : requests) {
        QVERIFY(r.wait());
        QCOMPARE(r.response->errorString(), QString());
    }
    QCOMPARE(m_server->requests("/popular.png"), 1);
    QCOMPARE(provider->networkStats().fetches, 1u);
}

void tst_Network::invalidateReloadsNewContent()
{
    m_server->setResponse("/avatar.png", pngResponse(Qt::red, "max-age=3600"));
    ImageCache cache;
    const auto provider = makeProvider(cache);
    const QString url = m_server->url(QStringLiteral("/avatar.png")).toString();
    Request before = request(*provider, url);
    QVERIFY(before.wait());
    QCOMPARE(QColor(responseImage(before.response.get()).pixel(0, 0)), QColor(Qt::red));

    // Same URL, new content. Without the disk tier's copy going too, the fresh disk entry wins.
    m_server->setResponse("/avatar.png", pngResponse(Qt::green, "max-age=3600"));
    QSignalSpy invalidated(provider.get(), &ImageProvider::invalidated);
    QCOMPARE(provider->invalidate(url), 1);
    QCOMPARE(invalidated.count(), 1);
    QCOMPARE(cache.count(), 0);
    Request fromDisk = request(*provider, url);
    QVERIFY(fromDisk.wait());
    QCOMPARE(QColor(responseImage(fromDisk.response.get()).pixel(0, 0)), QColor(Qt::red));
    QCOMPARE(provider->networkStats().diskHits, 1u);
    QCOMPARE(cache.stats().diskHits, 1u);

    QCOMPARE(provider->invalidate(url, /*includeDisk=*/true), 1);
    Request after = request(*provider, url);
    QVERIFY(after.wait());
    QCOMPARE(QColor(responseImage(after.response.get()).pixel(0, 0)), QColor(Qt::green));
    QCOMPARE(m_server->requests("/avatar.png"), 2);
}

void tst_Network::invalidatePrefixDropsDiskCopies()
{
    m_server->setResponse("/album/1.png", pngResponse(Qt::red, "max-age=3600"));
    m_server->setResponse("/album/2.png", pngResponse(Qt::red, "max-age=3600"));
    m_server->setResponse("/other.png", pngResponse(Qt::red, "max-age=3600"));
    ImageCache cache;
    const auto provider = makeProvider(cache);
    for (const char *path : {"/album/1.png", "/album/2.png", "/other.png"}) {
        Request r = request(*provider, m_server->url(QString::fromLatin1(path)).toString());
        QVERIFY(r.wait());
        QCOMPARE(r.response->errorString(), QString());
    }
    QCOMPARE(diskFiles(m_disk->path()), 3);
    QCOMPARE(provider->invalidatePrefix(m_server->url(QStringLiteral("/album/")).toString(),
                                        /*includeDisk=*/true),
             2);
    QCOMPARE(cache.count(), 1);
    // On the network thread, without blocking the caller.
    QTRY_COMPARE_WITH_TIMEOUT(diskFiles(m_disk->path()), 1, LongWaitMs);
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet(ChildUrlVariable)) {
        QGuiApplication app(argc, argv);
        return runChild();
    }
    QGuiApplication app(argc, argv);
    tst_Network test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_network.moc"
