// REST calls of the screens: the kitchen workflow (status and item bumps) and the read models.
// Errors are RFC 7807 problem+json with a stable `code`; ApiError carries them to the page.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code ?? null;
    this.problem = problem ?? {};
  }
}

async function request(method, url, { body, version } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  // The order's version is its ETag: a bump only applies to the state the cook was looking at.
  if (version !== undefined) headers['If-Match'] = `"${version}"`;
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, { code: 'network', detail: 'The kitchen server cannot be reached.' });
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  // The session ended (expired or revoked): reloading shows the sign-in form in the screen's place.
  if (response.status === 401) location.reload();
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/** GET a JSON document. */
export const getJson = (url) => request('GET', url);

/** One order as GET /api/v1/orders/{id} shows it (all items, no station filter). */
export const getOrder = (id) => request('GET', `/api/v1/orders/${encodeURIComponent(id)}`);

/** Moves an order to `status`; the answer is the changed order when the server sends one. */
export const setStatus = (order, status) =>
  request('PUT', `/api/v1/erp/orders/${encodeURIComponent(order.id)}/status`, {
    body: { status, expectedVersion: order.version },
    version: order.version,
  });

/** Marks item `index` (position in the full order's items) done. */
export const markItemDone = (order, index) =>
  request('PUT', `/api/v1/erp/orders/${encodeURIComponent(order.id)}/items/${index}/status`, {
    body: { done: true },
    version: order.version,
  });

/** True when a JSON answer is an order (so the screen can show it before the hub's message). */
export const isOrder = (json) => json && typeof json === 'object' && typeof json.id === 'string' && typeof json.version === 'number' && Array.isArray(json.items);

/** The human message for a refused bump. */
export function describe(error, what) {
  if (!(error instanceof ApiError)) return `${what}: ${error}`;
  if (error.status === 409 && Array.isArray(error.problem.allowed)) {
    const allowed = error.problem.allowed.length ? error.problem.allowed.join(', ') : 'none';
    return `${what}: ${error.message} (allowed next: ${allowed})`;
  }
  return `${what}: ${error.message}`;
}
