// Copyright (C) 2026 The CacheScope authors.
// CacheScope::Span, the public headers' C++17 stand-in for std::span (the observer's view of a batch
// of events). Built twice: at C++20 (tst_span, with the std::span interplay) and at C++17
// (tst_span_cxx17), which also proves that CacheScope::Core asks for no more than C++17.
#include <CacheScope/cacheobserver.h>
#include <CacheScope/span.h>

#include <QtCore/qlist.h>
#include <QtTest/qtest.h>

#include <array>
#include <type_traits>
#include <vector>

#if __cplusplus >= 202002L
#  include <span>
#endif

#if defined(CACHESCOPE_EXPECT_CXX17)
static_assert(__cplusplus == 201703L, "CacheScope::Core raised the standard above C++17");
#endif

using CacheScope::Span;

namespace {

struct Base
{
    int value = 0;
};
struct Derived : Base
{
    int more = 0;
};

int sum(Span<const int> values)
{
    int total = 0;
    for (int v : values)
        total += v;
    return total;
}

} // namespace

// A view never copies, so a const view of an element that is viewed twice is the same object;
// conversions that would slice or drop const must not compile.
static_assert(std::is_convertible_v<std::vector<int> &, Span<int>>);
static_assert(std::is_convertible_v<const std::vector<int> &, Span<const int>>);
static_assert(std::is_convertible_v<Span<int>, Span<const int>>);
static_assert(!std::is_convertible_v<const std::vector<int> &, Span<int>>, "would drop const");
static_assert(!std::is_convertible_v<std::vector<int> &&, Span<int>>, "would view a temporary");
static_assert(std::is_convertible_v<std::vector<int> &&, Span<const int>>, "a const view of an argument");
static_assert(!std::is_convertible_v<std::vector<Derived> &, Span<Base>>, "would slice");
static_assert(!std::is_convertible_v<std::vector<long> &, Span<const int>>, "different element type");
static_assert(std::is_trivially_copyable_v<Span<const int>>);
static_assert(sizeof(Span<const int>) == sizeof(const int *) + sizeof(std::size_t));

class tst_Span : public QObject
{
    Q_OBJECT

private slots:
    void emptyByDefault();
    void viewsPointerAndSize();
    void viewsContainers();
    void constViewOfSharedQListDoesNotDetach();
    void mutableViewWritesThrough();
    void passesTemporariesToFunctions();
    void observerEventsAreASpan();
    void convertsToAndFromStdSpan(); // C++20 only (moc cannot see the standard: skipped below it)
};

void tst_Span::emptyByDefault()
{
    const Span<const int> none;
    QVERIFY(none.empty());
    QVERIFY(none.isEmpty());
    QCOMPARE(none.size(), std::size_t(0));
    QVERIFY(!none.data());
    QCOMPARE(none.begin(), none.end());
}

void tst_Span::viewsPointerAndSize()
{
    const int values[] = {3, 5, 7, 11};
    const Span<const int> middle(values + 1, 2);
    QCOMPARE(middle.size(), std::size_t(2));
    QCOMPARE(middle.data(), values + 1);
    QCOMPARE(middle[0], 5);
    QCOMPARE(middle.front(), 5);
    QCOMPARE(middle.back(), 7);
    QCOMPARE(middle.end() - middle.begin(), 2);
}

void tst_Span::viewsContainers()
{
    const std::vector<int> vector{1, 2, 3};
    const QList<int> list{4, 5};
    const std::array<int, 3> array{6, 7, 8};
    const int cArray[] = {9, 10};

    const Span<const int> ofVector = vector;
    const Span<const int> ofList = list;
    const Span<const int> ofArray = array;
    const Span<const int> ofCArray = cArray;
    QCOMPARE(ofVector.data(), vector.data());
    QCOMPARE(ofVector.size(), std::size_t(3));
    QCOMPARE(ofList.data(), list.constData());
    QCOMPARE(ofList.size(), std::size_t(2));
    QCOMPARE(ofArray.data(), array.data());
    QCOMPARE(&ofArray.back(), &array.back());
    QCOMPARE(ofCArray.data(), &cArray[0]);
    QCOMPARE(ofCArray.size(), std::size_t(2));
    QCOMPARE(sum(ofVector) + sum(ofList) + sum(ofArray) + sum(ofCArray), 55);
}

// A Span of const elements reads a Qt container through its const API: a shared QList stays
// shared (viewing it through data() would detach, copying every element).
void tst_Span::constViewOfSharedQListDoesNotDetach()
{
    QList<int> list{1, 2, 3};
    const QList<int> copy = list;
    const Span<const int> view = list;
    QCOMPARE(view.data(), copy.constData());
    QVERIFY(list.isSharedWith(copy));
}

void tst_Span::mutableViewWritesThrough()
{
    std::vector<int> values{1, 2, 3};
    const Span<int> view = values;
    view[1] = 20;
    for (int &v : view)
        v += 1;
    QCOMPARE(values, (std::vector<int>{2, 21, 4}));
    const Span<const int> readOnly = view;
    QCOMPARE(readOnly.data(), values.data());
}

void tst_Span::passesTemporariesToFunctions()
{
    QCOMPARE(sum(std::vector<int>{1, 2, 3}), 6);
    QCOMPARE(sum(QList<int>{4, 5}), 9);
    QCOMPARE(sum({}), 0);
}

void tst_Span::observerEventsAreASpan()
{
    static_assert(std::is_same_v<CacheScope::CacheObserver::Events, Span<const CacheScope::CacheEvent>>);
    std::vector<CacheScope::CacheEvent> events(2);
    events[1].sequence = 42;
    const CacheScope::CacheObserver::Events view = events;
    QCOMPARE(view.back().sequence, quint64(42));
}

// Code written against std::span keeps compiling: a Span converts to a std::span implicitly (and
// the other way round), viewing the same elements.
void tst_Span::convertsToAndFromStdSpan()
{
#if __cplusplus < 202002L
    QSKIP("std::span is C++20");
#else
    const std::vector<int> vector{1, 2, 3};
    const Span<const int> ours = vector;
    const std::span<const int> standard = ours;
    QCOMPARE(standard.data(), vector.data());
    QCOMPARE(standard.size(), std::size_t(3));
    const Span<const int> back = standard;
    QCOMPARE(back.data(), vector.data());
    QCOMPARE(back.size(), std::size_t(3));

    auto takesStdSpan = [](std::span<const int> values) { return values.size(); };
    QCOMPARE(takesStdSpan(ours), std::size_t(3));
    QCOMPARE(sum(std::span<const int>(vector)), 6);
#endif
}

QTEST_APPLESS_MAIN(tst_Span)
#include "tst_span.moc"
