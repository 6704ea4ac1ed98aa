// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import QtQuick.Controls
import CacheScope

ApplicationWindow {
    width: 480
    height: 320
    visible: true
    title: qsTr("CacheScope minimal")

    Row {
        anchors.centerIn: parent
        spacing: 16

        Repeater {
            model: ["teal", "orange", "slateblue"]
            delegate: Image {
                required property string modelData
                source: "image://cache/swatch/" + modelData
                sourceSize: Qt.size(96, 96)
            }
        }
    }

    Label {
        anchors { bottom: parent.bottom; horizontalCenter: parent.horizontalCenter; margins: 16 }
        text: qsTr("%1 cached · %2 KiB · hit rate %3 %").arg(ImageCache.count)
              .arg(ImageCache.totalUsed).arg((ImageCache.hitRate * 100).toFixed(0))
    }
}
