// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector

// The frame every inspector view sits in: a title, an optional line of detail on the right, and
// the view's content below. Offline, a tag in the title names the file the view shows.
Rectangle {
    id: root

    property string title
    property string detail
    // The file shown instead of the live cache; empty when live.
    property string source
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
            Badge {
                objectName: "panelSource"
                visible: root.source.length > 0
                text: qsTr("offline · %1").arg(root.source)
                tint: Theme.offline
                Layout.maximumWidth: root.width / 2
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
