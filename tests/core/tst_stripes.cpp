// Copyright (C) 2026 The CacheScope authors.
// The core's stripe hand-out (plugin/core/src/stripedlock.h), compiled in: a thread's claim is
// given back when it ends; once every stripe is claimed, threads share stripes round-robin, and the
// hand-out counter passes INT_MAX (where a signed counter wrapped to negative indices) without
// producing an index outside the stripes.
#include "stripedlock.h"

#include <QtCore/qscopeguard.h>
#include <QtTest/qtest.h>

#include <algorithm>
#include <barrier>
#include <limits>
#include <thread>
#include <vector>

using namespace CacheScope::Internal;

class tst_Stripes : public QObject
{
    Q_OBJECT

private slots:
    void aClaimIsGivenBackWhenItsThreadEnds();
    void sharedStripesStayInRangeAcrossTheWrap();
};

void tst_Stripes::aClaimIsGivenBackWhenItsThreadEnds()
{
    constexpr int StripeCount = 4;
    int first = -1;
    int second = -1;
    std::jthread([&] { first = claimStripe(StripeCount); }).join();
    std::jthread([&] { second = claimStripe(StripeCount); }).join();
    QCOMPARE(first, 0);
    QCOMPARE(second, 0); // the lowest free stripe: the first thread's, given back
}

void tst_Stripes::sharedStripesStayInRangeAcrossTheWrap()
{
    constexpr int StripeCount = 3; // not a power of two, so a negative remainder would show
    constexpr int SharingThreads = 8;

    // Claim every stripe, and keep the claims (a claim is given back when its thread ends).
    std::barrier claimed(StripeCount + 1);
    std::barrier release(StripeCount + 1);
    std::vector<std::jthread> owners;
    std::vector<int> owned(StripeCount, -1);
    for (int i = 0; i < StripeCount; ++i) {
        owners.emplace_back([&, i] {
            owned[size_t(i)] = claimStripe(StripeCount);
            claimed.arrive_and_wait();
            release.arrive_and_wait();
        });
    }
    claimed.arrive_and_wait();
    const auto letOwnersGo = qScopeGuard([&release] { release.arrive_and_wait(); });
    std::sort(owned.begin(), owned.end());
    QCOMPARE(owned, (std::vector<int>{0, 1, 2}));

    // Start the round-robin just before the signed wrap-around.
    sharedStripeTickets.store(unsigned(std::numeric_limits<int>::max()) - SharingThreads / 2);
    std::vector<int> shared(SharingThreads, -1);
    for (int i = 0; i < SharingThreads; ++i) // one after the other: each takes the next ticket
        std::jthread([&, i] { shared[size_t(i)] = claimStripe(StripeCount); }).join();

    for (int i = 0; i < SharingThreads; ++i) {
        QVERIFY2(shared[size_t(i)] >= 0 && shared[size_t(i)] < StripeCount,
                 qPrintable(QStringLiteral("thread %1 got stripe %2").arg(i).arg(shared[size_t(i)])));
    }
}

QTEST_GUILESS_MAIN(tst_Stripes)
#include "tst_stripes.moc"
