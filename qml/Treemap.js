// Copyright (C) 2026 The CacheScope authors.
// Squarified tree map (Bruls, Huizing, van Wijk): tiles whose areas are proportional to their
// weights, as close to square as the greedy row-by-row layout gets.
.pragma library

// The worst aspect ratio of a row of areas laid along a side of length `side`.
function worstRatio(areas, side) {
    let sum = 0
    let largest = 0
    let smallest = Infinity
    for (const area of areas) {
        sum += area
        largest = Math.max(largest, area)
        smallest = Math.min(smallest, area)
    }
    const sideSquared = side * side
    const sumSquared = sum * sum
    return Math.max(sideSquared * largest / sumSquared, sumSquared / (sideSquared * smallest))
}

// Places one row of items along the shorter side of `rect`; returns what is left of `rect`.
function placeRow(row, rect, out) {
    let sum = 0
    for (const entry of row)
        sum += entry.area
    if (rect.width >= rect.height) {
        const width = sum / rect.height
        let y = rect.y
        for (const entry of row) {
            const height = entry.area / width
            out.push({ "x": rect.x, "y": y, "width": width, "height": height, "item": entry.item })
            y += height
        }
        return { "x": rect.x + width, "y": rect.y, "width": rect.width - width, "height": rect.height }
    }
    const height = sum / rect.width
    let x = rect.x
    for (const entry of row) {
        const width = entry.area / height
        out.push({ "x": x, "y": rect.y, "width": width, "height": height, "item": entry.item })
        x += width
    }
    return { "x": rect.x, "y": rect.y + height, "width": rect.width, "height": rect.height - height }
}

// items: [{weight, ...}]; returns [{x, y, width, height, item}] filling width x height, largest
// first. Items of weight <= 0 are left out.
function squarify(items, width, height) {
    const sorted = items.filter(item => item.weight > 0).sort((a, b) => b.weight - a.weight)
    let total = 0
    for (const item of sorted)
        total += item.weight
    const out = []
    if (total <= 0 || width <= 0 || height <= 0)
        return out
    const scale = width * height / total
    let rect = { "x": 0, "y": 0, "width": width, "height": height }
    let row = []
    for (const item of sorted) {
        const entry = { "area": item.weight * scale, "item": item }
        const side = Math.min(rect.width, rect.height)
        const areas = row.map(e => e.area)
        if (row.length === 0 || worstRatio(areas.concat([entry.area]), side) <= worstRatio(areas, side)) {
            row.push(entry)
        } else {
            rect = placeRow(row, rect, out)
            row = [entry]
        }
    }
    if (row.length > 0)
        placeRow(row, rect, out)
    return out
}
