// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// One evicted entry: what went, why, what pushed it out, and how it stood at that moment.
Rectangle {
    id: root

    required property int index
    required property string key
    required property real costKb
    required property string cause
    required property real timeMs
    required property string trigger
    required property int rank
    required property real idleMs
    required property int hits
    property real now

    readonly property string standing: {
        const parts = [];
        if (rank > 0)
            parts.push(rank === 1 ? qsTr("was the next victim") : qsTr("rank %1").arg(rank));
        if (idleMs >= 0)
            parts.push(qsTr("idle %1").arg(Format.duration(idleMs)));
        if (hits >= 0)
            parts.push(Format.plural(hits, qsTr("hit"), qsTr("hits")));
        return parts.join(" · ");
    }

    implicitHeight: Theme.evictedRowHeight
    color: index % 2 ? Theme.rowAlternate : "transparent"

    ColumnLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.smallSpacing
        anchors.rightMargin: Theme.smallSpacing
        spacing: 0

        RowLayout {
            spacing: Theme.spacing
            Layout.fillWidth: true

            Label {
                text: "-" + Format.duration(root.now - root.timeMs)
                color: Theme.textDim
                font.pixelSize: Theme.smallFontSize
                horizontalAlignment: Text.AlignRight
                Layout.preferredWidth: Theme.timeColumnWidth
            }
            Label {
                objectName: "evictedKey"
                text: root.key
                font.bold: true
                elide: Text.ElideMiddle
                Layout.fillWidth: true
            }
            Badge {
                text: root.cause
                tint: Theme.causeColor(root.cause)
            }
            Label {
                text: Format.kib(root.costKb)
                color: Theme.textDim
                horizontalAlignment: Text.AlignRight
                Layout.preferredWidth: Theme.costColumnWidth
            }
        }
        Label {
            objectName: "evictedTrigger"
            text: qsTr("by %1").arg(root.trigger) + (root.standing ? " · " + root.standing : "")
            color: Theme.textDim
            font.pixelSize: Theme.smallFontSize
            elide: Text.ElideRight
            Layout.leftMargin: Theme.timeColumnWidth + Theme.spacing
            Layout.fillWidth: true
        }
    }
}
