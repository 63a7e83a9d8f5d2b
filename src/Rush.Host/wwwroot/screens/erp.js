// ERP dashboard (/erp): live order feed from /ws/erp, counts by status, slot utilisation of the day
// (GET /api/v1/kitchen/slots, refreshed every few seconds and after order messages) and orders per
// minute over the last 15 minutes (from the creation times of the orders the feed delivered).
// Query parameters: date=YYYY-MM-DD (slots of another day; default: the server's "today"), refresh=5 (s).

import { ApiError, getJson } from './api.js';
import { perMinuteChart, slotChart } from './charts.js';
import { clock, coalesce, h, money, numberParam, showConnection } from './dom.js';
import { ScreenFeed } from './feed.js';
import { OrderBook } from './orders.js';

const params = new URLSearchParams(location.search);
const date = params.get('date');
const refreshMs = numberParam(params, 'refresh', 5) * 1000;
const STATUSES = ['pending', 'preparing', 'cooking', 'ready', 'completed', 'cancelled'];
const FEED_MAX = 60;

const $ = (selector) => document.querySelector(selector);
const book = new OrderBook({ keepTerminal: true });
const render = coalesce(renderNow);

const feed = new ScreenFeed('/ws/erp', {
  onState: (state) => showConnection($('[data-testid=connection]'), state),
  onSnapshot: (msg) => {
    book.replaceAll(msg.orders ?? []);
    $('[data-testid=snapshot-truncated]').hidden = !msg.truncated;
    render();
    refreshSlotsSoon();
  },
  onOrder: (msg) => {
    if (book.apply(msg.order).applied) addToFeed(msg);
    render();
    refreshSlotsSoon();
  },
});

function addToFeed(msg) {
  const o = msg.order;
  const row = h('li', { 'data-testid': 'feed-entry', 'data-order-id': o.id, 'data-event': msg.event, 'data-status': o.status, 'data-version': o.version, 'data-seq': msg.seq },
    h('time', { datetime: new Date().toISOString() }, new Date().toLocaleTimeString([], { hour12: false })),
    h('span', { class: 'display-id' }, `#${o.displayId}`),
    h('span', {}, h('span', { class: 'event' }, msg.event), ` v${o.version} · `, h('span', { class: 'status-chip' }, o.status),
      ' · slot ', clock(o.slotStartTime), o.visible === false ? ' · scheduled' : ''),
    h('span', {}, money(o.totalPrice)));
  const list = $('[data-testid=order-feed]');
  list.prepend(row);
  while (list.children.length > FEED_MAX) list.lastElementChild.remove();
  $('[data-testid=feed-empty]').hidden = true;
}

function renderNow() {
  const orders = [...book.orders.values()];
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0]));
  let scheduled = 0;
  for (const order of orders) {
    counts[order.status] = (counts[order.status] ?? 0) + 1;
    if (order.visible === false && !['completed', 'cancelled'].includes(order.status)) scheduled++;
  }
  const cards = Object.entries(counts).map(([status, count]) =>
    h('div', { class: 'count-card', 'data-testid': 'status-count', 'data-status': status, 'data-count': count }, h('b', {}, String(count)), h('span', {}, status)));
  cards.push(h('div', { class: 'count-card', 'data-testid': 'status-count', 'data-status': 'scheduled', 'data-count': scheduled, title: 'Not yet visible to the kitchen (later slot)' },
    h('b', {}, String(scheduled)), h('span', {}, 'scheduled')));
  $('[data-testid=status-counts]').replaceChildren(...cards);
  renderPerMinute(orders);
}

function renderPerMinute(orders) {
  const minute = 60_000;
  const last = Math.floor(Date.now() / minute) * minute;
  const starts = Array.from({ length: 15 }, (_, i) => last - (14 - i) * minute);
  const counts = starts.map(() => 0);
  for (const order of orders) {
    const i = Math.floor((Date.parse(order.createdAt) - starts[0]) / minute);
    if (i >= 0 && i < counts.length) counts[i]++;
  }
  $('[data-testid=opm-total]').textContent = String(counts.reduce((a, b) => a + b, 0));
  $('[data-testid=opm-chart-box]').replaceChildren(perMinuteChart(starts, counts));
}

// ---------------------------------------------------------------------------------------------- slots

let slotsTimer = 0;
let loading = false;
let again = false;

/** Refreshes the slot chart shortly after a burst of order messages (one request per burst). */
function refreshSlotsSoon() {
  clearTimeout(slotsTimer);
  slotsTimer = setTimeout(refreshSlots, 250);
}

function localDate() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function fetchSlots() {
  if (date) return getJson(`/api/v1/kitchen/slots?date=${encodeURIComponent(date)}`);
  try {
    // Without a date the server answers for the kitchen's today (its time zone, not the browser's).
    return await getJson('/api/v1/kitchen/slots');
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) return getJson(`/api/v1/kitchen/slots?date=${localDate()}`);
    throw error;
  }
}

async function refreshSlots() {
  if (loading) { again = true; return; }
  loading = true;
  const box = $('[data-testid=slot-chart-box]');
  try {
    const answer = await fetchSlots();
    const slots = Array.isArray(answer?.slots) ? answer.slots : [];
    const old = box.querySelector('svg');
    const scroll = box.scrollLeft;
    if (slots.length === 0) {
      box.replaceChildren(h('p', { class: 'muted', 'data-testid': 'slot-chart-empty' }, 'No slots for this day'));
    } else {
      box.replaceChildren(slotChart(slots));
      if (old) box.scrollLeft = scroll;
      else scrollToNow(box, slots);
    }
    $('[data-testid=slots-date]').textContent = answer?.date ?? date ?? (slots[0] ? new Date(slots[0].start).toLocaleDateString() : '');
    box.dataset.updated = new Date().toISOString();
    box.dataset.error = '';
  } catch (error) {
    box.dataset.error = error.message;
    if (!box.querySelector('svg')) box.replaceChildren(h('p', { class: 'muted', 'data-testid': 'slot-chart-empty' }, `Slots unavailable: ${error.message}`));
  } finally {
    loading = false;
    if (again) { again = false; refreshSlotsSoon(); }
  }
}

/** First view: the current slot (or the first loaded one) near the left edge. */
function scrollToNow(box, slots) {
  const now = Date.now();
  let i = slots.findIndex((slot) => Date.parse(slot.start) > now) - 2;
  const loaded = slots.findIndex((slot) => Number(slot.priceLoad) > 0 || Number(slot.minutesLoad) > 0);
  if (i < 0) i = loaded;
  if (i > 0) box.scrollLeft = Math.max(0, i * 26 - 40);
}

setInterval(refreshSlots, refreshMs);
setInterval(() => renderPerMinute([...book.orders.values()]), 15_000);
refreshSlots();
render();
feed.connect();
window.rushScreen = { feed, book };
