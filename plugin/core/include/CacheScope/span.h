// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <cstddef>
#include <iterator>
#include <type_traits>

namespace CacheScope {

namespace Internal {

// How a Span<T> reads a container: through a const reference when T is const, so that viewing an
// implicitly shared Qt container never detaches it.
template <typename Container, typename T>
using SpanSourceRef = std::conditional_t<std::is_const_v<T>, const std::remove_reference_t<Container> &,
                                         std::remove_reference_t<Container> &>;

// Whether a Span<T> may view `Container`: it has std::data() and std::size(), and its elements are
// Ts (possibly less const-qualified), never objects of a class derived from T (no slicing).
template <typename Container, typename T, typename = void>
struct IsSpanSource : std::false_type
{
};

template <typename Container, typename T>
struct IsSpanSource<Container, T,
                    std::void_t<decltype(std::data(std::declval<SpanSourceRef<Container, T>>())),
                                decltype(std::size(std::declval<SpanSourceRef<Container, T>>()))>>
    : std::is_convertible<
              std::remove_pointer_t<decltype(std::data(std::declval<SpanSourceRef<Container, T>>()))> (*)[],
              T (*)[]>
{
};

} // namespace Internal

// A view of contiguous elements (a pointer and a count): the part of std::span that the public
// headers need. They compile at C++17, Qt 6's minimum, where there is no std::span (C++20), and
// Qt's QSpan needs Qt 6.7.
//
// It views any contiguous container (std::vector, QList, std::array, a C array, a std::span)
// without copying, and at C++20 a std::span<const T> converts implicitly from it (through
// std::span's range constructor), so code written against std::span keeps compiling. Like a
// std::span it does not own the elements: it must not outlive them.
template <typename T>
class Span
{
public:
    using element_type = T;
    using value_type = std::remove_cv_t<T>;
    using size_type = std::size_t;
    using difference_type = std::ptrdiff_t;
    using pointer = T *;
    using reference = T &;
    using iterator = T *;

    constexpr Span() noexcept = default;
    constexpr Span(T *data, size_type size) noexcept : m_data(data), m_size(size) { }

    // From any contiguous container. A temporary one only for a view of const elements, which
    // may be passed straight to a function (as std::span<const T> allows).
    template <typename Container,
              std::enable_if_t<!std::is_same_v<std::remove_cv_t<std::remove_reference_t<Container>>, Span>
                                       && Internal::IsSpanSource<Container, T>::value
                                       && (std::is_const_v<T> || std::is_lvalue_reference_v<Container>),
                               int> = 0>
    constexpr Span(Container &&container) noexcept(
            noexcept(std::data(std::declval<Internal::SpanSourceRef<Container, T>>())))
        : m_data(std::data(static_cast<Internal::SpanSourceRef<Container, T>>(container))),
          m_size(size_type(std::size(container)))
    {
    }

    constexpr T *data() const noexcept { return m_data; }
    constexpr size_type size() const noexcept { return m_size; }
    constexpr bool empty() const noexcept { return m_size == 0; }
    constexpr bool isEmpty() const noexcept { return m_size == 0; }

    constexpr T *begin() const noexcept { return m_data; }
    constexpr T *end() const noexcept { return m_data + m_size; }

    // Unchecked, as in std::span: index < size(); front() and back() need a non-empty span.
    constexpr T &operator[](size_type index) const noexcept { return m_data[index]; }
    constexpr T &front() const noexcept { return m_data[0]; }
    constexpr T &back() const noexcept { return m_data[m_size - 1]; }

private:
    T *m_data = nullptr;
    size_type m_size = 0;
};

} // namespace CacheScope
