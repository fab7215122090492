// A mesh's revisions (who, when, source: api, console, rollout, gitops commit), any two compared side by side, and a
// restore with confirmation that first shows the plan of going back. Deep link: ?mesh=&from=&to=&cursor=.
import { api, get, h, showProblem } from './api.js';
import { startPage, params, link, applyRole, when } from './shell.js';
import { planView } from './plan.js';

const session = await startPage('meshes');
const q = params();
const mesh = q.get('mesh');
const cursor = q.get('cursor') || '';
const base = `/tenants/${encodeURIComponent(session.tenant)}/meshes/${encodeURIComponent(mesh)}`;
document.getElementById('title').textContent = `Revision history of ${mesh}`;
document.getElementById('links').replaceChildren(h('a', { href: link('mesh', { mesh }) }, 'Edit the intent'), ' · ',
  h('a', { href: link('rollouts', { mesh }) }, 'Rollouts'));
const admin = session.role === 'admin';

function source(r) {
  return r.sourceRef ? `${r.source} (${r.sourceRef})` : r.source;
}

function show(value) {
  return value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value, null, 1) : String(value);
}

async function diff(from, to) {
  const section = document.getElementById('diff');
  const d = await get(`${base}/revisions/${from}/diff/${to}`);
  section.replaceChildren(h('h2', {}, `Revision ${from} → ${to}`),
    d.changes.length === 0 ? h('p', { id: 'no-changes' }, 'No meaningful change.') :
      h('table', { id: 'diff-table', class: 'diff' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Path'), h('th', { scope: 'col' }, `Revision ${from}`), h('th', { scope: 'col' }, `Revision ${to}`))),
        h('tbody', {}, d.changes.map((c) => h('tr', { class: `op-${c.op}` },
          h('td', {}, h('code', {}, c.path)), h('td', {}, h('pre', {}, show(c.from))), h('td', {}, h('pre', {}, show(c.to))))))));
}

let pendingRestore = null;
async function askRestore(number) {
  pendingRestore = number;
  document.getElementById('restore-number').textContent = number;
  document.getElementById('restore-number-2').textContent = number;
  const planBox = document.getElementById('restore-plan');
  planBox.replaceChildren(h('p', { class: 'muted' }, 'Planning…'));
  document.getElementById('confirm-restore').showModal();
  try {
    const plan = (await api('POST', `${base}/plan?revision=${number}`)).body;
    planBox.replaceChildren(planView(plan.clusters));
  } catch (err) {
    showProblem(planBox, err);
  }
}

document.getElementById('confirm-restore').addEventListener('close', async () => {
  if (document.getElementById('confirm-restore').returnValue !== 'confirm' || pendingRestore === null) return;
  const status = document.getElementById('status');
  try {
    const current = await get(base);
    const r = await api('POST', `${base}/revisions/${pendingRestore}/restore`, { headers: { 'If-Match': `"${current.currentRevision}"` } });
    status.replaceChildren(h('p', { class: 'ok', id: 'restored' }, `Restored revision ${pendingRestore} as revision ${r.body.number}.`));
    await load();
  } catch (err) {
    showProblem(status, err);
  }
});

async function load() {
  const page = await get(`${base}/revisions?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  const newest = page.items[0]?.number;
  const from = Number(q.get('from')) || page.items[1]?.number;
  const to = Number(q.get('to')) || newest;
  document.querySelector('#revisions tbody').replaceChildren(...page.items.map((r) => h('tr', { dataset: { revision: r.number } },
    h('td', {}, h('input', { type: 'radio', name: 'from', value: r.number, checked: r.number === from, 'aria-label': `compare from revision ${r.number}` })),
    h('td', {}, h('input', { type: 'radio', name: 'to', value: r.number, checked: r.number === to, 'aria-label': `compare to revision ${r.number}` })),
    h('th', { scope: 'row' }, r.number), h('td', {}, r.author), h('td', {}, source(r)), h('td', {}, when(r.createdAt)),
    h('td', {}, r.findings.length ? `${r.findings.length} warning${r.findings.length === 1 ? '' : 's'}` : '—'),
    admin ? h('td', {}, h('button', { type: 'button', class: 'secondary restore', dataset: { revision: r.number },
      onclick: () => askRestore(r.number) }, `Restore ${r.number}`)) : null)));
  applyRole(session);
  const pager = document.querySelector('nav.pager');
  pager.replaceChildren();
  if (page.nextCursor) pager.append(h('a', { href: link('revisions', { mesh, cursor: page.nextCursor }) }, 'Older revisions'));
  if (from && to && from !== to) await diff(from, to);
  document.body.dataset.loaded = 'true';
}

document.getElementById('compare').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  const from = form.get('from');
  const to = form.get('to');
  window.history.replaceState(null, '', link('revisions', { mesh, from, to, cursor }));
  await diff(from, to).catch((err) => showProblem(document.getElementById('diff'), err));
});

load().catch((err) => showProblem(document.getElementById('status'), err));
