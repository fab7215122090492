// Analysis rounds over time: per metric a small line chart (SVG) of the values the fleet measured, and each round's verdict.
import { h } from './api.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/** name -> [numbers in time order], from measurements shaped {metric: number} or {metric: {cluster: number}}. */
function series(analyses) {
  const out = new Map();
  for (const a of [...analyses].reverse()) {
    for (const [name, value] of Object.entries(a.measurements || {})) {
      const numbers = typeof value === 'number' ? [value]
        : Object.values(value || {}).flatMap((v) => (typeof v === 'number' ? [v] : typeof v?.value === 'number' ? [v.value] : []));
      if (!numbers.length) continue;
      if (!out.has(name)) out.set(name, []);
      out.get(name).push(Math.min(...numbers));
    }
  }
  return out;
}

function chart(name, values) {
  const width = 240;
  const height = 60;
  const max = Math.max(...values);
  const min = Math.min(...values);
  const span = max - min || 1;
  const points = values.map((v, i) => `${(i / Math.max(1, values.length - 1)) * (width - 10) + 5},${height - 5 - ((v - min) / span) * (height - 10)}`);
  const graphic = svg('svg', { width, height, role: 'img', 'aria-label': `${name}: ${values.join(', ')}` });
  graphic.append(svg('polyline', { points: points.join(' '), fill: 'none', stroke: '#0b5cad', 'stroke-width': 2 }));
  return h('figure', { class: 'metric' }, graphic, h('figcaption', {}, `${name} (worst cluster per round): last ${values[values.length - 1]}`));
}

export function analysisView(analyses) {
  if (!analyses || analyses.length === 0) return h('p', { class: 'muted' }, 'No analysis round yet.');
  const charts = [...series(analyses)].map(([name, values]) => chart(name, values));
  return h('div', {}, h('div', { class: 'split' }, charts),
    h('ul', {}, analyses.map((a) => h('li', {}, `${new Date(a.judgedAt).toLocaleTimeString()}: ${a.verdict}`))));
}
