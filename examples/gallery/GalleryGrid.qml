// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import QtQuick.Controls
import CacheScope.Inspector

// The pictures, through image://cache at thumbnail size (from files or over HTTP). Auto-scroll sweeps down and back up with
// the occasional jump, so entries are evicted and the flush timer has something to do.
GridView {
    id: grid

    required property list<string> files
    // "image://cache/" for the files, "image://cache/http://127.0.0.1:…/album/" for the network.
    property string sourcePrefix: "image://cache/"
    property bool autoScroll: false

    readonly property int thumbnailWidth: 200
    readonly property int thumbnailHeight: 150
    readonly property int gap: Theme.spacing

    clip: true
    // Columns fill the width; the pictures keep their requested size centred in each cell.
    cellWidth: width / Math.max(1, Math.floor(width / (thumbnailWidth + gap)))
    cellHeight: thumbnailHeight + gap
    model: files
    ScrollBar.vertical: ScrollBar {
    }

    delegate: Item {
        required property string modelData
        width: grid.cellWidth
        height: grid.cellHeight

        Rectangle {
            id: tile

            readonly property string modelData: parent.modelData

            anchors.centerIn: parent
            width: grid.thumbnailWidth
            height: grid.thumbnailHeight
            color: Theme.panel
            radius: Theme.radius

            Image {
                id: picture
                anchors.fill: parent
                source: grid.sourcePrefix + tile.modelData
                sourceSize: Qt.size(grid.thumbnailWidth, grid.thumbnailHeight)
                fillMode: Image.PreserveAspectFit
                asynchronous: true
                // CacheScope does the caching: without this, Qt Quick's own pixmap cache answers
                // repeated requests before the provider is asked.
                cache: false
            }

            Label {
                anchors.centerIn: parent
                visible: picture.status !== Image.Ready
                text: picture.status === Image.Error ? qsTr("error") : qsTr("loading…")
                color: picture.status === Image.Error ? Theme.error : Theme.textDim
            }
        }
    }

    // 0 = top, 1 = bottom. Animated instead of contentY itself, so the sweep follows the content
    // height as the window is resized.
    property real sweep: 0
    readonly property real scrollRange: Math.max(0, contentHeight - height)

    Binding {
        target: grid
        property: "contentY"
        value: grid.sweep * grid.scrollRange
        when: grid.autoScroll
        restoreMode: Binding.RestoreNone
    }

    SequentialAnimation {
        running: grid.autoScroll && grid.scrollRange > 0
        loops: Animation.Infinite

        NumberAnimation {
            target: grid
            property: "sweep"
            to: 1
            duration: grid.files.length * 40
        }
        PauseAnimation {
            duration: 1200
        }
        NumberAnimation {
            target: grid
            property: "sweep"
            to: 0.3
            duration: grid.files.length * 15
        }
        PauseAnimation {
            duration: 5000
        } // idle: the flush timer decays the cache
        NumberAnimation {
            target: grid
            property: "sweep"
            to: 0
            duration: grid.files.length * 10
        }
    }
}
