// Copyright (C) 2026 The CacheScope authors.
// Writers are not starved by readers in a loop (issue 11, item 5), on the core's striped lock
// (plugin/core/src/stripedlock.h, compiled in). A reader that leaves its stripe and enters it again
// at once always wins the race for the free lock against a waiting writer (its cache line is hot;
// a sleeping writer is still waking up), so the writer -- which holds the stripes before this one
// while it waits -- could wait for as long as the reader kept looping. Counted, not timed: once
// the writer waits, the reader's next entry must come after the writer's turn.
#include "stripedlock.h"

#include <QtTest/qtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

using namespace CacheScope::Internal;
using namespace std::chrono_literals;

namespace {

using Lock = StripedLock<int>;

constexpr int Rounds = 10;
// Long enough for the writer to have reached its wait on the reader's stripe: a thread start and
// a few atomic instructions. Not part of what is measured.
constexpr auto WriterArrival = 100ms;
// On a lock that does not reserve itself for the writer, the reader gives up after this many
// entries (the writer may win a race now and then; then the round counts the entries before it).
constexpr int MaxReaderEntries = 200'000;

} // namespace

class tst_WriterFairness : public QObject
{
    Q_OBJECT

private slots:
    void waitingWriterGoesBeforeTheReadersNextEntry();
};

void tst_WriterFairness::waitingWriterGoesBeforeTheReadersNextEntry()
{
    Lock lock;
    int worstRound = 0;
    for (int round = 0; round < Rounds; ++round) {
        std::optional<Lock::SharedGuard> reader;
        reader.emplace(lock); // this thread's stripe
        std::atomic<bool> writerStarted{false};
        std::atomic<bool> writerDone{false};
        std::thread writer([&] {
            writerStarted.store(true);
            lock.lock(); // waits at the reader's stripe (after taking the ones before it)
            writerDone.store(true, std::memory_order_relaxed); // published by the unlock
            lock.unlock();
        });
        while (!writerStarted.load())
            std::this_thread::yield();
        std::this_thread::sleep_for(WriterArrival);

        // A reader in a loop: leave the stripe and enter it again at once.
        int entriesBeforeWriter = 0;
        while (entriesBeforeWriter < MaxReaderEntries) {
            reader.reset();
            reader.emplace(lock);
            if (writerDone.load(std::memory_order_relaxed))
                break;
            ++entriesBeforeWriter;
        }
        reader.reset();
        writer.join();
        worstRound = std::max(worstRound, entriesBeforeWriter);
    }
    QVERIFY2(worstRound == 0,
             qPrintable(QStringLiteral("a reader entered its stripe %1 times while a writer was "
                                       "waiting for it")
                                .arg(worstRound)));
}

QTEST_GUILESS_MAIN(tst_WriterFairness)
#include "tst_writerfairness.moc"
