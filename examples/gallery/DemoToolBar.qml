// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope
import CacheScope.Inspector

// The album (files or network), auto-scroll, the cache limit, and the demo's flush intervals.
ToolBar {
    id: bar

    property bool autoScroll: false
    property string album: "files"
    property real soonIntervalMs: 0
    property real flushIntervalMs: 0
    signal autoScrollToggled(bool on)
    signal albumChosen(string album)

    readonly property int kbPerMb: 1024
    readonly property int minLimitMb: 1
    readonly property int maxLimitMb: 64

    background: Rectangle { color: Theme.panel }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.padding
        anchors.rightMargin: Theme.padding
        spacing: Theme.padding

        Switch {
            text: qsTr("Auto-scroll")
            checked: bar.autoScroll
            onToggled: bar.autoScrollToggled(checked)
        }
        ComboBox {
            id: albumChoice
            model: [
                { "value": "files", "text": qsTr("Files") },
                { "value": "network", "text": qsTr("Network (127.0.0.1)") }
            ]
            textRole: "text"
            valueRole: "value"
            currentIndex: bar.album === "network" ? 1 : 0
            onActivated: bar.albumChosen(currentValue)
            Layout.preferredWidth: 190
        }
        Label { text: qsTr("Cache limit"); color: Theme.text }
        Slider {
            id: limit
            from: bar.minLimitMb
            to: bar.maxLimitMb
            stepSize: 1
            value: ImageCache.cacheLimit / bar.kbPerMb
            onMoved: ImageCache.cacheLimit = value * bar.kbPerMb
            Layout.preferredWidth: 200
        }
        Label {
            text: qsTr("%1 MiB").arg((ImageCache.cacheLimit / bar.kbPerMb).toFixed(0))
            color: Theme.text
        }
        Label {
            text: qsTr("flush timer: %1 s busy / %2 s idle")
                  .arg(bar.flushIntervalMs / 1000).arg(bar.soonIntervalMs / 1000)
            color: Theme.textDim
        }
        Item { Layout.fillWidth: true }
        Label {
            visible: bar.album === "network"
            text: qsTr("disk hits %1 · 304s %2 · fetches %3")
                  .arg(ImageCache.diskHits).arg(ImageCache.revalidations).arg(ImageCache.fetches)
            color: Theme.textDim
        }
        Label {
            text: qsTr("%1 pictures · hit rate %2 %")
                  .arg(ImageCache.count).arg((ImageCache.hitRate * 100).toFixed(1))
            color: Theme.textDim
        }
    }
}
