// One mesh: placement and delivery policy, and the intent editor. As you type, the draft goes to the plan endpoint
// (nothing is stored): its findings and, per cluster, the resources it would create, update (field by field) or delete
// are shown before anything is saved. Saving sends If-Match with the revision the edit started from; if someone saved
// meanwhile, the conflict is shown with their changes, and the draft stays in the editor.
import { api, get, h, showProblem, ApiError } from './api.js';
import { startPage, params, link, applyRole } from './shell.js';
import { planView, findingsView } from './plan.js';
import { selectorText, parsePlacement } from './labels.js';

const session = await startPage('meshes');
const mesh = params().get('mesh');
const base = `/tenants/${encodeURIComponent(session.tenant)}/meshes/${encodeURIComponent(mesh)}`;
const editor = document.getElementById('intent');
const saveButton = document.getElementById('save');
let etag = null;        // the revision the draft is based on ("N" with quotes), null before the first revision
let baseRevision = null;
let planned = 0;        // sequence number of the newest plan request: older answers are dropped

document.title = `${mesh} · Meshfleet`;
document.getElementById('mesh-title').textContent = `Mesh ${mesh}`;
document.getElementById('mesh-links').replaceChildren(
  h('a', { href: link('revisions', { mesh }) }, 'Revision history'), ' · ',
  h('a', { href: link('rollouts', { mesh }) }, 'Rollouts'), ' · ',
  h('a', { href: link('trust', { mesh }) }, 'Trust'), ' · ',
  h('a', { href: link('topology', { mesh }) }, 'Topology'));
applyRole(session);
const admin = session.role === 'admin';

async function loadSettings() {
  const m = await get(base);
  document.getElementById('placement').value = selectorText(m.placement);
  document.getElementById('force-conflicts').checked = Boolean(m.delivery?.forceConflicts);
  document.getElementById('drift').value = m.delivery?.drift || 'correct';
  for (const id of ['placement', 'force-conflicts', 'drift']) document.getElementById(id).disabled = !admin;
}

document.getElementById('settings').addEventListener('submit', async (e) => {
  e.preventDefault();
  const out = document.getElementById('settings-result');
  try {
    await api('PATCH', base, { contentType: 'application/merge-patch+json', body: {
      placement: parsePlacement(document.getElementById('placement').value),
      delivery: { forceConflicts: document.getElementById('force-conflicts').checked, drift: document.getElementById('drift').value } } });
    out.replaceChildren(h('p', { class: 'ok' }, 'Saved.'));
    schedulePlan();
  } catch (err) {
    showProblem(out, err);
  }
});

async function loadIntent() {
  try {
    const r = await api('GET', `${base}/intent`, { accept: 'application/yaml' });
    etag = r.headers.get('ETag');
    baseRevision = Number(r.headers.get('Meshfleet-Revision'));
    editor.value = r.body;
    document.getElementById('revision').textContent = `(revision ${baseRevision})`;
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
    etag = null;
    baseRevision = null;
    editor.value = `apiVersion: meshfleet.dev/v1\nkind: Mesh\nmetadata:\n  name: ${mesh}\nspec:\n  services: []\n`;
    document.getElementById('revision').textContent = '(no revision yet)';
  }
  document.getElementById('save-result').replaceChildren();
  schedulePlan();
}

let timer = null;
function schedulePlan() {
  clearTimeout(timer);
  timer = setTimeout(plan, 350);
}

async function plan() {
  const mine = ++planned;
  const findings = document.getElementById('findings');
  const planBox = document.getElementById('plan');
  findings.dataset.state = 'checking';
  performance.mark('meshfleet-plan-asked');   // these marks are read by scripts/bench-console
  try {
    const { body } = await api('POST', `${base}/plan`, { body: editor.value, contentType: 'application/yaml' });
    if (mine !== planned) return;
    findings.replaceChildren(findingsView(body.findings, body.valid));
    planBox.replaceChildren(planView(body.clusters));
    findings.dataset.state = body.valid ? 'valid' : 'invalid';
    saveButton.disabled = !body.valid;
    performance.mark('meshfleet-plan-drawn');
  } catch (err) {
    if (mine !== planned) return;
    if (err instanceof ApiError && err.status === 400) {
      findings.replaceChildren(findingsView((err.problem.errors || []).map((e) => ({ severity: 'ERROR', path: e.path, message: e.message })), false, err.message));
      planBox.replaceChildren(h('p', { class: 'muted' }, 'No plan until the intent is valid.'));
      findings.dataset.state = 'invalid';
      saveButton.disabled = true;
    } else {
      showProblem(findings, err);
    }
  }
}

editor.addEventListener('input', schedulePlan);
document.getElementById('reload').addEventListener('click', () => loadIntent());

saveButton?.addEventListener('click', async () => {
  const out = document.getElementById('save-result');
  saveButton.disabled = true;
  try {
    const headers = etag ? { 'If-Match': etag } : {};
    const r = await api('PUT', `${base}/intent`, { body: editor.value, contentType: 'application/yaml', headers });
    etag = r.headers.get('ETag');
    baseRevision = r.body.number;
    document.getElementById('revision').textContent = `(revision ${baseRevision})`;
    out.replaceChildren(h('p', { class: 'ok', id: 'saved' }, r.status === 201 ? `Saved as revision ${r.body.number}.` : `Unchanged: still revision ${r.body.number}.`));
  } catch (err) {
    if (err instanceof ApiError && err.status === 412) await showConflict(out);
    else showProblem(out, err);
  } finally {
    saveButton.disabled = false;
  }
});

/** Someone saved since this edit began: show what they changed; the draft stays, to be saved over theirs on purpose. */
async function showConflict(out) {
  const latest = await get(base);
  const theirs = latest.currentRevision;
  const diff = baseRevision ? await get(`${base}/revisions/${baseRevision}/diff/${theirs}`) : { changes: [] };
  out.replaceChildren(h('div', { id: 'conflict', role: 'alert', class: 'error' },
    h('p', {}, `Conflict: revision ${theirs} was saved (by another edit) after yours began from revision ${baseRevision ?? 'none'}. Your draft is kept in the editor.`),
    h('ul', {}, diff.changes.map((c) => h('li', {}, h('code', {}, c.path), ` ${c.op}`))),
    h('button', { type: 'button', id: 'rebase', onclick: () => {
      etag = `"${theirs}"`;
      baseRevision = theirs;
      document.getElementById('revision').textContent = `(revision ${theirs}; your draft replaces it on save)`;
      out.replaceChildren(h('p', {}, `Your draft now replaces revision ${theirs} when you save.`));
    } }, `Keep my draft over revision ${theirs}`)));
}

await Promise.all([loadSettings(), loadIntent()]);
document.body.dataset.loaded = 'true';
