package dev.meshfleet.intent.analysis;

import dev.meshfleet.intent.analysis.Finding;

import dev.meshfleet.intent.analysis.Durations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.meshfleet.intent.model.*;

/**
 * Semantic checks of the kind {@code istioctl analyze} makes, run on intent (after structural validation, which
 * already refuses weights that do not add up to 100 and routes to unknown versions). Errors refuse the intent; warnings
 * are stored with the revision. Pure. Codes are stable:
 * <ul>
 * <li>MF101 route-shadowed (warning): a route after a catch-all route can never match.</li>
 * <li>MF102 duplicate-match (warning): a route whose matches all repeat an earlier route's.</li>
 * <li>MF103 retry-budget (warning): attempts x perTryTimeout exceeds the route timeout.</li>
 * <li>MF104 mtls-weaker-than-mesh (warning): PERMISSIVE/DISABLE somewhere while the mesh is STRICT.</li>
 * <li>MF105 deny-all-without-allow (warning): a deny-all namespace without any ALLOW policy in it.</li>
 * <li>MF106 subset-labels-duplicate (warning): two versions of a service select the same pods.</li>
 * <li>MF201 principal-malformed (error): a principal is not TRUST_DOMAIN/ns/NAMESPACE/sa/ACCOUNT (or a * form).</li>
 * <li>MF202 gateway-host-conflict (error): two gateway servers on the same port and workloads claim one host.</li>
 * <li>MF203 gateway-route-host-unserved (error): a gateway route's host is not served by its gateway (and the route is
 * not bound to {@code mesh} as well).</li>
 * <li>MF204 host-conflict (error): another mesh of the tenant that lands on a shared cluster routes the same host.</li>
 * <li>MF111, MF112, MF113, MF211: how routes are bound to gateways and delegated, see {@link RouteShapes}.</li>
 * <li>MF205 raw-resource-invalid (error): a raw Istio resource does not validate against Istio's CRD schema. Checked
 * by render, which owns Istio's schemas ({@code RawResourceCheck}); intent asks through {@code RenderabilityCheck}.</li>
 * <li>MF131, MF207: a service's further hosts, see {@link ServiceHosts}.</li>
 * <li>MF206 resource-name-conflict (error): two parts of the intent render one kind's namespace/name ({@link NameCollisions}).</li>
 * <li>MF121-MF123, MF221-MF222: service entries and egress, see {@link ExternalServiceAnalysis}.</li>
 * </ul>
 */
public final class IntentAnalyzer {
    private static final Pattern PRINCIPAL = Pattern.compile(
            "\\*|\\*[^*]+|[^*]+\\*|[a-z0-9][-a-z0-9.]*/ns/[a-z0-9]([-a-z0-9]*[a-z0-9])?/sa/[a-z0-9]([-a-z0-9.]*[a-z0-9])?");


    private final MeshIntent intent;
    private final List<Finding> findings = new ArrayList<>();

    private IntentAnalyzer(MeshIntent intent) {
        this.intent = intent;
    }

    /** Analyses one mesh's intent; {@code others} are the tenant's other meshes that share a cluster with it. */
    public static List<Finding> analyze(MeshIntent intent, List<OtherMesh> others) {
        IntentAnalyzer analyzer = new IntentAnalyzer(intent);
        analyzer.run(others);
        return List.copyOf(analyzer.findings);
    }

    private void run(List<OtherMesh> others) {
        MeshSpec spec = intent.spec();
        List<Service> services = spec.services() == null ? List.of() : spec.services();
        for (int i = 0; i < services.size(); i++) {
            Service s = services.get(i);
            String p = "$.spec.services[" + i + "]";
            routes(s.http(), p + ".http");
            subsets(s, p);
        }
        List<Gateway> gateways = spec.gateways() == null ? List.of() : spec.gateways();
        for (int g = 0; g < gateways.size(); g++) {
            Gateway gateway = gateways.get(g);
            List<GatewayRoute> routes = gateway.routes() == null ? List.of() : gateway.routes();
            for (int r = 0; r < routes.size(); r++) {
                String p = "$.spec.gateways[" + g + "].routes[" + r + "]";
                routes(routes.get(r).http(), p + ".http");
                servedHosts(gateway, routes.get(r), p);
            }
        }
        findings.addAll(RouteShapes.analyze(spec));
        gatewayHostConflicts(gateways, "this mesh", others);
        mtls(spec.mtls());
        authorization(spec.authorization());
        findings.addAll(JwtAnalysis.analyze(spec));
        hostConflicts(others);
        NameCollisions.check(spec, findings);
        findings.addAll(ExternalServiceAnalysis.analyze(spec));
        findings.addAll(ServiceHosts.analyze(spec));
    }

    // ---- routes ----

    private void routes(List<HttpRoute> routes, String path) {
        if (routes == null) {
            return;
        }
        int catchAll = -1;
        List<Set<HttpMatch>> seen = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            HttpRoute r = routes.get(i);
            String p = path + "[" + i + "]";
            if (catchAll >= 0) {
                findings.add(Finding.warning("MF101", p, "this route can never match: route " + catchAll
                        + " before it has no match and takes all traffic"));
            } else if (r.match() != null && !r.match().isEmpty()) {
                Set<HttpMatch> matches = new HashSet<>(r.match());
                for (int j = 0; j < seen.size(); j++) {
                    if (seen.get(j) != null && seen.get(j).containsAll(matches)) {
                        findings.add(Finding.warning("MF102", p + ".match", "every match of this route repeats one of route "
                                + j + ", which comes first, so this route can never match"));
                        break;
                    }
                }
            }
            seen.add(r.match() == null || r.match().isEmpty() ? null : new HashSet<>(r.match()));
            if (r.match() == null || r.match().isEmpty()) {
                catchAll = catchAll >= 0 ? catchAll : i;
            }
            retryBudget(r, p);
        }
    }

    private void retryBudget(HttpRoute r, String p) {
        if (r.retries() == null || r.timeout() == null || r.retries().perTryTimeout() == null) {
            return;
        }
        int attempts = r.retries().attempts() == null ? 2 : r.retries().attempts();
        double budget = attempts * Durations.millis(r.retries().perTryTimeout());
        double timeout = Durations.millis(r.timeout());
        if (timeout > 0 && budget > timeout) {
            findings.add(Finding.warning("MF103", p + ".retries", String.format(java.util.Locale.ROOT,
                    "%d attempts x %s per try = %.0f ms exceeds the route timeout %s: later retries are cut off",
                    attempts, r.retries().perTryTimeout(), budget, r.timeout())));
        }
    }

    private void subsets(Service s, String p) {
        if (s.versions() == null) {
            return;
        }
        Map<Map<String, String>, String> byLabels = new HashMap<>();
        for (int i = 0; i < s.versions().size(); i++) {
            Version v = s.versions().get(i);
            String other = byLabels.putIfAbsent(v.labels(), v.name());
            if (other != null) {
                findings.add(Finding.warning("MF106", p + ".versions[" + i + "].labels", "versions '" + other + "' and '"
                        + v.name() + "' select the same pods, so a split between them is no split"));
            }
        }
    }

    // ---- gateways ----

    private void servedHosts(Gateway gateway, GatewayRoute route, String p) {
        // null entries are the validator's to refuse (with their path); the analysis only must not trip over them
        if (route == null || route.hosts() == null || gateway.servers() == null) {
            return;
        }
        if (route.gateways() != null && route.gateways().contains("mesh")) {
            return; // bound to the sidecars too: a host the gateway does not serve is the mesh's (Istio's own example)
        }
        for (int i = 0; i < route.hosts().size(); i++) {
            String host = route.hosts().get(i);
            if (host == null) {
                continue;
            }
            boolean served = gateway.servers().stream().filter(s -> s != null && s.hosts() != null)
                    .flatMap(s -> s.hosts().stream()).filter(h -> h != null)
                    .map(h -> h.contains("/") ? h.substring(h.indexOf('/') + 1) : h)
                    .anyMatch(h -> hostMatches(h, host));
            if (!served) {
                findings.add(Finding.error("MF203", p + ".hosts[" + i + "]", "gateway '" + gateway.name()
                        + "' serves no host matching '" + host + "', so this route would never see traffic"));
            }
        }
    }

    static boolean hostMatches(String pattern, String host) {
        if (pattern.equals("*") || pattern.equals(host)) {
            return true;
        }
        return pattern.startsWith("*.") && host.endsWith(pattern.substring(1));
    }

    /** Two servers on the same port of the same gateway workloads must not claim the same host. */
    private void gatewayHostConflicts(List<Gateway> gateways, String owner, List<OtherMesh> others) {
        Map<String, String> claimed = new HashMap<>();
        for (OtherMesh other : others) {
            if (other.intent().spec().gateways() != null) {
                for (Gateway g : other.intent().spec().gateways()) {
                    for (GatewayServer s : nonNull(g.servers())) {
                        for (String h : nonNull(s.hosts())) {
                            claimed.putIfAbsent(serverKey(g, s, h), "gateway '" + g.name() + "' of mesh '" + other.name() + "'");
                        }
                    }
                }
            }
        }
        for (int g = 0; g < gateways.size(); g++) {
            Gateway gateway = gateways.get(g);
            List<GatewayServer> servers = gateway == null || gateway.servers() == null ? List.of() : gateway.servers();
            for (int s = 0; s < servers.size(); s++) {
                GatewayServer server = servers.get(s);
                if (server == null || server.hosts() == null || server.port() == null) {
                    continue;
                }
                for (int h = 0; h < server.hosts().size(); h++) {
                    if (server.hosts().get(h) == null) {
                        continue;
                    }
                    String key = serverKey(gateway, server, server.hosts().get(h));
                    String holder = claimed.putIfAbsent(key, "gateway '" + gateway.name() + "' of " + owner);
                    if (holder != null) {
                        findings.add(Finding.error("MF202", "$.spec.gateways[" + g + "].servers[" + s + "].hosts[" + h + "]",
                                "host '" + server.hosts().get(h) + "' on port " + server.port().number()
                                        + " is already served by " + holder + " on the same gateway workloads"));
                    }
                }
            }
        }
    }

    /** The non-null entries of a list that may be absent or hold nulls (not yet refused by the validator). */
    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list.stream().filter(java.util.Objects::nonNull).toList();
    }

    private static String serverKey(Gateway g, GatewayServer s, String host) {
        return new java.util.TreeMap<>(g.selector()) + "|" + s.port().number() + "|" + host;
    }

    // ---- security ----

    private void mtls(Mtls mtls) {
        if (mtls == null || mtls.mode() != MtlsMode.STRICT) {
            return;
        }
        if (mtls.namespaces() != null) {
            for (int i = 0; i < mtls.namespaces().size(); i++) {
                weaker(mtls.namespaces().get(i).mode(), "$.spec.mtls.namespaces[" + i + "].mode",
                        "namespace " + mtls.namespaces().get(i).namespace());
            }
        }
        if (mtls.workloads() != null) {
            for (int i = 0; i < mtls.workloads().size(); i++) {
                WorkloadMtls w = mtls.workloads().get(i);
                String p = "$.spec.mtls.workloads[" + i + "]";
                weaker(w.mode(), p + ".mode", "workload policy " + w.name());
                if (w.portLevelMtls() != null) {
                    w.portLevelMtls().forEach((port, mode) -> weaker(mode, p + ".portLevelMtls." + port,
                            "port " + port + " of " + w.name()));
                }
            }
        }
    }

    private void weaker(MtlsMode mode, String path, String what) {
        if (mode == MtlsMode.PERMISSIVE || mode == MtlsMode.DISABLE) {
            findings.add(Finding.warning("MF104", path, what + " is " + mode
                    + " while the mesh is STRICT: plaintext is accepted there (fine during a migration, not for good)"));
        }
    }

    private void authorization(Authorization authorization) {
        if (authorization == null) {
            return;
        }
        if (authorization.denyAllNamespaces() != null) {
            for (int i = 0; i < authorization.denyAllNamespaces().size(); i++) {
                String namespace = authorization.denyAllNamespaces().get(i);
                boolean anyAllow = authorization.policies() != null && authorization.policies().stream()
                        .anyMatch(p -> namespace.equals(p.namespace()) && (p.action() == null || p.action() == AuthorizationAction.ALLOW));
                if (!anyAllow) {
                    findings.add(Finding.warning("MF105", "$.spec.authorization.denyAllNamespaces[" + i + "]",
                            "namespace " + namespace + " denies everything and no ALLOW policy opens anything in it"));
                }
            }
        }
        if (authorization.policies() == null) {
            return;
        }
        for (int p = 0; p < authorization.policies().size(); p++) {
            AuthorizationPolicy policy = authorization.policies().get(p);
            if (policy.rules() == null) {
                continue;
            }
            for (int r = 0; r < policy.rules().size(); r++) {
                AuthorizationRule rule = policy.rules().get(r);
                if (rule.from() == null) {
                    continue;
                }
                for (int f = 0; f < rule.from().size(); f++) {
                    AuthorizationSource source = rule.from().get(f);
                    String base = "$.spec.authorization.policies[" + p + "].rules[" + r + "].from[" + f + "]";
                    principals(source.principals(), base + ".principals");
                    principals(source.notPrincipals(), base + ".notPrincipals");
                }
            }
        }
    }

    private void principals(List<String> principals, String path) {
        if (principals == null) {
            return;
        }
        for (int i = 0; i < principals.size(); i++) {
            String principal = principals.get(i);
            if (!PRINCIPAL.matcher(principal).matches()) {
                findings.add(Finding.error("MF201", path + "[" + i + "]", "'" + principal
                        + "' is not a principal: use TRUST_DOMAIN/ns/NAMESPACE/sa/SERVICE_ACCOUNT, e.g. "
                        + "cluster.local/ns/production/sa/checkout-service (without spiffe://), or a * prefix/suffix form"));
            }
        }
    }

    // ---- across meshes ----

    private void hostConflicts(List<OtherMesh> others) {
        Map<String, String> owned = new HashMap<>();
        for (OtherMesh other : others) {
            for (String host : routedHosts(other.intent()).keySet()) {
                owned.putIfAbsent(host, other.name() + " (clusters " + String.join(", ", new java.util.TreeSet<>(other.clusters()))
                        + ")");
            }
        }
        routedHosts(intent).forEach((host, path) -> {
            String owner = owned.get(host);
            if (owner != null) {
                findings.add(Finding.error("MF204", path, "host '" + host + "' is also routed by mesh " + owner
                        + "; on a shared cluster Istio would merge or drop one of the two"));
            }
        });
    }

    /** Fully qualified hosts this intent routes in-mesh (service and egress VirtualServices), to the path that declares each. */
    private static Map<String, String> routedHosts(MeshIntent intent) {
        Map<String, String> hosts = new HashMap<>();
        ExternalServiceAnalysis.egressHosts(intent.spec()).forEach(hosts::putIfAbsent);
        List<Service> services = intent.spec().services();
        if (services == null) {
            return hosts;
        }
        for (int i = 0; i < services.size(); i++) {
            Service s = services.get(i);
            if (ServiceHosts.routes(s)) {
                // the service's own host and its further hosts
                hosts.putAll(ServiceHosts.qualified(s, "$.spec.services[" + i + "]"));
            }
        }
        return hosts;
    }
}
