// Plain SVG bar charts (no chart library): every bar carries data-* attributes (slot, value) so
// tests and people with dev tools can read the figures behind the pixels.

import { clock, s } from './dom.js';

const PLOT_H = 180;
const TOP = 10;
const BOTTOM = 24;
const LEFT = 36;
const SLOT_W = 26;
const SCALE_MAX = 120; // % shown at the top of the plot: over-booked slots stay visible

const pct = (load, max) => (Number(max) > 0 ? (100 * Number(load)) / Number(max) : 0);
const barHeight = (value) => (value <= 0 ? 0 : Math.max(2, (Math.min(value, SCALE_MAX) / SCALE_MAX) * PLOT_H));

/**
 * Slot utilisation: per slot two bars, by price (priceLoad/maxPrice) and by make minutes
 * (minutesLoad/maxMinutes), against a dashed 100% capacity line.
 */
export function slotChart(slots, now = Date.now()) {
  const width = LEFT + Math.max(1, slots.length) * SLOT_W + 8;
  const height = TOP + PLOT_H + BOTTOM;
  const y = (value) => TOP + PLOT_H - (Math.min(value, SCALE_MAX) / SCALE_MAX) * PLOT_H;
  const svg = s('svg', {
    class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `Slot utilisation, ${slots.length} slots`, 'data-testid': 'slot-chart',
  });
  for (const mark of [0, 50, 100]) {
    svg.append(s('line', { class: mark === 100 ? 'limit' : 'grid', x1: LEFT, x2: width, y1: y(mark), y2: y(mark) }));
    svg.append(s('text', { x: LEFT - 4, y: y(mark) + 4, 'text-anchor': 'end' }, `${mark}%`));
  }
  slots.forEach((slot, i) => {
    const x = LEFT + i * SLOT_W;
    const start = Date.parse(slot.start);
    const next = slots[i + 1] ? Date.parse(slots[i + 1].start) : start + 15 * 60_000;
    const group = s('g', { 'data-testid': 'slot', 'data-slot-id': slot.slotId, 'data-start': slot.start });
    if (now >= start && now < next) group.append(s('rect', { class: 'now', x, y: TOP, width: SLOT_W, height: PLOT_H }));
    const price = pct(slot.priceLoad, slot.maxPrice);
    const minutes = pct(slot.minutesLoad, slot.maxMinutes);
    for (const [kind, value, dx, load, max] of [['price', price, 3, slot.priceLoad, slot.maxPrice], ['minutes', minutes, 13, slot.minutesLoad, slot.maxMinutes]]) {
      const h = barHeight(value);
      group.append(s('rect', {
        class: `bar-${kind}`, 'data-testid': `slot-bar-${kind}`, 'data-slot-id': slot.slotId,
        'data-value': value.toFixed(1), x: x + dx, y: TOP + PLOT_H - h, width: 9, height: h,
      }, s('title', {}, `${clock(slot.start)} ${kind}: ${Number(load)} / ${Number(max)} (${value.toFixed(0)}%)`)));
    }
    if (new Date(start).getMinutes() === 0 || i === 0) {
      group.append(s('text', { x: x + 2, y: TOP + PLOT_H + 16 }, clock(slot.start)));
    }
    svg.append(group);
  });
  return svg;
}

/** Orders per minute: one bar per minute, oldest left; counts[i] for minute starts[i]. */
export function perMinuteChart(starts, counts) {
  const barW = 22;
  const plotH = 80;
  const width = LEFT + starts.length * barW + 8;
  const height = TOP + plotH + BOTTOM;
  const top = Math.max(1, ...counts);
  const svg = s('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Orders per minute', 'data-testid': 'opm-chart' });
  svg.append(s('line', { class: 'grid', x1: LEFT, x2: width, y1: TOP + plotH, y2: TOP + plotH }));
  svg.append(s('text', { x: LEFT - 4, y: TOP + 4, 'text-anchor': 'end' }, String(top)));
  starts.forEach((start, i) => {
    const h = counts[i] > 0 ? Math.max(2, (counts[i] / top) * plotH) : 0;
    svg.append(s('rect', {
      class: 'bar-price', 'data-testid': 'opm-bar', 'data-minute': new Date(start).toISOString(), 'data-value': counts[i],
      x: LEFT + i * barW + 2, y: TOP + plotH - h, width: barW - 4, height: h,
    }, s('title', {}, `${clock(start)}: ${counts[i]}`)));
    if (i % 5 === 0 || i === starts.length - 1) svg.append(s('text', { x: LEFT + i * barW, y: TOP + plotH + 16 }, clock(start)));
  });
  return svg;
}
