// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include "entrymodel.h"

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qpointer.h>
#include <QtCore/qrect.h>

#include <vector>

namespace CacheScope {

// The cost map's tiles: a squarified tree map of the live entries by cost, plus the free space up
// to the limit, laid out in C++ for a map of `size`. Entries whose tiles would be smaller than
// MinTileArea (or beyond the MaxTiles largest) share one "smaller entries" tile, so a cache of
// 100k entries is a few hundred tiles. The layout is redone only when costs, ranks, in-use flags,
// the limit or the size changed, and not while inactive (the view hidden): then once it is
// active again.
class CostMapModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(CacheScope::EntryModel *entries READ entries WRITE setEntries NOTIFY entriesChanged)
    Q_PROPERTY(QSizeF size READ size WRITE setSize NOTIFY sizeChanged)
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY tilesChanged)
    // Live entries on the map, whether in a tile of their own or in the "smaller entries" tile.
    Q_PROPERTY(int entryCount READ entryCount NOTIFY tilesChanged)
    // How many times the tiles were laid out: for tests and benchmarks.
    Q_PROPERTY(int layoutCount READ layoutCount NOTIFY tilesChanged)

public:
    enum Role {
        TileXRole = Qt::UserRole + 1,
        TileYRole,
        TileWidthRole,
        TileHeightRole,
        KindRole,     // "entry", "free" (up to the limit) or "rest" (the smaller entries)
        KeyRole,
        CostKbRole,   // an entry's cost; the free KiB; the smaller entries' sum
        RankRole,     // entries: 1 = the next victim
        InUseRole,
        EntriesRole,  // entries in the tile: 1, or how many smaller ones
        PositionRole, // entries: 0 for the next victim to 1 for the last to go; else -1
    };
    Q_ENUM(Role)

    static constexpr double MinTileArea = 25.0; // px², a tile of 5x5
    static constexpr int MaxTiles = 500;

    struct Tile
    {
        QRectF rect;
        QString kind;
        quint64 entryId = 0;
        QString key;
        qint64 costKb = 0;
        int rank = 0;
        bool inUse = false;
        int entries = 0;
        double position = -1;

        bool operator==(const Tile &other) const
        {
            return rect == other.rect && kind == other.kind && entryId == other.entryId
                    && key == other.key && costKb == other.costKb && rank == other.rank
                    && inUse == other.inUse && entries == other.entries
                    && position == other.position;
        }
    };

    explicit CostMapModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    EntryModel *entries() const { return m_entries; }
    void setEntries(EntryModel *entries);
    QSizeF size() const { return m_size; }
    void setSize(const QSizeF &size);
    bool isActive() const { return m_active; }
    void setActive(bool active);
    int entryCount() const { return m_entryCount; }
    int layoutCount() const { return m_layoutCount; }
    const QList<Tile> &tiles() const { return m_tiles; }

    // The row of the tile at (x, y) in the map, -1 for none: one hit test for the whole map.
    Q_INVOKABLE int tileAt(qreal x, qreal y) const;
    // A tile's roles by name ({kind, key, costKb, rank, inUse, entries, ...}); empty for none.
    Q_INVOKABLE QVariantMap tile(int row) const;

Q_SIGNALS:
    void entriesChanged();
    void sizeChanged();
    void activeChanged();
    void tilesChanged();

private:
    // What the layout depends on, per live entry in eviction order.
    struct Input
    {
        quint64 id = 0;
        qint64 costKb = 0;
        bool inUse = false;
        bool operator==(const Input &other) const
        {
            return id == other.id && costKb == other.costKb && inUse == other.inUse;
        }
    };
    void relayout();
    QList<Tile> layOut() const;
    void setTiles(QList<Tile> tiles);

    QPointer<EntryModel> m_entries;
    QMetaObject::Connection m_updates;
    QSizeF m_size;
    bool m_active = true;
    // What the tiles were laid out for.
    std::vector<Input> m_input;
    qint64 m_limitKb = -1;
    QSizeF m_laidOutSize;
    QList<Tile> m_tiles;
    int m_entryCount = 0;
    int m_layoutCount = 0;
};

} // namespace CacheScope
