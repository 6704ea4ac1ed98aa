// Copyright (C) 2026 The CacheScope authors.
import QtQuick
import QtQuick.Dialogs

// The file dialog behind Open and Export when no path is typed: the platform's where it has one,
// Qt Quick's own otherwise (as offscreen). `purpose` says what the chosen file is for.
FileDialog {
    id: root

    property string purpose // "load", "snapshot" or "trace"
    // The chosen file as a local path.
    readonly property string chosenPath: {
        const url = selectedFile.toString();
        return url.startsWith("file://") ? decodeURIComponent(url.substring("file://".length)) : url;
    }

    function choose(what: string) {
        purpose = what;
        fileMode = what === "load" ? FileDialog.OpenFile : FileDialog.SaveFile;
        title = what === "load" ? qsTr("Open a snapshot or trace") : what === "trace" ? qsTr("Export the event trace")
                                                                                      : qsTr("Export a snapshot");
        open();
    }

    nameFilters: [qsTr("CacheScope JSON (*.json)"), qsTr("All files (*)")]
    defaultSuffix: "json"
}
