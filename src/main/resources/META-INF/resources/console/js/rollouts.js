// Rollouts of a mesh: the list, and the selected rollout live over Server-Sent Events (one stream per tab: opening
// another rollout closes the previous stream). A dropped connection resumes with Last-Event-ID (EventSource sends it);
// a stream the server ends (access-ended: the token behind it expired) is reopened after the session is renewed, and
// events already shown are skipped by id. Deep link: ?mesh=&status=&rollout=.
import { api, get, h, showProblem, loadSession } from './api.js';
import { startPage, params, link, applyRole, when } from './shell.js';
import { analysisView } from './analysis.js';

// EventSource hands named events only to listeners of that name: every type the engine writes must be here (a missing
// one is silently dropped; ConsoleOperatorTest compares the timeline with the events committed)
const EVENT_TYPES = ['created', 'cluster-confirmed', 'started', 'step-started', 'weights-set', 'timer-started', 'analysis', 'analysis-step',
  'analysis-failed', 'phase', 'paused', 'resumed', 'promoted', 'aborted', 'failed', 'succeeded', 'wave-baking',
  'wave-completed', 'revision', 'retried', 'progressing', 'pending', 'event'];

const session = await startPage('rollouts');
const q = params();
const tenantBase = `/tenants/${encodeURIComponent(session.tenant)}`;
const meshes = (await get(`${tenantBase}/meshes?limit=500`)).items.map((m) => m.name);
const mesh = q.get('mesh') || meshes[0];
const statusFilter = q.get('status') || 'all';
const meshSelect = document.getElementById('mesh');
meshSelect.replaceChildren(...meshes.map((m) => h('option', { value: m, selected: m === mesh }, m)));
document.getElementById('status-filter').value = statusFilter;
applyRole(session);
document.getElementById('filters').addEventListener('submit', (e) => {
  e.preventDefault();
  window.location.href = link('rollouts', { mesh: meshSelect.value, status: document.getElementById('status-filter').value });
});
const base = `${tenantBase}/meshes/${encodeURIComponent(mesh || '')}/rollouts`;

let stream = null;
let failures = 0;   // streams refused in a row
let selected = q.get('rollout');
let lastEventId = 0;

async function loadList() {
  if (!mesh) {
    document.getElementById('status').textContent = 'No mesh yet.';
    return;
  }
  const page = await get(`${base}?status=${statusFilter}&limit=50`);
  document.querySelector('#rollouts tbody').replaceChildren(...page.items.map((r) => h('tr', { dataset: { rollout: r.id } },
    h('th', { scope: 'row' }, h('a', { href: link('rollouts', { mesh, status: statusFilter, rollout: r.id }),
      onclick: (e) => { e.preventDefault(); select(r.id); } }, r.id.slice(0, 8))),
    h('td', {}, r.services.join(', ')), h('td', {}, `${r.stableVersion} → ${r.canaryVersion}`),
    h('td', { class: `phase phase-${r.phase}` }, r.phase), h('td', {}, `${r.weight} %`), h('td', {}, r.createdBy),
    h('td', {}, when(r.updatedAt)))));
  document.getElementById('status').textContent = `${page.items.length} rollout${page.items.length === 1 ? '' : 's'} of ${mesh}`;
}

function grid(r) {
  if (!r.waves) return h('p', { class: 'muted' }, 'No clusters yet.');
  const clusters = [...new Set(r.waves.flatMap((w) => w.clusters.map((c) => c.cluster)))];
  return h('table', { id: 'wave-grid' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Wave'), clusters.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, r.waves.map((w, i) => {
      const byName = new Map(w.clusters.map((c) => [c.cluster, c]));
      return h('tr', { class: i === r.position?.wave ? 'current' : null }, h('th', { scope: 'row' }, w.name),
        clusters.map((name) => {
          const c = byName.get(name);
          if (!c) return h('td', {});
          const confirmed = c.confirmedGeneration >= c.generation;
          return h('td', { class: confirmed ? 'state-CONFIRMED' : 'state-PENDING', dataset: { cluster: name, weight: c.weight, confirmed: c.confirmedWeight ?? '' } },
            `${c.weight} % / ${c.confirmedWeight ?? '—'} %`, confirmed ? ' ✓' : ' …');
        }));
    })));
}

async function showDetail() {
  const r = await get(`${base}/${selected}`);
  const section = document.getElementById('detail');
  section.hidden = false;
  document.getElementById('detail-title').textContent = `Rollout ${r.id.slice(0, 8)}: ${r.services.join(', ')} ${r.stableVersion} → ${r.canaryVersion}`;
  document.getElementById('detail-summary').replaceChildren(
    h('strong', { id: 'phase', class: `phase-${r.phase}` }, r.phase), ` · weight `, h('span', { id: 'weight' }, `${r.weight}`), ' % · ',
    r.position ? `wave ${r.position.waveName} (${r.position.wave + 1}), step ${r.position.step + 1}: ${r.position.stepDescription}`
      : 'waiting for the engine to start it',
    r.awaiting.length ? ` · awaiting ${r.awaiting.join(', ')}` : '');
  document.getElementById('grid').replaceChildren(grid(r));
  document.getElementById('analysis').replaceChildren(analysisView(r.analyses));
  document.body.dataset.phase = r.phase;
}

function addEvent(e) {
  if (e.id && Number(e.id) <= lastEventId) {
    // sent again: only after a reopened stream (access-ended), never after a reconnect with Last-Event-ID
    document.body.dataset.eventsSkipped = String(Number(document.body.dataset.eventsSkipped || 0) + 1);
    return false;
  }
  if (e.id) lastEventId = Number(e.id);
  document.getElementById('timeline').prepend(h('li', { dataset: { type: e.type, id: e.id || '' } },
    h('time', { datetime: e.at }, when(e.at)), ` ${e.type}`, e.detail ? `: ${e.detail}` : ''));
  // when each event reached the screen, against the server's commit time (read by scripts/bench-console)
  performance.mark('meshfleet-event-shown', { detail: { id: e.id, at: e.at } });
  return true;
}

let refreshing = null;
function refreshSoon() {
  // many events can arrive at once (a replay): one refresh of the snapshot and list per animation frame
  if (refreshing) return;
  refreshing = requestAnimationFrame(async () => {
    refreshing = null;
    await Promise.all([showDetail(), loadList()]).catch((err) => showProblem(document.getElementById('status'), err));
  });
}

function openStream() {
  const state = document.getElementById('stream-state');
  stream = new EventSource(`/api/v1${base}/${selected}/events`);
  const onEvent = (message) => {
    if (addEvent({ ...JSON.parse(message.data), id: message.lastEventId })) refreshSoon();
  };
  for (const type of EVENT_TYPES) stream.addEventListener(type, onEvent);
  stream.onmessage = onEvent;
  stream.addEventListener('access-ended', async () => {
    stream.close();
    document.body.dataset.accessEnds = String(Number(document.body.dataset.accessEnds || 0) + 1);
    state.textContent = '(renewing the session)';
    await loadSession(session.tenant);   // renews the login or goes back through it
    openStream();
  });
  stream.onopen = () => {
    failures = 0;
    state.textContent = '(live)';
    document.body.dataset.stream = 'open';
    document.body.dataset.streamOpens = String(Number(document.body.dataset.streamOpens || 0) + 1);
  };
  stream.onerror = () => {
    state.textContent = '(reconnecting)';
    if (stream.readyState === EventSource.CLOSED) {
      // refused (not a dropped connection, which EventSource retries itself with Last-Event-ID): renew the session
      // and try again, backing off so a stream that keeps being refused does not hammer the server
      failures += 1;
      setTimeout(async () => {
        await loadSession(session.tenant);
        openStream();
      }, Math.min(30000, 500 * 2 ** failures));
    }
  };
}

async function select(id) {
  if (stream) stream.close();
  selected = id;
  lastEventId = 0;
  document.getElementById('timeline').replaceChildren();
  window.history.replaceState(null, '', link('rollouts', { mesh, status: statusFilter, rollout: id }));
  openStream();
  await showDetail().catch((err) => showProblem(document.getElementById('status'), err));
}

document.getElementById('actions')?.addEventListener('click', async (e) => {
  const action = e.target.dataset?.action;
  if (!action || !selected) return;
  const out = document.getElementById('action-result');
  if (action === 'abort' && !window.confirm('Abort: every shifted cluster goes back to the stable version at once. Continue?')) return;
  try {
    await api('POST', `${base}/${selected}/${action}`, { body: {} });
    out.replaceChildren(h('p', { class: 'ok' }, `${action} accepted`));
  } catch (err) {
    showProblem(out, err);
  }
});

document.getElementById('start')?.addEventListener('submit', async (e) => {
  e.preventDefault();
  const out = document.getElementById('start-result');
  try {
    const body = {
      services: document.getElementById('services').value.split(',').map((s) => s.trim()).filter(Boolean),
      stableVersion: document.getElementById('stable').value.trim(),
      canaryVersion: document.getElementById('canary').value.trim(),
      steps: JSON.parse(document.getElementById('steps').value),
    };
    const waves = document.getElementById('waves').value.trim();
    if (waves) body.waves = JSON.parse(waves);
    const r = await api('POST', base, { body });
    out.replaceChildren(h('p', { class: 'ok' }, `Started rollout ${r.body.id.slice(0, 8)}.`));
    await loadList();
    await select(r.body.id);
  } catch (err) {
    showProblem(out, err instanceof SyntaxError ? new Error(`steps/waves: ${err.message}`) : err);
  }
});

await loadList().catch((err) => showProblem(document.getElementById('status'), err));
if (selected) await select(selected);
document.body.dataset.loaded = 'true';
