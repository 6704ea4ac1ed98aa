// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// The cache at a glance: used/limit gauge, counters, the tiers below memory, evictions by cause, the flush timer's state
// with a countdown to its next tick, and the eviction policy.
Panel {
    id: root

    required property CacheMonitor monitor
    readonly property real usedFraction: monitor.cacheLimit > 0 ? Math.min(1, monitor.totalUsed / monitor.cacheLimit) : 0
    readonly property real peakFraction: monitor.cacheLimit > 0 ? Math.min(1, monitor.peakUsed / monitor.cacheLimit) : 0
    // The interval the countdown runs in: the one the newest timer event announced (re-read at
    // every refresh), else a guess from the time left.
    readonly property real tickInterval: {
        monitor.now;
        const timeline = monitor.flushTimeline;
        const announced = timeline.count > 0
                ? timeline.data(timeline.index(timeline.count - 1, 0), EventListModel.NextIntervalMsRole) : -1;
        if (announced > 0)
            return announced;
        return monitor.nextTickMs <= monitor.soonIntervalMs ? monitor.soonIntervalMs : monitor.flushIntervalMs;
    }

    // A trace counts what happened, but knows nothing of what the cache held.
    readonly property bool fromTrace: monitor.sourceKind === "trace"

    title: qsTr("Overview")
    source: monitor.offline ? monitor.sourceName : ""
    detail: fromTrace ? qsTr("from its events") : qsTr("policy %1").arg(monitor.policy)

    Flickable {
        anchors.fill: parent
        contentHeight: content.implicitHeight
        boundsBehavior: Flickable.StopAtBounds
        clip: true

        ColumnLayout {
            id: content

            width: parent.width
            spacing: Theme.spacing

            RowLayout {
                Label {
                    text: qsTr("Used")
                    color: Theme.textDim
                }
                Label {
                    objectName: "usedValue"
                    text: root.fromTrace ? qsTr("not in a trace")
                                         : Format.kib(root.monitor.totalUsed) + " / " + Format.kib(root.monitor.cacheLimit)
                    font.bold: true
                    horizontalAlignment: Text.AlignRight
                    Layout.fillWidth: true
                }
            }
            Meter {
                objectName: "usedGauge"
                visible: !root.fromTrace
                value: root.usedFraction
                marker: root.monitor.peakUsed > 0 ? root.peakFraction : -1
                tint: root.usedFraction > Theme.nearlyFull ? Theme.miss : Theme.accent
                animationDuration: root.monitor.refreshInterval
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.gaugeHeight
            }
            Label {
                visible: !root.fromTrace
                text: qsTr("%1 full · peak %2").arg(Format.percent(root.usedFraction)).arg(Format.kib(root.monitor.peakUsed))
                color: Theme.textDim
                font.pixelSize: Theme.smallFontSize
            }

            GridLayout {
                columns: 3
                columnSpacing: Theme.padding
                rowSpacing: Theme.spacing
                Layout.fillWidth: true
                Layout.topMargin: Theme.smallSpacing

                StatTile {
                    objectName: "entryCount"
                    label: qsTr("Entries")
                    value: root.fromTrace ? "–" : Format.count(root.monitor.count)
                    Layout.fillWidth: true
                }
                StatTile {
                    objectName: "hitRate"
                    label: qsTr("Hit rate")
                    value: root.monitor.hits + root.monitor.misses > 0 ? Format.percent(root.monitor.hitRate) : "–"
                    tint: Theme.hit
                    Layout.fillWidth: true
                }
                StatTile {
                    objectName: "insertions"
                    label: qsTr("Inserts")
                    value: Format.count(root.monitor.insertions)
                    Layout.fillWidth: true
                }
                StatTile {
                    objectName: "hits"
                    label: qsTr("Hits")
                    value: Format.count(root.monitor.hits)
                    tint: Theme.hit
                }
                StatTile {
                    objectName: "misses"
                    label: qsTr("Misses")
                    value: Format.count(root.monitor.misses)
                    tint: Theme.miss
                }
                StatTile {
                    objectName: "errors"
                    label: qsTr("Errors")
                    value: Format.count(root.monitor.errors)
                    tint: root.monitor.errors > 0 ? Theme.error : Theme.text
                }
            }

            TierTiles {
                monitor: root.monitor
                Layout.fillWidth: true
            }

            EvictionCauses {
                monitor: root.monitor
                Layout.fillWidth: true
                Layout.topMargin: Theme.smallSpacing
            }

            Label {
                text: qsTr("Flush timer")
                font.bold: true
                Layout.topMargin: Theme.smallSpacing
            }
            RowLayout {
                Rectangle {
                    width: Theme.dotSize
                    height: Theme.dotSize
                    radius: width / 2
                    color: root.monitor.flushTimerActive ? Theme.timerStart : Theme.timerStop
                }
                Label {
                    objectName: "flushTimerState"
                    text: root.fromTrace ? qsTr("%1 in the trace").arg(Format.plural(root.monitor.flushTicks, qsTr("tick"), qsTr("ticks")))
                        : root.monitor.flushTimerActive ? qsTr("running · next tick in %1").arg(Format.duration(root.monitor.nextTickMs))
                        : qsTr("stopped")
                    Layout.fillWidth: true
                }
            }
            Meter {
                // Time since the last tick, filling up towards the next one.
                objectName: "flushCountdown"
                visible: root.monitor.flushTimerActive
                value: 1 - root.monitor.nextTickMs / Math.max(1, root.tickInterval)
                tint: Theme.timerStart
                animationDuration: root.monitor.refreshInterval
                Layout.fillWidth: true
            }
            Label {
                visible: !root.fromTrace
                text: qsTr("intervals %1 / %2 · %3").arg(Format.duration(root.monitor.soonIntervalMs))
                          .arg(Format.duration(root.monitor.flushIntervalMs))
                          .arg(Format.plural(root.monitor.flushTicks, qsTr("tick"), qsTr("ticks")))
                color: Theme.textDim
                font.pixelSize: Theme.smallFontSize
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Label {
                visible: root.monitor.droppedEvents > 0
                text: qsTr("%1 events dropped (the inspector fell behind)").arg(Format.count(root.monitor.droppedEvents))
                color: Theme.miss
                font.pixelSize: Theme.smallFontSize
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
        }
    }
}
