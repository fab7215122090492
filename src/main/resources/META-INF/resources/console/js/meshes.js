// Meshes of the tenant, a page at a time, with links to each mesh's editor, history, rollouts and topology.
import { api, get, h, showProblem } from './api.js';
import { startPage, params, link, applyRole } from './shell.js';
import { selectorText, parsePlacement } from './labels.js';

const session = await startPage('meshes');
const base = `/tenants/${encodeURIComponent(session.tenant)}`;
const cursor = params().get('cursor') || '';
applyRole(session);

async function load() {
  const page = await get(`${base}/meshes?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  document.querySelector('#meshes tbody').replaceChildren(...page.items.map((m) => h('tr', { dataset: { mesh: m.name } },
    h('th', { scope: 'row' }, h('a', { href: link('mesh', { mesh: m.name }) }, m.name)),
    h('td', {}, m.trustDomain), h('td', {}, selectorText(m.placement) || 'every cluster'),
    h('td', {}, m.currentRevision ?? '—'),
    h('td', {}, h('a', { href: link('revisions', { mesh: m.name }) }, 'history'), ' · ',
      h('a', { href: link('rollouts', { mesh: m.name }) }, 'rollouts'), ' · ',
      h('a', { href: link('topology', { mesh: m.name }) }, 'topology')))));
  document.getElementById('status').textContent = `${page.items.length} mesh${page.items.length === 1 ? '' : 'es'}`;
  const pager = document.querySelector('nav.pager');
  pager.replaceChildren();
  if (page.nextCursor) pager.append(h('a', { href: link('meshes', { cursor: page.nextCursor }) }, 'Next page'));
  document.body.dataset.loaded = 'true';
}

document.getElementById('create')?.addEventListener('submit', async (e) => {
  e.preventDefault();
  const placement = parsePlacement(document.getElementById('placement').value);
  const body = { name: document.getElementById('mesh-name').value, trustDomain: document.getElementById('trust-domain').value };
  if (Object.keys(placement).length) body.placement = placement;
  try {
    await api('POST', `${base}/meshes`, { body });
    window.location.href = link('mesh', { mesh: body.name });
  } catch (err) {
    showProblem(document.getElementById('create-result'), err);
  }
});

load().catch((err) => showProblem(document.getElementById('status'), err));
