// Copyright (C) 2026 The CacheScope authors.
pragma Singleton
import QtQuick

// Colours and metrics of the inspector, in one place.
QtObject {
    // Palette
    readonly property color background: "#1e1f24"
    readonly property color panel: "#272930"
    readonly property color panelBorder: "#363943"
    readonly property color text: "#e6e8ee"
    readonly property color textDim: "#9aa0ad"
    readonly property color accent: "#4fa3ff"
    readonly property color hit: "#4cc38a"
    readonly property color miss: "#f0b14a"
    readonly property color error: "#f06a6a"
    readonly property color free: "#30333b"

    // Metrics
    readonly property int spacing: 8
    readonly property int padding: 12
    readonly property int radius: 4
    readonly property int rowHeight: 40
    readonly property int thumbnailSize: 32
    readonly property int fontSize: 12
    readonly property int smallFontSize: 10
    readonly property int headingFontSize: 14
}
