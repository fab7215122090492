// The console's one way to the server: the same REST API as every client, authenticated by the login session's
// cookie. State changes carry this login's CSRF token in a header (see README, "Web console"); a session that has
// ended (401 or the OIDC layer's 499) sends the page back through the login.
let session = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

const BASE_HEADERS = { 'X-Requested-With': 'JavaScript' };

function relogin() {
  // A full navigation lets the OIDC code flow run (and come back here afterwards).
  window.location.reload();
  return new Promise(() => {});
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try { return await response.json(); } catch { /* fall through */ }
  }
  return { status: response.status, detail: (await response.text()).slice(0, 300) };
}

export async function loadSession(tenant) {
  const query = tenant ? `?tenant=${encodeURIComponent(tenant)}` : '';
  const response = await fetch(`/console/session${query}`, { headers: { ...BASE_HEADERS, Accept: 'application/json' } });
  if (response.status === 401 || response.status === 499) return relogin();
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  session = await response.json();
  return session;
}

export function currentSession() {
  return session;
}

/** Calls /api/v1 + path. Returns {status, headers, body}; throws ApiError for 4xx/5xx. */
export async function api(method, path, { body, contentType, accept = 'application/json', headers = {} } = {}) {
  const all = { ...BASE_HEADERS, Accept: accept, ...headers };
  if (method !== 'GET' && method !== 'HEAD') {
    all[session.csrfHeader] = session.csrfToken;
  }
  let payload;
  if (body !== undefined) {
    all['Content-Type'] = contentType || 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(`/api/v1${path}`, { method, headers: all, body: payload, credentials: 'same-origin' });
  if (response.status === 401 || response.status === 499) return relogin();
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  const type = response.headers.get('Content-Type') || '';
  const text = response.status === 204 ? '' : await response.text();
  return { status: response.status, headers: response.headers, body: type.includes('json') && text ? JSON.parse(text) : text };
}

export const get = (path, options) => api('GET', path, options).then((r) => r.body);

/** Builds a DOM element; children are nodes or text (never parsed as HTML, so data cannot inject markup). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Shows a problem (with its field errors) in a status region. */
export function showProblem(region, error) {
  region.replaceChildren();
  region.append(h('p', { class: 'error' }, error instanceof ApiError ? `${error.status}: ${error.message}` : String(error)));
  for (const e of error?.problem?.errors || []) {
    region.append(h('p', { class: 'error field' }, h('code', {}, e.path || ''), ' ', e.message || ''));
  }
}
