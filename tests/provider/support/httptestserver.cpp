// Copyright (C) 2026 The CacheScope authors.
#include "httptestserver.h"

#include <QtCore/qfile.h>
#include <QtCore/qpointer.h>
#include <QtCore/qprocess.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qsslkey.h>
#include <QtNetwork/qsslserver.h>
#include <QtNetwork/qsslsocket.h>
#include <QtNetwork/qtcpsocket.h>

namespace TestFixtures {

namespace {
constexpr qsizetype TrickleChunk = 1024;

QByteArray reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 404: return "Not Found";
    case 500: return "Internal Server Error";
    default: return "Status";
    }
}
} // namespace

HttpTestServer::HttpTestServer(QObject *parent)
    : QObject(parent), m_server(std::make_unique<QTcpServer>())
{
    listen();
}

HttpTestServer::HttpTestServer(const QSslConfiguration &tls, QObject *parent)
    : QObject(parent), m_tls(true)
{
    auto server = std::make_unique<QSslServer>();
    server->setSslConfiguration(tls);
    m_server = std::move(server);
    listen();
}

void HttpTestServer::listen()
{
    // QSslServer hands sockets over once their handshake is done, with this signal (Qt 6.4).
    connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this, &HttpTestServer::onNewConnection);
    m_server->listen(QHostAddress::LocalHost, 0); // loopback only, any free port
}

QSslConfiguration makeTlsConfiguration(const QString &folder, QSslCertificate *caCertificate,
                                       QString *error)
{
    const QString key = folder + QStringLiteral("/key.pem");
    const QString cert = folder + QStringLiteral("/cert.pem");
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), key,
                   QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("2"),
                   QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=IP:127.0.0.1")});
    if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0) {
        *error = QStringLiteral("openssl failed: %1 %2")
                         .arg(openssl.errorString(), QString::fromLocal8Bit(openssl.readAll()));
        return {};
    }
    QFile keyFile(key);
    QFile certFile(cert);
    if (!keyFile.open(QIODevice::ReadOnly) || !certFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read what openssl wrote");
        return {};
    }
    const QSslCertificate certificate(&certFile, QSsl::Pem);
    const QSslKey privateKey(&keyFile, QSsl::Rsa, QSsl::Pem);
    if (certificate.isNull() || privateKey.isNull()) {
        *error = QStringLiteral("openssl wrote an unreadable certificate or key");
        return {};
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certificate);
    configuration.setPrivateKey(privateKey);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    *caCertificate = certificate;
    return configuration;
}

HttpTestServer::~HttpTestServer()
{
    // The sockets are the server's children and outlive m_buffers: cut them off first.
    m_server->close();
    for (QTcpSocket *socket : m_buffers.keys()) {
        socket->disconnect(this);
        socket->abort();
    }
}

QUrl HttpTestServer::url(const QString &path) const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2%3")
                        .arg(m_tls ? QStringLiteral("https") : QStringLiteral("http"))
                        .arg(port())
                        .arg(path));
}

void HttpTestServer::setResponse(const QByteArray &path, const Response &response)
{
    QMutexLocker lock(&m_mutex);
    m_responses.insert(path, response);
}

int HttpTestServer::requests(const QByteArray &path) const
{
    QMutexLocker lock(&m_mutex);
    int n = 0;
    for (const Request &request : m_log)
        n += path.isEmpty() || request.path == path;
    return n;
}

int HttpTestServer::notModified(const QByteArray &path) const
{
    QMutexLocker lock(&m_mutex);
    if (!path.isEmpty())
        return m_notModified.value(path);
    int n = 0;
    for (int count : m_notModified)
        n += count;
    return n;
}

QList<HttpTestServer::Request> HttpTestServer::log() const
{
    QMutexLocker lock(&m_mutex);
    return m_log;
}

int HttpTestServer::openConnections() const
{
    return int(m_buffers.size());
}

void HttpTestServer::resetCounts()
{
    QMutexLocker lock(&m_mutex);
    m_log.clear();
    m_notModified.clear();
}

void HttpTestServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        m_buffers.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
            Q_EMIT connectionClosed();
        });
    }
}

void HttpTestServer::onReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    // GET requests only: headers end with an empty line, no body.
    for (qsizetype end; (end = buffer.indexOf("\r\n\r\n")) >= 0;) {
        const QByteArray head = buffer.left(end);
        buffer.remove(0, end + 4);
        const QList<QByteArray> lines = head.split('\n');
        Request request;
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        request.method = first.value(0);
        request.path = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                       lines[i].mid(colon + 1).trimmed());
        }
        {
            QMutexLocker lock(&m_mutex);
            m_log.append(request);
        }
        answer(socket, request);
    }
}

void HttpTestServer::answer(QTcpSocket *socket, const Request &request)
{
    Response response;
    {
        QMutexLocker lock(&m_mutex);
        response = m_responses.value(request.path, Response{404, {}, "not found"});
        if (!response.etag.isEmpty() && request.headers.value("if-none-match") == response.etag) {
            ++m_notModified[request.path];
            response.status = 304;
            response.body.clear();
        }
    }
    if (response.hang)
        return;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reason(response.status) + "\r\n";
    for (const auto &[name, value] : std::as_const(response.headers))
        head += name + ": " + value + "\r\n";
    if (!response.etag.isEmpty())
        head += "ETag: " + response.etag + "\r\n";
    if (!response.omitContentLength)
        head += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    else
        head += "Connection: close\r\n";
    head += "\r\n";
    socket->write(head);
    QByteArray body = response.body;
    if (response.closeAfterBytes >= 0) {
        socket->write(body.left(response.closeAfterBytes));
        socket->disconnectFromHost();
        return;
    }
    if (response.trickleMs > 0) {
        trickle(socket, body, response.trickleMs);
        return;
    }
    socket->write(body);
    if (response.omitContentLength)
        socket->disconnectFromHost();
}

void HttpTestServer::trickle(QTcpSocket *socket, QByteArray rest, int intervalMs)
{
    if (!m_buffers.contains(socket) || socket->state() != QAbstractSocket::ConnectedState)
        return;
    socket->write(rest.left(TrickleChunk));
    rest.remove(0, TrickleChunk);
    if (rest.isEmpty())
        return;
    QPointer<QTcpSocket> guard(socket);
    QTimer::singleShot(intervalMs, this, [this, guard, rest, intervalMs] {
        if (guard)
            trickle(guard, rest, intervalMs);
    });
}

} // namespace TestFixtures
