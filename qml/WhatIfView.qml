// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Shapes
import CacheScope.Inspector
import "Format.js" as Format

// What if the limit were different: the hit ratio of the recorded requests at 10%–400% of the
// current limit (HitRatioCurve, computed off the GUI thread), with the current limit marked and
// the value under the pointer.
Panel {
    id: root

    required property CacheMonitor monitor
    readonly property HitRatioCurve curve: curveModel
    readonly property var points: curveModel.curve
    // Under the pointer: the point nearest to it; -1 when the pointer is elsewhere.
    property int hoveredIndex: -1

    function xOf(limitKb: real, width: real): real {
        return curveModel.maxLimitKb > 0 ? limitKb / curveModel.maxLimitKb * width : 0;
    }
    function yOf(ratio: real, height: real): real {
        return height - ratio * (height - Theme.dotSize / 2);
    }
    function pointText(index: int): string {
        const point = points[index];
        return qsTr("at %1 this trace would hit %2").arg(Format.kib(point.limitKb)).arg(Format.percent(point.hitRatio));
    }

    title: qsTr("What-if limit")
    source: monitor.offline ? monitor.sourceName : ""
    detail: curveModel.requests === 0 ? qsTr("no requests recorded yet")
            : qsTr("%1 · %2 · %3").arg(Format.plural(curveModel.requests, qsTr("request"), qsTr("requests")))
                                 .arg(curveModel.policy)
                                 .arg(curveModel.exact ? qsTr("exact (stack distances)") : qsTr("replayed"))

    HitRatioCurve {
        id: curveModel
        monitor: root.monitor
    }
    // Live: follow the trace while the view is on screen. Offline: once per loaded file.
    Timer {
        interval: Theme.whatIfIntervalMs
        running: root.visible && !root.monitor.paused && !root.monitor.offline
        repeat: true
        triggeredOnStart: true
        onTriggered: curveModel.compute()
    }
    Connections {
        target: root.monitor
        function onOfflineChanged() { curveModel.compute() }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.smallSpacing

        Label {
            objectName: "whatIfHeadline"
            Layout.fillWidth: true
            elide: Text.ElideRight
            color: Theme.hit
            font.bold: true
            text: root.hoveredIndex >= 0 ? root.pointText(root.hoveredIndex)
                  : curveModel.hitRatioAtLimit < 0 ? (curveModel.busy ? qsTr("Computing…") : qsTr("Waiting for requests…"))
                  : qsTr("at the limit, %1, this trace hits %2").arg(Format.kib(curveModel.limitKb))
                                                              .arg(Format.percent(curveModel.hitRatioAtLimit))
        }
        Item {
            id: chart

            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: Theme.chartMinHeight

            Repeater {
                model: [0, 0.5, 1]

                delegate: Item {
                    id: yTick

                    required property real modelData

                    y: root.yOf(modelData, plot.height)
                    width: chart.width

                    Rectangle { x: plot.x; width: plot.width; height: 1; color: Theme.grid }
                    Label {
                        width: Theme.axisLabelWidth - Theme.smallSpacing
                        y: Math.max(0, Math.min(-height / 2, plot.height - yTick.y - height))
                        text: Format.percent(yTick.modelData)
                        color: Theme.textDim
                        font.pixelSize: Theme.smallFontSize
                        horizontalAlignment: Text.AlignRight
                    }
                }
            }
            Item {
                id: plot

                x: Theme.axisLabelWidth
                width: chart.width - x
                height: chart.height - Theme.axisLabelHeight

                Shape {
                    anchors.fill: parent
                    visible: root.points.length > 1

                    ShapePath {
                        strokeColor: Theme.hit
                        strokeWidth: Theme.lineWidth
                        fillColor: "transparent"
                        PathPolyline {
                            path: root.points.map(p => Qt.point(root.xOf(p.limitKb, plot.width), root.yOf(p.hitRatio, plot.height)))
                        }
                    }
                }
                Rectangle { // the current limit
                    objectName: "currentLimitMarker"
                    visible: curveModel.limitKb > 0 && curveModel.maxLimitKb > 0
                    x: root.xOf(curveModel.limitKb, plot.width)
                    width: 1
                    height: plot.height
                    color: Theme.limitLine
                }
                Rectangle {
                    visible: root.hoveredIndex >= 0
                    readonly property var point: root.hoveredIndex >= 0 ? root.points[root.hoveredIndex] : null
                    x: point ? root.xOf(point.limitKb, plot.width) - width / 2 : 0
                    y: point ? root.yOf(point.hitRatio, plot.height) - height / 2 : 0
                    width: Theme.dotSize
                    height: Theme.dotSize
                    radius: width / 2
                    color: Theme.hit
                }
                MouseArea {
                    anchors.fill: parent
                    hoverEnabled: true
                    onExited: root.hoveredIndex = -1
                    onPositionChanged: mouse => {
                        let best = -1;
                        let distance = Infinity;
                        for (let i = 0; i < root.points.length; ++i) {
                            const d = Math.abs(root.xOf(root.points[i].limitKb, plot.width) - mouse.x);
                            if (d < distance) { distance = d; best = i; }
                        }
                        root.hoveredIndex = best;
                    }
                }
            }
            Repeater { // the limit axis: 10%, the current limit, 400%
                model: curveModel.maxLimitKb > 0 ? [curveModel.maxLimitKb / 40, curveModel.limitKb, curveModel.maxLimitKb] : []

                delegate: Label {
                    required property real modelData
                    required property int index

                    x: plot.x + Math.max(0, Math.min(root.xOf(modelData, plot.width) - (index === 2 ? width : width / 2),
                                                     plot.width - width))
                    y: plot.height + Theme.lineSpacing
                    text: Format.kib(modelData)
                    color: index === 1 ? Theme.limitLine : Theme.textDim
                    font.pixelSize: Theme.smallFontSize
                }
            }
        }
    }
}
