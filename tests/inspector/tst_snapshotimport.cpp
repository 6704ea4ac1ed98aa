// Copyright (C) 2026 The CacheScope authors.
// Loading snapshot and trace files as they come from outside: every field is checked (type,
// integer, range) and a bad one is named in the error, files that are not regular or too large are
// refused without blocking, and a refused file changes nothing.
#include <cachemonitor.h>

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qtemporarydir.h>
#include <QtTest/qtest.h>

#include <sys/stat.h>
#include <sys/types.h>

using namespace CacheScope;

namespace {

// Refusals of files that cannot be read must come back at once, not after a read that never ends.
constexpr qint64 PromptMs = 5000;
const QJsonValue Absent(QJsonValue::Undefined); // as a field's new value: remove the field

QImage imageOfCost(int kb)
{
    QImage image(256, kb, QImage::Format_ARGB32_Premultiplied); // 1 KiB per row
    image.fill(Qt::darkCyan);
    return image;
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QUrl writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(file.fileName()));
    return QUrl::fromLocalFile(file.fileName());
}

QUrl writeJson(const QTemporaryDir &dir, const QString &name, const QJsonObject &json)
{
    return writeFile(dir, name, QJsonDocument(json).toJson(QJsonDocument::Compact));
}

// `value` set at a path like "entries/1/costKb" (array indices as numbers); Absent removes it.
QJsonValue withField(const QJsonValue &at, QStringList path, const QJsonValue &value)
{
    if (path.isEmpty())
        return value;
    const QString step = path.takeFirst();
    if (at.isArray()) {
        QJsonArray array = at.toArray();
        const int index = step.toInt();
        if (path.isEmpty() && value.isUndefined())
            array.removeAt(index);
        else
            array[index] = withField(array.at(index), path, value);
        return array;
    }
    QJsonObject object = at.toObject();
    if (path.isEmpty() && value.isUndefined())
        object.remove(step);
    else
        object[step] = withField(object.value(step), path, value);
    return object;
}

QJsonObject withField(const QJsonObject &json, const QString &path, const QJsonValue &value)
{
    return withField(QJsonValue(json), path.split(QLatin1Char('/')), value).toObject();
}

// A snapshot and a trace exported from a real cache: the documents every test row mutates.
struct Exports
{
    QJsonObject snapshot;
    QJsonObject trace;
};

Exports exportsOfARealCache()
{
    ImageCache cache(100);
    CacheMonitor monitor;
    monitor.setCache(&cache);
    for (int i = 0; i < 8; ++i)
        cache.insert(QStringLiteral("photo-%1").arg(i), imageOfCost(1 + i % 3));
    QImage out;
    cache.find(QStringLiteral("photo-2"), &out);
    cache.find(QStringLiteral("missing"), &out);
    cache.remove(QStringLiteral("photo-3"));
    cache.flush(FlushMode::Busy);
    cache.setCacheLimit(90);
    cache.recordError(QStringLiteral("bad.png"), QStringLiteral("Cannot decode"));
    monitor.refresh();
    QTemporaryDir dir;
    const QString snapshot = dir.filePath(QStringLiteral("s.json"));
    const QString trace = dir.filePath(QStringLiteral("t.json"));
    if (!monitor.exportSnapshot(QUrl::fromLocalFile(snapshot))
        || !monitor.exportTrace(QUrl::fromLocalFile(trace)))
        qFatal("export failed: %s", qPrintable(monitor.lastError()));
    return {readJson(snapshot), readJson(trace)};
}

// The index of the first event of `type` in an exported trace.
int firstEvent(const QJsonObject &trace, const QString &type)
{
    const QJsonArray events = trace.value(QLatin1String("events")).toArray();
    for (int i = 0; i < events.size(); ++i) {
        if (events.at(i).toObject().value(QLatin1String("type")).toString() == type)
            return i;
    }
    qFatal("no %s event in the trace", qPrintable(type));
    return -1;
}

} // namespace

class tst_SnapshotImport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void badSnapshotFields_data();
    void badSnapshotFields();
    void badTraceFields_data();
    void badTraceFields();
    void edgeValuesLoad_data();
    void edgeValuesLoad();
    void unreadableFilesAreRefusedPromptly_data();
    void unreadableFilesAreRefusedPromptly();
    void oversizedFilesAreRefused();
    void failedLoadChangesNothing();
    void capturedAtIsTheCaptureTime();

private:
    void loadRow(const QJsonObject &base);
    void addRow(const char *name, const QString &path, const QJsonValue &value,
                const QString &error);

    Exports m_exports;
    QTemporaryDir m_dir;
};

void tst_SnapshotImport::initTestCase()
{
    m_exports = exportsOfARealCache();
    QVERIFY(m_exports.snapshot.value(QLatin1String("entries")).toArray().size() >= 3);
    QVERIFY(m_dir.isValid());
}

void tst_SnapshotImport::addRow(const char *name, const QString &path, const QJsonValue &value,
                                const QString &error)
{
    QTest::newRow(name) << path << value << error;
}

// Loads the base document with the row's field changed, and expects the row's error.
void tst_SnapshotImport::loadRow(const QJsonObject &base)
{
    QFETCH(QString, path);
    QFETCH(QJsonValue, value);
    QFETCH(QString, error);
    CacheMonitor monitor;
    const QUrl file = writeJson(m_dir, QStringLiteral("row.json"), withField(base, path, value));
    QVERIFY2(!monitor.load(file), "loaded a bad file");
    QVERIFY2(monitor.lastError().contains(error), qPrintable(monitor.lastError()));
    QVERIFY(!monitor.lastError().contains(QLatin1Char('\n')));
    QVERIFY(!monitor.isOffline());
}

void tst_SnapshotImport::badSnapshotFields_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("error");

    const QString nonNegative = QStringLiteral("expected a non-negative integer, got ");
    addRow("negative cost", "entries/1/costKb", -3, "entries[1].costKb: " + nonNegative + "-3");
    addRow("huge cost", "entries/1/costKb", 1e300, "entries[1].costKb: ");
    addRow("fractional cost", "entries/0/costKb", 1.5, "entries[0].costKb: " + nonNegative + "1.5");
    addRow("cost as text", "entries/0/costKb", "12",
           "entries[0].costKb: " + nonNegative + "a string");
    addRow("no cost", "entries/2/costKb", Absent, "entries[2].costKb: missing");
    addRow("negative id", "entries/0/id", -1.0, "entries[0].id: " + nonNegative + "-1");
    addRow("id 1e300", "entries/0/id", 1e300, "entries[0].id: ");
    addRow("id 2^64", "entries/0/id", 18446744073709551616.0, "entries[0].id: ");
    addRow("id as object", "entries/0/id", QJsonObject(),
           "entries[0].id: " + nonNegative + "an object");
    addRow("no id", "entries/1/id", Absent, "entries[1].id: missing");
    addRow("duplicate id", "entries/1/id",
           m_exports.snapshot.value(QLatin1String("entries"))[0][QLatin1String("id")],
           "entries[1].id: the same as entries[0].id");
    addRow("negative width", "entries/0/width", -1, "entries[0].width: " + nonNegative + "-1");
    addRow("huge height", "entries/0/height", 1e10, "entries[0].height: ");
    addRow("depth 1000", "entries/0/depth", 1000, "entries[0].depth: ");
    addRow("hits over 32 bits", "entries/0/hits", 4294967296.0, "entries[0].hits: ");
    addRow("negative age", "entries/0/ageMs", -5, "entries[0].ageMs: " + nonNegative + "-5");
    addRow("age 1e300", "entries/0/ageMs", 1e300, "entries[0].ageMs: ");
    addRow("idle 1e300", "entries/0/idleMs", -1e300, "entries[0].idleMs: ");
    addRow("inUse as text", "entries/0/inUse", "yes",
           "entries[0].inUse: expected true or false, got a string");
    addRow("key as number", "entries/0/key", 5, "entries[0].key: expected a string, got 5");
    addRow("entry as number", "entries/2", 5, "entries[2]: expected an object, got 5");
    addRow("entries as object", "entries", QJsonObject(),
           "entries: expected an array, got an object");
    addRow("negative hits", "stats/hits", -1.0, "stats.hits: " + nonNegative + "-1");
    addRow("misses 1e300", "stats/misses", 1e300, "stats.misses: ");
    addRow("errors as bool", "stats/errors", true, "stats.errors: " + nonNegative + "true");
    addRow("negative cause count", "stats/evictionsByCause/costLimit", -2,
           "stats.evictionsByCause.costLimit: " + nonNegative + "-2");
    addRow("causes as array", "stats/evictionsByCause", QJsonArray(),
           "stats.evictionsByCause: expected an object, got an array");
    addRow("negative total", "stats/totalUsedKb", -5, "stats.totalUsedKb: " + nonNegative + "-5");
    addRow("limit 1e12", "stats/cacheLimitKb", 1e12, "stats.cacheLimitKb: ");
    addRow("peak 1e300", "stats/peakUsedKb", 1e300, "stats.peakUsedKb: ");
    addRow("stats as array", "stats", QJsonArray(), "stats: expected an object, got an array");
    addRow("no stats", "stats", Absent, "stats: missing");
    addRow("no entries", "entries", Absent, "entries: missing");
    addRow("next tick 1e300", "flushTimer/nextTickMs", 1e300, "flushTimer.nextTickMs: ");
    addRow("interval -7", "flushTimer/intervalMs", -7, "flushTimer.intervalMs: ");
    addRow("negative soon", "flushTimer/soonIntervalMs", -1,
           "flushTimer.soonIntervalMs: " + nonNegative + "-1");
    addRow("flush interval 1e19", "flushTimer/flushIntervalMs", 1e19,
           "flushTimer.flushIntervalMs: ");
    addRow("active as number", "flushTimer/active", 1,
           "flushTimer.active: expected true or false, got 1");
    addRow("policy as number", "policy", 3, "policy: expected a string, got 3");
    addRow("fractional version", "version", 1.5, "version");
}

void tst_SnapshotImport::badSnapshotFields()
{
    loadRow(m_exports.snapshot);
}

void tst_SnapshotImport::badTraceFields_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("error");

    const QJsonObject &trace = m_exports.trace;
    const QString nonNegative = QStringLiteral("expected a non-negative integer, got ");
    const int insert = firstEvent(trace, QStringLiteral("insert"));
    const int evict = firstEvent(trace, QStringLiteral("evict"));
    const int flush = firstEvent(trace, QStringLiteral("flush"));
    const int limit = firstEvent(trace, QStringLiteral("limit"));
    const int error = firstEvent(trace, QStringLiteral("error"));
    auto at = [](int index, const char *field) {
        return QStringLiteral("events/%1/%2").arg(index).arg(QLatin1String(field));
    };
    auto named = [](int index, const char *field) {
        return QStringLiteral("events[%1].%2: ").arg(index).arg(QLatin1String(field));
    };
    addRow("negative seq", at(0, "seq"), -1.0, named(0, "seq") + nonNegative + "-1");
    addRow("seq 1e300", at(0, "seq"), 1e300, named(0, "seq"));
    addRow("time 1e300", at(insert, "tMs"), 1e300, named(insert, "tMs"));
    addRow("time -1e300", at(insert, "tMs"), -1e300, named(insert, "tMs"));
    addRow("fractional time", at(insert, "tMs"), 0.5, named(insert, "tMs"));
    addRow("negative cost", at(insert, "costKb"), -3, named(insert, "costKb") + nonNegative + "-3");
    addRow("cost 1e300", at(evict, "costKb"), 1e300, named(evict, "costKb"));
    addRow("limit 1e300", at(limit, "costKb"), 1e300, named(limit, "costKb"));
    addRow("entry id 1e300", at(insert, "entryId"), 1e300, named(insert, "entryId"));
    addRow("negative entry id", at(insert, "entryId"),
           -1.0, named(insert, "entryId") + nonNegative + "-1");
    addRow("key as number", at(insert, "key"),
           5, named(insert, "key") + "expected a string, got 5");
    addRow("unknown type", at(0, "type"), "nope", named(0, "type") + "unknown event type \"nope\"");
    addRow("no type", at(0, "type"), Absent, named(0, "type") + "missing");
    addRow("unknown cause", at(evict, "cause"),
           "gremlins", named(evict, "cause") + "unknown cause \"gremlins\"");
    addRow("no cause", at(evict, "cause"), Absent, named(evict, "cause") + "missing");
    addRow("unknown mode", at(flush, "mode"),
           "sleepy", named(flush, "mode") + "expected \"idle\" or \"busy\"");
    addRow("manual as text", at(flush, "manual"),
           "no", named(flush, "manual") + "expected true or false, got a string");
    addRow("fractional entries", at(flush, "entries"),
           2.5, named(flush, "entries") + nonNegative + "2.5");
    addRow("negative kb", at(flush, "kb"), -1, named(flush, "kb") + nonNegative + "-1");
    addRow("interval 1e300", at(flush, "nextIntervalMs"), 1e300, named(flush, "nextIntervalMs"));
    addRow("interval -2", at(flush, "nextIntervalMs"), -2, named(flush, "nextIntervalMs"));
    addRow("message as number", at(error, "message"),
           5, named(error, "message") + "expected a string, got 5");
    addRow("event as text", "events/1", "hit", "events[1]: expected an object, got a string");
    addRow("events as object", "events", QJsonObject(), "events: expected an array, got an object");
    addRow("no events", "events", Absent, "events: missing");
    addRow("fractional version", "version", 1.5, "version");
}

void tst_SnapshotImport::badTraceFields()
{
    loadRow(m_exports.trace);
}

void tst_SnapshotImport::edgeValuesLoad_data()
{
    QTest::addColumn<bool>("trace");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonValue>("value");

    QTest::newRow("id 2^53") << false << "entries/0/id" << QJsonValue(9007199254740992.0);
    QTest::newRow("hits 2^32-1") << false << "entries/0/hits" << QJsonValue(4294967295.0);
    QTest::newRow("cost int max") << false << "entries/0/costKb" << QJsonValue(2147483647);
    QTest::newRow("counter 2^63") << false << "stats/hits" << QJsonValue(9223372036854775808.0);
    QTest::newRow("limit zero") << false << "stats/cacheLimitKb" << QJsonValue(0);
    QTest::newRow("negative limit") << false << "stats/cacheLimitKb" << QJsonValue(-1);
    QTest::newRow("timer stopped") << false << "flushTimer/nextTickMs" << QJsonValue(-1);
    QTest::newRow("integral double") << false << "entries/0/width" << QJsonValue(12.0);
    QTest::newRow("no key") << false << "entries/0/key" << Absent;
    QTest::newRow("no flushTimer") << false << "flushTimer" << Absent;
    QTest::newRow("negative limit event") << true << "events/0/costKb" << QJsonValue(-5);
    QTest::newRow("time -1 year") << true << "events/0/tMs" << QJsonValue(-31536000000.0);
    QTest::newRow("no entry id") << true << "events/0/entryId" << Absent;
}

void tst_SnapshotImport::edgeValuesLoad()
{
    QFETCH(bool, trace);
    QFETCH(QString, path);
    QFETCH(QJsonValue, value);
    QJsonObject base = trace ? m_exports.trace : m_exports.snapshot;
    if (trace) // the negative cost is for a limit event
        base = withField(base, QStringLiteral("events/0/type"), QStringLiteral("limit"));
    CacheMonitor monitor;
    const QUrl file = writeJson(m_dir, QStringLiteral("edge.json"), withField(base, path, value));
    QVERIFY2(monitor.load(file), qPrintable(monitor.lastError()));
    QVERIFY(monitor.isOffline());
}

void tst_SnapshotImport::unreadableFilesAreRefusedPromptly_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("error");

    const QString notRegular = QStringLiteral("not a regular file");
    QTest::newRow("/dev/zero") << QStringLiteral("/dev/zero") << notRegular;
    QTest::newRow("/dev/null") << QStringLiteral("/dev/null") << notRegular;
    const QString fifo = m_dir.filePath(QStringLiteral("fifo"));
    QFile::remove(fifo);
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    QTest::newRow("FIFO without a writer") << fifo << notRegular;
    QTest::newRow("folder") << m_dir.path() << notRegular;
    QTest::newRow("missing") << m_dir.filePath(QStringLiteral("missing.json"))
                             << QStringLiteral("Cannot open");
}

void tst_SnapshotImport::unreadableFilesAreRefusedPromptly()
{
    QFETCH(QString, path);
    QFETCH(QString, error);
    CacheMonitor monitor;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!monitor.load(QUrl::fromLocalFile(path)));
    QVERIFY2(timer.elapsed() < PromptMs, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(monitor.lastError().contains(error), qPrintable(monitor.lastError()));
    QVERIFY(!monitor.isOffline());
}

void tst_SnapshotImport::oversizedFilesAreRefused()
{
    constexpr qint64 Max = SnapshotJson::MaxFileBytes;
    // A valid snapshot padded with spaces to exactly the limit still loads...
    QByteArray json = QJsonDocument(m_exports.snapshot).toJson(QJsonDocument::Compact);
    json.append(Max - json.size(), ' ');
    CacheMonitor monitor;
    const QUrl file = writeFile(m_dir, QStringLiteral("big.json"), json);
    QVERIFY2(monitor.load(file), qPrintable(monitor.lastError()));
    json.clear();

    // ...one byte more does not, and neither does a sparse file far over it (nothing is read).
    QFile big(file.toLocalFile());
    QVERIFY(big.resize(Max + 1));
    QVERIFY(!monitor.load(file));
    QVERIFY2(monitor.lastError().contains(QStringLiteral("over the limit")),
             qPrintable(monitor.lastError()));
    QVERIFY(big.resize(Max * 1024));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!monitor.load(file));
    QVERIFY(timer.elapsed() < PromptMs);
    QVERIFY2(monitor.lastError().contains(QStringLiteral("over the limit")),
             qPrintable(monitor.lastError()));
    // The offline view still shows the file that loaded.
    QVERIFY(monitor.isOffline());
    QCOMPARE(monitor.entries()->rowCount(),
             m_exports.snapshot.value(QLatin1String("entries")).toArray().size());
}

void tst_SnapshotImport::failedLoadChangesNothing()
{
    CacheMonitor monitor;
    QVERIFY(monitor.load(writeJson(m_dir, QStringLiteral("good.json"), m_exports.snapshot)));
    const int rows = monitor.entries()->rowCount();
    const double hits = monitor.hits();
    const QString source = monitor.sourceName();
    QCOMPARE(source, QStringLiteral("good.json"));

    // Wrong only in the last entry, and in the last event: everything before it was fine.
    const int last = int(m_exports.snapshot.value(QLatin1String("entries")).toArray().size()) - 1;
    const QJsonObject badSnapshot = withField(
            withField(m_exports.snapshot, QStringLiteral("stats/hits"), 12345),
            QStringLiteral("entries/%1/costKb").arg(last), -1);
    QVERIFY(!monitor.load(writeJson(m_dir, QStringLiteral("bad.json"), badSnapshot)));
    const int lastEvent = int(m_exports.trace.value(QLatin1String("events")).toArray().size()) - 1;
    const QJsonObject badTrace =
            withField(m_exports.trace, QStringLiteral("events/%1/seq").arg(lastEvent), -1);
    QVERIFY(!monitor.load(writeJson(m_dir, QStringLiteral("bad-trace.json"), badTrace)));

    QVERIFY(monitor.isOffline());
    QCOMPARE(monitor.sourceName(), source);
    QCOMPARE(monitor.entries()->rowCount(), rows);
    QCOMPARE(monitor.hits(), hits);
    QCOMPARE(monitor.eventLog()->rowCount(), 0);
}

// "capturedAt" says when the data was captured: the export's moment when live, and the original
// moment when a loaded file is exported again later.
void tst_SnapshotImport::capturedAtIsTheCaptureTime()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ImageCache cache(100);
    QVERIFY(cache.insert(QStringLiteral("a"), QImage(16, 16, QImage::Format_ARGB32)));
    CacheMonitor monitor;
    monitor.setCache(&cache);
    monitor.refresh();
    const auto capturedAt = [](const QString &path) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return QDateTime();
        return QDateTime::fromString(QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("capturedAt")).toString(),
                                     Qt::ISODateWithMs);
    };
    for (const bool trace : {false, true}) {
        const QString first = dir.filePath(trace ? QStringLiteral("t1.json") : QStringLiteral("s1.json"));
        const QString again = dir.filePath(trace ? QStringLiteral("t2.json") : QStringLiteral("s2.json"));
        const QDateTime before = QDateTime::currentDateTimeUtc();
        QVERIFY(trace ? monitor.exportTrace(QUrl::fromLocalFile(first)) : monitor.exportSnapshot(QUrl::fromLocalFile(first)));
        const QDateTime after = QDateTime::currentDateTimeUtc();
        const QDateTime captured = capturedAt(first);
        QVERIFY(captured.isValid());
        QVERIFY(captured >= before.addMSecs(-1) && captured <= after.addMSecs(1));

        QVERIFY(monitor.load(QUrl::fromLocalFile(first)));
        QTest::qWait(30);
        QVERIFY(trace ? monitor.exportTrace(QUrl::fromLocalFile(again)) : monitor.exportSnapshot(QUrl::fromLocalFile(again)));
        QCOMPARE(capturedAt(again), captured);
        monitor.goLive();
    }
}

QTEST_MAIN(tst_SnapshotImport)
#include "tst_snapshotimport.moc"
