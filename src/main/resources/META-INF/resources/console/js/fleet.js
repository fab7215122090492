// Fleet: clusters a page at a time (server paging, the API's label selector), each with its agent, Istio version, last
// contact and, per mesh placed on it, the delivery state and drift. Deep-linkable: ?tenant=&selector=&limit=&cursor=.
import { api, get, h, showProblem } from './api.js';
import { startPage, params, link, applyRole, when } from './shell.js';
import { parseLabels } from './labels.js';

const session = await startPage('fleet');
const tenant = session.tenant;
const base = `/tenants/${encodeURIComponent(tenant)}`;
const query = params();
const selector = query.get('selector') || '';
const limit = query.get('limit') || '100';
const cursor = query.get('cursor') || '';
document.getElementById('selector').value = selector;
document.getElementById('limit').value = limit;
applyRole(session);

document.getElementById('filters').addEventListener('submit', (e) => {
  e.preventDefault();
  window.location.href = link('fleet', { selector: document.getElementById('selector').value.trim(),
    limit: document.getElementById('limit').value });
});

const status = document.getElementById('status');

function labels(map) {
  return Object.entries(map || {}).map(([k, v]) => h('span', { class: 'label' }, `${k}=${v}`));
}

function meshCell(entries) {
  if (!entries || entries.length === 0) return h('span', { class: 'muted' }, 'none');
  return entries.map(({ mesh, state, drift, revision }) => h('div', {},
    h('a', { href: link('mesh', { mesh }) }, mesh), ' ',
    h('span', { class: `state-${state}` }, state), revision ? ` r${revision}` : '',
    drift ? h('span', { class: 'warning' }, ` drift: ${drift}`) : ''));
}

/** cluster name -> [{mesh, state, drift}] over the tenant's meshes (their status lists every placed cluster). */
async function meshStates() {
  const byCluster = new Map();
  const meshes = await get(`${base}/meshes?limit=100`);
  const statuses = await Promise.all(meshes.items.map((m) =>
    get(`${base}/meshes/${encodeURIComponent(m.name)}/status`).catch(() => null)));
  for (const s of statuses.filter(Boolean)) {
    for (const c of s.clusters) {
      const entries = Array.isArray(c.drift) ? c.drift : [];
      const open = entries.filter((d) => !d.corrected).length;
      const drift = entries.length ? `${open} open, ${entries.length - open} corrected` : '';
      if (!byCluster.has(c.cluster)) byCluster.set(c.cluster, []);
      byCluster.get(c.cluster).push({ mesh: s.mesh, state: c.state, drift, revision: c.appliedRevision });
    }
  }
  return byCluster;
}

async function load() {
  const q = new URLSearchParams({ limit });
  if (selector) q.set('selector', selector);
  if (cursor) q.set('cursor', cursor);
  const [page, states] = await Promise.all([get(`${base}/clusters?${q}`), meshStates()]);
  const rows = document.createDocumentFragment();
  for (const c of page.items) {
    const agent = c.agent.registered
      ? h('span', {}, c.agent.agentVersion ? `agent ${c.agent.agentVersion}` : 'registered')
      : h('span', { class: 'muted' }, 'awaiting agent');
    rows.append(h('tr', { dataset: { cluster: c.name } },
      h('th', { scope: 'row' }, c.name), h('td', {}, labels(c.labels)), h('td', {}, agent),
      h('td', {}, c.agent.istioVersion || '—'), h('td', {}, when(c.agent.lastContactAt)),
      h('td', {}, meshCell(states.get(c.name)))));
  }
  document.querySelector('#clusters tbody').replaceChildren(rows);
  status.textContent = `${page.items.length} cluster${page.items.length === 1 ? '' : 's'} on this page`
    + (selector ? ` matching ${selector}` : '');
  const pager = document.querySelector('nav.pager');
  pager.replaceChildren();
  if (cursor) pager.append(h('a', { href: link('fleet', { selector, limit }) }, 'First page'));
  if (page.nextCursor) {
    pager.append(h('a', { id: 'next-page', href: link('fleet', { selector, limit, cursor: page.nextCursor }) }, 'Next page'));
  }
  document.body.dataset.loaded = 'true';
  performance.mark('meshfleet-fleet-drawn');   // read by scripts/bench-console
}

const register = document.getElementById('register');
register?.addEventListener('submit', async (e) => {
  e.preventDefault();
  const result = document.getElementById('register-result');
  const labelMap = parseLabels(document.getElementById('new-labels').value);
  try {
    const { body } = await api('POST', `${base}/clusters`, { body: { name: document.getElementById('new-name').value, labels: labelMap } });
    result.replaceChildren(h('p', { class: 'ok' }, `Registered ${body.cluster.name}. Bootstrap token (shown once): `,
      h('code', { id: 'bootstrap-token' }, body.bootstrapToken)));
    await load();
  } catch (err) {
    showProblem(result, err);
  }
});

load().catch((err) => showProblem(status, err));
