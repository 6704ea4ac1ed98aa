// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// The stream of cache events, newest at the bottom (followed until the user scrolls up to read),
// filtered by text and by kind of event. Above it, the events on the linked time window: clicking
// a moment there, on the history or on the flush timeline scrolls the log to it.
Panel {
    id: root

    required property CacheMonitor monitor

    title: qsTr("Event log")
    source: monitor.offline ? monitor.sourceName : ""
    detail: events.count === root.monitor.eventLog.count
            ? Format.plural(events.count, qsTr("event"), qsTr("events"))
            : qsTr("%1 of %2 events").arg(Format.count(events.count)).arg(Format.count(root.monitor.eventLog.count))

    // The event a linked timeline pointed at (its sequence; -1: none), framed until following resumes.
    property real pointedSequence: -1

    // Shows the first event at or after timeMs, and stops following so that it stays in view.
    function showTime(timeMs: real) {
        const row = events.rowAtTime(timeMs);
        if (row < 0)
            return;
        list.following = false;
        pointedSequence = events.data(events.index(row, 0), EventListModel.SequenceRole);
        list.positionViewAtIndex(row, ListView.Center);
    }

    Connections {
        target: root.monitor.timeWindow

        function onInspected(timeMs: real) {
            root.showTime(timeMs);
        }
    }
    EventFilterModel {
        id: events

        sourceModel: root.monitor.eventLog
        filterText: filterField.text
        types: typeBox.currentValue || []
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        RowLayout {
            spacing: Theme.spacing
            Layout.fillWidth: true

            TextField {
                id: filterField
                objectName: "eventFilter"
                placeholderText: qsTr("Filter events")
                placeholderTextColor: Theme.textDim
                selectByMouse: true
                Layout.fillWidth: true
                Layout.minimumWidth: Theme.fieldMinWidth
            }
            ComboBox {
                id: typeBox
                objectName: "eventTypes"
                textRole: "text"
                valueRole: "types"
                model: [
                    { "text": qsTr("All events"), "types": [] },
                    { "text": qsTr("Hits & misses"), "types": ["hit", "miss"] },
                    { "text": qsTr("Inserts"), "types": ["insert", "replace"] },
                    { "text": qsTr("Evictions"), "types": ["evict", "clear"] },
                    { "text": qsTr("Flush timer"), "types": ["flush", "timer-start", "timer-stop"] },
                    { "text": qsTr("Limit"), "types": ["limit"] },
                    { "text": qsTr("Errors"), "types": ["error"] },
                    { "text": qsTr("Network tiers"), "types": ["disk-hit", "revalidate", "fetch"] }
                ]
            }
        }

        EventStrip {
            objectName: "eventStrip"
            window: root.monitor.timeWindow
            events: root.monitor.eventLog
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.eventStripHeight
        }
        FollowingList {
            id: list
            objectName: "eventList"
            model: events
            Layout.fillWidth: true
            Layout.fillHeight: true

            onFollowingChanged: if (following) root.pointedSequence = -1
            delegate: EventRow {
                required property real sequence

                objectName: "eventRow"
                width: list.width
                now: root.monitor.now
                pointedAt: sequence === root.pointedSequence
            }

            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: root.monitor.sourceKind === "snapshot" ? qsTr("A snapshot has no events: open a trace")
                    : root.monitor.eventLog.count === 0 ? qsTr("No events yet") : qsTr("No event matches")
                color: Theme.textDim
            }
        }
    }
}
