// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import CacheScope.Inspector
import "Format.js" as Format

// A time axis ending at "now" on the right: vertical grid lines over the plot and offsets
// ("-30 s", "now") in a strip of Theme.axisLabelHeight at the bottom.
Item {
    id: root

    property real spanMs: Theme.minTimeSpanMs
    readonly property var ticks: Format.axisTicks(spanMs, Math.max(1, Math.floor(width / Theme.axisTickSpacing)))

    Repeater {
        model: root.ticks

        delegate: Item {
            id: tick

            required property real modelData

            x: root.width - modelData / root.spanMs * root.width
            height: root.height

            Rectangle {
                width: 1
                height: root.height - Theme.axisLabelHeight
                color: Theme.grid
            }
            Label {
                // Centred under the line, kept inside the axis at both ends.
                x: Math.max(-tick.x, Math.min(-width / 2, root.width - tick.x - width))
                y: root.height - height
                text: Format.axisOffset(tick.modelData)
                color: Theme.textDim
                font.pixelSize: Theme.smallFontSize
            }
        }
    }
}
