// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import QtQuick.Controls
import CacheScope.Inspector

// The gallery beside the live inspector.
ApplicationWindow {
    id: window

    required property list<string> files
    // "files", or "network": the same pictures from the demo's own HTTP server on 127.0.0.1.
    property string album: "files"
    property string networkBase: ""
    property bool autoScroll: false
    property real soonIntervalMs: 0
    property real flushIntervalMs: 0

    width: 1440
    height: 900
    visible: true
    title: qsTr("CacheScope gallery")
    color: Theme.background
    palette.window: Theme.background
    palette.windowText: Theme.text
    palette.text: Theme.text
    palette.buttonText: Theme.text
    palette.base: Theme.panel
    palette.button: Theme.panel

    header: DemoToolBar {
        autoScroll: window.autoScroll
        soonIntervalMs: window.soonIntervalMs
        flushIntervalMs: window.flushIntervalMs
        album: window.album
        onAutoScrollToggled: (on) => window.autoScroll = on
        onAlbumChosen: (album) => window.album = album
    }

    SplitView {
        anchors.fill: parent

        GalleryGrid {
            files: window.files
            sourcePrefix: "image://cache/" + (window.album === "network" ? window.networkBase : "")
            autoScroll: window.autoScroll
            SplitView.fillWidth: true
            SplitView.minimumWidth: window.width / 3
        }

        CacheInspector {
            SplitView.preferredWidth: window.width * 0.45
            SplitView.minimumWidth: window.width * 0.3
        }
    }
}
