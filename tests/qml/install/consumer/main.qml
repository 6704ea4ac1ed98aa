// Loaded by the consumer from outside any build tree: `import CacheScope` must come from
// QML_IMPORT_PATH (the install prefix) and register the image provider on this engine.
import QtQuick
import CacheScope

Item {
    width: 200
    height: 200

    property alias image: img
    property int cachedCount: ImageCache.count
    property var roots: ImageCache.roots

    Image {
        id: img
        cache: false
        sourceSize.width: 24
    }

    Component.onCompleted: {
        ImageCache.roots = [imageFolder] // context property set by main.cpp
        img.source = "image://cache/tile.png"
    }
}
