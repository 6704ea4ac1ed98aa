// Copyright (C) 2026 The CacheScope authors.
#include "entrydetail.h"

#include "cachemonitor.h"
#include "duplicatesourcemodel.h"
#include "entrymodel.h"
#include "eventlistmodel.h"
#include "thumbnailprovider.h"

#include <QtCore/qmetaobject.h>
#include <QtGui/qimage.h>

namespace CacheScope {

namespace {

QString formatName(QImage::Format format)
{
    const char *name = QMetaEnum::fromType<QImage::Format>().valueToKey(format);
    return name ? QString::fromLatin1(name).mid(int(qstrlen("Format_"))) : QString();
}

} // namespace

EntryDetail::EntryDetail(QObject *parent) : QObject(parent) {}

CacheMonitor *EntryDetail::monitor() const
{
    return m_monitor;
}

void EntryDetail::setMonitor(CacheMonitor *monitor)
{
    if (m_monitor == monitor)
        return;
    disconnect(m_refreshes);
    m_monitor = monitor;
    if (monitor)
        m_refreshes = connect(monitor, &CacheMonitor::statsChanged, this, &EntryDetail::update);
    Q_EMIT monitorChanged();
    update();
}

void EntryDetail::setEntryId(double id)
{
    const auto entryId = quint64(std::max(0.0, id));
    if (entryId == m_entryId)
        return;
    m_entryId = entryId;
    m_valid = false;
    m_present = false;
    m_entry = {};
    m_format.clear();
    m_evictedBy.clear();
    Q_EMIT entryIdChanged();
    update();
}

QString EntryDetail::key() const
{
    return m_entry.key.isEmpty() && m_valid ? QStringLiteral("#%1").arg(m_entryId) : m_entry.key;
}

QString EntryDetail::source() const
{
    const QString source = DuplicateSourceModel::sourceOf(m_entry.key);
    return source.isEmpty() ? m_entry.key : source;
}

QString EntryDetail::requestedSize() const
{
    const QString source = DuplicateSourceModel::sourceOf(m_entry.key);
    return source.isEmpty() ? QString() : m_entry.key.mid(source.size() + 1);
}

QString EntryDetail::thumbnail() const
{
    const int registration = m_monitor ? m_monitor->thumbnailRegistration() : 0;
    return m_present && registration != 0 ? ThumbnailProvider::thumbnailUrl(registration, m_entryId) : QString();
}

double EntryDetail::ageMs() const
{
    if (!m_valid || !m_monitor)
        return -1;
    return m_monitor->now() - double(EntryModel::toMs(m_entry.inserted));
}

double EntryDetail::idleMs() const
{
    if (!m_valid || !m_monitor)
        return -1;
    return m_monitor->now() - double(EntryModel::toMs(m_entry.lastAccess));
}

void EntryDetail::update()
{
    if (!m_monitor || m_entryId == 0) {
        m_valid = false;
        m_history.clear();
        Q_EMIT changed();
        return;
    }
    // The entry as last read (present), or what was last known of it (gone).
    const QList<CacheEntryInfo> &entries = m_monitor->snapshot().entries;
    const auto it = std::find_if(entries.cbegin(), entries.cend(),
                                 [this](const CacheEntryInfo &e) { return e.entryId == m_entryId; });
    m_present = it != entries.cend();
    if (m_present) {
        m_entry = *it;
        m_valid = true;
        if (m_format.isEmpty() && m_monitor->cache() && !m_monitor->isOffline()) {
            // Once per selection, and let go at once: holding it would mark the entry "in use".
            m_format = formatName(m_monitor->cache()->peek(m_entryId).format());
        }
    }

    QVariantList history;
    for (const CacheEvent &event : m_monitor->eventLog()->events()) {
        if (event.entryId != m_entryId)
            continue;
        if (!m_valid && event.type != CacheEventType::Evict) { // known only from its events
            m_entry.key = event.key;
            m_entry.costKb = event.costKb;
            m_entry.inserted = event.time;
            m_entry.lastAccess = event.time;
            m_valid = true;
        }
        if (event.type == CacheEventType::Evict && !m_present) {
            m_evictedBy = EntryModel::causeName(event.cause);
            m_valid = true;
            if (m_entry.key.isEmpty())
                m_entry.key = event.key;
        }
        history.append(QVariantMap{{QStringLiteral("timeMs"), double(EntryModel::toMs(event.time))},
                                   {QStringLiteral("type"), EventListModel::typeName(event.type)},
                                   {QStringLiteral("summary"), EventListModel::summary(event)}});
    }
    if (!m_present) {
        // The post-mortem knows what pushed it out.
        const EvictedModel *evicted = m_monitor->evicted();
        for (int row = 0; row < evicted->rowCount(); ++row) {
            const QModelIndex index = evicted->index(row);
            if (quint64(index.data(EvictedModel::EntryIdRole).toDouble()) != m_entryId)
                continue;
            m_evictedBy = QStringLiteral("%1: %2").arg(index.data(EvictedModel::CauseRole).toString(),
                                                      index.data(EvictedModel::TriggerRole).toString());
            m_valid = true;
            break;
        }
    }
    m_history = std::move(history);
    Q_EMIT changed();
}

} // namespace CacheScope
