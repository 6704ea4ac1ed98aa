// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector

// The whole inspector, to embed anywhere. Watches `monitor` if one is given, otherwise a
// CacheMonitor of its own on the provider's cache. Wider than Theme.narrowWidth it shows every
// view at once: controls on top; overview and flush timer on the left, entries and history in the
// middle, cost map and event log on the right. Narrower, one view at a time under a tab bar; the
// same views, moved, not made anew.
Pane {
    id: root

    // The monitor to show; null (the default) for the inspector's own, on ImageCache.instance().
    property CacheMonitor monitor
    readonly property CacheMonitor activeMonitor: monitor ? monitor : ownMonitor
    readonly property bool narrow: width < Theme.narrowWidth
    // The view shown in the narrow layout, kept across layout changes.
    property int currentTab: 0
    // The wide layout's page: 0 live, 1 investigate (the selected entry, evictions, working set,
    // what-if limit).
    property int widePage: 0

    padding: Theme.spacing
    font.pixelSize: Theme.fontSize
    // No `placeholderText` here (the text fields set placeholderTextColor instead): Qt 6.4 checks a
    // grouped `palette` binding against one of the palette type's registrations, QtQuick.Templates
    // registers that type too, at a version below the property's (6.2), and which one it finds
    // varies from process to process. Under Qt Quick Test runners about a third of the runs failed
    // to load the inspector ("is not available due to component versioning"), whatever the file
    // imported first; tests/qml/install loads it in many processes.
    palette {
        window: Theme.panel
        windowText: Theme.text
        base: Theme.background
        alternateBase: Theme.rowAlternate
        text: Theme.text
        button: Theme.control
        buttonText: Theme.text
        brightText: Theme.text
        highlight: Theme.accent
        highlightedText: Theme.background
        light: Theme.controlHover
        midlight: Theme.free
        mid: Theme.panelBorder
        dark: Theme.controlChecked
        shadow: Theme.background
        toolTipBase: Theme.control
        toolTipText: Theme.text
    }
    background: Rectangle {
        color: Theme.background
    }

    CacheMonitor {
        // Paused, it does not observe the cache: the inspector's own monitor while none is given.
        id: ownMonitor
        paused: root.monitor !== null
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        ControlsBar {
            objectName: "controlsBar"
            monitor: root.activeMonitor
            compact: root.narrow
            Layout.fillWidth: true
        }
        InspectorTabs {
            objectName: "pageTabs"
            visible: !root.narrow
            names: [qsTr("Live"), qsTr("Investigate")]
            currentIndex: root.widePage
            onCurrentIndexChanged: root.widePage = currentIndex
            Layout.fillWidth: true
        }
        // The views are made once and moved between the two arrangements, so that crossing the
        // narrow width keeps what the user set up in them: filters, sort order, scroll positions.
        Item {
            id: arrangement
            objectName: root.narrow ? "narrowLayout" : "wideLayout"
            Layout.fillWidth: true
            Layout.fillHeight: true

            WideSlots {
                id: wide
                anchors.fill: parent
                visible: !root.narrow
                page: root.widePage
            }

            // Narrow: one view at a time under a tab bar.
            InspectorTabs {
                id: tabs
                objectName: "tabs"
                visible: root.narrow
                width: parent.width
                currentIndex: root.currentTab
                onCurrentIndexChanged: root.currentTab = currentIndex
            }
            Item {
                id: tabSlot
                visible: root.narrow
                anchors.top: tabs.bottom
                anchors.bottom: parent.bottom
                width: parent.width
            }

            OverviewView {
                objectName: "overviewView"
                monitor: root.activeMonitor
                parent: root.narrow ? tabSlot : wide.overviewSlot
                anchors.fill: parent
                visible: root.narrow ? root.currentTab === 0 : root.widePage === 0
            }
            EntriesView {
                id: entriesView
                objectName: "entriesView"
                monitor: root.activeMonitor
                parent: root.narrow ? tabSlot : wide.entriesSlot
                anchors.fill: parent
                visible: !root.narrow || root.currentTab === 1
            }
            CostMapView {
                objectName: "costMapView"
                monitor: root.activeMonitor
                parent: root.narrow ? tabSlot : wide.costMapSlot
                anchors.fill: parent
                visible: root.narrow ? root.currentTab === 2 : root.widePage === 0
            }
            HistoryView {
                objectName: "historyView"
                monitor: root.activeMonitor
                parent: root.narrow ? tabSlot : wide.historySlot
                anchors.fill: parent
                visible: root.narrow ? root.currentTab === 3 : root.widePage === 0
            }
            FlushTimeline {
                objectName: "flushTimeline"
                monitor: root.activeMonitor
                parent: root.narrow ? tabSlot : wide.flushSlot
                anchors.fill: parent
                visible: root.narrow ? root.currentTab === 4 : root.widePage === 0
            }
            EventLogView {
                objectName: "eventLogView"
                monitor: root.activeMonitor
                parent: root.narrow ? tabSlot : wide.eventLogSlot
                anchors.fill: parent
                visible: root.narrow ? root.currentTab === 5 : root.widePage === 0
            }
            EntryDetailView {
                objectName: "entryDetailView"
                monitor: root.activeMonitor
                entryId: entriesView.selectedEntryId
                parent: root.narrow ? tabSlot : wide.detailSlot
                anchors.fill: parent
                visible: root.narrow ? root.currentTab === 6 : root.widePage === 1
            }
            EvictedView {
                objectName: "evictedView"
                monitor: root.activeMonitor
                parent: root.narrow ? tabSlot : wide.evictedSlot
                anchors.fill: parent
                visible: root.narrow ? root.currentTab === 7 : root.widePage === 1
            }
            WorkingSetView {
                objectName: "workingSetView"
                monitor: root.activeMonitor
                parent: root.narrow ? tabSlot : wide.workingSetSlot
                anchors.fill: parent
                visible: root.narrow ? root.currentTab === 8 : root.widePage === 1
            }
            WhatIfView {
                objectName: "whatIfView"
                monitor: root.activeMonitor
                parent: root.narrow ? tabSlot : wide.whatIfSlot
                anchors.fill: parent
                visible: root.narrow ? root.currentTab === 9 : root.widePage === 1
            }
        }
    }
}
