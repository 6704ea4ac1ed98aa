// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector

// One number of the overview with its name above it.
ColumnLayout {
    id: root

    property string label
    property string value
    property color tint: Theme.text

    spacing: 0

    Label {
        text: root.label
        color: Theme.textDim
        font.pixelSize: Theme.smallFontSize
    }
    Label {
        objectName: root.objectName + "Value"
        text: root.value
        color: root.tint
        font.pixelSize: Theme.valueFontSize
        font.bold: true
    }
}
