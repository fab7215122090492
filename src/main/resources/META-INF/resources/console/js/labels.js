// Label selectors and label lists as people type them (the API's selector syntax) and as placements hold them.

/** "env=prod,region=eu" -> {env: "prod", region: "eu"} ("key" alone is an empty value). */
export function parseLabels(text) {
  const labels = {};
  for (const pair of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = pair.indexOf('=');
    labels[at < 0 ? pair : pair.slice(0, at)] = at < 0 ? '' : pair.slice(at + 1);
  }
  return labels;
}

/** A placement as one line: "env=prod,region in (eu,us)"; "" for none. */
export function selectorText(placement) {
  if (!placement) return '';
  const parts = Object.entries(placement.matchLabels || {}).map(([k, v]) => `${k}=${v}`);
  for (const e of placement.matchExpressions || []) {
    const op = { In: 'in', NotIn: 'notin' }[e.operator] || e.operator;
    parts.push(`${e.key} ${op} (${(e.values || []).join(',')})`);
  }
  return parts.join(',');
}

/** "env=prod,region in (eu,us)" -> {matchLabels, matchExpressions} (set-based terms: in, notin). */
export function parsePlacement(text) {
  const matchLabels = {};
  const matchExpressions = [];
  for (const part of text.split(/,(?![^(]*\))/).map((s) => s.trim()).filter(Boolean)) {
    const set = part.match(/^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/i);
    if (set) {
      matchExpressions.push({ key: set[1], operator: set[2].toLowerCase() === 'in' ? 'In' : 'NotIn',
        values: set[3].split(',').map((v) => v.trim()).filter(Boolean) });
    } else {
      Object.assign(matchLabels, parseLabels(part));
    }
  }
  const placement = {};
  if (Object.keys(matchLabels).length) placement.matchLabels = matchLabels;
  if (matchExpressions.length) placement.matchExpressions = matchExpressions;
  return placement;
}
