// The tenant's audit log, newest first, filtered as the API filters it. Deep link: ?actor=&objectType=&object=&since=&until=&cursor=.
import { get, h, showProblem } from './api.js';
import { startPage, params, link, when } from './shell.js';

const session = await startPage('audit');
const q = params();
const FILTERS = ['actor', 'objectType', 'object', 'since', 'until'];
const toLocal = (iso) => (iso ? new Date(iso).toISOString().slice(0, 16) : '');
for (const f of FILTERS) {
  const el = document.getElementById(f);
  el.value = f === 'since' || f === 'until' ? toLocal(q.get(f)) : q.get(f) || '';
}

document.getElementById('filters').addEventListener('submit', (e) => {
  e.preventDefault();
  const query = {};
  for (const f of FILTERS) {
    const v = document.getElementById(f).value.trim();
    query[f] = (f === 'since' || f === 'until') && v ? new Date(v).toISOString() : v;
  }
  window.location.href = link('audit', query);
});

async function load() {
  const api = new URLSearchParams({ limit: '100' });
  for (const f of [...FILTERS, 'cursor']) if (q.get(f)) api.set(f, q.get(f));
  const page = await get(`/tenants/${encodeURIComponent(session.tenant)}/audit?${api}`);
  document.querySelector('#audit tbody').replaceChildren(...page.items.map((e) => h('tr', {},
    h('td', {}, when(e.at)), h('td', {}, e.actor), h('td', {}, e.action),
    h('td', {}, `${e.objectType} ${e.objectName || ''}`),
    h('td', {}, e.beforeRevision || e.afterRevision ? `${e.beforeRevision ?? '—'} → ${e.afterRevision ?? '—'}` : ''),
    h('td', {}, e.source), h('td', {}, h('code', {}, e.requestId || '')))));
  document.getElementById('status').textContent = `${page.items.length} entries`;
  const pager = document.querySelector('nav.pager');
  pager.replaceChildren();
  if (page.nextCursor) {
    const query = {};
    for (const f of FILTERS) query[f] = q.get(f);
    pager.append(h('a', { href: link('audit', { ...query, cursor: page.nextCursor }) }, 'Older entries'));
  }
  document.body.dataset.loaded = 'true';
}

load().catch((err) => showProblem(document.getElementById('status'), err));
