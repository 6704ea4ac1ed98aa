// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import CacheScope.Inspector

// A plot on the inspector's one time window (CacheMonitor.timeWindow), shared by the history
// charts, the flush timeline and the event strip: its axis, the cursor at the time under the
// pointer in any of them (with the clock time), and the gestures that move the window for all.
// Wheel or pinch zooms around the pointer, a drag or the arrow keys pan, +/- zoom, End (or
// "Latest") follows the present again, Home goes to the oldest data, 0 resets the view.
// Content goes into `plot` (the area above the axis labels), in its coordinates.
FocusScope {
    id: root

    required property TimeWindow window
    property bool labels: true
    readonly property Item plot: plotArea
    readonly property bool containsMouse: pointer.containsMouse
    default property alias content: plotArea.data

    // A click (not a drag) at a time in the window; the window's inspected() tells every view.
    signal clicked(real timeMs)

    function zoomBy(steps: real, anchorMs: real) {
        window.zoom(Math.pow(window.zoomStep, steps), anchorMs);
    }

    activeFocusOnTab: true

    TimeAxis {
        anchors.fill: parent
        window: root.window
        labels: root.labels
    }
    Item {
        id: plotArea
        width: parent.width
        height: parent.height - (root.labels ? Theme.axisLabelHeight : 0)
        clip: true
    }
    Item {
        // Over the content, under the pointer area: the time under the pointer.
        objectName: "timeCursor"
        visible: root.window.hovering && root.window.hoverMs >= root.window.startMs && root.window.hoverMs <= root.window.endMs
        x: (root.window.hoverMs - root.window.startMs) / root.window.spanMs * plotArea.width
        height: plotArea.height

        Rectangle {
            width: 1
            height: parent.height
            color: Theme.cursor
        }
        Label {
            objectName: "cursorClock"
            // Beside the line, on the side with room; at the bottom, clear of "Latest".
            x: parent.x + width + Theme.spacing > plotArea.width ? -width - Theme.smallSpacing : Theme.smallSpacing
            y: parent.height - height - Theme.smallSpacing
            text: root.window.hoverClockText
            font.pixelSize: Theme.smallFontSize
            padding: Theme.lineSpacing
            background: Rectangle {
                color: Theme.cursorLabel
                radius: Theme.radius
            }
        }
    }
    PinchArea {
        anchors.fill: parent
        onPinchUpdated: pinch => root.window.zoom(pinch.scale / pinch.previousScale,
                                                  root.window.timeAt(pinch.center.x, plotArea.width))

        MouseArea {
            id: pointer
            objectName: "timeWindowArea"

            property real lastX: 0
            property bool dragged: false

            anchors.fill: parent
            hoverEnabled: true
            onPositionChanged: mouse => {
                root.window.hoverMs = root.window.timeAt(mouse.x, plotArea.width);
                if (!pressed)
                    return;
                dragged = dragged || Math.abs(mouse.x - lastX) >= Theme.dragThreshold;
                if (!dragged)
                    return;
                root.window.pan((lastX - mouse.x) / plotArea.width * root.window.spanMs);
                lastX = mouse.x;
            }
            onExited: root.window.hoverMs = NaN
            onPressed: mouse => {
                root.forceActiveFocus();
                lastX = mouse.x;
                dragged = false;
            }
            onClicked: mouse => {
                if (dragged)
                    return;
                const timeMs = root.window.timeAt(mouse.x, plotArea.width);
                root.window.inspect(timeMs); // the event log goes there
                root.clicked(timeMs);
            }
            onWheel: wheel => {
                // Vertical: zoom at the pointer; horizontal (a touchpad's sideways swipe): pan.
                if (wheel.angleDelta.y !== 0)
                    root.zoomBy(wheel.angleDelta.y / 120, root.window.timeAt(wheel.x, plotArea.width));
                if (wheel.angleDelta.x !== 0)
                    root.window.pan(-wheel.angleDelta.x / 120 * Theme.panStep * root.window.spanMs);
            }
        }
    }
    Keys.onPressed: event => {
        const pan = Theme.panStep * window.spanMs;
        const centre = window.endMs - window.spanMs / 2;
        switch (event.key) {
        case Qt.Key_Plus:
        case Qt.Key_Equal:
            zoomBy(1, centre);
            break;
        case Qt.Key_Minus:
            zoomBy(-1, centre);
            break;
        case Qt.Key_Left:
            window.pan(-pan);
            break;
        case Qt.Key_Right:
            window.pan(pan);
            break;
        case Qt.Key_Home:
            window.showEarliest();
            break;
        case Qt.Key_End:
            window.followLatest();
            break;
        case Qt.Key_0:
            window.reset();
            break;
        default:
            return;
        }
        event.accepted = true;
    }
    Rectangle {
        // Where the keys go.
        anchors.fill: parent
        visible: root.activeFocus
        color: "transparent"
        border.color: Theme.accent
        border.width: Theme.focusWidth
        radius: Theme.radius
    }
    Button {
        objectName: "followLatest"
        visible: !root.window.following
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Theme.smallSpacing
        text: qsTr("Latest →")
        font.pixelSize: Theme.smallFontSize
        focusPolicy: Qt.NoFocus
        onClicked: root.window.followLatest()
    }
}
