// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import CacheScope.Inspector

// The narrow inspector's tabs, one per view, in CacheInspector's order of views.
TabBar {
    Repeater {
        model: [qsTr("Overview"), qsTr("Entries"), qsTr("Map"), qsTr("History"), qsTr("Flush"), qsTr("Log")]

        delegate: TabButton {
            required property string modelData

            text: modelData
            font.pixelSize: Theme.tabFontSize
            leftPadding: Theme.tabPadding
            rightPadding: Theme.tabPadding
        }
    }
}
