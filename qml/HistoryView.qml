// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// Hit rate and used cost over the last minutes (one sample per second), with the limit line, on
// the linked time window: zoom and pan here move the flush timeline and the event strip too.
Panel {
    id: root

    required property CacheMonitor monitor
    readonly property HistoryModel history: monitor.history
    // The used chart's scale: the largest of the limit and every sample, a bit of head room.
    readonly property real usedMax: Math.max(1, monitor.cacheLimit, monitor.totalUsed, largest(history.usedKb),
                                             largest(history.limitKb)) * Theme.chartHeadroom
    // The newest sample that had lookups; -1 if none had.
    readonly property real lastHitRate: {
        const rates = history.hitRates;
        for (let i = rates.length - 1; i >= 0; --i) {
            if (rates[i] >= 0)
                return rates[i];
        }
        return -1;
    }

    function largest(values: var): real {
        let result = 0;
        for (let i = 0; i < values.length; ++i)
            result = Math.max(result, values[i]);
        return result;
    }

    title: qsTr("History")
    source: monitor.offline ? monitor.sourceName : ""
    detail: monitor.offline ? "" : history.count === 0 ? qsTr("one sample per second")
                                : qsTr("%1, one per second").arg(Format.plural(history.count, qsTr("sample"), qsTr("samples")))

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        TimeWindowBar {
            objectName: "timeWindowBar"
            window: root.monitor.timeWindow
            Layout.fillWidth: true
        }
        GridLayout {
            columns: width > 2 * height ? 2 : 1
            columnSpacing: Theme.padding
            rowSpacing: Theme.spacing
            Layout.fillWidth: true
            Layout.fillHeight: true

            TimeSeriesChart {
                objectName: "hitRateChart"
                title: qsTr("Hit rate")
                valueText: root.monitor.offline ? "" : root.lastHitRate < 0 ? qsTr("no lookups yet") : Format.percent(root.lastHitRate)
                lineColor: Theme.hit
                showPoints: true
                emptyText: root.monitor.offline ? qsTr("Not in a file: history is recorded live") : qsTr("Collecting samples…")
                times: root.history.timesMs
                values: root.history.hitRates
                window: root.monitor.timeWindow
                yMax: 1
                yTicks: [0, 0.5, 1]
                percent: true
                Layout.fillWidth: true
                Layout.fillHeight: true
            }
            TimeSeriesChart {
                objectName: "usedChart"
                title: qsTr("Used") + "  <font color=\"" + Theme.limitLine + "\">- - " + qsTr("limit") + "</font>"
                valueText: root.monitor.sourceKind === "trace" ? "" : Format.kib(root.monitor.totalUsed) + " / " + Format.kib(root.monitor.cacheLimit)
                lineColor: Theme.usedLine
                fillColor: Theme.usedFill
                emptyText: root.monitor.offline ? qsTr("Not in a file: history is recorded live") : qsTr("Collecting samples…")
                times: root.history.timesMs
                values: root.history.usedKb
                limits: root.history.limitKb
                currentValue: root.monitor.sourceKind === "trace" ? -1 : root.monitor.totalUsed
                currentLimit: root.monitor.sourceKind === "trace" ? -1 : root.monitor.cacheLimit
                window: root.monitor.timeWindow
                yMax: root.usedMax
                yTicks: [0, root.monitor.cacheLimit / 2, root.monitor.cacheLimit]
                Layout.fillWidth: true
                Layout.fillHeight: true
            }
        }
    }
}
