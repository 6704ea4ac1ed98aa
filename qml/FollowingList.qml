// Copyright (C) 2026 The CacheScope authors.
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import CacheScope.Inspector

// A list of events that keeps the newest in view while `following`. Following is the user's
// choice, not a guess from the row count (which stops changing once the model is full): scrolling
// away from the end stops it, scrolling back to the end or "Jump to latest" resumes it.
ListView {
    id: list

    property bool following: true

    function jumpToLatest() {
        following = true;
        positionViewAtEnd();
    }
    function followTail() {
        if (following)
            positionViewAtEnd();
    }

    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {
        onPressedChanged: list.following = !pressed && list.atYEnd
    }
    // A drag, a flick or the wheel: the user's movements only (positionViewAtEnd() is not one).
    onMovementStarted: following = false
    onMovementEnded: following = atYEnd
    onCountChanged: followTail()
    onHeightChanged: followTail()
    Component.onCompleted: followTail()

    Connections {
        // A full model adds as many rows as it drops: the count stays, the rows are new.
        target: list.model
        ignoreUnknownSignals: true

        function onRowsInserted() {
            afterInsert.restart();
        }
    }
    Timer {
        // Once the view has taken the new rows in (it may hear of them after us).
        id: afterInsert
        interval: 0
        onTriggered: list.followTail()
    }

    Button {
        objectName: "jumpToLatest"
        parent: list // over the list, not in its (scrolling) content
        visible: !list.following && list.count > 0
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.spacing
        text: qsTr("Jump to latest ↓")
        font.pixelSize: Theme.smallFontSize
        onClicked: list.jumpToLatest()
    }
}
