// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import CacheScope.Inspector
import "Format.js" as Format

// The linked time window's axis: vertical grid lines over the plot at round steps before now, and
// their offsets ("-30 s", "now") in a strip of Theme.axisLabelHeight at the bottom.
Item {
    id: root

    required property TimeWindow window
    property bool labels: true
    readonly property var ticks: window.ticks(window.startMs, window.endMs, window.now,
                                              Math.max(1, Math.floor(width / Theme.axisTickSpacing)))

    Repeater {
        // A count, not the array: the ticks move at every refresh, and an array model would make
        // the Repeater destroy and create every tick each time; with a count they stay and rebind.
        model: root.ticks.length

        delegate: Item {
            id: tick

            required property int index
            readonly property real timeMs: root.ticks[index] ?? 0

            objectName: "axisTick"
            x: (timeMs - root.window.startMs) / root.window.spanMs * root.width
            height: root.height

            Rectangle {
                width: 1
                height: root.height - (root.labels ? Theme.axisLabelHeight : 0)
                color: Theme.grid
            }
            Label {
                // Centred under the line, kept inside the axis at both ends.
                visible: root.labels
                x: Math.max(-tick.x, Math.min(-width / 2, root.width - tick.x - width))
                y: root.height - height
                text: Format.axisOffset(root.window.now - tick.timeMs)
                color: Theme.textDim
                font.pixelSize: Theme.smallFontSize
            }
        }
    }
}
