// Real use of an installed CacheScope from a C++17 (or C++20) app: the cache, its observer
// interface, and the inspector's event queue (an observer from another library of the package).
#include <CacheScope/Inspector/eventqueue.h>
#include <CacheScope/cacheobserver.h>
#include <CacheScope/imagecache.h>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qlist.h>
#include <QtGui/qcolor.h>
#include <QtGui/qimage.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <vector>

#if CONSUMER_CXX_STANDARD >= 20
#  include <span>
#endif

// Built at the standard that was asked for: the package must not raise it.
static_assert(__cplusplus / 100 == 2000 + CONSUMER_CXX_STANDARD,
              "the consumer was not compiled at CONSUMER_CXX_STANDARD");

namespace {

using CacheScope::CacheEvent;
using CacheScope::CacheEventType;

int fail(const char *why)
{
    std::fprintf(stderr, "consumer: %s\n", why);
    return 1;
}

// Counts what it hears, from whichever thread tells it.
class CountingObserver final : public CacheScope::CacheObserver
{
public:
    void cacheEvents(Events events) override
    {
        for (const CacheEvent &event : events) {
            if (event.type == CacheEventType::Insert)
                ++inserts;
            else if (event.type == CacheEventType::Hit)
                ++hits;
            else if (event.type == CacheEventType::Miss)
                ++misses;
        }
        for (std::size_t i = 1; i < events.size(); ++i) {
            if (events[i].sequence <= events[i - 1].sequence)
                ++unordered;
        }
#if CONSUMER_CXX_STANDARD >= 20
        // Code written against std::span keeps working.
        const std::span<const CacheEvent> standard = events;
        if (standard.size() != events.size() || standard.data() != events.data())
            ++unordered;
#endif
    }

    std::atomic<int> inserts{0};
    std::atomic<int> hits{0};
    std::atomic<int> misses{0};
    std::atomic<int> unordered{0};
};

// The observer's view type takes the usual containers, without copying them.
bool spanViewsContainers()
{
    using Events = CacheScope::CacheObserver::Events;
    const std::vector<CacheEvent> vector(3);
    const QList<CacheEvent> list(2);
    const std::array<CacheEvent, 4> array{};
    const Events ofVector = vector;
    const Events ofList = list;
    const Events ofArray = array;
    const Events none;
    return ofVector.size() == 3 && ofVector.data() == vector.data() && ofList.size() == 2
            && ofList.data() == list.constData() && &ofArray.back() == &array[3] && none.empty();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (!spanViewsContainers())
        return fail("Span does not view containers as expected");

    CacheScope::ImageCache cache;
    CountingObserver counting;
    CacheScope::EventQueue queue;
    cache.addObserver(&counting);
    cache.addObserver(&queue);

    QImage image(32, 16, QImage::Format_ARGB32_Premultiplied);
    image.fill(QColor(Qt::darkCyan));
    if (!cache.insert(QStringLiteral("consumer/tile"), image))
        return fail("insert was rejected");
    QImage found;
    if (!cache.find(QStringLiteral("consumer/tile"), &found))
        return fail("inserted image not found");
    if (found != image)
        return fail("found image differs from the inserted one");
    if (cache.find(QStringLiteral("consumer/absent"), nullptr))
        return fail("found an image that was never inserted");
    const CacheScope::ImageCache::Key key = cache.insert(image);
    if (!key.isValid() || !cache.find(key, nullptr))
        return fail("insert by handle did not give a key that finds its image");

    cache.removeObserver(&queue);
    cache.removeObserver(&counting);
    if (counting.inserts != 2 || counting.hits != 2 || counting.misses != 1 || counting.unordered != 0)
        return fail("the observer did not hear 2 inserts, 2 hits and 1 miss in order");
    // The queue has them too (and the flush timer's own events), in the order they happened.
    quint64 dropped = 0;
    const std::vector<CacheEvent> queued = queue.drain(&dropped);
    std::vector<CacheEventType> lookups;
    for (const CacheEvent &event : queued) {
        if (event.type == CacheEventType::Insert || event.type == CacheEventType::Hit
            || event.type == CacheEventType::Miss)
            lookups.push_back(event.type);
    }
    const std::vector<CacheEventType> expected{CacheEventType::Insert, CacheEventType::Hit,
                                               CacheEventType::Miss, CacheEventType::Insert,
                                               CacheEventType::Hit};
    if (lookups != expected || dropped != 0 || queued.front().key != QLatin1String("consumer/tile"))
        return fail("the inspector's event queue did not collect insert, hit, miss, insert, hit");

    const CacheScope::CacheStats stats = cache.stats();
    std::printf("consumer: ok at C++%d (%d entries, %d KiB, hit rate %.2f, %zu events observed)\n",
                CONSUMER_CXX_STANDARD, stats.count, stats.totalUsed, stats.hitRate(), queued.size());
    return 0;
}
