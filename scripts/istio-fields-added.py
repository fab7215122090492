#!/usr/bin/env python3
# Writes src/main/resources/istio/fields-added.txt: for every field of the newest bundled Istio CRDs
# (src/main/resources/istio/crd-all.gen.yaml) that Istio 1.18, the oldest supported release, does not have, the first
# minor release from which it is in every release up to the newest ("31": only in the newest, unreleased CRDs).
# Only the topmost new field of a subtree is listed. Input: /tmp/crd-1.<m>.yaml for m in 18..30, each
# manifests/charts/base/files/crd-all.gen.yaml (or base/crds/ before 1.20) of istio/istio at tag 1.<m>.0:
#   for m in $(seq 18 30); do git -C istio show 1.$m.0:manifests/charts/base/files/crd-all.gen.yaml > /tmp/crd-1.$m.yaml \
#     || git -C istio show 1.$m.0:manifests/charts/base/crds/crd-all.gen.yaml > /tmp/crd-1.$m.yaml; done
#   python3 scripts/istio-fields-added.py > fields.txt
import yaml, sys
def load(f):
    out = {}
    for d in yaml.safe_load_all(open(f)):
        if not d or d.get('kind') != 'CustomResourceDefinition': continue
        g = d['spec']['group']; k = d['spec']['names']['kind']
        for v in d['spec']['versions']:
            sch = v.get('schema', {}).get('openAPIV3Schema', {}).get('properties', {}).get('spec')
            if sch is None: continue
            paths = set()
            def walk(s, p):
                if not isinstance(s, dict): return
                for n, c in (s.get('properties') or {}).items():
                    paths.add(p + '.' + n); walk(c, p + '.' + n)
                if isinstance(s.get('items'), dict): walk(s['items'], p + '[]')
                if isinstance(s.get('additionalProperties'), dict): walk(s['additionalProperties'], p + '{}')
                for comb in ('oneOf', 'anyOf', 'allOf'):
                    for x in s.get(comb) or []: walk(x, p)
            walk(sch, 'spec')
            out[f"{g}/{v['name']}/{k}"] = paths
    return out
newest = load('src/main/resources/istio/crd-all.gen.yaml')
versions = {m: load(f'/tmp/crd-1.{m}.yaml') for m in range(18, 31)}
lines = []
for key, paths in sorted(newest.items()):
    for p in sorted(paths):
        # first minor from which the path exists in every release up to the newest
        first = None
        for m in range(30, 17, -1):
            if key in versions[m] and p in versions[m][key]:
                first = m
            else:
                break
        first = 31 if first is None else first
        if first > 18:
            parent = p.rsplit('.', 1)[0]
            lines.append((key, p, first))
# keep only topmost: drop a path whose parent property is listed with the same or later first minor
listed = {(k, p): m for k, p, m in lines}
out = []
for k, p, m in lines:
    q = p; top = True
    while '.' in q[5:]:
        q = q.rsplit('.', 1)[0].rstrip('[]{}')
        while q.endswith('[]') or q.endswith('{}'): q = q[:-2]
        if (k, q) in listed and listed[(k, q)] >= m: top = False; break
    if top: out.append(f"{m} {k} {p}")
print(len(out), file=sys.stderr)
print("\n".join(out))
