// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// Eviction post-mortem: the entries that left, newest first, with cause and trigger; and the
// thrash detector's verdict above them.
Panel {
    id: root

    required property CacheMonitor monitor
    readonly property EvictedModel evicted: monitor.evicted
    readonly property ThrashDetector thrash: monitor.thrash

    title: qsTr("Evicted")
    source: monitor.offline ? monitor.sourceName : ""
    detail: qsTr("%1 · the last %2 kept").arg(Format.plural(evicted.count, qsTr("entry"), qsTr("entries")))
                                           .arg(Format.count(evicted.capacity))

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.smallSpacing

        Label {
            objectName: "reMissSummary"
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            color: root.thrash.reMissRate >= Theme.thrashWarning ? Theme.miss : Theme.textDim
            text: root.thrash.misses === 0 ? qsTr("No misses yet.")
                  : qsTr("%1 of %2 misses were re-misses (evicted less than %3 before)%4")
                        .arg(Format.count(root.thrash.reMisses)).arg(Format.count(root.thrash.misses))
                        .arg(Format.duration(root.thrash.windowMs))
                        .arg(root.thrash.reMissRate >= Theme.thrashWarning
                             ? qsTr(": the cache is too small for this working set") : "")
        }
        ListView {
            id: list
            objectName: "evictedList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            // Only while shown: new evictions arrive on top at every refresh, and a hidden list
            // would still make delegates for them (a busy cache: ~17 rows a refresh). Shown
            // again, it starts at the newest, where a newest-first list is read from.
            model: root.visible ? root.evicted : null
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            delegate: EvictedRow {
                width: list.width
                now: root.monitor.now
            }
            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("Nothing evicted yet")
                color: Theme.textDim
            }
        }
    }
}
