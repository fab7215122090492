// The mesh's call graph from its intent, and a layout computed once (no force simulation, so 1,000 services lay out
// in milliseconds and never move): nodes are services, gateways and callers named by authorization policies; edges are
// gateway routes, service routes and mirrors to other services, and ALLOW/DENY rules (who may call whom on which
// method and path).
const key = (ns, name) => `${ns}/${name}`;

export function buildGraph(intent) {
  const spec = intent.spec || {};
  const nodes = new Map();
  const edges = [];
  const node = (id, props) => {
    if (!nodes.has(id)) nodes.set(id, { id, edges: 0, ...props });
    return nodes.get(id);
  };
  for (const s of spec.services || []) node(key(s.namespace, s.name), { kind: 'service', name: s.name, namespace: s.namespace });
  const serviceId = (name, ns) => {
    if (!name) return null;
    const short = name.split('.')[0];
    const namespace = name.includes('.') ? name.split('.')[1] : ns;
    const id = key(namespace, short);
    return nodes.has(id) ? id : node(`ext:${name}`, { kind: 'external', name, namespace: '(external)' }).id;
  };
  const edge = (from, to, kind, label) => {
    if (!from || !to || from === to) return;
    edges.push({ from, to, kind, label });
    nodes.get(from).edges++;
    nodes.get(to).edges++;
  };
  for (const s of spec.services || []) {
    const self = key(s.namespace, s.name);
    for (const r of s.http || []) {
      for (const d of r.route || []) if (d.service && d.service !== s.name) edge(self, serviceId(d.service, s.namespace), 'route', 'routes to');
      if (r.mirror?.service) edge(self, serviceId(r.mirror.service, s.namespace), 'mirror', 'mirrors to');
    }
  }
  for (const g of spec.gateways || []) {
    const gid = node(`gw:${key(g.namespace, g.name)}`, { kind: 'gateway', name: g.name, namespace: g.namespace }).id;
    for (const route of g.routes || []) {
      for (const r of route.http || []) {
        for (const d of r.route || []) edge(gid, serviceId(d.service, route.namespace), 'ingress', (route.hosts || []).join(', '));
      }
    }
  }
  const auth = spec.authorization || {};
  for (const p of auth.policies || []) {
    const app = p.selector?.app;
    const targets = app ? [serviceId(app, p.namespace)]
      : (spec.services || []).filter((s) => s.namespace === p.namespace).map((s) => key(s.namespace, s.name));
    const action = p.action || 'ALLOW';
    for (const rule of p.rules || [{}]) {
      const ops = (rule.to || []).flatMap((t) => [`${(t.operation || t).methods?.join('|') || 'any method'} ${(t.operation || t).paths?.join(' ') || ''}`.trim()]);
      const label = `${action} ${ops.join('; ') || 'any request'} (${p.name})`;
      const sources = (rule.from || []).flatMap((f) => [...(f.principals || []).map((pr) => principalNode(pr)),
        ...(f.namespaces || []).map((ns) => node(`ns:${ns}`, { kind: 'namespace', name: `namespace ${ns}`, namespace: ns }).id)]);
      for (const from of sources.length ? sources : [node('any', { kind: 'any', name: 'any caller', namespace: '' }).id]) {
        for (const to of targets) edge(from, to, action === 'DENY' ? 'deny' : 'allow', label);
      }
    }
  }
  function principalNode(principal) {
    const m = principal.match(/^[^/]+\/ns\/([^/]+)\/sa\/(.+)$/);
    if (m && nodes.has(key(m[1], m[2]))) return key(m[1], m[2]);
    return node(`sa:${principal}`, { kind: 'account', name: m ? `sa ${m[2]}` : principal, namespace: m ? m[1] : '' }).id;
  }
  return { nodes: [...nodes.values()], edges, denyAll: auth.denyAllNamespaces || [] };
}

/** Namespaces as blocks in a grid, each a grid of its nodes; positions in abstract units. */
export function layout(graph) {
  const byNs = new Map();
  for (const n of graph.nodes) {
    if (!byNs.has(n.namespace)) byNs.set(n.namespace, []);
    byNs.get(n.namespace).push(n);
  }
  const cellW = 170;   // room for a name under each node
  const cellH = 60;
  const blocks = [...byNs.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([ns, list]) => {
    list.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
    const cols = Math.ceil(Math.sqrt(list.length));
    return { ns, list, cols, w: cols * cellW + 40, h: Math.ceil(list.length / cols) * cellH + 60 };
  });
  const perRow = Math.max(1, Math.ceil(Math.sqrt(blocks.length)));
  let x = 0; let y = 0; let rowH = 0; let width = 0;
  const frames = [];
  blocks.forEach((b, i) => {
    if (i % perRow === 0 && i > 0) { y += rowH + 30; x = 0; rowH = 0; }
    frames.push({ ns: b.ns, x, y, w: b.w, h: b.h });
    b.list.forEach((n, j) => {
      n.x = x + 20 + (j % b.cols) * cellW + cellW / 2;
      n.y = y + 40 + Math.floor(j / b.cols) * cellH + cellH / 2;
    });
    x += b.w + 30; rowH = Math.max(rowH, b.h); width = Math.max(width, x);
  });
  return { frames, width: Math.max(width, 200), height: y + rowH + 20 };
}
