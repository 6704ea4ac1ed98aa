// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// What the inspector can do to the cache and to itself: set the limit, clear, flush now, pause
// (freeze what is shown), export the snapshot or the event trace as JSON, open such a file to
// inspect it offline, and go back to the live cache. `compact` stacks the groups for a narrow
// panel.
Pane {
    id: root

    required property CacheMonitor monitor
    property bool compact: false
    // The outcome of the last file operation, shown until the next one.
    property string status
    // The limit box: up to 1 TiB, in steps of 1 MiB (values are KiB).
    readonly property int maxLimitKb: 1024 * 1024 * 1024
    readonly property int limitStepKb: 1024

    // A typed path as the URL CacheMonitor takes: absolute paths become file URLs.
    function fileUrl(path: string): string {
        if (path.startsWith("/"))
            return "file://" + path.split("/").map(encodeURIComponent).join("/");
        return path;
    }
    // With a typed path, at once; without one, after the file dialog.
    function run(action: string) {
        if (pathField.text.trim().length === 0) {
            chooser.choose(action);
            return;
        }
        const path = pathField.text.trim();
        const url = fileUrl(path);
        let ok = false;
        if (action === "snapshot")
            ok = monitor.exportSnapshot(url);
        else if (action === "trace")
            ok = monitor.exportTrace(url);
        else
            ok = monitor.load(url);
        const done = { "snapshot": qsTr("Snapshot saved to %1"), "trace": qsTr("Trace saved to %1"), "load": qsTr("Showing %1") };
        status = ok ? done[action].arg(path) : "";
    }

    // Buttons as wide as their text (Basic's are at least 100 px), so both rows fit a narrow panel.
    component BarButton: Button {
        implicitWidth: Math.max(Theme.buttonMinWidth, implicitContentWidth + leftPadding + rightPadding)
        leftPadding: Theme.buttonPadding
        rightPadding: Theme.buttonPadding
        ToolTip.visible: hovered && ToolTip.text.length > 0
    }

    FileChooser {
        id: chooser
        objectName: "fileChooser"
        // Bound, not found once at creation: the inspector may be put into its window later.
        parentWindow: root.Window.window
        onAccepted: {
            pathField.text = chosenPath;
            root.run(purpose);
        }
    }

    padding: Theme.spacing
    background: Rectangle {
        color: Theme.panel
        border.color: Theme.panelBorder
        radius: Theme.radius
    }

    GridLayout {
        anchors.fill: parent
        columns: root.compact ? 1 : 3
        columnSpacing: Theme.padding
        rowSpacing: Theme.smallSpacing

        RowLayout {
            spacing: Theme.smallSpacing
            Layout.fillWidth: root.compact

            Label {
                text: qsTr("Limit")
                color: Theme.textDim
            }
            SpinBox {
                id: limitBox
                objectName: "limitBox"
                enabled: !root.monitor.offline
                editable: true
                from: 0
                to: root.maxLimitKb
                stepSize: root.limitStepKb
                value: root.monitor.cacheLimit
                textFromValue: (value, locale) => Format.kib(value)
                valueFromText: (text, locale) => {
                    const kb = Format.parseKib(text);
                    return isNaN(kb) ? root.monitor.cacheLimit : kb;
                }
                validator: RegularExpressionValidator {
                    regularExpression: /\s*[0-9]+(\.[0-9]+)?\s*([kKmMgG]([iI]?[bB])?)?\s*/
                }
                onValueModified: root.monitor.cacheLimit = value
                Layout.preferredWidth: Theme.limitFieldWidth
            }
            Item {
                visible: root.compact
                Layout.fillWidth: true
            }
            BarButton {
                objectName: "pauseButton"
                enabled: !root.monitor.offline
                checkable: true
                checked: root.monitor.paused
                text: checked ? qsTr("Resume") : qsTr("Pause")
                onToggled: root.monitor.paused = checked
                ToolTip.text: qsTr("Freeze what the inspector shows; the cache keeps running")
            }
            BarButton {
                objectName: "flushButton"
                enabled: !root.monitor.offline
                text: qsTr("Flush")
                onClicked: root.monitor.flushNow()
                ToolTip.text: qsTr("Run one flush step now, as a timer tick would")
            }
            BarButton {
                objectName: "clearButton"
                enabled: !root.monitor.offline
                text: qsTr("Clear")
                onClicked: root.monitor.clearCache()
                ToolTip.text: qsTr("Remove every entry from the cache")
            }
        }

        Label {
            objectName: "statusLabel"
            text: root.monitor.lastError || root.status
                  || (root.monitor.offline ? qsTr("Offline: %1").arg(root.monitor.sourceName)
                                           : root.monitor.paused ? qsTr("Paused") : qsTr("Live"))
            color: root.monitor.lastError ? Theme.error
                 : root.monitor.offline || root.monitor.paused ? Theme.miss : Theme.hit
            elide: Text.ElideMiddle
            Layout.fillWidth: true
            Layout.row: root.compact ? 2 : 0
            Layout.column: root.compact ? 0 : 1
        }

        RowLayout {
            spacing: Theme.smallSpacing
            Layout.fillWidth: root.compact
            Layout.row: root.compact ? 1 : 0
            Layout.column: root.compact ? 0 : 2

            TextField {
                id: pathField
                objectName: "pathField"
                placeholderText: qsTr("/path/to/file.json")
                placeholderTextColor: Theme.textDim
                selectByMouse: true
                Layout.fillWidth: true
                Layout.minimumWidth: Theme.fieldMinWidth
                Layout.preferredWidth: root.compact ? -1 : Theme.pathFieldWidth
            }
            BarButton {
                objectName: "exportButton"
                text: qsTr("Export ▾")
                onClicked: exportMenu.popup()

                Menu {
                    id: exportMenu

                    MenuItem {
                        objectName: "exportSnapshotItem"
                        text: qsTr("Snapshot (cachescope-snapshot)")
                        onTriggered: root.run("snapshot")
                    }
                    MenuItem {
                        objectName: "exportTraceItem"
                        text: qsTr("Event trace (cachescope-trace)")
                        onTriggered: root.run("trace")
                    }
                }
            }
            BarButton {
                objectName: "openButton"
                text: qsTr("Open")
                onClicked: root.run("load")
                ToolTip.text: qsTr("Show a snapshot or trace file instead of the live cache")
            }
            BarButton {
                objectName: "liveButton"
                enabled: root.monitor.offline
                text: qsTr("Live")
                onClicked: {
                    root.status = "";
                    root.monitor.goLive();
                }
            }
        }
    }
}
