// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// Where misses were answered below the memory tier (network images): disk hits with no request,
// revalidations (304), downloads. Hidden until a tier below memory answered at all.
GridLayout {
    id: root

    required property CacheMonitor monitor

    visible: monitor.diskHits + monitor.revalidations + monitor.fetches > 0
    columns: 3
    columnSpacing: Theme.padding
    rowSpacing: Theme.spacing

    StatTile {
        objectName: "diskHits"
        label: qsTr("Disk hits")
        value: Format.count(root.monitor.diskHits)
        tint: Theme.eventColor("disk-hit")
        Layout.fillWidth: true
    }
    StatTile {
        objectName: "revalidations"
        label: qsTr("Revalidated")
        value: Format.count(root.monitor.revalidations)
        tint: Theme.eventColor("revalidate")
        Layout.fillWidth: true
    }
    StatTile {
        objectName: "fetches"
        label: qsTr("Fetched")
        value: qsTr("%1 · %2").arg(Format.count(root.monitor.fetches)).arg(Format.kib(root.monitor.downloadedKb))
        tint: Theme.eventColor("fetch")
        Layout.fillWidth: true
    }
}
