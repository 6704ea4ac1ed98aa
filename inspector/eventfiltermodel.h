// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qsortfilterproxymodel.h>

namespace CacheScope {

// Filters an EventListModel by text and by event type for the event log view.
class EventFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_PROPERTY(QString filterText READ filterText WRITE setFilterText NOTIFY filterTextChanged)
    // Event type names to show ("hit", "miss", "evict", ...); empty shows all.
    Q_PROPERTY(QStringList types READ types WRITE setTypes NOTIFY typesChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit EventFilterModel(QObject *parent = nullptr);

    QString filterText() const { return m_filterText; }
    void setFilterText(const QString &text);
    QStringList types() const { return m_types; }
    void setTypes(const QStringList &types);
    int count() const { return rowCount(); }
    // The first shown row at or after timeMs (the monitor's clock), the last row if none is;
    // -1 when empty. Rows are in time order, so a binary search.
    Q_INVOKABLE int rowAtTime(double timeMs) const;

Q_SIGNALS:
    void filterTextChanged();
    void typesChanged();
    void countChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_filterText;
    QStringList m_types;
};

} // namespace CacheScope
