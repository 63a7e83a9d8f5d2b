// Ops page (/ops): requests/s, p95 latency and 5xx rate of this instance over the last minute
// (GET /api/v1/ops/summary, every second: rates from this instance's own one-minute window of the
// requests it answered, scrapes and health probes left out), dependency health (GET /health/ready, every 5 s) and circuit breaker
// states. Query parameters: refresh=1 (s between summary polls).

import { h, numberParam, s, showConnection } from './dom.js';

const params = new URLSearchParams(location.search);
const refreshMs = numberParam(params, 'refresh', 1) * 1000;
const HEALTH_MS = 5000;
const W = 360;
const H = 120;
const LEFT = 44;
const BOTTOM = 18;

const $ = (selector) => document.querySelector(selector);
const fixed = (value, digits) => (value === null || value === undefined ? '' : Number(value).toFixed(digits));

/** A line chart of points [{secondsAgo, value}] with a 0..max axis; data-* attributes carry the numbers. */
function lineChart(testId, points, { cls = '', format = (v) => String(v), span = 60 } = {}) {
  const values = points.map((p) => p.value).filter((v) => v !== null && v !== undefined);
  const max = Math.max(1e-9, ...values) * 1.1;
  const x = (secondsAgo) => LEFT + (1 - Math.min(secondsAgo, span) / span) * (W - LEFT - 4);
  const y = (value) => 4 + (1 - value / max) * (H - BOTTOM - 4);
  const svg = s('svg', { class: 'chart', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'data-testid': testId, 'data-points': points.length });
  for (const mark of [0, max / 1.1]) {
    svg.append(s('line', { class: 'grid', x1: LEFT, x2: W, y1: y(mark), y2: y(mark) }));
    svg.append(s('text', { x: LEFT - 4, y: y(mark) + 4, 'text-anchor': 'end' }, format(mark)));
  }
  svg.append(s('text', { x: LEFT, y: H - 4 }, `-${span}s`), s('text', { x: W - 4, y: H - 4, 'text-anchor': 'end' }, 'now'));
  const path = points.filter((p) => p.value !== null && p.value !== undefined).map((p) => `${x(p.secondsAgo).toFixed(1)},${y(p.value).toFixed(1)}`);
  if (path.length > 0) svg.append(s('polyline', { class: `series ${cls}`, points: path.join(' ') }));
  return svg;
}

function setFigure(testId, value, digits) {
  const el = $(`[data-testid=${testId}]`);
  el.dataset.value = fixed(value, digits);
  el.textContent = value === null || value === undefined ? '–' : fixed(value, digits);
}

function render(summary) {
  const now = summary.now;
  setFigure('rps-now', now.requestsPerSecond, 2);
  setFigure('p95-now', now.p95Seconds === null ? null : now.p95Seconds * 1000, 1);
  setFigure('error-rate-now', now.errorRate * 100, 2);
  const pts = (pick) => summary.points.map((p) => ({ secondsAgo: p.secondsAgo, value: pick(p) }));
  const span = summary.windowSeconds;
  $('[data-testid=rps-chart-box]').replaceChildren(lineChart('rps-chart', pts((p) => p.requestsPerSecond), { span, format: (v) => v.toFixed(1) }));
  $('[data-testid=p95-chart-box]').replaceChildren(lineChart('p95-chart', pts((p) => (p.p95Seconds === null ? null : p.p95Seconds * 1000)), { cls: 'latency', span, format: (v) => `${v.toFixed(0)}` }));
  $('[data-testid=error-chart-box]').replaceChildren(lineChart('error-chart', pts((p) => p.errorRate * 100), { cls: 'errors', span, format: (v) => `${v.toFixed(1)}%` }));

  const breakers = summary.breakers.map((b) =>
    h('li', { class: 'chip', 'data-testid': 'breaker', 'data-name': b.name, 'data-state': b.state }, b.name, h('small', {}, b.state)));
  $('[data-testid=breakers]').replaceChildren(...breakers);
  $('[data-testid=breakers-empty]').hidden = breakers.length > 0;
}

function renderHealth(report) {
  $('[data-testid=health-status]').textContent = report.status;
  const chips = Object.entries(report.checks ?? {}).map(([name, check]) =>
    h('li', { class: 'chip', 'data-testid': 'dependency', 'data-name': name, 'data-status': check.status, title: check.description ?? '' },
      name, h('small', {}, `${check.status} · ${Number(check.durationMs).toFixed(1)} ms`)));
  $('[data-testid=dependencies]').replaceChildren(...chips);
}

async function poll() {
  try {
    const response = await fetch('/api/v1/ops/summary', { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    render(await response.json());
    showConnection($('[data-testid=connection]'), 'connected');
  } catch {
    showConnection($('[data-testid=connection]'), 'reconnecting');
  } finally {
    setTimeout(poll, refreshMs);
  }
}

async function pollHealth() {
  try {
    // 503 still carries the report (some dependency is unhealthy): read the body whatever the status.
    const response = await fetch('/health/ready', { cache: 'no-store', headers: { Accept: 'application/json' } });
    renderHealth(await response.json());
  } catch {
    $('[data-testid=health-status]').textContent = 'unreachable';
  } finally {
    setTimeout(pollHealth, HEALTH_MS);
  }
}

poll();
pollHealth();
