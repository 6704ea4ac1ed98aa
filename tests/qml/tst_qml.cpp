// Copyright (C) 2026 The CacheScope authors.
// Qt Quick Test runner for the `CacheScope` QML module (tests/qml/tst_*.qml). The setup writes
// real image files and the bad inputs into a temporary folder and exposes them, plus a few test
// hooks, to QML as the context property `fixtures`. Run with
//   tst_qml -import <build>/qml -input <this folder>
// QT_QPA_PLATFORM=offscreen.
#include "testfixtures.h"

#include <CacheScope/imageprovider.h>

#include <QtCore/qmutex.h>
#include <QtCore/qpointer.h>
#include <QtCore/qthread.h>
#include <QtQml/qqmlcontext.h>
#include <QtQml/qqmlengine.h>
#include <QtQuickTest/quicktest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

using namespace TestFixtures;

// What the QML tests see as `fixtures`.
class Fixtures : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool valid READ valid CONSTANT)
    Q_PROPERTY(QString error READ error CONSTANT)
    Q_PROPERTY(QString root READ root CONSTANT)
    Q_PROPERTY(QString root2 READ root2 CONSTANT)
    Q_PROPERTY(QString outside READ outside CONSTANT)
    Q_PROPERTY(QString secret READ secret CONSTANT)
    Q_PROPERTY(int maxIdLength READ maxIdLength CONSTANT)
    Q_PROPERTY(double defaultPixelBudget READ defaultPixelBudget CONSTANT)
    Q_PROPERTY(QString providerCategory READ providerCategory CONSTANT)

public:
    explicit Fixtures(QObject *parent = nullptr) : QObject(parent) { }

    bool valid() const { return m_files.isValid(); }
    QString error() const { return m_files.errorString(); }
    QString root() const { return m_files.root(); }
    QString root2() const { return m_files.root2(); }
    QString outside() const { return m_files.outside(); }
    QString secret() const { return m_files.secret(); }
    int maxIdLength() const { return CacheScope::ImageProvider::MaxIdLength; }
    double defaultPixelBudget() const { return double(CacheScope::ImageProvider::DefaultPixelBudget); }
    QString providerCategory() const { return ProviderCategory; }

    Q_INVOKABLE QString fileUrl(const QString &relative) const { return m_files.rootUrl(relative).toString(); }

    // Messages logged so far (any thread) under `category` containing `needle`; an empty category
    // means "any category".
    Q_INVOKABLE int logCount(const QString &category, const QString &needle) const
    {
        if (!m_log)
            return -1;
        if (!category.isEmpty())
            return m_log->count(category, needle);
        int n = 0;
        for (const auto &m : m_log->messages())
            n += m.text.contains(needle, Qt::CaseInsensitive);
        return n;
    }
    // Call at the start of a test: (re)installs the recorder in front of QTest's handler.
    Q_INVOKABLE void clearLog()
    {
        startRecording();
        m_log->ensureInstalled();
        m_log->clear();
    }
    Q_INVOKABLE QString logDump() const { return m_log ? m_log->dump() : QStringLiteral("(no recorder)"); }

    // The engine's provider, as `import CacheScope` registered it (null before the import).
    CacheScope::ImageProvider *provider() const
    {
        return m_engine ? dynamic_cast<CacheScope::ImageProvider *>(
                                  m_engine->imageProvider(CacheScope::ImageProvider::providerId()))
                        : nullptr;
    }
    Q_INVOKABLE bool hasProvider() const { return provider() != nullptr; }

    // Registers the test loaders on the imported provider: "gen/<id>" makes a 64x48 (or requested)
    // image and counts calls per id; "slow/<id>" the same after 300 ms.
    Q_INVOKABLE bool installLoaders()
    {
        CacheScope::ImageProvider *p = provider();
        if (!p)
            return false;
        auto state = m_loaderState;
        auto make = [state](std::chrono::milliseconds delay) {
            return [state, delay](const QString &id, const QSize &requested) {
                {
                    QMutexLocker lock(&state->mutex);
                    ++state->calls[id];
                }
                if (delay.count() > 0)
                    std::this_thread::sleep_for(delay);
                QSize size(64, 48);
                if (requested.width() > 0 && requested.height() > 0)
                    size = requested;
                else if (requested.width() > 0)
                    size = QSize(requested.width(), requested.width() * 3 / 4);
                else if (requested.height() > 0)
                    size = QSize(requested.height() * 4 / 3, requested.height());
                QImage image(size, QImage::Format_RGB32);
                image.fill(Qt::darkCyan);
                return CacheScope::LoadResult{image, {}};
            };
        };
        p->setLoader(QStringLiteral("gen"), make(std::chrono::milliseconds(0)));
        p->setLoader(QStringLiteral("slow"), make(std::chrono::milliseconds(300)));
        return true;
    }
    Q_INVOKABLE int loaderCalls(const QString &id) const
    {
        QMutexLocker lock(&m_loaderState->mutex);
        return m_loaderState->calls.value(id);
    }
    Q_INVOKABLE void setPixelBudget(double pixels)
    {
        if (CacheScope::ImageProvider *p = provider())
            p->setPixelBudget(qint64(pixels));
    }
    Q_INVOKABLE double pixelBudget() const
    {
        CacheScope::ImageProvider *p = provider();
        return p ? double(p->pixelBudget()) : -1.0;
    }
    // Blocks until the provider's loads (prefetches included) are done.
    Q_INVOKABLE void waitForIdle() const
    {
        if (CacheScope::ImageProvider *p = provider())
            p->waitForIdle();
    }

    // Flush timer intervals of the process-wide cache the module uses, so a timer tick cannot
    // evict entries in the middle of a "the cache is as before" check. Zero restores the defaults.
    Q_INVOKABLE void setFlushIntervals(int soonMs, int flushMs)
    {
        using CacheScope::ImageCache;
        if (soonMs <= 0 || flushMs <= 0)
            ImageCache::instance().setFlushIntervals(ImageCache::DefaultSoonInterval,
                                                     ImageCache::DefaultFlushInterval);
        else
            ImageCache::instance().setFlushIntervals(std::chrono::milliseconds(soonMs),
                                                     std::chrono::milliseconds(flushMs));
    }

    void setEngine(QQmlEngine *engine) { m_engine = engine; }
    void startRecording()
    {
        if (!m_log)
            m_log = std::make_unique<MessageRecorder>();
    }

private:
    struct LoaderState
    {
        QMutex mutex;
        QHash<QString, int> calls;
    };
    FixtureFolder m_files;
    std::unique_ptr<MessageRecorder> m_log;
    QPointer<QQmlEngine> m_engine;
    std::shared_ptr<LoaderState> m_loaderState = std::make_shared<LoaderState>();
};

class Setup : public QObject
{
    Q_OBJECT

public slots:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // QTest's own message handler is installed by now; the recorder chains to it, so
        // TestCase.ignoreWarning() keeps working.
        m_fixtures.startRecording();
        m_fixtures.setEngine(engine);
        engine->rootContext()->setContextProperty(QStringLiteral("fixtures"), &m_fixtures);
    }

private:
    Fixtures m_fixtures;
};

QUICK_TEST_MAIN_WITH_SETUP(tst_qml, Setup)

#include "tst_qml.moc"
