// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <CacheScope/cacheobserver.h>

#include <QtCore/qabstractitemmodel.h>

namespace CacheScope {

// Duplicate sources: one source cached at several requested sizes. The image provider's keys are
// "<source>@<width>x<height>" (0 for an unconstrained side), so entries are grouped by what comes
// before the last '@'. Rows: most KiB beyond the largest copy first.
class DuplicateSourceModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(double extraKb READ extraKb NOTIFY countChanged) // all rows' extraKb
    // Grouping goes over every entry: done only while a view shows it (it catches up when shown).
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)

public:
    enum Role {
        SourceRole = Qt::UserRole + 1,
        SizesRole,    // "64x64, 256x256": requested sizes, as in the keys
        CopiesRole,
        TotalKbRole,  // every copy
        ExtraKbRole,  // every copy but the largest: what sharing one size would save at most
    };
    Q_ENUM(Role)

    explicit DuplicateSourceModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    double extraKb() const;
    bool isActive() const { return m_active; }
    void setActive(bool active);

    // Regroups (while active; later otherwise); the model resets only when the groups changed.
    void update(const QList<CacheEntryInfo> &entries);

    // "photos/a.jpg@64x64" -> "photos/a.jpg"; empty if the key has no size part.
    static QString sourceOf(const QString &key);

Q_SIGNALS:
    void countChanged();
    void activeChanged();

private:
    struct Row
    {
        QString source;
        QStringList sizes;
        qint64 totalKb = 0;
        qint64 extraKb = 0;
        bool operator==(const Row &other) const
        {
            return source == other.source && sizes == other.sizes && totalKb == other.totalKb;
        }
    };
    void regroup();

    QList<Row> m_rows;
    QList<CacheEntryInfo> m_entries; // the latest, implicitly shared with the monitor's snapshot
    bool m_active = true;
    bool m_stale = false;
};

} // namespace CacheScope
