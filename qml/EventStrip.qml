// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import CacheScope.Inspector

// The event log's events on the linked time window: a bar per slice of time, as tall as the
// events in it (counted in C++, EventDensity), the part that evicted something in its own colour.
// Zoom, pan and the cursor as on every linked plot; a click there scrolls the log to that moment.
LinkedPlot {
    id: root

    required property EventListModel events
    readonly property EventDensity density: counter

    labels: false

    EventDensity {
        id: counter
        events: root.events
        window: root.window
        buckets: Math.floor(root.plot.width / Theme.stripBucketWidth)
    }
    Repeater {
        objectName: "stripBars"
        model: counter.buckets

        delegate: Item {
            id: bucket

            required property int index
            readonly property int count: counter.counts[index] || 0
            readonly property int evicting: counter.evictions[index] || 0

            visible: count > 0
            x: index * Theme.stripBucketWidth
            width: Theme.stripBucketWidth - 1
            height: root.plot.height

            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: Math.max(1, parent.height * bucket.count / counter.peak)
                color: Theme.stripEvents
            }
            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: bucket.evicting > 0 ? Math.max(1, parent.height * bucket.evicting / counter.peak) : 0
                color: Theme.stripEvictions
            }
        }
    }
    Rectangle {
        y: root.plot.height - 1
        width: root.plot.width
        height: 1
        color: Theme.grid
    }
}
