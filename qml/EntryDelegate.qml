// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import CacheScope.Inspector
import "Format.js" as Format

// One entry in the entry list: rank, thumbnail, key with "next victim" and "in use" badges,
// dimensions, hits and time since last use, cost with a bar in proportion to the limit. It
// flashes on a hit and, once evicted, fades out showing why it went.
Rectangle {
    id: row
    objectName: "entryRow"

    required property int index
    required property real entryId
    required property string key
    required property string thumbnail
    required property int imageWidth
    required property int imageHeight
    required property real costKb
    required property real costFraction
    required property int hits
    required property real lastAccessMs
    required property bool inUse
    required property int rank
    required property bool evicted
    required property string evictionCause
    // The monitor's clock, for the time since last use.
    property real now
    // Set once the row is complete: hits counted after that flash it.
    property bool shown: false
    // The row the entry detail shows; framed, and filled while the list has the keyboard focus.
    property bool selected: false
    property bool focused: false

    height: Theme.rowHeight
    color: selected && focused ? Theme.selection : index % 2 ? Theme.rowAlternate : "transparent"
    border.color: selected ? Theme.accent : "transparent"
    border.width: selected ? Theme.focusWidth : 0
    // Evicted: the picture and the cost bar fade; the text stays legible (Theme's contrast).
    property real fade: evicted ? Theme.evictedOpacity : 1

    Behavior on fade {
        NumberAnimation { duration: Theme.fadeDuration }
    }
    // A hit flashes the row. A hit can also move the entry in the eviction order, and the model
    // moves rows by removing and inserting them: a row that appears with a hit just now flashes
    // too.
    Component.onCompleted: {
        shown = true;
        if (hits > 0 && row.now - lastAccessMs <= Theme.flashDuration)
            flash.restart();
    }
    onHitsChanged: if (shown) flash.restart()

    Rectangle {
        id: flashOverlay
        objectName: "hitFlash"
        anchors.fill: parent
        color: Theme.flash
        opacity: 0
    }
    NumberAnimation {
        id: flash
        target: flashOverlay
        property: "opacity"
        from: 1
        to: 0
        duration: Theme.flashDuration
        easing.type: Easing.OutQuad
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.smallSpacing
        anchors.rightMargin: Theme.spacing
        spacing: Theme.spacing

        Label {
            text: row.evicted ? "" : row.rank
            color: Theme.textDim
            font.pixelSize: Theme.smallFontSize
            horizontalAlignment: Text.AlignRight
            Layout.preferredWidth: Theme.rankColumnWidth
        }
        Rectangle {
            objectName: "thumbnailFrame"
            opacity: row.fade
            color: Theme.free
            radius: Theme.radius
            Layout.preferredWidth: Theme.thumbnailSize
            Layout.preferredHeight: Theme.thumbnailSize

            Image {
                objectName: "thumbnail"
                anchors.fill: parent
                source: row.thumbnail
                asynchronous: true
                cache: false
                fillMode: Image.PreserveAspectFit
                sourceSize.width: Theme.thumbnailSize
                sourceSize.height: Theme.thumbnailSize
            }
        }
        ColumnLayout {
            spacing: Theme.lineSpacing
            Layout.fillWidth: true

            RowLayout {
                spacing: Theme.smallSpacing

                Label {
                    objectName: "entryKey"
                    text: row.key
                    color: row.evicted ? Theme.textDim : Theme.text
                    font.bold: true
                    elide: Text.ElideMiddle
                    Layout.fillWidth: true
                }
                Badge {
                    objectName: "nextVictimBadge"
                    visible: row.rank === 1 && !row.evicted
                    text: qsTr("next victim")
                    tint: Theme.nextVictim
                }
                Badge {
                    objectName: "inUseBadge"
                    visible: row.inUse && !row.evicted
                    text: qsTr("in use")
                    tint: Theme.inUse
                }
            }
            Label {
                objectName: "entryDetails"
                text: row.evicted ? qsTr("evicted · %1").arg(row.evictionCause)
                                  : qsTr("%1×%2 · %3 · used %4 ago").arg(row.imageWidth).arg(row.imageHeight)
                                    .arg(Format.plural(row.hits, qsTr("hit"), qsTr("hits")))
                                    .arg(Format.duration(row.now - row.lastAccessMs))
                color: row.evicted ? Theme.causeColor(row.evictionCause) : Theme.textDim
                font.pixelSize: Theme.smallFontSize
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
        }
        ColumnLayout {
            spacing: Theme.smallSpacing
            Layout.preferredWidth: Theme.costColumnWidth
            Layout.maximumWidth: Theme.costColumnWidth

            Label {
                objectName: "entryCost"
                text: Format.kib(row.costKb)
                Layout.alignment: Qt.AlignRight
            }
            Meter {
                opacity: row.fade
                value: row.costFraction
                Layout.fillWidth: true
            }
        }
    }
}
