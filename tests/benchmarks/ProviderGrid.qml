// Copyright (C) 2026 The CacheScope authors.
// The grid that bench_provider (target 9) times: one Image per source, every delegate
// instantiated (a Repeater in a Grid, not a lazy GridView). Each Image reports once when it
// reaches Ready or Error, so the benchmark knows when the whole grid has settled.
import QtQuick
import CacheScope // as an app imports it; it keeps a provider the benchmark configured from C++

Grid {
    id: grid

    required property var sources   // image URLs, one per cell
    required property bool qtCache   // Image.cache: Qt Quick's own pixmap cache on or off
    required property size requestedSize // Image.sourceSize
    required property size cellSize
    property int ready: 0
    property int failed: 0
    property string firstFailure     // the source of the first Image that ended in Error
    readonly property bool settled: ready + failed === sources.length

    columns: 20

    Repeater {
        model: grid.sources

        Image {
            required property string modelData
            property bool reported: false

            // Called on every status change and once on completion: an Image served from Qt
            // Quick's cache may already be Ready before any change could be seen.
            function report() {
                if (reported || (status !== Image.Ready && status !== Image.Error))
                    return;
                reported = true;
                if (status === Image.Ready) {
                    grid.ready += 1;
                } else {
                    if (grid.failed === 0)
                        grid.firstFailure = source; // Image has no errorString: Qt warns instead
                    grid.failed += 1;
                }
            }

            width: grid.cellSize.width
            height: grid.cellSize.height
            asynchronous: true
            cache: grid.qtCache
            sourceSize: grid.requestedSize
            source: modelData
            onStatusChanged: report()
            Component.onCompleted: report()
        }
    }
}
