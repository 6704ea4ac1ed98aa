// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// The selected entry in detail: a larger preview, what it is and costs, how it has been used, and
// its own events. Once evicted it keeps what it knew and says what pushed it out.
Panel {
    id: root

    required property CacheMonitor monitor
    // The entry to show (EntryModel's entryId); 0 for none.
    property real entryId: 0
    readonly property EntryDetail entry: entryDetail

    EntryDetail {
        id: entryDetail
        monitor: root.monitor
        entryId: root.entryId
    }

    title: qsTr("Entry")
    source: monitor.offline ? monitor.sourceName : ""
    detail: !entryDetail.valid ? qsTr("select an entry")
            : entryDetail.present ? (entryDetail.inUse ? qsTr("in the cache · in use") : qsTr("in the cache"))
            : qsTr("evicted")

    Label {
        anchors.centerIn: parent
        visible: !entryDetail.valid
        text: qsTr("Click an entry, or move through the list with the arrow keys")
        color: Theme.textDim
    }
    RowLayout {
        anchors.fill: parent
        visible: entryDetail.valid
        spacing: Theme.padding

        Rectangle {
            Layout.preferredWidth: Theme.previewSize
            Layout.preferredHeight: Theme.previewSize
            Layout.alignment: Qt.AlignTop
            color: Theme.free
            radius: Theme.radius

            Image {
                objectName: "entryPreview"
                anchors.fill: parent
                anchors.margins: Theme.smallSpacing
                source: entryDetail.thumbnail
                sourceSize.width: Theme.previewSize
                sourceSize.height: Theme.previewSize
                fillMode: Image.PreserveAspectFit
                asynchronous: true
            }
            Label {
                anchors.centerIn: parent
                visible: entryDetail.thumbnail === ""
                text: entryDetail.present ? qsTr("no preview offline") : qsTr("gone")
                color: Theme.textDim
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.lineSpacing

            Label {
                objectName: "entryKey"
                text: entryDetail.key
                font.bold: true
                elide: Text.ElideMiddle
                Layout.fillWidth: true
            }
            GridLayout {
                columns: 2
                columnSpacing: Theme.spacing
                rowSpacing: 0
                Layout.fillWidth: true

                component Name: Label { color: Theme.textDim }
                component Value: Label { Layout.fillWidth: true; elide: Text.ElideRight }

                Name { text: qsTr("Source") }
                Value { text: entryDetail.source }
                Name { text: qsTr("Requested") }
                Value { objectName: "entryRequested"; text: entryDetail.requestedSize || qsTr("(not a provider key)") }
                Name { text: qsTr("Decoded") }
                Value {
                    objectName: "entryDecoded"
                    text: qsTr("%1×%2 · %3 · %4 bits").arg(entryDetail.decodedSize.width).arg(entryDetail.decodedSize.height)
                                                       .arg(entryDetail.format || qsTr("format unknown")).arg(entryDetail.depth)
                }
                Name { text: qsTr("Cost") }
                Value { text: Format.kib(entryDetail.costKb) }
                Name { text: qsTr("Hits") }
                Value { objectName: "entryHits"; text: Format.count(entryDetail.hits) }
                Name { text: qsTr("Age") }
                Value { text: entryDetail.ageMs < 0 ? "" : Format.duration(entryDetail.ageMs) }
                Name { text: qsTr("Idle") }
                Value { text: entryDetail.idleMs < 0 ? "" : Format.duration(entryDetail.idleMs) }
                Name { text: qsTr("Evicted"); visible: !entryDetail.present }
                Value { objectName: "entryEvictedBy"; visible: !entryDetail.present; text: entryDetail.evictedBy; color: Theme.miss }
            }
            Label {
                Layout.topMargin: Theme.smallSpacing
                text: qsTr("Its events")
                color: Theme.textDim
            }
            ListView {
                id: history
                objectName: "entryHistory"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: entryDetail.history
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar {}
                delegate: EventRow {
                    required property var modelData
                    width: history.width
                    timeMs: modelData.timeMs
                    type: modelData.type
                    summary: modelData.summary
                    now: root.monitor.now
                }
            }
        }
    }
}
