// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// The time window's state and buttons: zoom out and in, what it shows ("last 1 min, following",
// or the clock times of both ends once panned), and back to the default view.
RowLayout {
    id: root

    required property TimeWindow window

    spacing: Theme.smallSpacing

    component BarButton: Button {
        implicitWidth: implicitContentWidth + leftPadding + rightPadding
        font.pixelSize: Theme.smallFontSize
        leftPadding: Theme.buttonPadding
        rightPadding: Theme.buttonPadding
        topPadding: Theme.lineSpacing
        bottomPadding: Theme.lineSpacing
        focusPolicy: Qt.NoFocus
        ToolTip.visible: hovered && ToolTip.text.length > 0
    }

    BarButton {
        objectName: "zoomOut"
        text: "−"
        enabled: root.window.spanMs < root.window.maxSpanMs
        onClicked: root.window.zoom(1 / root.window.zoomStep, root.window.endMs - root.window.spanMs / 2)
        ToolTip.text: qsTr("Zoom out (−, or the wheel over a chart)")
    }
    BarButton {
        objectName: "zoomIn"
        text: "+"
        enabled: root.window.spanMs > root.window.minSpanMs
        onClicked: root.window.zoom(root.window.zoomStep, root.window.endMs - root.window.spanMs / 2)
        ToolTip.text: qsTr("Zoom in (+, or the wheel over a chart)")
    }
    Label {
        objectName: "windowState"
        text: root.window.following ? qsTr("last %1 · following").arg(Format.duration(root.window.spanMs))
                                    : qsTr("%1 – %2").arg(root.window.clockText(root.window.startMs))
                                                     .arg(root.window.clockText(root.window.endMs))
        color: Theme.textDim
        font.pixelSize: Theme.smallFontSize
        elide: Text.ElideRight
        Layout.fillWidth: true
    }
    BarButton {
        objectName: "resetWindow"
        visible: !root.window.autoSpan || !root.window.following
        text: qsTr("Reset")
        onClicked: root.window.reset()
        ToolTip.text: qsTr("Follow the present, showing all recent data (0)")
    }
}
