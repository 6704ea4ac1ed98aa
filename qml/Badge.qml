// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import QtQuick.Controls
import CacheScope.Inspector

// A small coloured tag: "next victim", "in use", an event type.
Rectangle {
    id: root

    property alias text: label.text
    property color tint: Theme.accent

    implicitWidth: label.implicitWidth + 2 * Theme.badgePadding
    implicitHeight: label.implicitHeight + Theme.badgePadding / 2
    radius: height / 2
    color: Qt.rgba(tint.r, tint.g, tint.b, Theme.badgeFillAlpha)
    border.color: tint

    Label {
        id: label
        anchors.centerIn: parent
        color: root.tint
        font.pixelSize: Theme.smallFontSize
    }
}
