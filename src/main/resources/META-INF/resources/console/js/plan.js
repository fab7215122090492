// Findings and per-cluster plans as DOM, shared by the mesh editor and the revision history. A plan of thousands of
// resources renders each cluster's summary at once and its field changes only when opened (<details>).
import { h } from './api.js';

export function findingsView(findings, valid, headline) {
  const list = findings || [];
  return h('div', {},
    h('p', { class: valid ? 'ok' : 'error', id: 'validity' }, headline || (valid ? 'Valid' : 'Invalid: not saved or pushed while errors remain')),
    list.length === 0 ? null : h('ul', { id: 'finding-list' }, list.map((f) => h('li', { class: f.severity === 'ERROR' ? 'error' : 'warning' },
      `${f.severity === 'ERROR' ? 'Error' : 'Warning'}${f.code ? ` ${f.code}` : ''}: `, h('code', {}, f.path || ''), ` ${f.message}`))));
}

function ref(r) {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

function value(v) {
  return v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function clusterDetails(c) {
  const body = h('div', {});
  let filled = false;
  const details = h('details', { class: 'diff', dataset: { cluster: c.cluster } },
    h('summary', {}, h('strong', {}, c.cluster), ` ${c.create.length} to create, ${c.update.length} to update, ${c.delete.length} to delete, ${c.unchanged} unchanged`),
    body);
  details.addEventListener('toggle', () => {
    if (!details.open || filled) return;
    filled = true;
    const list = h('ul', {});
    for (const r of c.create) list.append(h('li', { class: 'op-CREATE' }, `+ create ${ref(r)}`));
    for (const r of c.delete) list.append(h('li', { class: 'op-DELETE' }, `− delete ${ref(r)}`));
    for (const u of c.update) {
      list.append(h('li', { class: 'op-UPDATE' }, `~ update ${ref(u.resource)}`,
        h('ul', {}, u.changes.map((ch) => h('li', { class: `op-${ch.op}` }, h('code', {}, ch.path), `: ${value(ch.from)} → ${value(ch.to)}`)))));
    }
    body.append(list);
  });
  return details;
}

export function planView(clusters) {
  if (!clusters || clusters.length === 0) return h('p', { class: 'muted', id: 'plan-empty' }, 'The placement selects no cluster.');
  const frag = h('div', { id: 'plan-clusters' });
  for (const c of clusters) frag.append(clusterDetails(c));
  return frag;
}
