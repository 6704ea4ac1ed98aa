// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import CacheScope.Inspector

// The narrow inspector's tabs, one per view, in CacheInspector's order of views (or other names:
// the wide inspector's pages).
TabBar {
    id: root

    // Its size comes from where it is put, never from its buttons (whose widths follow its own).
    implicitWidth: 0

    property var names: [qsTr("Overview"), qsTr("Entries"), qsTr("Map"), qsTr("History"), qsTr("Flush"),
                         qsTr("Log"), qsTr("Entry"), qsTr("Evicted"), qsTr("Working set"), qsTr("What-if")]

    Repeater {
        model: root.names

        delegate: TabButton {
            required property string modelData

            text: modelData
            // Even shares while they fit; their own widths (the bar then scrolls) when not.
            width: Math.max(implicitWidth, root.width / root.names.length)
            font.pixelSize: Theme.tabFontSize
            leftPadding: Theme.tabPadding
            rightPadding: Theme.tabPadding
        }
    }
}
