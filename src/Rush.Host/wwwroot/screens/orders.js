// Order state of a screen, fed by the hub protocol (src/Rush.Kitchen/Screens/SCREENS.md):
// a snapshot replaces everything; an order message replaces the card by id unless its version is lower.

/** Statuses that leave the kitchen screens. */
export const TERMINAL = new Set(['completed', 'cancelled']);

/** The cooks' workflow, in order; the next status is what a bump asks for. */
export const FLOW = ['pending', 'preparing', 'cooking', 'ready', 'completed'];

/** The status a bump moves an order to, or null when it has none. */
export function nextStatus(status) {
  const i = FLOW.indexOf(status);
  return i >= 0 && i < FLOW.length - 1 ? FLOW[i + 1] : null;
}

/** Order state: active orders by id, plus the last known state of orders that left the screen. */
export class OrderBook {
  /**
   * @param {{ keepTerminal?: boolean, accept?: (order) => object|null }} options
   *   keepTerminal: completed/cancelled orders stay in `orders` (ERP) instead of moving to `gone` (KDS).
   *   accept: maps an incoming order to what the screen keeps (e.g. a station's items) or null to drop it.
   */
  constructor({ keepTerminal = false, accept = (o) => o } = {}) {
    this.orders = new Map();
    this.gone = new Map();
    this.keepTerminal = keepTerminal;
    this.accept = accept;
  }

  /** Replaces the whole state (snapshot). */
  replaceAll(orders) {
    const before = this.orders;
    this.orders = new Map();
    for (const order of orders) this.apply(order);
    for (const [id, old] of before) if (!this.orders.has(id)) this.remember(old);
  }

  /**
   * Applies one order version. Returns { applied, isNew } — applied is false for a stale version
   * (lower than what the screen shows); isNew tells that the order was not on the screen before.
   */
  apply(incoming) {
    const known = this.orders.get(incoming.id) ?? this.gone.get(incoming.id);
    if (known && incoming.version < known.version) return { applied: false, isNew: false };
    const order = this.accept(incoming);
    const wasActive = this.orders.has(incoming.id);
    if (order === null || (!this.keepTerminal && (TERMINAL.has(order.status) || order.visible === false))) {
      this.orders.delete(incoming.id);
      if (order !== null) this.remember(order);
      return { applied: true, isNew: false };
    }
    this.orders.set(order.id, order);
    this.gone.delete(order.id);
    return { applied: true, isNew: !wasActive && !known };
  }

  remember(order) {
    this.gone.set(order.id, order);
    if (this.gone.size > 200) this.gone.delete(this.gone.keys().next().value);
  }

  /** An order by id, active or recently gone. */
  find(id) {
    return this.orders.get(id) ?? this.gone.get(id) ?? null;
  }

  /** Active orders, oldest slot first (then oldest order). */
  list() {
    return [...this.orders.values()].sort(bySlot);
  }
}

/** Kitchen order: slot start, then when the order was placed, then display id. */
export function bySlot(a, b) {
  return Date.parse(a.slotStartTime) - Date.parse(b.slotStartTime)
    || Date.parse(a.createdAt) - Date.parse(b.createdAt)
    || String(a.displayId).localeCompare(String(b.displayId));
}

/** When the order reached the kitchen: placed, or promoted at visibleAt for a later slot. */
export function onScreenSince(order) {
  return Math.max(Date.parse(order.createdAt) || 0, Date.parse(order.visibleAt) || 0);
}
