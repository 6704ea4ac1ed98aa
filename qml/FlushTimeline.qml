// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// Every flush step on the linked time window: a bar per tick (busy or idle; taller for more
// entries evicted, with the count above it; manual flushes outlined), and the timer's start and
// stop as full-height lines. Hovering a mark tells the whole event with its clock time; clicking
// a tick lists what it evicted. One pointer area hit-tests every mark (EventListModel.nearestRow).
Panel {
    id: root

    required property CacheMonitor monitor
    readonly property EventListModel ticks: monitor.flushTimeline
    readonly property TimeWindow window: monitor.timeWindow
    // The mark under the pointer (a row of `ticks`), or -1.
    readonly property int hoveredRow: track.containsMouse && window.hovering ? markAt(window.hoverMs) : -1
    // The most entries one tick evicted, for the bar scale.
    property int mostEvicted: 0
    readonly property int barScale: Math.max(Theme.tickScaleEntries, mostEvicted)

    title: qsTr("Flush timer")
    source: monitor.offline ? monitor.sourceName : ""
    detail: monitor.sourceKind === "trace" ? "" : !monitor.flushTimerActive ? qsTr("stopped")
          : qsTr("next tick in %1").arg(Format.duration(monitor.nextTickMs))

    function markAt(timeMs: real): int {
        return ticks.nearestRow(timeMs, Theme.tickHoverWidth / 2 / Math.max(1, track.plot.width) * window.spanMs);
    }
    function rowData(row: int, role: int): var {
        return ticks.data(ticks.index(row, 0), role);
    }
    function openTick(row: int) {
        if (row < 0 || rowData(row, EventListModel.TypeRole) !== "flush")
            return;
        evictedByTick.title = rowData(row, EventListModel.SummaryRole);
        evictedByTick.rows = monitor.evicted.evictedBy(rowData(row, EventListModel.SequenceRole));
        const x = window.xOf(rowData(row, EventListModel.TimeMsRole), track.plot.width);
        evictedByTick.x = Math.min(track.mapToItem(root, x, 0).x, width - evictedByTick.width);
        evictedByTick.open();
    }

    component Mark: Item {
        id: mark
        objectName: "flushMark"

        required property real timeMs
        required property string type
        required property string mode
        required property bool manual
        required property int entries
        required property real kb
        required property string summary
        required property real sequence
        readonly property bool isTick: type === "flush"
        readonly property color tint: mode === "idle" ? Theme.idleTick : Theme.busyTick
        readonly property real barHeight: Theme.tickMarkMinHeight + (track.barSpace - Theme.tickMarkMinHeight) * Math.min(1, entries / root.barScale)

        // (Inline, not window.xOf(): a binding follows the properties it reads, not a call's.)
        x: (timeMs - root.window.startMs) / root.window.spanMs * track.plot.width - width / 2
        visible: x >= -width && x <= track.plot.width
        width: Theme.tickHoverWidth
        height: track.plot.height
        Component.onCompleted: root.mostEvicted = Math.max(root.mostEvicted, entries)

        Rectangle {
            // Timer start or stop: a line across the track.
            visible: !mark.isTick
            anchors.horizontalCenter: parent.horizontalCenter
            width: Theme.lineWidth
            height: parent.height
            color: mark.type === "timer-start" ? Theme.timerStart : Theme.timerStop
        }
        Rectangle {
            objectName: "tickBar"
            visible: mark.isTick
            anchors.horizontalCenter: parent.horizontalCenter
            anchors.bottom: parent.bottom
            width: Theme.tickMarkWidth
            height: mark.barHeight
            color: mark.manual ? "transparent" : mark.tint
            border.color: mark.tint
            border.width: mark.manual ? 1 : 0
        }
        Label {
            objectName: "tickLabel"
            visible: mark.isTick && mark.entries > 0
            anchors.horizontalCenter: parent.horizontalCenter
            y: parent.height - mark.barHeight - height
            text: mark.entries
            font.pixelSize: Theme.smallFontSize
        }
    }
    EvictedByTick {
        id: evictedByTick
        objectName: "evictedByTick"
        y: Theme.padding
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        Flow {
            spacing: Theme.padding
            Layout.fillWidth: true

            Repeater {
                model: [
                    { "label": qsTr("busy tick"), "tint": Theme.busyTick, "line": false },
                    { "label": qsTr("idle tick"), "tint": Theme.idleTick, "line": false },
                    { "label": qsTr("manual"), "tint": "transparent", "line": false },
                    { "label": qsTr("timer start"), "tint": Theme.timerStart, "line": true },
                    { "label": qsTr("timer stop"), "tint": Theme.timerStop, "line": true }
                ]

                delegate: Row {
                    id: legend

                    required property var modelData

                    spacing: Theme.smallSpacing

                    Rectangle {
                        anchors.verticalCenter: parent.verticalCenter
                        width: legend.modelData.line ? Theme.lineWidth : Theme.tickMarkWidth
                        height: Theme.dotSize * 2
                        color: legend.modelData.tint
                        border.color: Theme.busyTick
                        border.width: legend.modelData.tint === "transparent" ? 1 : 0
                    }
                    Label {
                        text: legend.modelData.label
                        color: Theme.textDim
                        font.pixelSize: Theme.smallFontSize
                    }
                }
            }
        }

        LinkedPlot {
            id: track
            objectName: "flushTrack"

            // Room above the bars for their counts.
            readonly property real barSpace: plot.height - Theme.axisLabelHeight

            window: root.window
            Layout.fillWidth: true
            Layout.fillHeight: !tickList.visible
            Layout.preferredHeight: Theme.trackMaxHeight
            onClicked: timeMs => root.openTick(root.markAt(timeMs))
            ToolTip.visible: root.hoveredRow >= 0
            ToolTip.text: root.hoveredRow < 0 ? ""
                          : qsTr("%1 · %2").arg(root.window.clockText(root.rowData(root.hoveredRow, EventListModel.TimeMsRole)))
                                           .arg(root.rowData(root.hoveredRow, EventListModel.SummaryRole))

            Rectangle {
                y: parent.height - 1
                width: parent.width
                height: 1
                color: Theme.textDim
            }
            Repeater {
                id: marks
                objectName: "flushMarks"
                model: root.ticks
                delegate: Mark {}
                onCountChanged: if (count === 0) root.mostEvicted = 0
            }
            Label {
                anchors.centerIn: parent
                visible: marks.count === 0
                text: root.monitor.sourceKind === "snapshot" ? qsTr("A snapshot has no flush events") : qsTr("No flush ticks yet")
                color: Theme.textDim
            }
        }

        FollowingList {
            // Every tick in words, when the panel is tall enough (the narrow layout).
            id: tickList
            objectName: "tickList"
            visible: root.height >= Theme.tickListMinPanelHeight
            model: root.ticks
            Layout.fillWidth: true
            Layout.fillHeight: true

            delegate: EventRow {
                width: tickList.width
                now: root.monitor.now
            }
        }
    }
}
