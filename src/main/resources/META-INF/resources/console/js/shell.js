// The frame every page shares: who is logged in, the tenant (from ?tenant=, kept in every link), the pages, logout.
// Role-gated controls carry data-needs="operator|admin" and are removed for users whose role is lower, so a page
// shows only what its user may do; the server refuses it regardless.
import { h, loadSession, ApiError } from './api.js';

const PAGES = [
  ['fleet', 'Fleet'], ['meshes', 'Meshes'], ['rollouts', 'Rollouts'], ['trust', 'Trust'], ['audit', 'Audit log'],
];
const RANK = { viewer: 0, operator: 1, admin: 2 };

export function params() {
  return new URLSearchParams(window.location.search);
}

/** A console URL with the current tenant and the given query (null values dropped). */
export function link(page, query = {}) {
  const p = new URLSearchParams();
  const tenant = params().get('tenant');
  if (tenant) p.set('tenant', tenant);
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') p.set(k, v);
  return `/console/${page}.html?${p}`;
}

export function may(session, role) {
  return session.role !== null && RANK[session.role] >= RANK[role];
}

/** Removes every [data-needs] element below root the user's role does not allow. */
export function applyRole(session, root = document) {
  root.querySelectorAll('[data-needs]').forEach((el) => {
    if (!may(session, el.dataset.needs)) el.remove();
  });
}

/** Loads the session for ?tenant= (or picks the user's first tenant) and draws the header; returns the session. */
export async function startPage(current) {
  let tenant = params().get('tenant');
  let session;
  try {
    session = await loadSession(tenant);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      document.querySelector('main').replaceChildren(h('p', { class: 'error', role: 'alert' },
        `No tenant '${tenant}' is visible to you.`), h('a', { href: '/console/' }, 'Choose a tenant'));
    }
    throw e;
  }
  if (!tenant && session.tenants.length > 0) {
    const p = params();
    p.set('tenant', session.tenants[0]);
    window.history.replaceState(null, '', `${window.location.pathname}?${p}`);
    session = await loadSession(session.tenants[0]);
    tenant = session.tenant;
  }
  drawHeader(session, current);
  document.body.dataset.role = session.role || '';
  return session;
}

function drawHeader(session, current) {
  const header = document.querySelector('header.shell');
  const picker = h('select', { id: 'tenant-picker', 'aria-label': 'Tenant' },
    session.tenants.map((t) => h('option', { value: t, selected: t === session.tenant }, t)));
  picker.addEventListener('change', () => {
    window.location.href = `/console/${current}.html?tenant=${encodeURIComponent(picker.value)}`;
  });
  header.replaceChildren(
    h('a', { class: 'brand', href: link('fleet') }, 'Meshfleet'),
    h('nav', { 'aria-label': 'Pages' }, h('ul', {}, PAGES.map(([page, label]) => h('li', {},
      h('a', { href: link(page), 'aria-current': page === current ? 'page' : null }, label))))),
    h('div', { class: 'who' },
      h('label', { for: 'tenant-picker', class: 'sr-only' }, 'Tenant'), picker,
      h('span', { id: 'user', title: session.subject }, session.name),
      h('span', { id: 'role', class: `role role-${session.role}` }, session.platformAdmin ? 'platform admin' : session.role || ''),
      h('a', { id: 'logout', href: '/console/logout' }, 'Log out')));
}

/** Formats an ISO time as local date-time, or '—'. */
export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}
