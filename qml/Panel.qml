// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector

// The frame every inspector view sits in: a title, an optional line of detail on the right, and
// the view's content below.
Rectangle {
    id: root

    property string title
    property string detail
    property bool showHeader: true
    default property alias content: body.data

    color: Theme.panel
    border.color: Theme.panelBorder
    radius: Theme.radius
    clip: true

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.padding
        spacing: Theme.spacing

        RowLayout {
            visible: root.showHeader
            spacing: Theme.spacing
            Layout.fillWidth: true

            Label {
                text: root.title
                font.bold: true
                font.pixelSize: Theme.headingFontSize
            }
            Label {
                objectName: "panelDetail"
                text: root.detail
                color: Theme.textDim
                font.pixelSize: Theme.smallFontSize
                elide: Text.ElideRight
                horizontalAlignment: Text.AlignRight
                Layout.fillWidth: true
            }
        }
        Item {
            id: body
            Layout.fillWidth: true
            Layout.fillHeight: true
        }
    }
}
