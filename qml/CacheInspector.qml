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
        // The views are made once and moved between the two arrangements, so that crossing the
        // narrow width keeps what the user set up in them: filters, sort order, scroll positions.
        Item {
            id: arrangement
            objectName: root.narrow ? "narrowLayout" : "wideLayout"
            Layout.fillWidth: true
            Layout.fillHeight: true

            // Wide: three columns of two views each; within a column the upper view takes a fixed
            // share. (Anchors, not nested layouts: a layout ignores size hints that change while
            // it lays out, so heights bound to its own size would stick at their first values.)
            RowLayout {
                anchors.fill: parent
                visible: !root.narrow
                spacing: Theme.spacing

                Item {
                    Layout.preferredWidth: Theme.sidePanelWidth
                    Layout.fillHeight: true

                    Item {
                        id: overviewSlot
                        width: parent.width
                        height: (parent.height - Theme.spacing) * Theme.overviewFraction
                    }
                    Item {
                        id: flushSlot
                        anchors.top: overviewSlot.bottom
                        anchors.topMargin: Theme.spacing
                        anchors.bottom: parent.bottom
                        width: parent.width
                    }
                }
                Item {
                    Layout.fillWidth: true
                    Layout.fillHeight: true

                    Item {
                        id: entriesSlot
                        width: parent.width
                        height: (parent.height - Theme.spacing) * Theme.topRowFraction
                    }
                    Item {
                        id: historySlot
                        anchors.top: entriesSlot.bottom
                        anchors.topMargin: Theme.spacing
                        anchors.bottom: parent.bottom
                        width: parent.width
                    }
                }
                Item {
                    Layout.preferredWidth: Theme.rightPanelWidth
                    Layout.fillHeight: true

                    Item {
                        id: costMapSlot
                        width: parent.width
                        height: (parent.height - Theme.spacing) * Theme.costMapFraction
                    }
                    Item {
                        id: eventLogSlot
                        anchors.top: costMapSlot.bottom
                        anchors.topMargin: Theme.spacing
                        anchors.bottom: parent.bottom
                        width: parent.width
                    }
                }
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
                parent: root.narrow ? tabSlot : overviewSlot
                anchors.fill: parent
                visible: !root.narrow || root.currentTab === 0
            }
            EntriesView {
                objectName: "entriesView"
                monitor: root.activeMonitor
                parent: root.narrow ? tabSlot : entriesSlot
                anchors.fill: parent
                visible: !root.narrow || root.currentTab === 1
            }
            CostMapView {
                objectName: "costMapView"
                monitor: root.activeMonitor
                parent: root.narrow ? tabSlot : costMapSlot
                anchors.fill: parent
                visible: !root.narrow || root.currentTab === 2
            }
            HistoryView {
                objectName: "historyView"
                monitor: root.activeMonitor
                parent: root.narrow ? tabSlot : historySlot
                anchors.fill: parent
                visible: !root.narrow || root.currentTab === 3
            }
            FlushTimeline {
                objectName: "flushTimeline"
                monitor: root.activeMonitor
                parent: root.narrow ? tabSlot : flushSlot
                anchors.fill: parent
                visible: !root.narrow || root.currentTab === 4
            }
            EventLogView {
                objectName: "eventLogView"
                monitor: root.activeMonitor
                parent: root.narrow ? tabSlot : eventLogSlot
                anchors.fill: parent
                visible: !root.narrow || root.currentTab === 5
            }
        }
    }
}
