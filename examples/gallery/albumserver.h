// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qobject.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qtcpserver.h>

class QTcpSocket;

// The gallery's network album: the sample pictures served over HTTP/1.1 from 127.0.0.1 inside the
// demo process, with Cache-Control and an ETag, so the inspector shows fetches, disk hits and
// revalidations. GET of /album/<file name> only; nothing outside the folder is served.
class AlbumServer : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxAgeSeconds = 60;
    // Fixed, so that the URLs (and with them the disk tier's entries) stay the same from one run
    // to the next; any free port if it is taken.
    static constexpr quint16 PreferredPort = 47811;

    explicit AlbumServer(const QString &folder, QObject *parent = nullptr);
    bool isListening() const { return m_server.isListening(); }
    // http://127.0.0.1:<port>/album/
    QUrl baseUrl() const;
    int requestsServed() const { return m_served; }

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const QByteArray &method, const QByteArray &path,
                const QByteArray &ifNoneMatch);

    QTcpServer m_server;
    QString m_folder;
    int m_served = 0;
};
