// Copyright (C) 2026 The CacheScope authors.
// The `ImageCache` singleton from QML: every property and method -- cacheLimit (writable, trims at
// once), totalUsed, count, hits, misses, hitRate, evictions, errors, flushTimerActive, roots;
// clear(), flush(), contains(id, size), remove(id, size), prefetch(ids, size), refresh() -- and
// change notifications at a bounded rate.
import QtQuick
import QtTest
import CacheScope

TestCase {
    id: testCase
    name: "ImageCacheSingleton"
    when: windowShown
    width: 800
    height: 600

    readonly property int defaultLimit: 10240

    Component {
        id: imageComponent
        Image { cache: false }
    }

    // Long-lived spies (temporary ones on a singleton outlive their context while being deleted).
    SignalSpy { id: statsSpy; target: ImageCache; signalName: "statsChanged" }
    SignalSpy { id: limitSpy; target: ImageCache; signalName: "cacheLimitChanged" }

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
        verify(fixtures.installLoaders())
        fixtures.setFlushIntervals(3600000, 3600000) // ticks only when a test asks for one
        ImageCache.roots = [fixtures.root]
    }

    function cleanupTestCase() {
        ImageCache.cacheLimit = defaultLimit
        fixtures.setFlushIntervals(0, 0)
    }

    function init() {
        ImageCache.cacheLimit = defaultLimit
        ImageCache.clear()
    }

    function test_everyPropertyAndMethod() {
        var numbers = ["cacheLimit", "totalUsed", "count", "hits", "misses", "hitRate", "evictions", "errors"]
        for (var i = 0; i < numbers.length; ++i)
            compare(typeof ImageCache[numbers[i]], "number", numbers[i])
        compare(typeof ImageCache.flushTimerActive, "boolean")
        verify(ImageCache.roots !== undefined)
        var methods = ["clear", "flush", "contains", "remove", "prefetch", "cancelPrefetch", "refresh"]
        for (var j = 0; j < methods.length; ++j)
            compare(typeof ImageCache[methods[j]], "function", methods[j])
        compare(ImageCache.cacheLimit, defaultLimit)
        compare(ImageCache.count, 0)
        compare(ImageCache.totalUsed, 0)
    }

    function test_containsAndRemove() {
        load("image://cache/photo.jpg", { "sourceSize.width": 100 })
        ImageCache.refresh()
        compare(ImageCache.count, 1)
        // The id as in the Image source, with or without the scheme, and the size as requested.
        verify(ImageCache.contains("photo.jpg", Qt.size(100, 0)))
        verify(ImageCache.contains("image://cache/photo.jpg", Qt.size(100, 0)))
        verify(!ImageCache.contains("photo.jpg"))                   // another size
        verify(!ImageCache.contains("photo.jpg", Qt.size(0, 100)))
        verify(!ImageCache.contains("opaque.png", Qt.size(100, 0))) // another file
        verify(!ImageCache.contains("missing.png"))

        var evictions = ImageCache.evictions
        var misses = ImageCache.misses
        ImageCache.remove("photo.jpg", Qt.size(0, 100)) // not there: nothing happens
        compare(ImageCache.count, 1)
        ImageCache.remove("image://cache/photo.jpg", Qt.size(100, 0))
        verify(!ImageCache.contains("photo.jpg", Qt.size(100, 0)))
        compare(ImageCache.count, 0)
        compare(ImageCache.totalUsed, 0)
        compare(ImageCache.evictions, evictions + 1)

        // Removed means decoded again next time: a miss, not a hit.
        load("image://cache/photo.jpg", { "sourceSize.width": 100 })
        ImageCache.refresh()
        compare(ImageCache.misses, misses + 1)
        verify(ImageCache.contains("photo.jpg", Qt.size(100, 0)))
    }

    function test_zeroAndUnsetSizesAreOneEntry() {
        load("image://cache/opaque.png", { sourceSize: Qt.size(0, 0) })
        verify(ImageCache.contains("opaque.png"))
        verify(ImageCache.contains("opaque.png", Qt.size(0, 0)))
        verify(ImageCache.contains("opaque.png", Qt.size(-1, -1)))
        ImageCache.refresh()
        var hits = ImageCache.hits
        load("image://cache/opaque.png") // unset: the same request, so a hit
        ImageCache.refresh()
        compare(ImageCache.hits, hits + 1)
    }

    function test_clear() {
        load("image://cache/opaque.png")
        load("image://cache/alpha.png")
        load("image://cache/gen/clear-me")
        ImageCache.refresh()
        compare(ImageCache.count, 3)
        verify(ImageCache.totalUsed > 0)
        tryVerify(function() { return ImageCache.flushTimerActive }, 5000, "inserting starts the flush timer")
        statsSpy.clear()

        ImageCache.clear()
        compare(ImageCache.count, 0)      // at once, not at the next coalesced update
        compare(ImageCache.totalUsed, 0)
        compare(ImageCache.flushTimerActive, false)
        verify(statsSpy.count >= 1)
        verify(!ImageCache.contains("opaque.png"))
        verify(!ImageCache.contains("gen/clear-me"))

        var misses = ImageCache.misses
        load("image://cache/gen/clear-me")
        ImageCache.refresh()
        compare(ImageCache.misses, misses + 1)
        compare(fixtures.loaderCalls("clear-me"), 2)
    }

    function test_prefetch() {
        var ids = ["opaque.png", "image://cache/tall.png", "gen/prefetched", "opaque.png"]
        compare(ImageCache.prefetch(ids, Qt.size(64, 0)), 3) // the duplicate is skipped
        tryVerify(function() {
            return ImageCache.contains("opaque.png", Qt.size(64, 0))
                    && ImageCache.contains("tall.png", Qt.size(64, 0))
                    && ImageCache.contains("gen/prefetched", Qt.size(64, 0))
        }, 20000, "prefetched entries arrive")
        verify(!ImageCache.contains("tall.png")) // only the size asked for
        compare(fixtures.loaderCalls("prefetched"), 1)

        ImageCache.refresh()
        var hits = ImageCache.hits
        var misses = ImageCache.misses
        var image = load("image://cache/tall.png", { "sourceSize.width": 64 })
        compare(image.implicitWidth, 64)
        compare(image.implicitHeight, 85)
        ImageCache.refresh()
        compare(ImageCache.hits, hits + 1)
        compare(ImageCache.misses, misses)

        // Prefetching what is there already does not load it again.
        ImageCache.prefetch(["gen/prefetched"], Qt.size(64, 0))
        fixtures.waitForIdle()
        compare(fixtures.loaderCalls("prefetched"), 1)

        // A bad id in a prefetch is an error like any other; the good ones still load.
        ImageCache.refresh()
        var errors = ImageCache.errors
        ImageCache.prefetch(["../outside/secret.png", "small.png"])
        fixtures.waitForIdle()
        tryVerify(function() { return ImageCache.contains("small.png") }, 20000)
        ImageCache.refresh()
        compare(ImageCache.errors, errors + 1)
    }

    function test_cacheLimitFromQml() {
        load("image://cache/photo.jpg")   // 640x480x4 = 1200 KiB
        load("image://cache/tall.png")    // 300x400x4 = 468.75 -> 468 KiB
        load("image://cache/opaque.png")  // 200x100x4 = 78 KiB
        ImageCache.refresh()
        compare(ImageCache.count, 3)
        compare(ImageCache.totalUsed, 1200 + 468 + 78)
        var evictions = ImageCache.evictions
        limitSpy.clear()

        ImageCache.cacheLimit = 600
        compare(limitSpy.count, 1)
        compare(ImageCache.cacheLimit, 600)
        verify(ImageCache.totalUsed <= 600, "trimmed at once: " + ImageCache.totalUsed)
        verify(ImageCache.count < 3)
        verify(ImageCache.evictions > evictions)
        verify(!ImageCache.contains("photo.jpg"))

        ImageCache.cacheLimit = 600
        compare(limitSpy.count, 1) // same value: no signal

        // A limit of 0 stores nothing -- images still show.
        ImageCache.cacheLimit = 0
        compare(ImageCache.count, 0)
        compare(ImageCache.totalUsed, 0)
        var shown = load("image://cache/alpha.png")
        compare(shown.implicitWidth, 120)
        ImageCache.refresh()
        compare(ImageCache.count, 0)

        ImageCache.cacheLimit = defaultLimit
        compare(limitSpy.count, 3)
        load("image://cache/alpha.png")
        ImageCache.refresh()
        compare(ImageCache.count, 1)
    }

    function test_flush() {
        load("image://cache/opaque.png")
        load("image://cache/alpha.png")
        load("image://cache/small.png")
        ImageCache.refresh()
        compare(ImageCache.count, 3)
        tryVerify(function() { return ImageCache.flushTimerActive }, 5000)
        var evictions = ImageCache.evictions
        var used = ImageCache.totalUsed

        // The cache changed since the last tick: a busy step evicts at least one entry.
        verify(ImageCache.flush())
        verify(ImageCache.count < 3)
        verify(ImageCache.totalUsed < used)
        verify(ImageCache.evictions > evictions)
        // Flushing down to nothing eventually stops evicting (and the timer).
        var steps = 0
        while (ImageCache.flush() && steps < 20)
            ++steps
        verify(steps < 20)
        compare(ImageCache.flush(), false)
    }

    function test_hitRate() {
        load("image://cache/small.png")
        ImageCache.refresh()
        var hits = ImageCache.hits
        var misses = ImageCache.misses
        load("image://cache/small.png")
        load("image://cache/small.png")
        ImageCache.refresh()
        compare(ImageCache.hits, hits + 2)
        compare(ImageCache.misses, misses)
        fuzzyCompare(ImageCache.hitRate, ImageCache.hits / (ImageCache.hits + ImageCache.misses), 1e-9)
        verify(ImageCache.hitRate > 0 && ImageCache.hitRate <= 1)
    }

    function test_errorsCounted() {
        ImageCache.refresh()
        var errors = ImageCache.errors
        var bad = createTemporaryObject(imageComponent, testCase, { source: "image://cache/missing.png" })
        tryCompare(bad, "status", Image.Error, 20000)
        // Without refresh(): the coalesced update brings it within the notification interval.
        tryCompare(ImageCache, "errors", errors + 1, 5000)
    }

    // Many cache operations spread over about a second, few notifications: at most about one per
    // 100 ms interval (without coalescing, each 20 ms batch below would bring its own).
    function test_notificationsCoalesced() {
        statsSpy.clear()
        var grid = createTemporaryQmlObject(
                    "import QtQuick\n" +
                    "Grid { columns: 25; property alias repeater: rep; property int shown: 0\n" +
                    "  Timer { interval: 20; repeat: true; running: parent.shown < 250; onTriggered: parent.shown += 5 }\n" +
                    "  Repeater { id: rep; model: parent.shown\n" +
                    "    Image { cache: false; sourceSize.width: 8; source: 'image://cache/gen/burst-' + index } } }",
                    testCase)
        var started = Date.now()
        tryVerify(function() {
            if (grid.repeater.count < 250)
                return false
            for (var i = 0; i < grid.repeater.count; ++i)
                if (grid.repeater.itemAt(i).status !== Image.Ready)
                    return false
            return true
        }, 30000)
        wait(300) // the last coalesced update arrives
        var elapsed = Date.now() - started
        console.info(statsSpy.count + " statsChanged() for 250 loads in " + elapsed + " ms")
        verify(statsSpy.count >= 2, "the properties update while loading, not only at the end")
        verify(statsSpy.count <= elapsed / 100 + 3,
               statsSpy.count + " statsChanged() in " + elapsed + " ms")
        compare(ImageCache.count, 250)
    }
}
