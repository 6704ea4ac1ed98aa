// Copyright (C) 2026 The CacheScope authors.
// Loading through `import CacheScope` + `image://cache/...`: Ready at the right size for every
// sourceSize form (0x0 = full size), roots in order, resources, app loaders, single-flight across
// 100 Images, and hits counted on reuse. Images use `cache: false` wherever a test counts hits, so
// Qt Quick's own pixmap cache never answers before the provider is asked.
import QtQuick
import QtTest
import CacheScope

TestCase {
    id: testCase
    name: "Loading"
    when: windowShown
    width: 800
    height: 600

    SignalSpy { id: rootsSpy; target: ImageCache; signalName: "rootsChanged" }

    Component {
        id: imageComponent
        Image { cache: false }
    }

    Component {
        id: qtCachedComponent
        Image { source: "image://cache/gen/qtcache" } // cache: true, the default
    }

    Component {
        id: gridComponent
        Grid {
            id: grid
            property string source
            property int imageCount: 100
            property alias repeater: rep
            function readyCount() {
                var n = 0
                for (var i = 0; i < rep.count; ++i)
                    if (rep.itemAt(i).status === Image.Ready)
                        ++n
                return n
            }
            columns: 20
            Repeater {
                id: rep
                model: grid.imageCount
                Image { cache: false; source: grid.source; sourceSize: Qt.size(16, 16) }
            }
        }
    }

    function load(source, properties) {
        var props = properties || {}
        props.source = source
        var image = createTemporaryObject(imageComponent, testCase, props)
        verify(image, "could not create an Image")
        tryCompare(image, "status", Image.Ready, 20000)
        return image
    }

    function initTestCase() {
        verify(fixtures.valid, fixtures.error)
        verify(fixtures.hasProvider(), "import CacheScope registered no provider")
        verify(fixtures.installLoaders())
        fixtures.setFlushIntervals(3600000, 3600000)
        ImageCache.roots = [fixtures.root]
        compare(ImageCache.roots, [fixtures.root])
    }

    function cleanupTestCase() {
        fixtures.setFlushIntervals(0, 0)
    }

    function init() {
        ImageCache.cacheLimit = 10240
        ImageCache.clear()
    }

    function test_readyAtTheRightSize_data() {
        return [
            { tag: "png, no sourceSize", source: "opaque.png", w: 200, h: 100 },
            { tag: "png, width only", source: "opaque.png", size: "w", sw: 50, w: 50, h: 25 },
            { tag: "png, height only", source: "opaque.png", size: "h", sh: 20, w: 40, h: 20 },
            { tag: "png, both", source: "opaque.png", size: "wh", sw: 100, sh: 100, w: 100, h: 50 },
            { tag: "png, larger than original (never upscaled)", source: "opaque.png", size: "wh", sw: 400, sh: 400, w: 200, h: 100 },
            { tag: "png, 0x0 is full size", source: "opaque.png", size: "wh", sw: 0, sh: 0, w: 200, h: 100 },
            { tag: "jpeg, width only", source: "photo.jpg", size: "w", sw: 320, w: 320, h: 240 },
            { tag: "jpeg, both", source: "photo.jpg", size: "wh", sw: 64, sh: 64, w: 64, h: 48 },
            { tag: "jpeg, 0x0 is full size", source: "photo.jpg", size: "wh", sw: 0, sh: 0, w: 640, h: 480 },
            { tag: "tall png, both", source: "tall.png", size: "wh", sw: 100, sh: 100, w: 75, h: 100 },
            { tag: "odd size rounding", source: "odd.png", size: "w", sw: 100, w: 100, h: 65 },
            { tag: "alpha png", source: "alpha.png", w: 120, h: 80 },
            { tag: "subfolder", source: "sub/nested.png", w: 30, h: 20 },
            { tag: "bmp", source: "picture.bmp", w: 40, h: 30 },
            { tag: "symlink inside the root", source: "inner_link.png", w: 200, h: 100 },
            { tag: "app loader", source: "gen/loading-a", size: "w", sw: 40, w: 40, h: 30 },
        ]
    }

    function test_readyAtTheRightSize(data) {
        var props = {}
        if (data.size === "w")
            props["sourceSize.width"] = data.sw
        else if (data.size === "h")
            props["sourceSize.height"] = data.sh
        else if (data.size === "wh")
            props.sourceSize = Qt.size(data.sw, data.sh)
        ImageCache.refresh()
        var errorsBefore = ImageCache.errors
        var image = load("image://cache/" + data.source, props)
        compare(image.implicitWidth, data.w)
        compare(image.implicitHeight, data.h)
        ImageCache.refresh()
        compare(ImageCache.errors, errorsBefore)
        compare(ImageCache.count, 1)
    }

    // Qt sends (0,0) while a binding like `sourceSize.width: width` is still 0: full size, and the
    // reload at the real size once the binding settles.
    function test_zeroSizeBindingLoadsFullSizeThenRescales() {
        var holder = createTemporaryQmlObject(
                    "import QtQuick\n" +
                    "Item { width: 0; height: 0; property alias image: img\n" +
                    "  Image { id: img; cache: false; source: 'image://cache/photo.jpg'\n" +
                    "          sourceSize.width: parent.width; sourceSize.height: parent.height } }",
                    testCase)
        tryCompare(holder.image, "status", Image.Ready, 20000)
        compare(holder.image.implicitWidth, 640)
        compare(holder.image.implicitHeight, 480)
        holder.width = 160
        tryCompare(holder.image, "implicitWidth", 160, 20000)
        compare(holder.image.implicitHeight, 120)
        compare(holder.image.status, Image.Ready)
    }

    function test_resources() {
        var image = load("image://cache/qrc:/cachescope-qml-test/checker.ppm")
        compare(image.implicitWidth, 8)
        compare(image.implicitHeight, 6)
    }

    function test_rootsInOrder() {
        rootsSpy.clear()
        var spy = rootsSpy
        ImageCache.roots = [fixtures.root2, fixtures.root]
        compare(spy.count, 1)
        compare(ImageCache.roots, [fixtures.root2, fixtures.root])
        var fromRoot2 = load("image://cache/red.png")
        compare(fromRoot2.implicitWidth, 10)
        var fallsThrough = load("image://cache/opaque.png")
        compare(fallsThrough.implicitWidth, 200)

        ImageCache.roots = [fixtures.root]
        compare(spy.count, 2)
        var fromRoot = load("image://cache/red.png")
        compare(fromRoot.implicitWidth, 20) // a different file: never the other root's cached image
        var only2 = createTemporaryObject(imageComponent, testCase, { source: "image://cache/only2.png" })
        tryCompare(only2, "status", Image.Error, 20000)
    }

    function test_hitsCountedOnReuse() {
        ImageCache.refresh()
        var hits = ImageCache.hits
        var misses = ImageCache.misses
        var first = load("image://cache/tall.png", { "sourceSize.width": 150 })
        ImageCache.refresh()
        compare(ImageCache.misses, misses + 1)
        compare(ImageCache.hits, hits)
        first.destroy()

        for (var i = 1; i <= 3; ++i) {
            var again = load("image://cache/tall.png", { "sourceSize.width": 150 })
            compare(again.implicitWidth, 150)
            ImageCache.refresh()
            compare(ImageCache.hits, hits + i)
            compare(ImageCache.misses, misses + 1)
        }
        compare(ImageCache.hitRate, ImageCache.hits / (ImageCache.hits + ImageCache.misses))
        // Another size is another entry: a miss.
        load("image://cache/tall.png", { "sourceSize.width": 75 })
        ImageCache.refresh()
        compare(ImageCache.misses, misses + 2)
        compare(ImageCache.count, 2)
    }

    // With the default `cache: true`, a second Image with the same source and size is answered by
    // Qt Quick's own pixmap cache: the provider is not asked, so no hit is counted. This is why
    // the tests above use `cache: false`.
    function test_qtQuickCacheAnswersFirst() {
        var a = createTemporaryObject(qtCachedComponent, testCase)
        tryCompare(a, "status", Image.Ready, 20000)
        ImageCache.refresh()
        var hits = ImageCache.hits
        var b = createTemporaryObject(qtCachedComponent, testCase)
        tryCompare(b, "status", Image.Ready, 20000)
        ImageCache.refresh()
        compare(ImageCache.hits, hits)
        compare(fixtures.loaderCalls("qtcache"), 1)
    }

    function test_singleFlightOverHundredImages() {
        var id = "singleflight-" + Date.now()
        ImageCache.refresh()
        var misses = ImageCache.misses
        var hits = ImageCache.hits
        var grid = createTemporaryObject(gridComponent, testCase, { source: "image://cache/slow/" + id })
        tryVerify(function() { return grid.readyCount() === 100 }, 30000, "all 100 Images Ready")
        compare(fixtures.loaderCalls(id), 1)
        ImageCache.refresh()
        compare(ImageCache.count, 1)
        compare((ImageCache.hits - hits) + (ImageCache.misses - misses), 100) // every request counted
        for (var i = 0; i < 100; ++i) {
            compare(grid.repeater.itemAt(i).implicitWidth, 16)
            compare(grid.repeater.itemAt(i).implicitHeight, 16)
        }
    }

    function test_loaderResultsAreCachedWithStatistics() {
        ImageCache.refresh()
        var misses = ImageCache.misses
        var hits = ImageCache.hits
        load("image://cache/gen/stats", { sourceSize: Qt.size(30, 20) })
        load("image://cache/gen/stats", { sourceSize: Qt.size(30, 20) })
        compare(fixtures.loaderCalls("stats"), 1)
        ImageCache.refresh()
        compare(ImageCache.misses, misses + 1)
        compare(ImageCache.hits, hits + 1)
        verify(ImageCache.contains("gen/stats", Qt.size(30, 20)))
    }
}
