// Copyright (C) 2026 The CacheScope authors.
// Every bad input through a real Image: status Error, the provider's clear message reaches the
// Image's warning (Image has no errorString property; Qt Quick prints "QML Image: <errorString>"),
// counted once in ImageCache.errors, logged under the `cachescope.provider` category, and the
// cache is exactly as before -- then a good image still loads.
import QtQuick
import QtTest
import CacheScope

TestCase {
    id: testCase
    name: "BadInput"
    when: windowShown
    width: 400
    height: 400

    Component {
        id: imageComponent
        Image { cache: false }
    }

    function longId() {
        var s = ""
        for (var i = 0; i < fixtures.maxIdLength + 10; ++i)
            s += "x"
        return s + ".png"
    }

    function initTestCase() {
        verify(fixtures.valid, fixtures.error)
        ImageCache.roots = [fixtures.root]
        verify(fixtures.hasProvider(), "import CacheScope registered no provider")
        fixtures.setFlushIntervals(3600000, 3600000) // no timer tick during a test
        // Something cached, so "the cache is as before" means something.
        var warm = createTemporaryObject(imageComponent, testCase, { source: "image://cache/small.png" })
        tryCompare(warm, "status", Image.Ready, 20000)
    }

    function cleanupTestCase() {
        fixtures.setPixelBudget(fixtures.defaultPixelBudget)
        fixtures.setFlushIntervals(0, 0)
    }

    // tag, source, optional sourceSize, and text the error must contain (case-insensitive).
    function test_badInput_data() {
        var rows = [
            { tag: "missing file", source: "missing.png", expect: "not found" },
            { tag: "truncated png", source: "truncated.png", expect: "truncated.png" },
            { tag: "random bytes with an image extension", source: "random.png", expect: "random.png" },
            { tag: "unsupported format", source: "document.txt", expect: "unsupported" },
            { tag: "empty file", source: "empty.png", expect: "empty.png" },
            { tag: "a folder", source: "adir", expect: "not a file" },
            { tag: "../ escape", source: "../outside/secret.png", expect: ".." },
            { tag: "nested ../ escape", source: "sub/../../outside/secret.png", expect: ".." },
            { tag: "absolute path id", source: "/" + fixtures.secret, expect: "absolute" },
            { tag: "percent-encoded escape", source: "%2e%2e/outside/secret.png", expect: ".." },
            { tag: "percent-encoded slash escape", source: "..%2Foutside%2Fsecret.png", expect: ".." },
            // Decoded once (like a file: URL): "%2e%2e" is then a literal folder name inside the root.
            { tag: "double percent-encoded escape", source: "%252e%252e/outside/secret.png", expect: "not found" },
            { tag: "symlink pointing outside its root", source: "escape_link.png", expect: "outside its root" },
            { tag: "symlinked folder pointing outside", source: "outside_dir/secret.png", expect: "outside its root" },
            { tag: "id longer than MaxIdLength", source: longId(), expect: "" + fixtures.maxIdLength },
            { tag: "negative sourceSize", source: "opaque.png", size: Qt.size(-5, -5), expect: "out of range" },
            { tag: "negative width", source: "opaque.png", size: Qt.size(-100, 50), expect: "out of range" },
            { tag: "absurd sourceSize", source: "opaque.png", size: Qt.size(1000000, 1000000), expect: "out of range" },
            { tag: "absurd width only", source: "opaque.png", size: Qt.size(1000000, 0), expect: "out of range" },
            { tag: "decompression bomb", source: "bomb.png", expect: "pixel budget" },
            { tag: "decompression bomb, small sourceSize", source: "bomb.png", size: Qt.size(32, 32), expect: "30000x30000" },
        ]
        return rows
    }

    function test_badInput(data) {
        var warm = createTemporaryObject(imageComponent, testCase, { source: "image://cache/small.png" })
        tryCompare(warm, "status", Image.Ready, 20000)
        ImageCache.refresh()
        var errorsBefore = ImageCache.errors
        var countBefore = ImageCache.count
        var usedBefore = ImageCache.totalUsed
        var insertedKey = ImageCache.contains("small.png")
        verify(insertedKey, "the warm entry must be cached")
        fixtures.clearLog()

        var properties = { source: "image://cache/" + data.source }
        if (data.size !== undefined)
            properties.sourceSize = data.size
        var image = createTemporaryObject(imageComponent, testCase, properties)
        verify(image)
        tryCompare(image, "status", Image.Error, 20000)
        compare(image.implicitWidth, 0)

        // The provider said why, under its category ...
        tryVerify(function() { return fixtures.logCount(fixtures.providerCategory, data.expect) >= 1 }, 5000,
                  "not logged under cachescope.provider: " + fixtures.logDump())
        // ... and the same text reached the Image (Qt Quick prints "QML Image: <errorString>").
        tryVerify(function() { return fixtures.logCount("", "QML Image: ") >= 1 }, 5000,
                  "no QML Image warning: " + fixtures.logDump())
        verify(fixtures.logCount("", data.expect) >= 2,
               "error text \"" + data.expect + "\" should appear in the log and the Image warning: " + fixtures.logDump())

        // Counted once; nothing cached; nothing else disturbed.
        ImageCache.refresh()
        compare(ImageCache.errors, errorsBefore + 1)
        compare(ImageCache.count, countBefore)
        compare(ImageCache.totalUsed, usedBefore)
        verify(ImageCache.contains("small.png"))

        // And the provider keeps working.
        var good = createTemporaryObject(imageComponent, testCase, { source: "image://cache/alpha.png" })
        tryCompare(good, "status", Image.Ready, 20000)
        compare(good.implicitWidth, 120)
        compare(good.implicitHeight, 80)
    }

    // The pixel budget is configurable: an ordinary image over it is refused from its header.
    function test_pixelBudget() {
        ImageCache.refresh()
        var errorsBefore = ImageCache.errors
        fixtures.setPixelBudget(200 * 100 - 1) // opaque.png is 200x100
        compare(fixtures.pixelBudget(), 200 * 100 - 1)
        var refused = createTemporaryObject(imageComponent, testCase,
                                            { source: "image://cache/opaque.png", sourceSize: Qt.size(20, 0) })
        tryCompare(refused, "status", Image.Error, 20000)
        ImageCache.refresh()
        compare(ImageCache.errors, errorsBefore + 1)
        verify(!ImageCache.contains("opaque.png", Qt.size(20, 0)))

        fixtures.setPixelBudget(200 * 100)
        var fits = createTemporaryObject(imageComponent, testCase,
                                         { source: "image://cache/opaque.png", sourceSize: Qt.size(20, 0) })
        tryCompare(fits, "status", Image.Ready, 20000)
        compare(fits.implicitWidth, 20)
        compare(fits.implicitHeight, 10)
        fixtures.setPixelBudget(fixtures.defaultPixelBudget)
    }

    // contains()/remove() with a refused id: false / no-op, with a warning, never a throw.
    function test_refusedIdsInSingletonMethods() {
        ImageCache.refresh()
        var countBefore = ImageCache.count
        verify(!ImageCache.contains("../outside/secret.png"))
        verify(!ImageCache.contains("image://cache/" + longId()))
        ImageCache.remove("../outside/secret.png")
        compare(ImageCache.count, countBefore)
    }
}
