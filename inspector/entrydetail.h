// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cacheobserver.h>

#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qsize.h>
#include <QtCore/qvariant.h>

namespace CacheScope {

class CacheMonitor;

// The entry the user selected, in detail: key and source, requested against decoded size, format,
// cost, hits, age and idle time, whether something outside the cache holds it, and its own events
// (insert, hits, replace, eviction) from the monitor's log. Follows the monitor's refreshes; once
// the entry is gone it keeps what it last knew and says how it went.
class EntryDetail : public QObject
{
    Q_OBJECT
    Q_PROPERTY(CacheScope::CacheMonitor *monitor READ monitor WRITE setMonitor NOTIFY monitorChanged)
    Q_PROPERTY(double entryId READ entryId WRITE setEntryId NOTIFY entryIdChanged) // 0: none
    Q_PROPERTY(bool valid READ isValid NOTIFY changed)      // known: in the cache, or seen in it
    Q_PROPERTY(bool present READ isPresent NOTIFY changed)  // still in the cache
    Q_PROPERTY(QString key READ key NOTIFY changed)
    Q_PROPERTY(QString source READ source NOTIFY changed)   // the key without "@WxH"
    Q_PROPERTY(QString requestedSize READ requestedSize NOTIFY changed) // "256x256", "0x0", or ""
    Q_PROPERTY(QSize decodedSize READ decodedSize NOTIFY changed)
    Q_PROPERTY(int depth READ depth NOTIFY changed)
    Q_PROPERTY(QString format READ format NOTIFY changed)
    Q_PROPERTY(double costKb READ costKb NOTIFY changed)
    Q_PROPERTY(double hits READ hits NOTIFY changed)
    Q_PROPERTY(double ageMs READ ageMs NOTIFY changed)
    Q_PROPERTY(double idleMs READ idleMs NOTIFY changed)
    Q_PROPERTY(bool inUse READ inUse NOTIFY changed)
    Q_PROPERTY(QString thumbnail READ thumbnail NOTIFY changed) // empty once gone, or offline
    Q_PROPERTY(QString evictedBy READ evictedBy NOTIFY changed) // "cost limit: insert x (20 KiB)"
    // [{timeMs, type, summary}], oldest first, from the event log (its last EventLogCapacity).
    Q_PROPERTY(QVariantList history READ history NOTIFY changed)

public:
    explicit EntryDetail(QObject *parent = nullptr);

    CacheMonitor *monitor() const;
    void setMonitor(CacheMonitor *monitor);
    double entryId() const { return double(m_entryId); }
    void setEntryId(double id);

    bool isValid() const { return m_valid; }
    bool isPresent() const { return m_present; }
    QString key() const;
    QString source() const;
    QString requestedSize() const;
    QSize decodedSize() const { return m_entry.size; }
    int depth() const { return m_entry.depth; }
    QString format() const { return m_format; }
    double costKb() const { return double(m_entry.costKb); }
    double hits() const { return double(m_entry.hits); }
    double ageMs() const;
    double idleMs() const;
    bool inUse() const { return m_present && m_entry.inUse; }
    QString thumbnail() const;
    QString evictedBy() const { return m_evictedBy; }
    QVariantList history() const { return m_history; }

    // Re-reads the entry and its events (the monitor's refreshes call it).
    Q_INVOKABLE void update();

Q_SIGNALS:
    void monitorChanged();
    void entryIdChanged();
    void changed();

private:
    QPointer<CacheMonitor> m_monitor;
    QMetaObject::Connection m_refreshes;
    quint64 m_entryId = 0;
    bool m_valid = false;
    bool m_present = false;
    CacheEntryInfo m_entry;
    QString m_format;
    QString m_evictedBy;
    QVariantList m_history;
};

} // namespace CacheScope
