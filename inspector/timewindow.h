// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <QtCore/qlist.h>
#include <QtCore/qobject.h>
#include <QtCore/qstring.h>

namespace CacheScope {

// The one visible stretch of time that the history charts, the flush timeline and the event strip
// all show, on the monitor's clock (ms): zoomed and panned by the user, following the present
// while `following`, and the time under the pointer in whichever of those views it is. Until the
// user zooms, its span covers the data (between DefaultMinSpanMs and DefaultMaxSpanMs).
class TimeWindow : public QObject
{
    Q_OBJECT
    // The present and the oldest datum shown (NaN: no data), as the monitor last saw them.
    Q_PROPERTY(double now READ now NOTIFY clockChanged)
    Q_PROPERTY(double earliestMs READ earliestMs NOTIFY clockChanged)
    // Wall-clock ms since the epoch at the monitor's time 0; NaN when unknown (a file without
    // "capturedAt"): clock times then read as offsets from now.
    Q_PROPERTY(double wallClockOffsetMs READ wallClockOffsetMs NOTIFY clockChanged)
    Q_PROPERTY(double startMs READ startMs NOTIFY windowChanged)
    Q_PROPERTY(double endMs READ endMs NOTIFY windowChanged)
    Q_PROPERTY(double spanMs READ spanMs NOTIFY windowChanged)
    // The right edge stays at `now`; panning into the past stops it, reaching now again resumes it.
    Q_PROPERTY(bool following READ isFollowing WRITE setFollowing NOTIFY windowChanged)
    // The span still follows the data (the user has not zoomed or panned since the last reset).
    Q_PROPERTY(bool autoSpan READ isAutoSpan NOTIFY windowChanged)
    Q_PROPERTY(double minSpanMs READ minSpanMs CONSTANT)
    Q_PROPERTY(double maxSpanMs READ maxSpanMs NOTIFY clockChanged)
    Q_PROPERTY(double zoomStep READ zoomStep CONSTANT)
    // The time under the pointer in any linked view; NaN when the pointer is over none.
    Q_PROPERTY(double hoverMs READ hoverMs WRITE setHoverMs NOTIFY hoverChanged)
    Q_PROPERTY(bool hovering READ isHovering NOTIFY hoverChanged)
    // clockText(hoverMs), kept current as the clock moves under a still pointer; "" off the views.
    Q_PROPERTY(QString hoverClockText READ hoverClockText NOTIFY hoverClockTextChanged)

public:
    static constexpr double MinSpanMs = 1000;
    static constexpr double DefaultMinSpanMs = 30'000;
    static constexpr double DefaultMaxSpanMs = 300'000; // the history's five minutes
    // One step of +/- or of the wheel (120 units) multiplies or divides the span by this.
    static constexpr double ZoomStep = 1.25;

    explicit TimeWindow(QObject *parent = nullptr);

    double now() const { return m_now; }
    double earliestMs() const { return m_earliest; }
    double wallClockOffsetMs() const { return m_wallClockOffset; }
    double startMs() const { return m_end - m_span; }
    double endMs() const { return m_end; }
    double spanMs() const { return m_span; }
    bool isFollowing() const { return m_following; }
    void setFollowing(bool following);
    bool isAutoSpan() const { return m_autoSpan; }
    double minSpanMs() const { return MinSpanMs; }
    double maxSpanMs() const;
    double zoomStep() const { return ZoomStep; }
    double hoverMs() const { return m_hover; }
    void setHoverMs(double ms);
    bool isHovering() const;
    QString hoverClockText() const { return m_hoverClockText; }

    // The monitor's side: the present, the oldest datum (NaN: none) and the wall clock's offset.
    void setClock(double nowMs, double earliestMs, double wallClockOffsetMs);

    // factor > 1 zooms in. Keeps `anchorMs` where it is on screen, or the right edge at now while
    // following.
    Q_INVOKABLE void zoom(double factor, double anchorMs);
    // Moves the window by deltaMs (negative: into the past), within the data and now.
    Q_INVOKABLE void pan(double deltaMs);
    Q_INVOKABLE void followLatest();
    Q_INVOKABLE void showEarliest();
    // Back to the default: following, the span covering the data.
    Q_INVOKABLE void reset();
    // The user points at a moment to look into (a click on a chart): linked views go there.
    Q_INVOKABLE void inspect(double timeMs);

    Q_INVOKABLE double xOf(double timeMs, double width) const;
    Q_INVOKABLE double timeAt(double x, double width) const;
    // "14:03:27.125", local time; without a wall clock, the offset from now ("-4.2 s").
    Q_INVOKABLE QString clockText(double timeMs) const;
    // Times of axis marks at a round step (a multiple of it before now, so "now" is one of them)
    // within [startMs, endMs], at most maxTicks of them. Arguments, not properties, so that a
    // binding calling it re-runs when the window moves.
    Q_INVOKABLE static QList<double> ticks(double startMs, double endMs, double nowMs, int maxTicks);

Q_SIGNALS:
    void clockChanged();
    void windowChanged();
    void hoverChanged();
    void hoverClockTextChanged();
    void inspected(double timeMs);

private:
    double autoSpan() const;
    double clampedSpan(double span) const;
    // Puts the end within the data and now, and follows when it is at now.
    void settle(double end, double span, bool following, bool autoSpan);
    void updateHoverClockText();

    double m_now = 0;
    double m_earliest;
    double m_wallClockOffset;
    double m_end = 0;
    double m_span = DefaultMinSpanMs;
    bool m_following = true;
    bool m_autoSpan = true;
    double m_hover;
    QString m_hoverClockText;
};

} // namespace CacheScope
