// Copyright (C) 2026 The CacheScope authors.
// A scripted HTTP/1.1 server on 127.0.0.1 for the network tests: each path answers as the test
// says (status, headers, body, conditional 304s for an ETag), or misbehaves on purpose (no answer,
// a body cut short, a body trickled out slowly), and every request is counted. It lives on the
// thread that creates it, which must run an event loop while requests are made (QTest's waits do).
#pragma once

#include <QtCore/qbytearray.h>
#include <QtCore/qhash.h>
#include <QtCore/qlist.h>
#include <QtCore/qmutex.h>
#include <QtCore/qobject.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qsslcertificate.h>
#include <QtNetwork/qsslconfiguration.h>
#include <QtNetwork/qtcpserver.h>

#include <memory>

class QSslConfiguration;
class QTcpSocket;

namespace TestFixtures {

class HttpTestServer : public QObject
{
    Q_OBJECT
public:
    struct Response
    {
        int status = 200;
        QList<QPair<QByteArray, QByteArray>> headers; // Content-Length is added unless omitted
        QByteArray body;
        QByteArray etag;              // answers 304 to a request with If-None-Match: <etag>
        bool omitContentLength = false;
        qsizetype closeAfterBytes = -1; // close the connection after this much of the body
        bool hang = false;            // read the request, never answer
        int trickleMs = 0;            // send the body one 1 KiB piece per this many ms
    };
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // lower-case names
    };

    explicit HttpTestServer(QObject *parent = nullptr);
    // HTTPS with this certificate and key (see makeTlsConfiguration()).
    explicit HttpTestServer(const QSslConfiguration &tls, QObject *parent = nullptr);
    ~HttpTestServer() override;

    bool isListening() const { return m_server->isListening(); }
    quint16 port() const { return m_server->serverPort(); }
    QUrl url(const QString &path) const;

    void setResponse(const QByteArray &path, const Response &response);
    // Requests seen for `path` (all paths when empty), and how many were answered with 304.
    int requests(const QByteArray &path = {}) const;
    int notModified(const QByteArray &path = {}) const;
    QList<Request> log() const;
    int openConnections() const;
    void resetCounts();

Q_SIGNALS:
    void connectionClosed();

private:
    struct Connection;
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const Request &request);
    void trickle(QTcpSocket *socket, QByteArray rest, int intervalMs);

    void listen();

    std::unique_ptr<QTcpServer> m_server;
    bool m_tls = false;
    mutable QMutex m_mutex;
    QHash<QByteArray, Response> m_responses;
    QList<Request> m_log;
    QHash<QByteArray, int> m_notModified;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

// A self-signed certificate for 127.0.0.1 made with the openssl tool into `folder`, as a server
// configuration; `caCertificate` receives the certificate for clients to trust. Empty on failure
// (`error` says why).
QSslConfiguration makeTlsConfiguration(const QString &folder, QSslCertificate *caCertificate,
                                       QString *error);

} // namespace TestFixtures
