// The mesh's services and the calls its intent allows, drawn once from a precomputed layout; panning and zooming only
// move the SVG viewBox, and finding or selecting a node dims the rest, so 1,000 services stay responsive.
// Deep link: ?mesh=&focus=<namespace/name>.
import { get, h, showProblem } from './api.js';
import { startPage, params, link } from './shell.js';
import { buildGraph, layout } from './graph.js';

const SVG = 'http://www.w3.org/2000/svg';
const session = await startPage('meshes');
const q = params();
const mesh = q.get('mesh');
const canvas = document.getElementById('canvas');
document.getElementById('title').textContent = `Topology of ${mesh}`;

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

let view = { x: 0, y: 0, w: 1000, h: 700 };
const applyView = () => canvas.setAttribute('viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`);

function draw(graph, box) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const frames = svg('g');
  for (const f of box.frames) {
    frames.append(svg('rect', { class: 'frame', x: f.x, y: f.y, width: f.w, height: f.h, rx: 8 }));
    frames.append(svg('text', { x: f.x + 10, y: f.y + 20 }, `${f.ns || '(no namespace)'}${graph.denyAll.includes(f.ns) ? ' · deny-all' : ''}`));
  }
  const lines = svg('g');
  graph.edges.forEach((e, i) => {
    const a = byId.get(e.from);
    const b = byId.get(e.to);
    const line = svg('line', { class: `edge ${e.kind}`, x1: a.x, y1: a.y, x2: b.x, y2: b.y, 'data-i': i });
    line.append(svg('title', {}, `${a.name} → ${b.name}: ${e.label}`));
    lines.append(line);
  });
  const dots = svg('g');
  for (const n of graph.nodes) {
    const g = svg('g', { class: `node ${n.kind}`, 'data-id': n.id, tabindex: 0, role: 'button', 'aria-label': `${n.kind} ${n.name} in ${n.namespace}` });
    g.append(svg('circle', { cx: n.x, cy: n.y, r: 9 }), svg('text', { x: n.x, y: n.y + 22, 'text-anchor': 'middle' }, n.name));
    dots.append(g);
  }
  canvas.replaceChildren(frames, lines, dots);
  view = { x: -20, y: -20, w: box.width + 40, h: Math.max(box.height + 40, (box.width + 40) * 0.6) };
  applyView();
}

function select(graph, id) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const n = byId.get(id);
  if (!n) return;
  const related = new Set([id]);
  const incoming = graph.edges.filter((e) => e.to === id);
  const outgoing = graph.edges.filter((e) => e.from === id);
  for (const e of [...incoming, ...outgoing]) { related.add(e.from); related.add(e.to); }
  canvas.querySelectorAll('.node').forEach((el) => {
    el.classList.toggle('dim', !related.has(el.dataset.id));
    el.classList.toggle('hit', el.dataset.id === id);
  });
  canvas.querySelectorAll('.edge').forEach((el) => {
    const e = graph.edges[Number(el.dataset.i)];
    el.classList.toggle('dim', e.from !== id && e.to !== id);
  });
  view = { x: n.x - 300, y: n.y - 200, w: 600, h: 400 };
  applyView();
  window.history.replaceState(null, '', link('topology', { mesh, focus: id }));
  const item = (e, other) => h('li', {}, h('strong', {}, byId.get(other).name), ` (${byId.get(other).kind}): ${e.label}`);
  document.getElementById('selection').replaceChildren(
    h('h2', { id: 'selected' }, `${n.name} (${n.kind}, ${n.namespace})`),
    h('h3', {}, `May be called by (${incoming.length})`), h('ul', { id: 'incoming' }, incoming.map((e) => item(e, e.from))),
    h('h3', {}, `Calls (${outgoing.length})`), h('ul', { id: 'outgoing' }, outgoing.map((e) => item(e, e.to))));
}

function interact(graph) {
  let drag = null;
  canvas.addEventListener('pointerdown', (e) => { drag = { x: e.clientX, y: e.clientY, view: { ...view } }; canvas.setPointerCapture(e.pointerId); });
  canvas.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const scale = view.w / canvas.clientWidth;
    view = { ...drag.view, x: drag.view.x - (e.clientX - drag.x) * scale, y: drag.view.y - (e.clientY - drag.y) * scale };
    applyView();
  });
  canvas.addEventListener('pointerup', (e) => {
    const moved = drag && Math.hypot(e.clientX - drag.x, e.clientY - drag.y) > 3;
    drag = null;
    const target = e.target.closest?.('.node');
    if (!moved && target) select(graph, target.dataset.id);
  });
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    const factor = e.deltaY > 0 ? 1.2 : 1 / 1.2;
    const r = canvas.getBoundingClientRect();
    const px = view.x + ((e.clientX - r.left) / r.width) * view.w;
    const py = view.y + ((e.clientY - r.top) / r.height) * view.h;
    view = { x: px - (px - view.x) * factor, y: py - (py - view.y) * factor, w: view.w * factor, h: view.h * factor };
    applyView();
  }, { passive: false });
  canvas.addEventListener('keydown', (e) => {
    const target = e.target.closest?.('.node');
    if (target && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); select(graph, target.dataset.id); }
  });
  const names = new Map(graph.nodes.map((n) => [`${n.name} (${n.namespace})`, n.id]));
  document.getElementById('names').replaceChildren(...[...names.keys()].slice(0, 2000).map((k) => h('option', { value: k })));
  const find = () => {
    const value = document.getElementById('query').value;
    const id = names.get(value) || graph.nodes.find((n) => n.name === value)?.id;
    if (id) select(graph, id);
  };
  document.getElementById('query').addEventListener('change', find);
  document.getElementById('find').addEventListener('submit', (e) => { e.preventDefault(); find(); });
}

try {
  const intent = await get(`/tenants/${encodeURIComponent(session.tenant)}/meshes/${encodeURIComponent(mesh)}/intent`);
  const graph = buildGraph(intent);
  const box = layout(graph);
  draw(graph, box);
  interact(graph);
  document.getElementById('counts').textContent = `${graph.nodes.length} nodes, ${graph.edges.length} calls`;
  if (q.get('focus')) select(graph, q.get('focus'));
  document.body.dataset.loaded = 'true';
  performance.mark('meshfleet-topology-drawn');   // read by scripts/bench-console
} catch (err) {
  showProblem(document.getElementById('selection'), err);
}
