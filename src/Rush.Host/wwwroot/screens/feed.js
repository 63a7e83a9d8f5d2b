// WebSocket client of a screen hub (/ws/kds, /ws/erp), protocol in src/Rush.Kitchen/Screens/SCREENS.md.
//
// Resync rules: the feed remembers the seq of the last message applied and reconnects with
// ?since=<that seq>, so the hub replays exactly what was missed (or sends a snapshot). A message with
// seq <= last seq is a duplicate and is dropped. A snapshot is always applied, whatever its seq: it is
// the hub's whole truth, and after a server restart its seq may start again below ours.

const RETRY_MS = [250, 500, 1000, 2000, 4000];
const OFFLINE_AFTER_FAILURES = 3;

export class ScreenFeed {
  /**
   * @param {string} path hub path, e.g. '/ws/kds'
   * @param {{ params?: Record<string,string>, onSnapshot: (msg) => void, onOrder: (msg) => void,
   *           onState?: (state: 'connecting'|'connected'|'reconnecting'|'offline') => void }} handlers
   */
  constructor(path, { params = {}, onSnapshot, onOrder, onState = () => {} }) {
    this.path = path;
    this.params = params;
    this.onSnapshot = onSnapshot;
    this.onOrder = onOrder;
    this.onState = onState;
    this.lastSeq = 0;
    this.failures = 0;
    this.socket = null;
    this.timer = 0;
    this.wanted = false;
    this.state = 'connecting';
    window.addEventListener('online', () => { if (this.wanted) this.reconnectNow(); });
    window.addEventListener('offline', () => this.setState('offline'));
  }

  /** The URL the next connection uses (resumes after lastSeq). */
  url() {
    const query = new URLSearchParams({ since: String(this.lastSeq) });
    for (const [key, value] of Object.entries(this.params)) if (value) query.set(key, value);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}${this.path}?${query}`;
  }

  /** Connects and keeps reconnecting until disconnect(). */
  connect() {
    this.wanted = true;
    if (this.socket) return;
    clearTimeout(this.timer);
    this.setState(this.failures === 0 && this.lastSeq === 0 ? 'connecting' : this.failures >= OFFLINE_AFTER_FAILURES ? 'offline' : 'reconnecting');
    const socket = new WebSocket(this.url());
    this.socket = socket;
    let opened = false;
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return;
      opened = true;
      this.failures = 0;
      this.setState('connected');
    });
    socket.addEventListener('message', (event) => {
      if (this.socket === socket) this.receive(event.data);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      // An upgrade refused before opening may mean the session ended: if so, reload into the sign-in form.
      if (!opened) fetch('/api/v1/sessions/current', { cache: 'no-store' }).then((r) => { if (r.status === 401) location.reload(); }, () => {});
      if (!this.wanted) { this.setState('offline'); return; }
      this.failures++;
      this.setState(this.failures >= OFFLINE_AFTER_FAILURES || navigator.onLine === false ? 'offline' : 'reconnecting');
      const base = RETRY_MS[Math.min(this.failures - 1, RETRY_MS.length - 1)];
      this.timer = setTimeout(() => this.connect(), base + Math.random() * base * 0.3);
    });
  }

  /** Closes the connection and stops reconnecting (connect() resumes from lastSeq). */
  disconnect() {
    this.wanted = false;
    clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.setState('offline');
  }

  reconnectNow() {
    clearTimeout(this.timer);
    this.failures = 0;
    if (!this.socket) this.connect();
  }

  receive(data) {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      console.warn('screen feed: not JSON', data);
      return;
    }
    if (typeof msg?.seq !== 'number') return;
    if (msg.type === 'snapshot') {
      this.lastSeq = msg.seq;
      this.onSnapshot(msg);
      return;
    }
    if (msg.seq <= this.lastSeq) return;
    this.lastSeq = msg.seq;
    if (msg.type === 'order' && msg.order) this.onOrder(msg);
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.onState(state);
  }
}
