// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// A squarified tree map of the entries by cost, with the free space up to the limit as its own
// tile and the entries too small to see as one "smaller entries" tile. Tiles are coloured by
// eviction order: warm for the next victims, cool for the safest. The layout is CostMapModel's
// (C++), redone only when what it shows changed and never while the map is hidden; one MouseArea
// finds the tile under the pointer.
Panel {
    id: root

    required property CacheMonitor monitor
    // The row of the tile under the pointer, -1 for none.
    property int hovered: -1
    readonly property var hoveredTile: {
        tiles.layoutCount; // re-read when the tiles change under a still pointer
        return hovered >= 0 ? tiles.tile(hovered) : {};
    }

    function tileColor(kind: string, position: real): color {
        if (kind === "free")
            return Theme.free;
        if (kind === "rest")
            return Theme.restTile;
        return Qt.hsla(Theme.victimHue + (Theme.keptHue - Theme.victimHue) * position, Theme.tileSaturation,
                       Theme.tileLightness, 1);
    }
    function describe(tile: var): string {
        if (tile.kind === "free")
            return qsTr("free: %1").arg(Format.kib(tile.costKb));
        if (tile.kind === "rest")
            return qsTr("%1 smaller entries: %2").arg(Format.count(tile.entries)).arg(Format.kib(tile.costKb));
        return qsTr("%1\n%2 · eviction rank %3%4").arg(tile.key).arg(Format.kib(tile.costKb)).arg(tile.rank)
                .arg(tile.inUse ? qsTr(" · in use") : "");
    }

    title: qsTr("Cost map")
    source: monitor.offline ? monitor.sourceName : ""
    detail: monitor.sourceKind === "trace" ? "" : qsTr("%1 of %2").arg(Format.kib(monitor.totalUsed)).arg(Format.kib(monitor.cacheLimit))

    CostMapModel {
        id: tiles

        entries: root.monitor.entries
        size: Qt.size(map.width, map.height)
        active: root.visible
        onTilesChanged: root.hovered = hover.containsMouse ? tiles.tileAt(hover.mouseX, hover.mouseY) : -1
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        CostMapLegend {
            Layout.fillWidth: true
        }

        Item {
            id: map
            objectName: "costMap"
            Layout.fillWidth: true
            Layout.fillHeight: true

            Repeater {
                objectName: "costTiles"
                model: tiles

                delegate: Rectangle {
                    id: tile
                    objectName: "costTile"

                    required property int index
                    required property real tileX
                    required property real tileY
                    required property real tileWidth
                    required property real tileHeight
                    required property string kind
                    required property string key
                    required property real costKb
                    required property bool inUse
                    required property int entries
                    required property real position
                    readonly property bool labelled: width >= Theme.tileLabelMinWidth && height >= Theme.tileLabelMinHeight

                    x: tileX + Theme.tileGap / 2
                    y: tileY + Theme.tileGap / 2
                    width: Math.max(0, tileWidth - Theme.tileGap)
                    height: Math.max(0, tileHeight - Theme.tileGap)
                    radius: Theme.radius
                    color: root.tileColor(kind, position)
                    border.color: inUse || root.hovered === index ? Theme.text : Theme.panelBorder
                    border.width: inUse ? Theme.lineWidth : 1

                    // Labels only on tiles with room for them: most tiles create no text at all.
                    Repeater {
                        model: tile.labelled ? 1 : 0

                        delegate: Column {
                            x: Theme.smallSpacing
                            y: Theme.smallSpacing
                            width: tile.width - 2 * Theme.smallSpacing

                            Label {
                                objectName: "tileLabel"
                                width: parent.width
                                text: tile.kind === "free" ? qsTr("free")
                                    : tile.kind === "rest" ? qsTr("%1 smaller").arg(Format.count(tile.entries)) : tile.key
                                color: tile.kind === "entry" ? Theme.text : Theme.textDim
                                elide: Text.ElideMiddle
                                font.pixelSize: Theme.smallFontSize
                            }
                            Label {
                                text: Format.kib(tile.costKb)
                                color: tile.kind === "entry" ? Theme.text : Theme.textDim
                                font.pixelSize: Theme.smallFontSize
                                font.bold: true
                            }
                        }
                    }
                }
            }
            MouseArea {
                // One hit test for the whole map, however many tiles.
                id: hover
                objectName: "costMapHover"
                anchors.fill: parent
                hoverEnabled: true
                onPositionChanged: root.hovered = tiles.tileAt(mouseX, mouseY)
                onExited: root.hovered = -1
                ToolTip.visible: containsMouse && root.hovered >= 0
                ToolTip.text: root.hovered >= 0 ? root.describe(root.hoveredTile) : ""
            }
            Label {
                anchors.centerIn: parent
                visible: tiles.count === 0
                text: root.monitor.sourceKind === "trace" ? qsTr("A trace has no entries: open a snapshot")
                                                          : qsTr("No limit and no entries")
                color: Theme.textDim
            }
        }
    }
}
