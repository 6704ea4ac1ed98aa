// Copyright (C) 2026 The CacheScope authors.
pragma Singleton
import QtQuick

// Colours, metrics and timings of the inspector, in one place: views use these names, never raw
// pixel numbers or colours.
QtObject {
    // Palette. Every text colour on every background it is drawn on (badge fills, list rows,
    // the selection, the hit flash, cost map tiles) keeps a contrast of at least 4.5:1 (WCAG AA):
    // tests/inspectorviews/tst_themecontrast checks it.
    readonly property color background: "#1e1f24"
    readonly property color panel: "#272930"
    readonly property color panelBorder: "#363943"
    readonly property color rowAlternate: "#2c2e36"
    readonly property color control: "#353843"
    readonly property color controlHover: "#3a3e48"
    readonly property color controlChecked: "#203350"
    readonly property color text: "#e6e8ee"
    readonly property color textDim: "#b0b6c2"
    readonly property color accent: "#6cb4ff"
    readonly property color selection: "#203350" // the selected row while its list has the focus
    readonly property color hit: "#4cc38a"
    readonly property color miss: "#f0b14a"
    readonly property color error: "#ff8a85"
    readonly property color free: "#30333b"
    readonly property color grid: "#3a3d47"
    readonly property color inUse: "#7db6ff"
    readonly property color nextVictim: "#ff8c87"
    readonly property color limitLine: "#ff8a85"
    readonly property color usedLine: "#4fa3ff"
    readonly property color usedFill: "#334fa3ff"
    readonly property color busyTick: "#f0b14a"
    readonly property color idleTick: "#4fa3ff"
    readonly property color timerStart: "#4cc38a"
    readonly property color timerStop: "#9aa0ad"
    readonly property color flash: "#264cc38a"
    readonly property color offline: "#f0b14a" // the tag of a panel showing a file
    readonly property color restTile: "#3a3d46" // the cost map's "smaller entries"
    readonly property color cursor: "#e6e8ee"      // the linked timeline's time under the pointer
    readonly property color cursorLabel: "#40444f" // and its clock time's chip
    readonly property color stripEvents: "#6c7280" // the event strip: events per slice of time
    readonly property color stripEvictions: "#b48cf2" // and those that evicted something
    readonly property real badgeFillAlpha: 0.12
    // An evicted entry's row fades its picture and cost bar to this; its text stays legible.
    readonly property real evictedOpacity: 0.35
    // The used gauge turns to the warning colour above this fraction of the limit.
    readonly property real nearlyFull: 0.9
    // A re-miss rate from which the evicted view says the working set does not fit.
    readonly property real thrashWarning: 0.25

    // Why entries left the cache, keyed by EntryModel's cause names and by evictionsByCause keys.
    readonly property var causeColors: ({
            "cost limit": "#f0b14a",
            "costLimit": "#f0b14a",
            "flush timer": "#c3a2f7",
            "flushTimer": "#c3a2f7",
            "removed": "#b0b6c2",
            "replaced": "#6cb4ff",
            "cleared": "#ff8a85",
            "trimmed": "#eba3d0"
        })
    // Event types of EventListModel.
    readonly property var eventColors: ({
            "hit": "#4cc38a",
            "miss": "#f0b14a",
            "insert": "#4fa3ff",
            "replace": "#4fa3ff",
            "evict": "#b48cf2",
            "clear": "#f06a6a",
            "flush": "#d6c35c",
            "timer-start": "#4cc38a",
            "timer-stop": "#9aa0ad",
            "limit": "#e6e8ee",
            "error": "#f06a6a",
            "disk-hit": "#5fd0c8",
            "revalidate": "#8fd06a",
            "fetch": "#6a9cf0"
        })
    function causeColor(cause: string): color {
        return causeColors[cause] || textDim;
    }
    function eventColor(type: string): color {
        return eventColors[type] || textDim;
    }

    // Tree map tiles: a hue from the next victim (warm) to the most recently kept (cool).
    readonly property real victimHue: 0.0
    readonly property real keptHue: 0.58
    readonly property real tileSaturation: 0.45
    readonly property real tileLightness: 0.28

    // Metrics
    readonly property int spacing: 8
    readonly property int smallSpacing: 4
    readonly property int lineSpacing: 2
    readonly property int padding: 12
    readonly property int radius: 4
    readonly property int rowHeight: 48
    readonly property int eventRowHeight: 22
    readonly property int evictedRowHeight: 38
    readonly property int thumbnailSize: 32
    readonly property int previewSize: 160 // the selected entry's preview
    readonly property int popupMaxHeight: 320
    readonly property int fontSize: 13
    readonly property int smallFontSize: 11
    readonly property int headingFontSize: 14
    readonly property int valueFontSize: 18
    readonly property int barHeight: 4
    readonly property int gaugeHeight: 12
    readonly property int badgePadding: 5
    readonly property int rankColumnWidth: 28
    readonly property int costColumnWidth: 96
    readonly property int timeColumnWidth: 76
    readonly property int axisLabelWidth: 48
    readonly property int axisLabelHeight: 16
    readonly property int axisTickSpacing: 90
    readonly property int chartMinHeight: 90
    readonly property real chartHeadroom: 1.1
    readonly property int lineWidth: 2
    readonly property int dotSize: 6
    readonly property int focusWidth: 2
    readonly property int whatIfIntervalMs: 2000 // how often the what-if curve follows a live trace
    readonly property int tickMarkWidth: 4
    readonly property int tickHoverWidth: 12 // a tick mark's area for the tooltip
    readonly property int tickMarkMinHeight: 6
    readonly property int tileGap: 2
    readonly property int tileLabelMinWidth: 56
    readonly property int tileLabelMinHeight: 34
    readonly property int tabPadding: 4
    readonly property int tabFontSize: 12
    readonly property int buttonPadding: 10
    readonly property int buttonMinWidth: 48
    // A flush tick's bar is full height at this many entries evicted (or the most one tick evicted).
    readonly property int tickScaleEntries: 5
    readonly property int trackMaxHeight: 200
    // Below this height the flush timer shows only its track, above it a list of ticks too.
    readonly property int tickListMinPanelHeight: 320
    readonly property int eventStripHeight: 44
    readonly property int stripBucketWidth: 3 // px of the event strip per counted slice of time
    readonly property int dragThreshold: 4    // px a press moves before it pans the time window
    readonly property real panStep: 0.1       // of the window's span, per arrow key or wheel step
    readonly property int fieldMinWidth: 120
    readonly property int limitFieldWidth: 130
    readonly property int pathFieldWidth: 260

    // Layout of CacheInspector: below narrowWidth a single column with tabs, above it a split.
    readonly property int sidePanelWidth: 300
    readonly property int rightPanelWidth: 400
    readonly property int centrePanelMinWidth: 380 // the entries list stays readable
    readonly property int narrowWidth: sidePanelWidth + rightPanelWidth + centrePanelMinWidth + 2 * spacing
    readonly property real overviewFraction: 0.6
    readonly property real topRowFraction: 0.55
    readonly property real costMapFraction: 0.5
    readonly property real detailFraction: 0.5     // investigate page: the entry over the evicted list
    readonly property real workingSetFraction: 0.5 // investigate page: working set over what-if
    readonly property int windowWidth: 1280
    readonly property int windowHeight: 800

    // Timings (ms)
    readonly property int flashDuration: 700
    readonly property int fadeDuration: 1200
}
