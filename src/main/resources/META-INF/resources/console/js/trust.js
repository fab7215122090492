// A mesh's trust: trust domain, root CAs (certificates only, never a key), each cluster's intermediate, the public
// SPIFFE bundle, and root rotations. There is no event stream for trust, so the selected rotation is read again every
// 1.5 s while it is active (RUNNING or PAUSED) and no more once it has finished. Deep link: ?mesh=&rotation=.
import { api, get, h, showProblem } from './api.js';
import { startPage, params, link, applyRole, when } from './shell.js';

const POLL_MS = 1500;
const session = await startPage('trust');
const q = params();
const tenantBase = `/tenants/${encodeURIComponent(session.tenant)}`;
const meshes = (await get(`${tenantBase}/meshes?limit=500`)).items.map((m) => m.name);
const mesh = q.get('mesh') || meshes[0];
const meshSelect = document.getElementById('mesh');
meshSelect.replaceChildren(...meshes.map((m) => h('option', { value: m, selected: m === mesh }, m)));
applyRole(session);
document.getElementById('filters').addEventListener('submit', (e) => {
  e.preventDefault();
  window.location.href = link('trust', { mesh: meshSelect.value });
});
const base = `${tenantBase}/meshes/${encodeURIComponent(mesh || '')}/trust`;
const statusRegion = document.getElementById('status');

let roots = [];
let selected = q.get('rotation');
let polling = null;
let rotationActive = false;   // one rotation at a time per mesh (the server refuses a second)

const short = (id) => (id ? String(id).slice(0, 8) : '—');
const rootName = (id) => {
  const r = roots.find((x) => x.id === id);
  return r ? `${short(id)} (${r.algorithm})` : short(id);
};
const fingerprint = (sha) => h('code', { title: sha }, sha ? `${sha.slice(0, 16)}…` : '—');

/** Expiry with its warning (30/7/1 days, or expired) marked so it stands out, and not by colour alone. */
function expiry(item) {
  return [h('time', { datetime: item.notAfter }, when(item.notAfter)), ` (${item.expiresInDays} days)`,
    item.expiryWarning ? h('span', { class: 'warning expiry-warning' }, h('br'), `⚠ ${item.expiryWarning}`) : null];
}

async function loadTrust() {
  const t = await get(base);
  roots = t.roots;
  const endpoint = t.bundleEndpoint
    ? h('a', { id: 'bundle-endpoint', href: t.bundleEndpoint }, 'SPIFFE trust bundle (JWK Set)')
    : h('span', { class: 'muted' }, 'no SPIFFE bundle yet (no root)');
  document.getElementById('summary').replaceChildren(
    'Trust domain ', h('strong', { id: 'trust-domain' }, t.trustDomain), ' · issuing root ',
    h('span', { id: 'issuing-root' }, rootName(t.issuerRootId)), ' · bundle sequence ', String(t.sequence), ' · ',
    endpoint);
  document.querySelector('#roots tbody').replaceChildren(...(roots.length ? roots.map((r) => h('tr', { dataset: { root: r.id, state: r.state } },
    h('th', { scope: 'row' }, r.subject, h('br'), h('span', { class: 'muted' }, `id ${r.id}`)),
    h('td', {}, fingerprint(r.sha256)), h('td', {}, r.algorithm), h('td', {}, r.source),
    h('td', { class: `root-state root-${r.state}` }, r.state),
    h('td', { class: 'issuing' }, r.issuing ? 'issuing' : '—'),
    h('td', { class: 'in-bundle' }, r.inBundle ? `yes (×${r.inBundle})` : 'no'),
    h('td', {}, expiry(r))))
    : [h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'No root yet: generate one (admins) or import one through the API.'))]));
  const toRoot = document.getElementById('to-root');
  if (toRoot) {
    const choices = roots.filter((r) => !r.issuing && r.state === 'ACTIVE');
    const keep = toRoot.value;
    toRoot.replaceChildren(...choices.map((r) => h('option', { value: r.id, selected: r.id === keep }, `${short(r.id)} · ${r.subject} (${r.algorithm})`)));
    document.getElementById('start-button').disabled = choices.length === 0 || rotationActive;
  }
}

async function loadIntermediates() {
  const list = await get(`${base}/intermediates`);
  document.querySelector('#intermediates tbody').replaceChildren(...(list.length ? list.map((i) => h('tr', { dataset: { cluster: i.cluster } },
    h('th', { scope: 'row' }, i.cluster), h('td', { class: 'issuer' }, rootName(i.rootId)), h('td', {}, fingerprint(i.sha256)),
    h('td', {}, when(i.issuedAt)), h('td', {}, expiry(i))))
    : [h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'No cluster holds an intermediate yet.'))]));
}

async function loadRotations() {
  const list = await get(`${base}/rotations`);
  rotationActive = list.some((r) => r.status === 'RUNNING' || r.status === 'PAUSED');
  const startButton = document.getElementById('start-button');
  if (startButton) startButton.disabled = rotationActive || document.getElementById('to-root').options.length === 0;
  document.querySelector('#rotations tbody').replaceChildren(...list.map((r) => h('tr', { dataset: { rotation: r.id } },
    h('th', { scope: 'row' }, h('a', { href: link('trust', { mesh, rotation: r.id }),
      onclick: (e) => { e.preventDefault(); select(r.id); } }, short(r.id))),
    h('td', {}, `${rootName(r.fromRoot)} → ${rootName(r.toRoot)}`), h('td', {}, r.direction), h('td', {}, r.phase),
    h('td', { class: `rotation-${r.status}` }, r.status), h('td', {}, r.createdBy), h('td', {}, when(r.createdAt)),
    h('td', {}, when(r.finishedAt)))));
  return list;
}

function progress(r) {
  if (!r.clusters || r.clusters.length === 0) {
    return h('p', { class: 'muted' }, r.status === 'RUNNING' || r.status === 'PAUSED' ? 'No cluster in this mesh.' : 'Finished: nothing to wait for.');
  }
  return h('table', { id: 'cluster-progress' },
    h('caption', { class: 'sr-only' }, `Per cluster, whether it shows what phase ${r.phase} asks`),
    h('thead', {}, h('tr', {}, ['Cluster', 'Shown', 'Waiting for', 'Last report', 'Confirmed'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, r.clusters.map((c) => h('tr', { dataset: { cluster: c.cluster, shown: String(c.shown) } },
      h('th', { scope: 'row' }, c.cluster),
      h('td', { class: c.shown ? 'state-CONFIRMED' : 'state-PENDING' }, c.shown ? '✓ shown' : '… waiting'),
      h('td', {}, c.blocked ? h('p', { class: 'error' }, `blocked: ${c.blocked}`) : null,
        (c.waiting || []).length ? h('ul', {}, c.waiting.map((w) => h('li', {}, w))) : (c.blocked ? null : '—')),
      h('td', {}, when(c.reportedAt)), h('td', { class: 'confirmed-at' }, when(c.confirmedAt))))));
}

async function showDetail() {
  const r = await get(`${base}/rotations/${encodeURIComponent(selected)}`);
  document.getElementById('detail').hidden = false;
  document.getElementById('detail-title').textContent = `Rotation ${short(r.id)}: ${rootName(r.fromRoot)} → ${rootName(r.toRoot)}`;
  document.getElementById('detail-summary').replaceChildren(
    h('strong', { id: 'rotation-status', class: `rotation-${r.status}` }, r.status), ' · phase ',
    h('strong', { id: 'rotation-phase' }, r.phase), ' · direction ', h('span', { id: 'rotation-direction' }, r.direction),
    ` · phase since ${when(r.phaseStartedAt)} · started by ${r.createdBy} at ${when(r.createdAt)}`,
    r.finishedAt ? ` · finished ${when(r.finishedAt)}` : '');
  document.getElementById('progress').replaceChildren(progress(r));
  document.getElementById('events').replaceChildren(...[...(r.events || [])].reverse().map((e) => h('li', { dataset: { type: e.type, id: e.id } },
    h('time', { datetime: e.at }, when(e.at)), ` ${e.type}`, e.phase ? ` [${e.phase}]` : '', e.detail ? `: ${e.detail}` : '')));
  const active = r.status === 'RUNNING' || r.status === 'PAUSED';
  const actions = document.getElementById('actions');
  if (actions) {
    actions.querySelector('[data-action=pause]').disabled = r.status !== 'RUNNING';
    actions.querySelector('[data-action=resume]').disabled = r.status !== 'PAUSED';
    actions.querySelector('[data-action=abort]').disabled = !active || r.direction === 'ROLLBACK';
  }
  document.body.dataset.rotationStatus = r.status;
  return active;
}

/** Reads the selected rotation again (and what it changes: roots, intermediates, the list) while it is active. */
async function poll() {
  polling = null;
  const state = document.getElementById('poll-state');
  try {
    const active = await showDetail();
    await Promise.all([loadTrust(), loadIntermediates(), loadRotations()]);
    state.textContent = active ? '(refreshed every 1.5 s)' : '';
    if (active) polling = setTimeout(poll, POLL_MS);
  } catch (err) {
    showProblem(statusRegion, err);
    state.textContent = '(retrying)';
    polling = setTimeout(poll, POLL_MS * 4);
  }
}

async function select(id) {
  if (polling) clearTimeout(polling);
  selected = id;
  window.history.replaceState(null, '', link('trust', { mesh, rotation: id }));
  await poll();
}

document.getElementById('generate')?.addEventListener('submit', async (e) => {
  e.preventDefault();
  const out = document.getElementById('generate-result');
  const button = document.getElementById('generate-button');
  button.disabled = true;
  try {
    const r = await api('POST', `${base}/roots`, { body: { algorithm: document.getElementById('algorithm').value } });
    out.replaceChildren(h('p', { class: 'ok' }, `Generated root ${short(r.body.id)} (${r.body.algorithm})${r.body.issuing ? ', now issuing' : ''}.`));
    await Promise.all([loadTrust(), loadIntermediates()]);
  } catch (err) {
    showProblem(out, err);
  } finally {
    button.disabled = false;
  }
});

document.getElementById('start')?.addEventListener('submit', async (e) => {
  e.preventDefault();
  const out = document.getElementById('start-result');
  const button = document.getElementById('start-button');
  button.disabled = true;   // one request at a time; a started rotation keeps it disabled (loadRotations)
  try {
    const r = await api('POST', `${base}/rotations`, { body: { toRoot: document.getElementById('to-root').value } });
    out.replaceChildren(h('p', { class: 'ok' }, `Started rotation ${short(r.body.id)}.`));
    await select(r.body.id);
  } catch (err) {
    // a 409 names each cluster that stops it (errors: clusters.<name>), shown one per line
    showProblem(out, err);
    button.disabled = document.getElementById('to-root').options.length === 0;
  }
});

document.getElementById('actions')?.addEventListener('click', async (e) => {
  const action = e.target.dataset?.action;
  if (!action || !selected) return;
  const out = document.getElementById('action-result');
  if (action === 'abort' && !window.confirm('Abort: every cluster goes back to the old root through the same gated phases. Continue?')) return;
  try {
    await api('POST', `${base}/rotations/${encodeURIComponent(selected)}/${action}`, { body: {} });
    out.replaceChildren(h('p', { class: 'ok' }, `${action} accepted`));
    await select(selected);
  } catch (err) {
    showProblem(out, err);
  }
});

if (!mesh) {
  statusRegion.textContent = 'No mesh yet.';
} else {
  try {
    await Promise.all([loadTrust(), loadIntermediates()]);
    const rotations = await loadRotations();
    if (!selected) selected = rotations.find((r) => r.status === 'RUNNING' || r.status === 'PAUSED')?.id || null;
    if (selected) await select(selected);
  } catch (err) {
    showProblem(statusRegion, err);
  }
}
document.body.dataset.loaded = 'true';
