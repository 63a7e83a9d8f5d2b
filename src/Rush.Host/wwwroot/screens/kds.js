// Kitchen display (/kds, /kds?station=oven). Query parameters (all optional):
//   station=oven   only that station's items; orders without any are not shown (the hub filters)
//   warn=5 late=10 minutes on screen after which a card's timer turns amber / red
// Keys: arrows select a card, Enter/Space bump the order, 1-9 mark item N done, R recall, Esc close.

import { ApiError, describe, getOrder, isOrder, markItemDone, setStatus } from './api.js';
import { Beeper } from './beep.js';
import { clock, coalesce, duration, h, numberParam, showConnection, toaster } from './dom.js';
import { ScreenFeed } from './feed.js';
import { nextStatus, OrderBook, onScreenSince, TERMINAL } from './orders.js';

const params = new URLSearchParams(location.search);
const station = (params.get('station') ?? '').trim() || null;
// Station names match case-insensitively, as the hub's filter does.
const atStation = (item) => item.station?.toLowerCase() === station?.toLowerCase();
const warnMs = numberParam(params, 'warn', 5) * 60_000;
const lateMs = numberParam(params, 'late', 10) * 60_000;
const COLUMNS = ['pending', 'preparing', 'cooking', 'ready'];
const BUMP_LABEL = { preparing: 'Start ▸', cooking: 'Cook ▸', ready: 'Ready ▸', completed: 'Served ✓' };
const RECALL_KEY = `rush.kds.recall.${station ?? 'all'}`;
const RECALL_DEPTH = 10;

const $ = (selector, root = document) => root.querySelector(selector);
const toast = toaster($('[data-testid=toast]'));
const connection = $('[data-testid=connection]');
const tray = $('[data-testid=recall-tray]');
const columns = new Map(COLUMNS.map((status) => [status, $(`.column[data-status=${status}]`)]));

// An item's `_index` is its position in the full order, which the item workflow route needs. A hub
// message for a station screen carries only that station's items, so the position is unknown there
// (null) unless the hub sends `index`; bumpItem then looks it up in the full order.
const fromHub = (order) => ({
  ...order,
  items: order.items.map((item, i) => ({ ...item, _index: station ? (Number.isInteger(item.index) ? item.index : null) : i })),
});
const fromRest = (order) => ({
  ...order,
  visible: order.visible ?? true,
  items: order.items.map((item, i) => ({ ...item, _index: i })).filter((item) => !station || atStation(item)),
});

const book = new OrderBook({ accept: (order) => (order.items.length === 0 ? null : order) });
const beeper = new Beeper('rush.kds.sound');
const inFlight = new Set();
const fresh = new Set();
let recallHistory = loadRecall();
let recallCursor = -1;
let recalled = null; // { id, order } shown in the tray
let selectedId = null;

const render = coalesce(renderNow);

const feed = new ScreenFeed('/ws/kds', {
  params: { station },
  onState: (state) => showConnection(connection, state),
  onSnapshot: (msg) => {
    book.replaceAll((msg.orders ?? []).map(fromHub));
    $('[data-testid=snapshot-truncated]').hidden = !msg.truncated;
    render();
  },
  onOrder: (msg) => {
    const { isNew } = book.apply(fromHub(msg.order));
    if (isNew) {
      fresh.add(msg.order.id);
      setTimeout(() => { fresh.delete(msg.order.id); render(); }, 4000);
      beeper.play();
    }
    render();
  },
});

// ---------------------------------------------------------------------------------------------- rendering

function renderNow() {
  const before = selectionPosition();
  const cards = new Map();
  for (const el of document.querySelectorAll('.board [data-testid=order-card]')) cards.set(el.dataset.orderId, el);
  const orders = book.list();
  for (const status of COLUMNS) {
    const column = columns.get(status);
    const list = $('.cards', column);
    const wanted = orders.filter((o) => o.status === status).map((order) => {
      const el = cards.get(order.id) ?? h('article', { tabindex: 0, role: 'listitem' });
      cards.delete(order.id);
      fillCard(el, order);
      return el;
    });
    if (wanted.length !== list.children.length || wanted.some((el, i) => list.children[i] !== el)) {
      const hadFocus = wanted.includes(document.activeElement) ? document.activeElement : null;
      list.replaceChildren(...wanted);
      hadFocus?.focus({ preventScroll: true });
    }
    $('[data-testid=column-count]', column).textContent = String(wanted.length);
  }
  for (const el of cards.values()) el.remove();
  restoreSelection(before);
  renderAllDay(orders);
  renderTray();
  tick();
}

/** Fills (or refreshes) a card element for an order; the element is kept so focus stays on it. */
function fillCard(el, order, { recalledCard = false } = {}) {
  const key = `${order.id}:${order.version}:${order.status}:${inFlight.has(order.id)}:${fresh.has(order.id)}`;
  if (el.dataset.key === key) return el;
  el.dataset.key = key;
  el.className = `card${fresh.has(order.id) ? ' fresh' : ''}`;
  el.dataset.testid = 'order-card';
  el.dataset.orderId = order.id;
  el.dataset.status = order.status;
  el.dataset.version = String(order.version);
  el.dataset.since = String(onScreenSince(order));
  if (recalledCard) el.dataset.recalled = 'true';
  el.setAttribute('aria-busy', String(inFlight.has(order.id)));
  el.setAttribute('aria-label', `Order ${order.displayId}, ${order.status}, ${order.items.length} item${order.items.length === 1 ? '' : 's'}`);
  const next = nextStatus(order.status);
  const terminal = TERMINAL.has(order.status);
  el.replaceChildren(
    h('header', { class: 'card-head' },
      h('span', { class: 'display-id', 'data-testid': 'display-id' }, `#${order.displayId}`),
      h('time', { class: 'slot', datetime: order.slotStartTime, title: 'Slot start' }, clock(order.slotStartTime)),
      h('span', { class: 'age', 'data-testid': 'age', role: 'timer', 'aria-label': 'Time on screen' }, '')),
    h('p', { class: 'who' }, order.isPickup ? 'Pickup' : 'Delivery', ' · ', order.customerFirstName ?? ''),
    h('ol', { class: 'items' }, order.items.map((item, i) =>
      h('li', {},
        h('button', {
          type: 'button', tabindex: -1, class: 'item', 'data-testid': 'order-item',
          'data-index': i, 'data-done': String(Boolean(item.done)), 'aria-pressed': String(Boolean(item.done)),
          'aria-keyshortcuts': i < 9 ? String(i + 1) : undefined,
          disabled: terminal || undefined,
          onclick: () => bumpItem(order.id, i),
        },
        h('span', { class: 'line' },
          i < 9 ? h('kbd', { class: 'key' }, String(i + 1)) : null,
          h('span', { class: 'qty' }, `${item.quantity}×`),
          h('span', { class: 'name' }, item.pizzaName)),
        item.extras?.length ? h('span', { class: 'extras' }, item.extras.map((x) => `+ ${x}`).join('  ')) : null,
        h('span', { class: 'ingredients' },
          station ? null : h('span', { class: 'station-tag' }, item.station),
          (item.ingredients ?? []).map((g) => `${g.name} ${formatDosage(g.dosage)} ${g.unit}`).join(' · ')))))),
    h('footer', { class: 'card-foot' },
      next && !terminal
        ? h('button', {
          type: 'button', tabindex: -1, class: `bump to-${next}`, 'data-testid': 'bump-order', 'aria-keyshortcuts': 'Enter',
          onclick: () => bumpOrder(order.id),
        }, BUMP_LABEL[next] ?? next)
        : h('span', { class: 'state', 'data-testid': 'final-status' }, order.status)));
  return el;
}

function formatDosage(value) {
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(Number(value) || 0);
}

/** Open items of the orders still to be made (everything not yet ready), per pizza. */
function renderAllDay(orders) {
  const counts = new Map();
  for (const order of orders) {
    if (order.status === 'ready') continue;
    for (const item of order.items) {
      if (!item.done) counts.set(item.pizzaName, (counts.get(item.pizzaName) ?? 0) + item.quantity);
    }
  }
  const box = $('[data-testid=all-day]');
  const chips = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name, count]) =>
    h('span', { class: 'chip', 'data-testid': 'all-day-count', 'data-pizza': name, 'data-count': count }, h('b', {}, String(count)), ' ', name));
  box.replaceChildren(...(chips.length ? chips : [h('span', { class: 'muted' }, 'No open items')]));
}

function renderTray() {
  if (!recalled) {
    tray.hidden = true;
    return;
  }
  const order = book.find(recalled.id) ?? recalled.order;
  const list = $('.cards', tray);
  const el = list.firstElementChild?.dataset.orderId === order.id ? list.firstElementChild : h('article', { tabindex: 0, role: 'listitem' });
  fillCard(el, order, { recalledCard: true });
  if (list.firstElementChild !== el) list.replaceChildren(el);
  tray.hidden = false;
}

/** Updates every age timer (once a second, and after each render). */
function tick() {
  const now = Date.now();
  for (const el of document.querySelectorAll('[data-testid=order-card]')) {
    const age = now - Number(el.dataset.since);
    const level = age >= lateMs ? 'late' : age >= warnMs ? 'warn' : 'ok';
    el.dataset.ageLevel = level;
    const timer = el.querySelector('.age');
    if (timer) timer.textContent = duration(age);
  }
}

// ---------------------------------------------------------------------------------------------- selection

function boardCards() {
  return COLUMNS.map((status) => [...columns.get(status).querySelectorAll('[data-testid=order-card]')]);
}

function selectionPosition() {
  const grid = boardCards();
  for (let c = 0; c < grid.length; c++) {
    const r = grid[c].findIndex((el) => el.dataset.orderId === selectedId);
    if (r >= 0) return { c, r, focused: grid[c][r] === document.activeElement };
  }
  return null;
}

/** Keeps the selected order selected; when it left the board, selects its neighbour in the same column. */
function restoreSelection(before) {
  if (!before) return;
  const grid = boardCards();
  let el = grid.flat().find((card) => card.dataset.orderId === selectedId);
  if (!el) {
    const column = grid[before.c];
    el = column[Math.min(before.r, column.length - 1)] ?? grid.flat()[0];
  }
  if (el) select(el, before.focused && tray.hidden);
}

function select(el, focus = true) {
  for (const card of document.querySelectorAll('.card.selected')) card.classList.remove('selected');
  if (!el) return;
  selectedId = el.dataset.orderId;
  el.classList.add('selected');
  if (focus && document.activeElement !== el) el.focus({ preventScroll: false });
}

function move(dc, dr) {
  const grid = boardCards();
  const flat = grid.flat();
  if (!flat.length) return;
  const at = selectionPosition();
  if (!at) { select(flat[0]); return; }
  let { c, r } = at;
  if (dr) r = Math.max(0, Math.min(grid[c].length - 1, r + dr));
  if (dc) {
    // Jump over empty columns in that direction.
    let target = c + dc;
    while (target >= 0 && target < grid.length && grid[target].length === 0) target += dc;
    if (target < 0 || target >= grid.length) return;
    c = target;
    r = Math.min(r, grid[c].length - 1);
  }
  select(grid[c][r]);
}

// ---------------------------------------------------------------------------------------------- workflow

async function bumpOrder(id) {
  const order = book.find(id) ?? (recalled?.id === id ? recalled.order : null);
  if (!order || inFlight.has(id)) return;
  const next = nextStatus(order.status);
  if (!next || TERMINAL.has(order.status)) {
    toast(`#${order.displayId} is ${order.status}: nothing to bump`, 'info');
    return;
  }
  await workflow(order, `Bump #${order.displayId} to ${next}`, () => setStatus(order, next));
}

async function bumpItem(id, position) {
  const order = book.find(id);
  if (!order || inFlight.has(id)) return;
  const item = order.items[position];
  if (!item || item.done || TERMINAL.has(order.status)) return;
  await workflow(order, `Item ${position + 1} of #${order.displayId}`, async () => {
    const index = item._index ?? await fullOrderIndex(order, position);
    return markItemDone(order, index);
  });
}

/** On a station screen: the position of the station's N-th item in the full order. */
async function fullOrderIndex(order, position) {
  const full = await getOrder(order.id);
  const indices = full.items.flatMap((item, i) => (atStation(item) ? [i] : []));
  const index = indices[position];
  if (index === undefined || full.items[index].pizzaName !== order.items[position].pizzaName) {
    throw new ApiError(409, { code: 'stale_card', detail: 'The order changed; it was refreshed, try again.' });
  }
  return index;
}

async function workflow(order, what, call) {
  inFlight.add(order.id);
  render();
  try {
    const answer = await call();
    rememberBump(order.id);
    if (isOrder(answer)) book.apply(fromRest(answer));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 412 || error.code === 'stale_card')) {
      // Someone else changed the order first: show its current state; the cook decides again.
      await refresh(order.id);
      toast(`#${order.displayId} changed on another screen — refreshed, check it and bump again`, 'info');
    } else if (error instanceof ApiError && error.status === 404) {
      toast(describe(error, what));
      await refresh(order.id);
    } else {
      toast(describe(error, what));
    }
  } finally {
    inFlight.delete(order.id);
    render();
  }
}

async function refresh(id) {
  try {
    const order = await getOrder(id);
    if (isOrder(order)) {
      book.apply(fromRest(order));
      if (recalled?.id === id) recalled.order = fromRest(order);
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) book.orders.delete(id);
  }
}

// ---------------------------------------------------------------------------------------------- recall
// The workflow has no backwards transitions, so "recall" does not undo a bump: it shows the last
// bumped order again — its current state, even once completed and gone from the board — in a tray.
// Pressing R again while the tray is open steps further back (this screen's last 10 bumps).

function loadRecall() {
  try {
    const ids = JSON.parse(sessionStorage.getItem(RECALL_KEY) ?? '[]');
    return Array.isArray(ids) ? ids.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function rememberBump(id) {
  recallHistory = [...recallHistory.filter((x) => x !== id), id].slice(-RECALL_DEPTH);
  sessionStorage.setItem(RECALL_KEY, JSON.stringify(recallHistory));
}

async function recall() {
  if (!recallHistory.length) {
    toast('Nothing bumped on this screen yet', 'info');
    return;
  }
  recallCursor = tray.hidden || recallCursor < 0 ? recallHistory.length - 1 : (recallCursor - 1 + recallHistory.length) % recallHistory.length;
  const id = recallHistory[recallCursor];
  let order = book.find(id);
  if (!order) {
    try {
      order = fromRest(await getOrder(id));
    } catch (error) {
      toast(describe(error, 'Recall'));
      return;
    }
  }
  recalled = { id, order };
  renderTray();
  $('.cards [data-testid=order-card]', tray)?.focus();
}

function closeTray() {
  recalled = null;
  recallCursor = -1;
  renderTray();
  const el = document.querySelector(`.board [data-order-id="${CSS.escape(selectedId ?? '')}"]`);
  if (el) select(el);
}

// ---------------------------------------------------------------------------------------------- input

document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest?.('input, textarea, select')) return;
  const card = document.activeElement?.closest?.('[data-testid=order-card]') ?? null;
  const onButton = document.activeElement instanceof HTMLButtonElement || document.activeElement instanceof HTMLAnchorElement;
  switch (e.key) {
    case 'ArrowLeft': move(-1, 0); break;
    case 'ArrowRight': move(1, 0); break;
    case 'ArrowUp': move(0, -1); break;
    case 'ArrowDown': move(0, 1); break;
    case 'Enter':
    case ' ':
      if (onButton || !card) return; // a focused toolbar button handles its own Enter/Space
      bumpOrder(card.dataset.orderId);
      break;
    case 'r':
    case 'R': recall(); break;
    case 'Escape': if (!tray.hidden) closeTray(); else return; break;
    default:
      if (/^[1-9]$/.test(e.key) && card) {
        bumpItem(card.dataset.orderId, Number(e.key) - 1);
        break;
      }
      return;
  }
  e.preventDefault();
});

document.addEventListener('focusin', (e) => {
  const card = e.target.closest?.('.board [data-testid=order-card]');
  if (card) select(card, false);
});

document.addEventListener('click', (e) => {
  const card = e.target.closest?.('[data-testid=order-card]');
  if (card) (card.closest('.board') ? select(card) : card.focus());
});

$('[data-testid=recall]').addEventListener('click', () => recall());
$('[data-testid=recall-close]').addEventListener('click', () => closeTray());
const soundButton = $('[data-testid=sound-toggle]');
const showSound = () => {
  soundButton.setAttribute('aria-pressed', String(beeper.enabled));
  soundButton.textContent = beeper.enabled ? 'Sound on' : 'Sound off';
};
soundButton.addEventListener('click', () => { beeper.toggle(); showSound(); });
showSound();

$('[data-testid=station-name]').textContent = station ? `Station: ${station}` : 'All stations';
document.title = station ? `Rush KDS · ${station}` : 'Rush KDS';
setInterval(tick, 1000);
render();
feed.connect();

// For diagnostics from the browser console (and tests): the live state and the feed.
window.rushScreen = { feed, book, station };
