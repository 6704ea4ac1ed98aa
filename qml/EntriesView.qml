// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// One row per entry, in eviction order by default (the next victim on top): thumbnail, key,
// dimensions, hits, age since last use, in-use badge, and cost with a bar proportional to the
// limit. Rows flash on a hit; evicted rows fade out showing their cause. The model follows the
// cache by moving, inserting and removing rows, so the list keeps its place while the cache works.
Panel {
    id: root

    required property CacheMonitor monitor
    // The entry picked by a click or the arrow keys (its entryId); 0 for none. Kept while the
    // cache moves rows around: rows are followed by id, not by place.
    property real selectedEntryId: 0

    title: qsTr("Entries")
    source: monitor.offline ? monitor.sourceName : ""
    detail: entries.count === root.monitor.entries.count
            ? Format.plural(entries.count, qsTr("entry"), qsTr("entries"))
            : qsTr("%1 of %2 entries").arg(entries.count).arg(root.monitor.entries.count)

    EntryFilterModel {
        id: entries

        sourceModel: root.monitor.entries
        filterText: filterField.text
        // currentIndex is -1 until the ComboBox has its model
        sortKey: Math.max(0, sortBox.currentIndex)
        descending: orderButton.checked
        active: root.visible // hidden behind another tab, it does not sort 10k rows at 10 Hz
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        RowLayout {
            spacing: Theme.spacing
            Layout.fillWidth: true

            TextField {
                id: filterField
                objectName: "entryFilter"
                placeholderText: qsTr("Filter by key")
                placeholderTextColor: Theme.textDim
                selectByMouse: true
                Layout.fillWidth: true
                Layout.minimumWidth: Theme.fieldMinWidth
            }
            ComboBox {
                id: sortBox
                objectName: "entrySort"
                // In EntryFilterModel.SortKey order.
                model: [qsTr("Eviction order"), qsTr("Cost"), qsTr("Hits"), qsTr("Key")]
            }
            Button {
                id: orderButton
                objectName: "entryOrder"
                checkable: true
                implicitWidth: implicitHeight
                text: checked ? "↓" : "↑"
                ToolTip.visible: hovered
                ToolTip.text: checked ? qsTr("Descending") : qsTr("Ascending")
            }
        }

        ListView {
            id: list
            objectName: "entryList"
            model: entries
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            Layout.fillWidth: true
            Layout.fillHeight: true
            ScrollBar.vertical: ScrollBar {}

            currentIndex: -1
            keyNavigationEnabled: true
            activeFocusOnTab: true
            onCurrentItemChanged: {
                if (currentItem)
                    root.selectedEntryId = (currentItem as EntryDelegate).entryId
            }

            delegate: EntryDelegate {
                id: entryRow
                width: list.width
                now: root.monitor.now
                selected: entryId === root.selectedEntryId
                focused: list.activeFocus

                TapHandler {
                    onTapped: {
                        list.currentIndex = entryRow.index
                        list.forceActiveFocus()
                    }
                }
            }
            Rectangle { // visible keyboard focus
                anchors.fill: parent
                color: "transparent"
                border.color: Theme.accent
                border.width: Theme.focusWidth
                visible: list.activeFocus
            }

            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: root.monitor.sourceKind === "trace" ? qsTr("A trace has no entries: open a snapshot")
                    : root.monitor.entries.count > 0 ? qsTr("No entry matches")
                    : root.monitor.offline ? qsTr("The snapshot has no entries") : qsTr("The cache is empty")
                color: Theme.textDim
            }
        }
    }
}
