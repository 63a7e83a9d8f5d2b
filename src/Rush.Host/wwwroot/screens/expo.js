// Expo (/kds/expo): every active order with each station's progress (done items / items of that
// station) and the wait quote a new order would get (refreshed every few seconds).
// Query parameters: warn=5 late=10 (minutes on screen before a timer turns amber / red), quote=5 (seconds).

import { describe, getJson, isOrder, setStatus } from './api.js';
import { clock, coalesce, duration, h, numberParam, showConnection, toaster } from './dom.js';
import { ScreenFeed } from './feed.js';
import { OrderBook, onScreenSince } from './orders.js';

const params = new URLSearchParams(location.search);
const warnMs = numberParam(params, 'warn', 5) * 60_000;
const lateMs = numberParam(params, 'late', 10) * 60_000;
const quoteMs = numberParam(params, 'quote', 5) * 1000;

const $ = (selector) => document.querySelector(selector);
const toast = toaster($('[data-testid=toast]'));
const book = new OrderBook();
const render = coalesce(renderNow);
const busy = new Set();

const feed = new ScreenFeed('/ws/kds', {
  onState: (state) => showConnection($('[data-testid=connection]'), state),
  onSnapshot: (msg) => {
    book.replaceAll(msg.orders ?? []);
    $('[data-testid=snapshot-truncated]').hidden = !msg.truncated;
    render();
  },
  onOrder: (msg) => { book.apply(msg.order); render(); },
});

/** Per station, in the order stations first appear in the order: { station, done, total }. */
export function stationProgress(order) {
  const byStation = new Map();
  for (const item of order.items) {
    const entry = byStation.get(item.station) ?? { station: item.station, done: 0, total: 0 };
    entry.total += 1;
    if (item.done) entry.done += 1;
    byStation.set(item.station, entry);
  }
  return [...byStation.values()];
}

function renderNow() {
  const orders = book.list();
  const rows = orders.map((order) => h('li', {
    class: 'expo-row', 'data-testid': 'expo-order', 'data-order-id': order.id, 'data-status': order.status,
    'data-version': order.version, 'data-since': onScreenSince(order),
  },
  h('span', { class: 'display-id' }, `#${order.displayId}`),
  h('span', { class: 'status-chip', 'data-testid': 'expo-status' }, order.status),
  h('time', { class: 'slot', datetime: order.slotStartTime, title: 'Slot start' }, clock(order.slotStartTime)),
  h('span', { class: 'age', 'data-testid': 'age', role: 'timer' }, ''),
  h('div', { class: 'stations' }, stationProgress(order).map(({ station, done, total }) =>
    h('div', {
      class: 'station-progress', 'data-testid': 'station-progress', 'data-station': station,
      'data-done': done, 'data-total': total, 'data-complete': String(done === total),
    },
    h('span', { class: 'label' }, h('span', {}, station), h('span', {}, `${done}/${total}`)),
    h('span', { class: 'bar', role: 'progressbar', 'aria-label': `${station} items done`, 'aria-valuemin': 0, 'aria-valuemax': total, 'aria-valuenow': done },
      h('span', { style: `width:${total ? (100 * done) / total : 0}%` }))))),
  order.status === 'ready'
    ? h('button', {
      type: 'button', class: 'bump to-completed', 'data-testid': 'serve-order', disabled: busy.has(order.id) || undefined,
      onclick: () => serve(order),
    }, 'Served ✓')
    : h('span', {})));
  $('[data-testid=expo-orders]').replaceChildren(...rows);
  $('[data-testid=expo-count]').textContent = String(rows.length);
  tick();
}

async function serve(order) {
  busy.add(order.id);
  render();
  try {
    const answer = await setStatus(order, 'completed');
    if (isOrder(answer)) book.apply(answer);
  } catch (error) {
    toast(describe(error, `Serve #${order.displayId}`));
  } finally {
    busy.delete(order.id);
    render();
  }
}

function tick() {
  const now = Date.now();
  for (const row of document.querySelectorAll('[data-testid=expo-order]')) {
    const age = now - Number(row.dataset.since);
    const timer = row.querySelector('.age');
    timer.textContent = duration(age);
    timer.dataset.ageLevel = age >= lateMs ? 'late' : age >= warnMs ? 'warn' : 'ok';
  }
}

let quoting = false;
async function refreshQuote() {
  if (quoting) return;
  quoting = true;
  const box = $('[data-testid=wait-quote]');
  try {
    const quote = await getJson('/api/v1/kitchen/wait-quote');
    $('[data-testid=quote-queue]').textContent = quote?.queueMinutes ?? '—';
    $('[data-testid=quote-next-slot]').textContent = quote?.nextSlotStart ? clock(quote.nextSlotStart) : '—';
    $('[data-testid=quote-ready]').textContent = quote?.estimatedReadyAt ? clock(quote.estimatedReadyAt) : '—';
    $('[data-testid=quote-updated]').textContent = new Date().toLocaleTimeString([], { hour12: false });
    box.dataset.stale = 'false';
    box.dataset.queueMinutes = String(quote?.queueMinutes ?? '');
  } catch (error) {
    // Keep the last figures but grey them out: an old quote is better than none, if marked as old.
    box.dataset.stale = 'true';
    box.title = describe(error, 'Wait quote');
  } finally {
    quoting = false;
  }
}

setInterval(tick, 1000);
setInterval(refreshQuote, quoteMs);
refreshQuote();
render();
feed.connect();
window.rushScreen = { feed, book };
