// Copyright (C) 2026 The CacheScope authors.
#include "albumserver.h"

#include <QtCore/qcryptographichash.h>
#include <QtCore/qdir.h>
#include <QtCore/qfile.h>
#include <QtCore/qfileinfo.h>
#include <QtNetwork/qtcpsocket.h>

namespace {
const QByteArray AlbumPath = "/album/";
constexpr qsizetype MaxRequestHeadBytes = 16 * 1024; // a request head larger than this is refused
}

AlbumServer::AlbumServer(const QString &folder, QObject *parent)
    : QObject(parent), m_folder(QDir(folder).canonicalPath())
{
    connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, &AlbumServer::onNewConnection);
    if (!m_server.listen(QHostAddress::LocalHost, PreferredPort))
        m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl AlbumServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(QLatin1String(AlbumPath)));
}

void AlbumServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void AlbumServer::onReadyRead(QTcpSocket *socket)
{
    // Requests are small GETs; keep-alive requests may arrive one after another.
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    for (qsizetype end; (end = buffer.indexOf("\r\n\r\n")) >= 0;) {
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        buffer.remove(0, end + 4);
        const QList<QByteArray> request = lines.value(0).trimmed().split(' ');
        QByteArray ifNoneMatch;
        for (const QByteArray &line : lines) {
            if (line.toLower().startsWith("if-none-match:"))
                ifNoneMatch = line.mid(line.indexOf(':') + 1).trimmed();
        }
        answer(socket, request.value(0), request.value(1), ifNoneMatch);
    }
    if (buffer.size() > MaxRequestHeadBytes) {
        socket->abort();
        return;
    }
    socket->setProperty("buffer", buffer);
}

void AlbumServer::answer(QTcpSocket *socket, const QByteArray &method, const QByteArray &path,
                         const QByteArray &ifNoneMatch)
{
    auto reply = [socket](const QByteArray &status, const QByteArray &headers, const QByteArray &body) {
        socket->write("HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: "
                      + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    };
    const QString name = QString::fromUtf8(QByteArray::fromPercentEncoding(path.mid(AlbumPath.size())));
    // One plain file name: no folders, so nothing outside the album can be asked for.
    if (method != "GET" || !path.startsWith(AlbumPath) || name.isEmpty()
        || name.contains(QLatin1Char('/')) || name.startsWith(QLatin1Char('.'))) {
        reply("404 Not Found", {}, "not found");
        return;
    }
    QFile file(m_folder + QLatin1Char('/') + name);
    if (!file.open(QIODevice::ReadOnly)) {
        reply("404 Not Found", {}, "not found");
        return;
    }
    const QByteArray body = file.readAll();
    const QByteArray etag = '"' + QCryptographicHash::hash(body, QCryptographicHash::Sha1).toHex().left(16) + '"';
    const QByteArray headers = "Cache-Control: max-age=" + QByteArray::number(MaxAgeSeconds)
            + "\r\nETag: " + etag + "\r\n";
    ++m_served;
    if (ifNoneMatch == etag) {
        socket->write("HTTP/1.1 304 Not Modified\r\n" + headers + "\r\n");
        return;
    }
    const QByteArray type = name.endsWith(QLatin1String(".png")) ? "image/png" : "image/jpeg";
    reply("200 OK", headers + "Content-Type: " + type + "\r\n", body);
}
