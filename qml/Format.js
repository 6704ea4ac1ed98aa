// Copyright (C) 2026 The CacheScope authors.
// How the inspector writes sizes, counts, ratios and durations.
.pragma library

const KibPerMib = 1024
const KibPerGib = 1024 * 1024

// 812 KiB, 3.4 MiB, 12 MiB, 1.5 GiB
function kib(kb) {
    const value = Number(kb)
    if (Math.abs(value) >= KibPerGib)
        return (value / KibPerGib).toFixed(1) + " GiB"
    if (Math.abs(value) >= KibPerMib) {
        const mib = value / KibPerMib
        return (Number.isInteger(mib) || Math.abs(mib) >= 100 ? mib.toFixed(0) : mib.toFixed(1)) + " MiB"
    }
    return Math.round(value) + " KiB"
}

// Reads what kib() writes, and plain numbers as KiB. NaN when it is not a size.
function parseKib(text) {
    const match = String(text).trim().match(/^([0-9]+(?:\.[0-9]+)?)\s*(k|kb|kib|m|mb|mib|g|gb|gib)?$/i)
    if (!match)
        return NaN
    const unit = (match[2] || "k").charAt(0).toLowerCase()
    const factor = unit === "g" ? KibPerGib : unit === "m" ? KibPerMib : 1
    return Math.round(Number(match[1]) * factor)
}

// 1,234,567
// (A loop: Qt 6.4's V4 engine inserts doubled separators with the usual look-ahead regex.)
function count(n) {
    const digits = String(Math.abs(Math.round(Number(n))))
    let out = ""
    for (let i = 0; i < digits.length; ++i) {
        if (i > 0 && (digits.length - i) % 3 === 0)
            out += ","
        out += digits[i]
    }
    return (Number(n) < 0 ? "-" : "") + out
}

// 75%, 66.7%; "–" for no lookups (negative)
function percent(fraction) {
    if (fraction < 0 || !isFinite(fraction))
        return "–"
    const value = fraction * 100
    return (Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)) + "%"
}

// 350 ms, 4.2 s, 3 min 20 s, 2 h 5 min
function duration(ms) {
    const value = Math.max(0, Number(ms))
    if (value < 1000)
        return Math.round(value) + " ms"
    if (value < 10000)
        return (value / 1000).toFixed(1) + " s"
    if (value < 60000)
        return Math.floor(value / 1000) + " s"
    if (value < 3600000) {
        const seconds = Math.floor(value / 1000)
        return Math.floor(seconds / 60) + " min " + (seconds % 60) + " s"
    }
    const minutes = Math.floor(value / 60000)
    return Math.floor(minutes / 60) + " h " + (minutes % 60) + " min"
}

// An axis offset before now: "now", "-1.5 s", "-30 s", "-2 min", "-1.5 h"
function axisOffset(ms) {
    if (ms <= 0)
        return "now"
    if (ms < 60000)
        return "-" + (ms % 1000 === 0 ? (ms / 1000).toFixed(0) : (ms / 1000).toFixed(1)) + " s"
    if (ms < 3600000)
        return "-" + (ms / 60000).toFixed(ms % 60000 === 0 ? 0 : 1) + " min"
    return "-" + (ms / 3600000).toFixed(ms % 3600000 === 0 ? 0 : 1) + " h"
}

// "1 hit", "3 hits"
function plural(n, singular, pluralForm) {
    return count(n) + " " + (Math.round(Number(n)) === 1 ? singular : pluralForm)
}
