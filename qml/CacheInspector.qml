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
// middle, cost map and event log on the right. Narrower, one view at a time under a tab bar.
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
        // One of the two layouts, by width. (Repeaters rather than Loaders: Qt 6.4's Loader cannot
        // instantiate the bound components of `pragma ComponentBehavior: Bound`.)
        Repeater {
            model: root.narrow ? 0 : 1

            // Three columns of two views each; within a column the upper view takes a fixed share.
            // (Anchors, not nested layouts: a layout ignores size hints that change while it lays
            // out, so heights bound to its own size would stick at their first values.)
            delegate: RowLayout {
                objectName: "wideLayout"
                spacing: Theme.spacing
                Layout.fillWidth: true
                Layout.fillHeight: true

                Item {
                    Layout.preferredWidth: Theme.sidePanelWidth
                    Layout.fillHeight: true

                    OverviewView {
                        id: overview
                        objectName: "overviewView"
                        monitor: root.activeMonitor
                        width: parent.width
                        height: (parent.height - Theme.spacing) * Theme.overviewFraction
                    }
                    FlushTimeline {
                        objectName: "flushTimeline"
                        monitor: root.activeMonitor
                        anchors.top: overview.bottom
                        anchors.topMargin: Theme.spacing
                        anchors.bottom: parent.bottom
                        width: parent.width
                    }
                }
                Item {
                    Layout.fillWidth: true
                    Layout.fillHeight: true

                    EntriesView {
                        id: entries
                        objectName: "entriesView"
                        monitor: root.activeMonitor
                        width: parent.width
                        height: (parent.height - Theme.spacing) * Theme.topRowFraction
                    }
                    HistoryView {
                        objectName: "historyView"
                        monitor: root.activeMonitor
                        anchors.top: entries.bottom
                        anchors.topMargin: Theme.spacing
                        anchors.bottom: parent.bottom
                        width: parent.width
                    }
                }
                Item {
                    Layout.preferredWidth: Theme.rightPanelWidth
                    Layout.fillHeight: true

                    CostMapView {
                        id: costMap
                        objectName: "costMapView"
                        monitor: root.activeMonitor
                        width: parent.width
                        height: (parent.height - Theme.spacing) * Theme.costMapFraction
                    }
                    EventLogView {
                        objectName: "eventLogView"
                        monitor: root.activeMonitor
                        anchors.top: costMap.bottom
                        anchors.topMargin: Theme.spacing
                        anchors.bottom: parent.bottom
                        width: parent.width
                    }
                }
            }
        }
        Repeater {
            model: root.narrow ? 1 : 0

            delegate: ColumnLayout {
                objectName: "narrowLayout"
                spacing: 0
                Layout.fillWidth: true
                Layout.fillHeight: true

                TabBar {
                    id: tabs
                    objectName: "tabs"
                    currentIndex: root.currentTab
                    onCurrentIndexChanged: root.currentTab = currentIndex
                    Layout.fillWidth: true

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
                StackLayout {
                    currentIndex: tabs.currentIndex
                    Layout.fillWidth: true
                    Layout.fillHeight: true

                    OverviewView {
                        objectName: "overviewView"
                        monitor: root.activeMonitor
                    }
                    EntriesView {
                        objectName: "entriesView"
                        monitor: root.activeMonitor
                    }
                    CostMapView {
                        objectName: "costMapView"
                        monitor: root.activeMonitor
                    }
                    HistoryView {
                        objectName: "historyView"
                        monitor: root.activeMonitor
                    }
                    FlushTimeline {
                        objectName: "flushTimeline"
                        monitor: root.activeMonitor
                    }
                    EventLogView {
                        objectName: "eventLogView"
                        monitor: root.activeMonitor
                    }
                }
            }
        }
    }
}
