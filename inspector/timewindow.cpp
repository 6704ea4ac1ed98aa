// Copyright (C) 2026 The CacheScope authors.
#include "timewindow.h"

#include <QtCore/qdatetime.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace CacheScope {

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
// A window end this close to now counts as at now (a pan rarely lands on it exactly).
constexpr double AtNowToleranceMs = 1;

} // namespace

TimeWindow::TimeWindow(QObject *parent)
    : QObject(parent), m_earliest(NaN), m_wallClockOffset(NaN), m_hover(NaN)
{
}

double TimeWindow::maxSpanMs() const
{
    // Zooming out may show all the data, however long it covers.
    const double covered = std::isnan(m_earliest) ? 0 : m_now - m_earliest;
    return std::max(DefaultMaxSpanMs, covered);
}

double TimeWindow::autoSpan() const
{
    const double covered = std::isnan(m_earliest) ? 0 : m_now - m_earliest;
    return std::clamp(covered, DefaultMinSpanMs, DefaultMaxSpanMs);
}

double TimeWindow::clampedSpan(double span) const
{
    return std::clamp(span, MinSpanMs, maxSpanMs());
}

void TimeWindow::settle(double end, double span, bool following, bool autoSpan)
{
    span = autoSpan ? this->autoSpan() : clampedSpan(span);
    // The oldest datum may reach the left edge, no further; with less data than the span, the
    // window stays at now.
    const double lowestEnd = std::isnan(m_earliest) ? m_now : std::min(m_now, m_earliest + span);
    end = following ? m_now : std::clamp(end, lowestEnd, m_now);
    following = following || end >= m_now - AtNowToleranceMs;
    if (following)
        end = m_now;
    if (end == m_end && span == m_span && following == m_following && autoSpan == m_autoSpan)
        return;
    m_end = end;
    m_span = span;
    m_following = following;
    m_autoSpan = autoSpan;
    Q_EMIT windowChanged();
}

void TimeWindow::setClock(double nowMs, double earliestMs, double wallClockOffsetMs)
{
    const auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
    if (same(nowMs, m_now) && same(earliestMs, m_earliest) && same(wallClockOffsetMs, m_wallClockOffset))
        return;
    // A new clock (another source: a file, or live again) starts over at the default view.
    const bool jumpedBack = nowMs < m_now;
    m_now = nowMs;
    m_earliest = earliestMs;
    m_wallClockOffset = wallClockOffsetMs;
    // The window first, then the signals: a binding on both the clock and the window (an axis's
    // ticks) must never see a new `now` against the old window. Ticks computed so come and go
    // in mid-refresh, and views made new items for them at every refresh.
    if (jumpedBack)
        settle(m_now, m_span, true, true);
    else
        settle(m_end, m_span, m_following, m_autoSpan);
    updateHoverClockText();
    Q_EMIT clockChanged();
}

void TimeWindow::setFollowing(bool following)
{
    settle(m_end, m_span, following, m_autoSpan);
}

void TimeWindow::zoom(double factor, double anchorMs)
{
    if (!(factor > 0) || !std::isfinite(factor))
        return;
    const double span = clampedSpan(m_span / factor);
    if (m_following) {
        settle(m_now, span, true, false);
        return;
    }
    const double anchor = std::isfinite(anchorMs) ? std::clamp(anchorMs, startMs(), m_end) : m_end - m_span / 2;
    const double fraction = (anchor - startMs()) / m_span; // of the span left of the anchor
    settle(anchor + (1 - fraction) * span, span, false, false);
}

void TimeWindow::pan(double deltaMs)
{
    if (!std::isfinite(deltaMs) || deltaMs == 0)
        return;
    // Into the past stops following; a pan that reaches now resumes it (settle()).
    settle(m_end + deltaMs, m_span, false, false);
}

void TimeWindow::followLatest()
{
    settle(m_now, m_span, true, m_autoSpan);
}

void TimeWindow::showEarliest()
{
    settle(-std::numeric_limits<double>::infinity(), m_span, false, false);
}

void TimeWindow::reset()
{
    settle(m_now, m_span, true, true);
}

void TimeWindow::inspect(double timeMs)
{
    if (std::isfinite(timeMs))
        Q_EMIT inspected(timeMs);
}

void TimeWindow::setHoverMs(double ms)
{
    if (ms == m_hover || (std::isnan(ms) && std::isnan(m_hover)))
        return;
    m_hover = ms;
    updateHoverClockText();
    Q_EMIT hoverChanged();
}

void TimeWindow::updateHoverClockText()
{
    QString text = isHovering() ? clockText(m_hover) : QString();
    if (text == m_hoverClockText)
        return;
    m_hoverClockText = std::move(text);
    Q_EMIT hoverClockTextChanged();
}

bool TimeWindow::isHovering() const
{
    return !std::isnan(m_hover);
}

double TimeWindow::xOf(double timeMs, double width) const
{
    return (timeMs - startMs()) / m_span * width;
}

double TimeWindow::timeAt(double x, double width) const
{
    return width > 0 ? startMs() + x / width * m_span : m_end;
}

QString TimeWindow::clockText(double timeMs) const
{
    if (!std::isfinite(timeMs))
        return {};
    if (std::isnan(m_wallClockOffset)) {
        const double before = std::max(0.0, m_now - timeMs) / 1000;
        return before == 0 ? QStringLiteral("now") : QStringLiteral("-%1 s").arg(before, 0, 'f', 1);
    }
    const auto epochMs = qint64(std::llround(timeMs + m_wallClockOffset));
    return QDateTime::fromMSecsSinceEpoch(epochMs).toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
}

QList<double> TimeWindow::ticks(double startMs, double endMs, double nowMs, int maxTicks)
{
    static constexpr double Steps[] = {100, 200, 500, 1000, 2000, 5000, 10'000, 15'000, 30'000,
                                       60'000, 120'000, 300'000, 600'000, 1'800'000, 3'600'000,
                                       7'200'000, 21'600'000, 86'400'000};
    QList<double> result;
    const double span = endMs - startMs;
    if (!(span > 0) || maxTicks < 1 || !std::isfinite(nowMs))
        return result;
    double step = Steps[std::size(Steps) - 1];
    for (double candidate : Steps) {
        if (span / candidate <= maxTicks) {
            step = candidate;
            break;
        }
    }
    // Multiples of the step before now, newest first, from the first one within the window.
    const double first = std::max(0.0, std::ceil((nowMs - endMs) / step));
    for (double k = first; nowMs - k * step >= startMs && result.size() <= maxTicks; ++k)
        result.append(nowMs - k * step);
    return result;
}

} // namespace CacheScope
