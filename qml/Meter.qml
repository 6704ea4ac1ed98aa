// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import CacheScope.Inspector

// A horizontal bar filled to `value` (a fraction), with an optional marker line at `marker`:
// the used/limit gauge, an entry's share of the limit, the countdown to the next flush tick.
Rectangle {
    id: root

    property real value
    property real marker: -1 // negative: no marker
    property color tint: Theme.accent
    // Animates the fill between values, e.g. between two refreshes; 0 jumps.
    property int animationDuration: 0

    implicitHeight: Theme.barHeight
    color: Theme.free
    radius: Math.min(Theme.radius, height / 2)

    Rectangle {
        // Something to see even for a tiny non-zero value.
        width: root.value > 0 ? Math.max(height, root.width * Math.min(1, root.value)) : 0
        height: root.height
        radius: root.radius
        color: root.tint

        Behavior on width {
            enabled: root.animationDuration > 0
            NumberAnimation { duration: root.animationDuration }
        }
    }
    Rectangle {
        visible: root.marker >= 0
        x: Math.min(root.width - width, root.width * root.marker)
        width: Theme.lineWidth
        height: root.height
        color: Theme.text
    }
}
