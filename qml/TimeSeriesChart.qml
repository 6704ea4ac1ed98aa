// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Shapes
import CacheScope.Inspector
import "Format.js" as Format

// One line over time (negative values are gaps), optionally filled below, with an optional dashed
// limit line, on the inspector's linked time window (zoom, pan, cursor: LinkedPlot). Drawn with
// Qt Quick Shapes.
ColumnLayout {
    id: root

    property string title
    property string valueText
    property color lineColor: Theme.usedLine
    property color fillColor: "transparent"
    property string emptyText
    property var times: []
    property var values: []
    property var limits: []
    property real currentValue: -1 // drawn at the window's `now` after the last sample; negative: not drawn
    property real currentLimit: -1
    required property TimeWindow window
    property real yMax: 1
    property var yTicks: [0, 1]
    // How the y axis labels read: percentages (values are fractions) or sizes in KiB.
    property bool percent: false
    // Draw every sample as a dot (for sparse series with gaps); otherwise only the newest.
    property bool showPoints: false

    // (The window's ends are read here so that the paths follow it when it moves.)
    readonly property var segments: pathsFor(values, currentValue, linked.plot.width, linked.plot.height, window.startMs, window.spanMs)
    readonly property var limitPoints: pathsFor(limits, currentLimit, linked.plot.width, linked.plot.height, window.startMs,
                                                window.spanMs)[0] || []
    readonly property var allPoints: {
        const points = [];
        for (const segment of segments)
            points.push(...segment);
        return points;
    }
    // The area below the line, when the line has no gaps.
    readonly property var fillPoints: {
        if (segments.length !== 1 || segments[0].length < 2)
            return [];
        const line = segments[0];
        return line.concat([Qt.point(line[line.length - 1].x, linked.plot.height), Qt.point(line[0].x, linked.plot.height)]);
    }

    // The top stays a dot's radius below the edge, so a point at yMax shows whole.
    function yOf(value: real, height: real): real {
        return height - Math.min(value, yMax) / yMax * (height - Theme.dotSize / 2);
    }
    // Polylines through the samples, split where a value is negative.
    function pathsFor(series: var, current: real, width: real, height: real, startMs: real, spanMs: real): var {
        const xOf = time => (time - startMs) / spanMs * width;
        const paths = [];
        let path = [];
        const count = Math.min(series.length, times.length);
        for (let i = 0; i < count; ++i) {
            if (series[i] < 0) {
                if (path.length > 0)
                    paths.push(path);
                path = [];
                continue;
            }
            path.push(Qt.point(xOf(times[i]), yOf(series[i], height)));
        }
        if (current >= 0)
            path.push(Qt.point(xOf(window.now), yOf(current, height)));
        if (path.length > 0)
            paths.push(path);
        return paths;
    }

    spacing: Theme.smallSpacing

    RowLayout {
        Layout.fillWidth: true

        Label {
            text: root.title
            color: Theme.textDim
        }
        Label {
            objectName: "chartValue"
            text: root.valueText
            color: root.lineColor
            font.bold: true
            horizontalAlignment: Text.AlignRight
            elide: Text.ElideLeft
            Layout.fillWidth: true
        }
    }
    Item {
        id: chart

        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.minimumHeight: Theme.chartMinHeight

        Repeater {
            // A count, not the array (rebuilt at every refresh when it follows the limit): the
            // lines stay and rebind instead of being destroyed and created again.
            model: root.yTicks.length

            delegate: Item {
                id: yTick

                required property int index
                readonly property real value: root.yTicks[index] ?? 0

                objectName: "valueTick"
                y: root.yOf(value, linked.plot.height)
                width: chart.width

                Rectangle {
                    x: linked.x
                    width: linked.plot.width
                    height: 1
                    color: Theme.grid
                }
                Label {
                    width: Theme.axisLabelWidth - Theme.smallSpacing
                    y: Math.max(0, Math.min(-height / 2, linked.plot.height - yTick.y - height))
                    text: root.percent ? Format.percent(yTick.value) : Format.kib(yTick.value)
                    color: Theme.textDim
                    font.pixelSize: Theme.smallFontSize
                    horizontalAlignment: Text.AlignRight
                }
            }
        }
        LinkedPlot {
            id: linked
            objectName: "linkedPlot"

            x: Theme.axisLabelWidth
            width: chart.width - x
            height: chart.height
            window: root.window

            Shape {
                anchors.fill: parent

                ShapePath {
                    strokeColor: "transparent"
                    fillColor: root.fillColor
                    PathPolyline {
                        path: root.fillPoints
                    }
                }
                ShapePath {
                    strokeColor: root.lineColor
                    strokeWidth: Theme.lineWidth
                    fillColor: "transparent"
                    PathMultiline {
                        paths: root.segments
                    }
                }
                ShapePath {
                    strokeColor: Theme.limitLine
                    strokeWidth: Theme.lineWidth
                    strokeStyle: ShapePath.DashLine
                    fillColor: "transparent"
                    PathPolyline {
                        path: root.limitPoints
                    }
                }
            }
            Repeater {
                // Every point, or the newest so that a single sample shows too (a count, as above).
                model: root.showPoints ? root.allPoints.length : Math.min(1, root.allPoints.length)

                delegate: Rectangle {
                    required property int index
                    readonly property point at: root.allPoints[root.showPoints ? index : root.allPoints.length - 1]
                                                ?? Qt.point(0, 0)

                    x: at.x - width / 2
                    y: at.y - height / 2
                    width: Theme.dotSize
                    height: Theme.dotSize
                    radius: width / 2
                    color: root.lineColor
                }
            }
            Label {
                anchors.centerIn: parent
                visible: root.times.length === 0 && root.emptyText.length > 0
                text: root.emptyText
                color: Theme.textDim
                font.pixelSize: Theme.smallFontSize
            }
        }
    }
}
