// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// What one flush tick evicted, from the eviction post-mortem: opened by clicking the tick.
Popup {
    id: root

    property string title
    property var rows: [] // EvictedModel.evictedBy(): [{key, costKb, cause}]

    padding: Theme.padding
    width: Theme.rightPanelWidth
    height: Math.min(implicitHeight, Theme.popupMaxHeight)
    background: Rectangle {
        color: Theme.panel
        border.color: Theme.accent
        radius: Theme.radius
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.smallSpacing

        Label {
            text: root.title
            font.bold: true
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        Label {
            visible: root.rows.length === 0
            text: qsTr("Evicted nothing, or before the inspector watched")
            color: Theme.textDim
        }
        ListView {
            id: list
            objectName: "tickEvictedList"
            model: root.rows
            clip: true
            implicitHeight: contentHeight
            Layout.fillWidth: true
            Layout.fillHeight: true
            ScrollBar.vertical: ScrollBar {}
            delegate: RowLayout {
                required property var modelData
                width: list.width
                spacing: Theme.spacing
                Label {
                    text: parent.modelData.key
                    elide: Text.ElideMiddle
                    Layout.fillWidth: true
                }
                Label {
                    text: Format.kib(parent.modelData.costKb)
                    color: Theme.textDim
                }
            }
        }
    }
}
