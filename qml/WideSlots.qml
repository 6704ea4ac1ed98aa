// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import QtQuick.Layouts
import CacheScope.Inspector

// Where CacheInspector puts its views when wide: two pages of three columns. "Live": overview and
// flush timer, entries and history, cost map and event log. "Investigate": entries, the selected
// entry over the evicted list, the working set over the what-if curve. Within a column the upper
// slot takes a fixed share. (Anchors, not nested layouts: a layout ignores size hints that change
// while it lays out, so heights bound to its own size would stick at their first values.)
Item {
    id: root

    property int page: 0 // 0: live, 1: investigate

    readonly property Item overviewSlot: overview
    readonly property Item flushSlot: flush
    readonly property Item entriesSlot: page === 0 ? liveEntries : investigateEntries
    readonly property Item historySlot: history
    readonly property Item costMapSlot: costMap
    readonly property Item eventLogSlot: eventLog
    readonly property Item detailSlot: detail
    readonly property Item evictedSlot: evicted
    readonly property Item workingSetSlot: workingSet
    readonly property Item whatIfSlot: whatIf

    component Column: Item {
        id: column
        property real fraction: 0.5
        readonly property Item upper: upperSlot
        readonly property Item lower: lowerSlot
        Layout.fillHeight: true
        Item {
            id: upperSlot
            width: parent.width
            height: (parent.height - Theme.spacing) * column.fraction
        }
        Item {
            id: lowerSlot
            anchors.top: upperSlot.bottom
            anchors.topMargin: Theme.spacing
            anchors.bottom: parent.bottom
            width: parent.width
        }
    }

    RowLayout {
        anchors.fill: parent
        visible: root.page === 0
        spacing: Theme.spacing

        Column {
            id: liveLeft
            fraction: Theme.overviewFraction
            Layout.preferredWidth: Theme.sidePanelWidth
        }
        Column {
            id: liveMiddle
            fraction: Theme.topRowFraction
            Layout.fillWidth: true
        }
        Column {
            id: liveRight
            fraction: Theme.costMapFraction
            Layout.preferredWidth: Theme.rightPanelWidth
        }
    }
    RowLayout {
        anchors.fill: parent
        visible: root.page === 1
        spacing: Theme.spacing

        Item {
            id: investigateEntries
            Layout.fillWidth: true
            Layout.fillHeight: true
        }
        Column {
            id: investigateMiddle
            fraction: Theme.detailFraction
            Layout.preferredWidth: Theme.rightPanelWidth
        }
        Column {
            id: investigateRight
            fraction: Theme.workingSetFraction
            Layout.preferredWidth: Theme.rightPanelWidth
        }
    }

    // Aliases into the columns, by name.
    readonly property Item overview: liveLeft.upper
    readonly property Item flush: liveLeft.lower
    readonly property Item liveEntries: liveMiddle.upper
    readonly property Item history: liveMiddle.lower
    readonly property Item costMap: liveRight.upper
    readonly property Item eventLog: liveRight.lower
    readonly property Item detail: investigateMiddle.upper
    readonly property Item evicted: investigateMiddle.lower
    readonly property Item workingSet: investigateRight.upper
    readonly property Item whatIf: investigateRight.lower
}
