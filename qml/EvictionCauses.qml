// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// How many entries left the cache and why: the total, then a count per cause in its colour.
ColumnLayout {
    id: root

    required property CacheMonitor monitor
    readonly property var causes: [
        { "key": "costLimit", "label": qsTr("cost limit") },
        { "key": "flushTimer", "label": qsTr("flush timer") },
        { "key": "removed", "label": qsTr("removed") },
        { "key": "replaced", "label": qsTr("replaced") },
        { "key": "cleared", "label": qsTr("cleared") },
        { "key": "trimmed", "label": qsTr("trimmed") }
    ]

    spacing: Theme.spacing

    Label {
        text: qsTr("Evictions: %1 · %2").arg(Format.count(root.monitor.evictions)).arg(Format.kib(root.monitor.evictedKb))
        font.bold: true
    }
    GridLayout {
        columns: 2
        columnSpacing: Theme.padding
        rowSpacing: Theme.smallSpacing
        Layout.fillWidth: true

        Repeater {
            model: root.causes

            delegate: RowLayout {
                id: cause

                required property var modelData

                spacing: Theme.smallSpacing
                Layout.fillWidth: true

                Rectangle {
                    width: Theme.dotSize
                    height: Theme.dotSize
                    radius: width / 2
                    color: Theme.causeColor(cause.modelData.key)
                }
                Label {
                    text: cause.modelData.label
                    color: Theme.textDim
                    Layout.fillWidth: true
                }
                Label {
                    objectName: "evictions_" + cause.modelData.key
                    text: Format.count(root.monitor.evictionsByCause[cause.modelData.key] || 0)
                }
            }
        }
    }
}
