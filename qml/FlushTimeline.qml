// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// Every flush step on a time axis ending now: a bar per tick (busy or idle; taller for more
// entries evicted, with the count above it; manual flushes outlined), and the timer's start and
// stop as full-height lines. Hovering a mark tells the whole event.
Panel {
    id: root

    required property CacheMonitor monitor
    readonly property EventListModel ticks: monitor.flushTimeline
    readonly property real spanMs: Format.timeSpan(monitor.now, firstTimeMs, Theme.minTimeSpanMs, Theme.timelineWindowMs)
    // The oldest event's time, for the axis span (re-read at every refresh).
    readonly property real firstTimeMs: {
        monitor.now;
        return ticks.count > 0 ? ticks.data(ticks.index(0, 0), EventListModel.TimeMsRole) : NaN;
    }
    // The most entries one tick evicted, for the bar scale.
    property int mostEvicted: 0
    readonly property int barScale: Math.max(Theme.tickScaleEntries, mostEvicted)

    title: qsTr("Flush timer")
    source: monitor.offline ? monitor.sourceName : ""
    detail: monitor.sourceKind === "trace" ? "" : !monitor.flushTimerActive ? qsTr("stopped")
          : qsTr("next tick in %1").arg(Format.duration(monitor.nextTickMs))

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

        x: track.width - (root.monitor.now - timeMs) / root.spanMs * track.width - width / 2
        visible: x >= -width / 2
        width: Theme.tickHoverWidth
        height: track.plotHeight
        ToolTip.visible: hover.containsMouse
        // With the clock time (live: the wall clock now, less how long ago it was).
        ToolTip.text: root.monitor.offline ? summary
                      : qsTr("%1 · %2").arg(new Date(Date.now() - (root.monitor.now - timeMs)).toLocaleTimeString(Qt.locale(), "HH:mm:ss.zzz"))
                                       .arg(summary)
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
        MouseArea {
            id: hover
            anchors.fill: parent
            hoverEnabled: true
            onClicked: {
                if (!mark.isTick)
                    return;
                evictedByTick.title = mark.summary;
                evictedByTick.rows = root.monitor.evicted.evictedBy(mark.sequence);
                evictedByTick.x = Math.min(mark.x, root.width - evictedByTick.width);
                evictedByTick.open();
            }
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

        Item {
            id: track

            readonly property real plotHeight: height - Theme.axisLabelHeight
            // Room above the bars for their counts.
            readonly property real barSpace: plotHeight - Theme.axisLabelHeight

            Layout.fillWidth: true
            Layout.fillHeight: !tickList.visible
            Layout.preferredHeight: Theme.trackMaxHeight

            TimeAxis {
                anchors.fill: parent
                spanMs: root.spanMs
            }
            Rectangle {
                y: track.plotHeight
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
