// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// Where the cache's memory goes to waste: keys that keep coming back soon after they were
// evicted (re-misses), and sources cached at several sizes.
Panel {
    id: root

    required property CacheMonitor monitor
    readonly property ThrashDetector thrash: monitor.thrash
    readonly property DuplicateSourceModel duplicates: monitor.duplicates

    // Grouping every entry by source is only worth it while someone looks.
    Binding {
        target: root.duplicates
        property: "active"
        value: root.visible
    }

    title: qsTr("Working set")
    source: monitor.offline ? monitor.sourceName : ""
    detail: qsTr("re-miss rate %1").arg(Format.percent(thrash.reMissRate))

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.smallSpacing

        Label {
            text: qsTr("Re-missed most")
            color: Theme.textDim
        }
        Repeater {
            // A count, not the list (a new one whenever a key re-misses): rows stay and rebind.
            model: root.thrash.topKeys.length

            delegate: RowLayout {
                id: reMissed

                required property int index
                readonly property var modelData: root.thrash.topKeys[index] ?? ({ "key": "", "lastCause": "", "reMisses": 0 })

                spacing: Theme.spacing
                Layout.fillWidth: true

                Label {
                    objectName: "reMissKey"
                    text: reMissed.modelData.key
                    elide: Text.ElideMiddle
                    Layout.fillWidth: true
                }
                Badge {
                    text: reMissed.modelData.lastCause
                    tint: Theme.causeColor(reMissed.modelData.lastCause)
                }
                Label {
                    text: Format.plural(reMissed.modelData.reMisses, qsTr("re-miss"), qsTr("re-misses"))
                    color: Theme.miss
                    horizontalAlignment: Text.AlignRight
                    Layout.preferredWidth: Theme.costColumnWidth
                }
            }
        }
        Label {
            visible: root.thrash.topKeys.length === 0
            text: qsTr("No re-misses")
            color: Theme.textDim
            font.pixelSize: Theme.smallFontSize
        }
        Label {
            objectName: "duplicatesSummary"
            Layout.topMargin: Theme.spacing
            text: root.duplicates.count === 0 ? qsTr("No source is cached at more than one size")
                  : qsTr("%1 at several sizes · %2 beyond the largest copies")
                        .arg(Format.plural(root.duplicates.count, qsTr("source"), qsTr("sources")))
                        .arg(Format.kib(root.duplicates.extraKb))
            color: Theme.textDim
        }
        ListView {
            id: duplicateList
            objectName: "duplicateList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: root.duplicates
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            delegate: RowLayout {
                id: duplicate

                required property string source
                required property string sizes
                required property real extraKb

                width: duplicateList.width
                spacing: Theme.spacing

                Label {
                    text: duplicate.source
                    elide: Text.ElideMiddle
                    Layout.fillWidth: true
                }
                Label {
                    text: duplicate.sizes
                    color: Theme.textDim
                    font.pixelSize: Theme.smallFontSize
                    elide: Text.ElideRight
                    Layout.maximumWidth: duplicateList.width / 3
                }
                Label {
                    text: "+" + Format.kib(duplicate.extraKb)
                    color: Theme.miss
                    horizontalAlignment: Text.AlignRight
                    Layout.preferredWidth: Theme.costColumnWidth
                }
            }
        }
    }
}
