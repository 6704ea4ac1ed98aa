// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// One event in a list: how long ago, a dot in the colour of its type, and its summary.
Rectangle {
    id: root

    required property int index
    required property real timeMs
    required property string type
    required property string summary
    property real now
    // The event a click on a linked timeline went to: framed.
    property bool pointedAt: false

    height: Theme.eventRowHeight
    color: index % 2 ? Theme.rowAlternate : "transparent"
    border.color: pointedAt ? Theme.accent : "transparent"
    border.width: pointedAt ? 1 : 0

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.smallSpacing
        anchors.rightMargin: Theme.smallSpacing
        spacing: Theme.spacing

        Label {
            text: "-" + Format.duration(root.now - root.timeMs)
            color: Theme.textDim
            font.pixelSize: Theme.smallFontSize
            horizontalAlignment: Text.AlignRight
            Layout.preferredWidth: Theme.timeColumnWidth
        }
        Rectangle {
            color: Theme.eventColor(root.type)
            radius: width / 2
            Layout.preferredWidth: Theme.dotSize
            Layout.preferredHeight: Theme.dotSize
        }
        Label {
            objectName: "eventSummary"
            text: root.summary
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
    }
}
