// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format
import "Treemap.js" as Treemap

// A squarified tree map of the entries by cost, with the free space up to the limit as its own
// tile. Tiles are coloured by eviction order: warm for the next victims, cool for the safest.
Panel {
    id: root

    required property CacheMonitor monitor
    // What the map shows: [{weight, key, costKb, rank, inUse, free}], rebuilt after each refresh.
    property var items: []
    readonly property int liveCount: items.filter(item => !item.free).length
    readonly property var tiles: Treemap.squarify(items, map.width, map.height)

    // Reads the live rows; the free space is the limit minus what they use.
    function collect(): var {
        const result = [];
        const entries = monitor.entries;
        for (let row = 0; row < entries.count; ++row) {
            const index = entries.index(row, 0);
            if (entries.data(index, EntryModel.EvictedRole))
                continue;
            const cost = entries.data(index, EntryModel.CostKbRole);
            result.push({ "weight": cost, "key": entries.data(index, EntryModel.KeyRole), "costKb": cost,
                          "rank": entries.data(index, EntryModel.RankRole),
                          "inUse": entries.data(index, EntryModel.InUseRole), "free": false });
        }
        const free = monitor.cacheLimit - monitor.totalUsed;
        if (free > 0)
            result.push({ "weight": free, "key": "", "costKb": free, "rank": 0, "inUse": false, "free": true });
        return result;
    }
    // Only a real change replaces the tiles, so hovering survives the refreshes in between.
    function update() {
        const next = collect();
        if (JSON.stringify(next) !== JSON.stringify(items))
            items = next;
    }
    function tileColor(item: var): color {
        if (item.free)
            return Theme.free;
        const position = liveCount > 1 ? (item.rank - 1) / (liveCount - 1) : 0;
        return Qt.hsla(Theme.victimHue + (Theme.keptHue - Theme.victimHue) * position, Theme.tileSaturation,
                       Theme.tileLightness, 1);
    }

    title: qsTr("Cost map")
    detail: qsTr("%1 of %2").arg(Format.kib(monitor.totalUsed)).arg(Format.kib(monitor.cacheLimit))

    Component.onCompleted: update()
    onMonitorChanged: update()
    Connections {
        target: root.monitor
        function onStatsChanged() {
            root.update();
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        RowLayout {
            spacing: Theme.smallSpacing
            Layout.fillWidth: true

            Rectangle {
                Layout.preferredWidth: Theme.dotSize * 2
                Layout.preferredHeight: Theme.dotSize * 2
                color: Qt.hsla(Theme.victimHue, Theme.tileSaturation, Theme.tileLightness, 1)
            }
            Label {
                text: qsTr("next victim →")
                color: Theme.textDim
                font.pixelSize: Theme.smallFontSize
            }
            Rectangle {
                Layout.preferredWidth: Theme.dotSize * 2
                Layout.preferredHeight: Theme.dotSize * 2
                color: Qt.hsla(Theme.keptHue, Theme.tileSaturation, Theme.tileLightness, 1)
            }
            Label {
                text: qsTr("kept longest")
                color: Theme.textDim
                font.pixelSize: Theme.smallFontSize
                Layout.rightMargin: Theme.spacing
            }
            Rectangle {
                color: "transparent"
                border.color: Theme.text
                border.width: Theme.lineWidth
                Layout.preferredWidth: Theme.dotSize * 2
                Layout.preferredHeight: Theme.dotSize * 2
            }
            Label {
                text: qsTr("in use")
                color: Theme.textDim
                font.pixelSize: Theme.smallFontSize
                Layout.fillWidth: true
            }
        }

        Item {
            id: map
            objectName: "costMap"
            Layout.fillWidth: true
            Layout.fillHeight: true

            Repeater {
                id: tileRepeater
                objectName: "costTiles"
                model: root.tiles

                delegate: Rectangle {
                    id: tile
                    objectName: "costTile"

                    required property var modelData
                    readonly property var entry: modelData.item
                    readonly property bool labelled: width >= Theme.tileLabelMinWidth && height >= Theme.tileLabelMinHeight

                    x: modelData.x + Theme.tileGap / 2
                    y: modelData.y + Theme.tileGap / 2
                    width: Math.max(0, modelData.width - Theme.tileGap)
                    height: Math.max(0, modelData.height - Theme.tileGap)
                    radius: Theme.radius
                    color: root.tileColor(entry)
                    border.color: entry.inUse ? Theme.text : Theme.panelBorder
                    border.width: entry.inUse ? Theme.lineWidth : 1
                    ToolTip.visible: hover.containsMouse
                    ToolTip.text: entry.free ? qsTr("free: %1").arg(Format.kib(entry.costKb))
                                             : qsTr("%1\n%2 · eviction rank %3%4").arg(entry.key).arg(Format.kib(entry.costKb))
                                               .arg(entry.rank).arg(entry.inUse ? qsTr(" · in use") : "")

                    ColumnLayout {
                        anchors.fill: parent
                        anchors.margins: Theme.smallSpacing
                        visible: tile.labelled
                        spacing: 0

                        Label {
                            objectName: "tileLabel"
                            text: tile.entry.free ? qsTr("free") : tile.entry.key
                            color: tile.entry.free ? Theme.textDim : Theme.text
                            elide: Text.ElideMiddle
                            font.pixelSize: Theme.smallFontSize
                            Layout.fillWidth: true
                        }
                        Label {
                            text: Format.kib(tile.entry.costKb)
                            color: tile.entry.free ? Theme.textDim : Theme.text
                            font.pixelSize: Theme.smallFontSize
                            font.bold: true
                            Layout.fillWidth: true
                        }
                        Item {
                            Layout.fillHeight: true
                        }
                    }
                    MouseArea {
                        id: hover
                        anchors.fill: parent
                        hoverEnabled: true
                    }
                }
            }
            Label {
                anchors.centerIn: parent
                visible: root.items.length === 0
                text: qsTr("No limit and no entries")
                color: Theme.textDim
            }
        }
    }
}
