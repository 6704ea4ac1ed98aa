// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import CacheScope.Inspector

// The inspector in a window of its own. Set `monitor` to watch a particular cache; by default it
// watches the provider's.
Window {
    id: window

    property alias monitor: inspector.monitor
    readonly property alias inspector: inspector

    width: Theme.windowWidth
    height: Theme.windowHeight
    color: Theme.background
    title: inspector.activeMonitor && inspector.activeMonitor.offline
           ? qsTr("CacheScope Inspector — %1").arg(inspector.activeMonitor.sourceName)
           : qsTr("CacheScope Inspector")

    CacheInspector {
        id: inspector
        anchors.fill: parent
    }
}
