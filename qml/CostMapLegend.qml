// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector

// What the cost map's colours mean: next victim to kept longest, in use (outlined), smaller
// entries together.
RowLayout {
    spacing: Theme.smallSpacing

    component Swatch: Rectangle {
        Layout.preferredWidth: Theme.dotSize * 2
        Layout.preferredHeight: Theme.dotSize * 2
    }
    component Caption: Label {
        color: Theme.textDim
        font.pixelSize: Theme.smallFontSize
    }

    Swatch {
        color: Qt.hsla(Theme.victimHue, Theme.tileSaturation, Theme.tileLightness, 1)
    }
    Caption {
        text: qsTr("next victim →")
    }
    Swatch {
        color: Qt.hsla(Theme.keptHue, Theme.tileSaturation, Theme.tileLightness, 1)
    }
    Caption {
        text: qsTr("kept longest")
        Layout.rightMargin: Theme.spacing
    }
    Swatch {
        color: "transparent"
        border.color: Theme.text
        border.width: Theme.lineWidth
    }
    Caption {
        text: qsTr("in use")
        Layout.rightMargin: Theme.spacing
    }
    Swatch {
        color: Theme.restTile
    }
    Caption {
        text: qsTr("smaller")
        elide: Text.ElideRight
        Layout.fillWidth: true
    }
}
