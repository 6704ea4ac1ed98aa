// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import CacheScope.Inspector
import "Format.js" as Format

// One event in a list: how long ago, a dot in the colour of its type, and its summary.
// Plain Text and anchors rather than Controls labels in a layout: a followed log brings a screenful
// of new rows at every refresh, so a row must be cheap to create and to rebind.
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

    Text {
        id: age
        x: Theme.smallSpacing
        width: Theme.timeColumnWidth
        height: parent.height
        verticalAlignment: Text.AlignVCenter
        horizontalAlignment: Text.AlignRight
        text: "-" + Format.duration(root.now - root.timeMs)
        color: Theme.textDim
        font.pixelSize: Theme.smallFontSize
    }
    Rectangle {
        id: dot
        x: age.x + age.width + Theme.spacing
        anchors.verticalCenter: parent.verticalCenter
        width: Theme.dotSize
        height: Theme.dotSize
        radius: Theme.dotSize / 2
        color: Theme.eventColor(root.type)
    }
    Text {
        objectName: "eventSummary"
        x: dot.x + dot.width + Theme.spacing
        width: root.width - x - Theme.smallSpacing
        height: parent.height
        verticalAlignment: Text.AlignVCenter
        text: root.summary
        elide: Text.ElideRight
        color: Theme.text
        font.pixelSize: Theme.fontSize
    }
}
