package dev.meshfleet.intent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.intent.model.*;

/**
 * Structural validation of intent v1: required fields, ranges, formats and references inside the document. Collects
 * every error with its JSON path. (Semantic checks of the istioctl-analyze kind belong to the renderer.) Pure.
 */
public final class IntentValidator {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern HOST = Pattern.compile("(\\*|\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*|\\*");
    private static final Pattern DURATION = Pattern.compile("([0-9]+(\\.[0-9]+)?(h|ms|m|s|us|µs|ns))+");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern HEADER_NAME = Pattern.compile("[-a-zA-Z0-9_:]{1,256}");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Set<String> RAW_KINDS = Set.of(
            "networking.istio.io:VirtualService", "networking.istio.io:DestinationRule", "networking.istio.io:Gateway",
            "networking.istio.io:ServiceEntry", "networking.istio.io:Sidecar", "networking.istio.io:WorkloadEntry",
            "networking.istio.io:WorkloadGroup", "networking.istio.io:EnvoyFilter", "networking.istio.io:ProxyConfig",
            "security.istio.io:PeerAuthentication", "security.istio.io:AuthorizationPolicy",
            "security.istio.io:RequestAuthentication", "telemetry.istio.io:Telemetry");
    private static final Set<String> RAW_VERSIONS = Set.of("v1", "v1beta1", "v1alpha1", "v1alpha3");

    private final List<FieldError> errors = new ArrayList<>();
    private final Map<String, Service> servicesByName = new HashMap<>();

    private IntentValidator() {
    }

    public static List<FieldError> validate(MeshIntent intent, String meshName) {
        // first, as the checks below (and the renderer) take every list item to be there
        List<FieldError> nullItems = NullListElements.find(intent);
        if (!nullItems.isEmpty()) {
            return nullItems;
        }
        IntentValidator v = new IntentValidator();
        v.document(intent, meshName);
        return List.copyOf(v.errors);
    }

    private void error(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    private boolean required(Object value, String path) {
        if (value == null) {
            error(path, "is required");
            return false;
        }
        return true;
    }

    private void document(MeshIntent intent, String meshName) {
        if (!isCurrentApiVersion(intent.apiVersion())) {
            error("$.apiVersion", "must be '" + IntentCodec.API_VERSION + "'");
        }
        if (!IntentCodec.KIND.equals(intent.kind())) {
            error("$.kind", "must be '" + IntentCodec.KIND + "'");
        }
        if (intent.metadata() != null) {
            Metadata m = intent.metadata();
            if (m.name() != null && meshName != null && !m.name().equals(meshName)) {
                error("$.metadata.name", "must be the mesh's name '" + meshName + "' (or be left out)");
            }
            labels(m.labels(), "$.metadata.labels");
        }
        if (!required(intent.spec(), "$.spec")) {
            return;
        }
        MeshSpec spec = intent.spec();
        each(spec.services(), "$.spec.services", (s, p) -> {
            if (s != null && s.name() != null && servicesByName.putIfAbsent(s.name(), s) != null) {
                error(p + ".name", "duplicate service '" + s.name() + "'");
            }
        });
        each(spec.services(), "$.spec.services", this::service);
        Set<String> gatewayNames = new HashSet<>();
        each(spec.gateways(), "$.spec.gateways", (g, p) -> {
            gateway(g, p);
            if (g.name() != null && !gatewayNames.add(g.namespaceOrDefault() + "/" + g.name())) {
                error(p + ".name", "duplicate gateway '" + g.name() + "'");
            }
        });
        if (spec.mtls() != null) {
            mtls(spec.mtls(), "$.spec.mtls");
        }
        if (spec.authorization() != null) {
            authorization(spec.authorization(), "$.spec.authorization");
        }
        each(spec.resources(), "$.spec.resources", this::raw);
        Set<String> overrideNames = new HashSet<>();
        each(spec.overrides(), "$.spec.overrides", (o, p) -> {
            override(o, p);
            if (o.name() != null && !overrideNames.add(o.name())) {
                error(p + ".name", "duplicate override '" + o.name() + "'");
            }
        });
    }

    private void override(ClusterOverride o, String p) {
        dnsLabel(o.name(), p + ".name");
        if (required(o.clusters(), p + ".clusters")) {
            dev.meshfleet.common.error.Checks checks = new dev.meshfleet.common.error.Checks();
            o.clusters().check(p + ".clusters", checks);
            errors.addAll(checks.errors());
        }
        if (required(o.services(), p + ".services") && o.services().isEmpty()) {
            error(p + ".services", "name at least one service to override");
        }
        Set<String> names = new HashSet<>();
        each(o.services(), p + ".services", (so, sp) -> {
            if (!required(so.name(), sp + ".name")) {
                return;
            }
            if (!names.add(so.name())) {
                error(sp + ".name", "service '" + so.name() + "' is already overridden in this override");
            }
            if (!servicesByName.containsKey(so.name())) {
                error(sp + ".name", "no service '" + so.name() + "' in this mesh");
                return;
            }
            if (so.http() == null && so.tcp() == null && so.tls() == null && so.trafficPolicy() == null) {
                error(sp, "override at least one of http, tcp, tls, trafficPolicy");
            }
            each(so.http(), sp + ".http", (r, rp) -> httpRoute(r, rp, so.name()));
            each(so.tcp(), sp + ".tcp", (r, rp) -> destinations(r.route(), rp + ".route", so.name()));
            each(so.tls(), sp + ".tls", (r, rp) -> tlsRoute(r, rp, so.name()));
            trafficPolicy(so.trafficPolicy(), sp + ".trafficPolicy");
        });
    }

    private static boolean isCurrentApiVersion(String apiVersion) {
        return IntentCodec.API_VERSION.equals(apiVersion);
    }

    private <T> void each(List<T> items, String path, BiConsumer<T, String> check) {
        if (items == null) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            if (items.get(i) == null) {
                error(p, "must not be null");
            } else {
                check.accept(items.get(i), p);
            }
        }
    }

    private void dnsLabel(String value, String path) {
        if (required(value, path) && !DNS_LABEL.matcher(value).matches()) {
            error(path, "must be a DNS label (lower-case letters, digits, '-'; at most 63)");
        }
    }

    private void host(String value, String path) {
        if (value != null && (value.length() > 253 || !HOST.matcher(value).matches())) {
            error(path, "must be a DNS name, optionally starting with '*.'");
        }
    }

    private void duration(String value, String path) {
        if (value != null && !DURATION.matcher(value).matches()) {
            error(path, "must be a duration such as 250ms, 10s or 1m30s");
        }
    }

    private void range(Number value, double min, double max, String path) {
        if (value != null && (value.doubleValue() < min || value.doubleValue() > max)) {
            error(path, "must be between " + fmt(min) + " and " + fmt(max));
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private void labels(Map<String, String> labels, String path) {
        if (labels == null) {
            return;
        }
        labels.forEach((k, v) -> {
            int slash = k.indexOf('/');
            String name = slash < 0 ? k : k.substring(slash + 1);
            if (name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
                error(path + "." + k, "is not a valid label key");
            }
            if (v == null || v.length() > 63 || !(v.isEmpty() || LABEL_NAME.matcher(v).matches())) {
                error(path + "." + k, "is not a valid label value");
            }
        });
    }

    private void service(Service s, String p) {
        dnsLabel(s.name(), p + ".name");
        dnsLabel(s.namespace(), p + ".namespace");
        host(s.host(), p + ".host");
        Set<Integer> portNumbers = new HashSet<>();
        each(s.ports(), p + ".ports", (port, pp) -> {
            if (required(port.number(), pp + ".number")) {
                range(port.number(), 1, 65535, pp + ".number");
                if (!portNumbers.add(port.number())) {
                    error(pp + ".number", "duplicate port " + port.number());
                }
            }
            if (port.name() != null && !PORT_NAME.matcher(port.name()).matches()) {
                error(pp + ".name", "must be lower-case letters, digits, '-' and '.'");
            }
        });
        Set<String> versionNames = new HashSet<>();
        each(s.versions(), p + ".versions", (v, vp) -> {
            dnsLabel(v.name(), vp + ".name");
            if (v.name() != null && !versionNames.add(v.name())) {
                error(vp + ".name", "duplicate version '" + v.name() + "'");
            }
            if (required(v.labels(), vp + ".labels") && v.labels().isEmpty()) {
                error(vp + ".labels", "must select pods with at least one label");
            }
            labels(v.labels(), vp + ".labels");
            trafficPolicy(v.trafficPolicy(), vp + ".trafficPolicy");
        });
        trafficPolicy(s.trafficPolicy(), p + ".trafficPolicy");
        each(s.http(), p + ".http", (r, rp) -> httpRoute(r, rp, s.name()));
        each(s.tcp(), p + ".tcp", (r, rp) -> {
            each(r.match(), rp + ".match", (m, mp) -> range(m.port(), 1, 65535, mp + ".port"));
            destinations(r.route(), rp + ".route", s.name());
        });
        each(s.tls(), p + ".tls", (r, rp) -> tlsRoute(r, rp, s.name()));
    }

    private void trafficPolicy(TrafficPolicy t, String p) {
        if (t == null) {
            return;
        }
        loadBalancer(t.loadBalancer(), p + ".loadBalancer");
        connectionPool(t.connectionPool(), p + ".connectionPool");
        outlierDetection(t.outlierDetection(), p + ".outlierDetection");
        clientTls(t.tls(), p + ".tls");
        Set<Integer> ports = new HashSet<>();
        each(t.portLevelSettings(), p + ".portLevelSettings", (pl, pp) -> {
            if (required(pl.port(), pp + ".port")) {
                range(pl.port(), 1, 65535, pp + ".port");
                if (!ports.add(pl.port())) {
                    error(pp + ".port", "duplicate port " + pl.port());
                }
            }
            loadBalancer(pl.loadBalancer(), pp + ".loadBalancer");
            connectionPool(pl.connectionPool(), pp + ".connectionPool");
            outlierDetection(pl.outlierDetection(), pp + ".outlierDetection");
            clientTls(pl.tls(), pp + ".tls");
        });
    }

    private void loadBalancer(LoadBalancer lb, String p) {
        if (lb == null) {
            return;
        }
        if ((lb.simple() == null) == (lb.consistentHash() == null)) {
            error(p, "give exactly one of 'simple' and 'consistentHash'");
        }
        ConsistentHash h = lb.consistentHash();
        if (h != null) {
            int set = (h.httpHeaderName() != null ? 1 : 0) + (h.httpCookie() != null ? 1 : 0)
                    + (Boolean.TRUE.equals(h.useSourceIp()) ? 1 : 0) + (h.httpQueryParameterName() != null ? 1 : 0);
            if (set != 1) {
                error(p + ".consistentHash",
                        "give exactly one of httpHeaderName, httpCookie, useSourceIp: true, httpQueryParameterName");
            }
            if (h.httpHeaderName() != null && !HEADER_NAME.matcher(h.httpHeaderName()).matches()) {
                error(p + ".consistentHash.httpHeaderName", "is not a valid header name");
            }
            if (h.httpCookie() != null) {
                required(h.httpCookie().name(), p + ".consistentHash.httpCookie.name");
                duration(h.httpCookie().ttl(), p + ".consistentHash.httpCookie.ttl");
            }
        }
    }

    private void connectionPool(ConnectionPool cp, String p) {
        if (cp == null) {
            return;
        }
        if (cp.tcp() != null) {
            range(cp.tcp().maxConnections(), 1, Integer.MAX_VALUE, p + ".tcp.maxConnections");
            duration(cp.tcp().connectTimeout(), p + ".tcp.connectTimeout");
            duration(cp.tcp().maxConnectionDuration(), p + ".tcp.maxConnectionDuration");
        }
        if (cp.http() != null) {
            HttpPool h = cp.http();
            range(h.http1MaxPendingRequests(), 1, Integer.MAX_VALUE, p + ".http.http1MaxPendingRequests");
            range(h.http2MaxRequests(), 1, Integer.MAX_VALUE, p + ".http.http2MaxRequests");
            range(h.maxRequestsPerConnection(), 0, Integer.MAX_VALUE, p + ".http.maxRequestsPerConnection");
            range(h.maxRetries(), 0, Integer.MAX_VALUE, p + ".http.maxRetries");
            range(h.maxConcurrentStreams(), 1, Integer.MAX_VALUE, p + ".http.maxConcurrentStreams");
            duration(h.idleTimeout(), p + ".http.idleTimeout");
        }
    }

    private void outlierDetection(OutlierDetection od, String p) {
        if (od == null) {
            return;
        }
        range(od.consecutiveGatewayErrors(), 0, Integer.MAX_VALUE, p + ".consecutiveGatewayErrors");
        range(od.consecutive5xxErrors(), 0, Integer.MAX_VALUE, p + ".consecutive5xxErrors");
        duration(od.interval(), p + ".interval");
        duration(od.baseEjectionTime(), p + ".baseEjectionTime");
        range(od.maxEjectionPercent(), 0, 100, p + ".maxEjectionPercent");
        range(od.minHealthPercent(), 0, 100, p + ".minHealthPercent");
    }

    private void clientTls(ClientTls tls, String p) {
        if (tls == null) {
            return;
        }
        required(tls.mode(), p + ".mode");
        if (tls.mode() == ClientTlsMode.MUTUAL && tls.credentialName() == null) {
            error(p + ".credentialName", "is required for MUTUAL");
        }
    }

    private void httpRoute(HttpRoute r, String p, String ownService) {
        each(r.match(), p + ".match", (m, mp) -> {
            stringMatch(m.uri(), mp + ".uri");
            stringMatch(m.method(), mp + ".method");
            stringMatch(m.authority(), mp + ".authority");
            stringMatch(m.scheme(), mp + ".scheme");
            stringMatches(m.headers(), mp + ".headers", true);
            stringMatches(m.cookies(), mp + ".cookies", false);
            if (m.cookies() != null && m.cookies().size() > 1) {
                error(mp + ".cookies", "match at most one cookie per match (Istio matches cookies through the Cookie header)");
            }
            if (m.cookies() != null && !m.cookies().isEmpty() && m.headers() != null
                    && m.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("cookie"))) {
                error(mp + ".cookies", "cannot be combined with a match on the cookie header");
            }
            stringMatches(m.queryParams(), mp + ".queryParams", false);
            stringMatches(m.withoutHeaders(), mp + ".withoutHeaders", true);
            range(m.port(), 1, 65535, mp + ".port");
            labels(m.sourceLabels(), mp + ".sourceLabels");
            if (m.sourceNamespace() != null) {
                dnsLabel(m.sourceNamespace(), mp + ".sourceNamespace");
            }
        });
        if (r.redirect() != null) {
            if (r.route() != null) {
                error(p + ".redirect", "a route either redirects or forwards ('route'), not both");
            }
            Redirect rd = r.redirect();
            if (rd.redirectCode() != null && !Set.of(301, 302, 303, 307, 308).contains(rd.redirectCode())) {
                error(p + ".redirect.redirectCode", "must be one of 301, 302, 303, 307, 308");
            }
            if (rd.uri() == null && rd.authority() == null && rd.scheme() == null) {
                error(p + ".redirect", "give at least one of uri, authority, scheme");
            }
        } else {
            destinations(r.route(), p + ".route", ownService);
        }
        duration(r.timeout(), p + ".timeout");
        if (r.retries() != null) {
            range(r.retries().attempts(), 0, 100, p + ".retries.attempts");
            duration(r.retries().perTryTimeout(), p + ".retries.perTryTimeout");
            if (r.retries().retryOn() != null && !r.retries().retryOn().matches("[a-z0-9-]+(,[a-z0-9-]+)*")) {
                error(p + ".retries.retryOn", "must be a comma-separated list such as 5xx,reset,connect-failure");
            }
        }
        if (r.fault() != null) {
            if (r.fault().delay() == null && r.fault().abort() == null) {
                error(p + ".fault", "give a delay, an abort or both");
            }
            if (r.fault().delay() != null) {
                if (required(r.fault().delay().fixedDelay(), p + ".fault.delay.fixedDelay")) {
                    duration(r.fault().delay().fixedDelay(), p + ".fault.delay.fixedDelay");
                }
                range(r.fault().delay().percentage(), 0, 100, p + ".fault.delay.percentage");
            }
            if (r.fault().abort() != null) {
                if (required(r.fault().abort().httpStatus(), p + ".fault.abort.httpStatus")) {
                    range(r.fault().abort().httpStatus(), 200, 599, p + ".fault.abort.httpStatus");
                }
                range(r.fault().abort().percentage(), 0, 100, p + ".fault.abort.percentage");
            }
        }
        if (r.mirror() != null) {
            Mirror m = r.mirror();
            reference(m.service() == null ? ownService : m.service(), m.version(), p + ".mirror", m.service() != null);
            range(m.port(), 1, 65535, p + ".mirror.port");
            range(m.percentage(), 0, 100, p + ".mirror.percentage");
        }
    }

    private void tlsRoute(TlsRoute r, String p, String ownService) {
        each(r.match(), p + ".match", (m, mp) -> {
            if (required(m.sniHosts(), mp + ".sniHosts") && m.sniHosts().isEmpty()) {
                error(mp + ".sniHosts", "must name at least one host");
            }
            if (m.sniHosts() != null) {
                for (int i = 0; i < m.sniHosts().size(); i++) {
                    host(m.sniHosts().get(i), mp + ".sniHosts[" + i + "]");
                }
            }
            range(m.port(), 1, 65535, mp + ".port");
        });
        if (r.match() == null || r.match().isEmpty()) {
            error(p + ".match", "a TLS route needs at least one match with sniHosts");
        }
        destinations(r.route(), p + ".route", ownService);
    }

    private void stringMatches(Map<String, StringMatch> matches, String p, boolean headerNames) {
        if (matches == null) {
            return;
        }
        matches.forEach((name, m) -> {
            if (headerNames && !HEADER_NAME.matcher(name).matches()) {
                error(p + "." + name, "is not a valid header name");
            }
            if (m == null) {
                error(p + "." + name, "must be a match (exact, prefix or regex)");
            } else {
                stringMatch(m, p + "." + name);
            }
        });
    }

    private void stringMatch(StringMatch m, String p) {
        if (m == null) {
            return;
        }
        int set = (m.exact() != null ? 1 : 0) + (m.prefix() != null ? 1 : 0) + (m.regex() != null ? 1 : 0);
        if (set != 1) {
            error(p, "give exactly one of exact, prefix, regex");
        }
        if (m.regex() != null) {
            try {
                Pattern.compile(m.regex());
            } catch (RuntimeException e) {
                error(p + ".regex", "is not a valid regular expression");
            }
        }
    }

    /** Destinations: weights 0..100 that add up to 100 when there are several; references must resolve. */
    private void destinations(List<Destination> route, String p, String ownService) {
        if (route == null || route.isEmpty()) {
            error(p, "needs at least one destination");
            return;
        }
        int sum = 0;
        boolean allWeighted = true;
        for (int i = 0; i < route.size(); i++) {
            Destination d = route.get(i);
            String dp = p + "[" + i + "]";
            if (d == null) {
                error(dp, "must not be null");
                continue;
            }
            if (ownService == null && d.service() == null) {
                error(dp + ".service", "is required in gateway routes");
            }
            String target = d.service() != null ? d.service() : ownService;
            if (target != null) {
                reference(target, d.version(), dp, d.service() != null);
            }
            range(d.port(), 1, 65535, dp + ".port");
            if (d.weight() == null) {
                allWeighted = false;
            } else {
                range(d.weight(), 0, 100, dp + ".weight");
                sum += d.weight();
            }
        }
        if (route.size() > 1 && !allWeighted) {
            error(p, "with several destinations every destination needs a weight");
        } else if (route.size() > 1 && sum != 100) {
            error(p, "weights must add up to 100 (they add up to " + sum + ")");
        } else if (route.size() == 1 && route.get(0) != null && route.get(0).weight() != null
                && route.get(0).weight() != 100) {
            error(p + "[0].weight", "a single destination takes all traffic: leave the weight out or make it 100");
        }
    }

    private void reference(String service, String version, String p, boolean explicitService) {
        Service target = servicesByName.get(service);
        if (target == null) {
            error(explicitService ? p + ".service" : p, "no service '" + service + "' in this mesh");
            return;
        }
        if (version != null && (target.versions() == null
                || target.versions().stream().noneMatch(v -> v != null && version.equals(v.name())))) {
            error(p + ".version", "service '" + service + "' has no version '" + version + "'");
        }
    }

    private void gateway(Gateway g, String p) {
        dnsLabel(g.name(), p + ".name");
        if (g.namespace() != null) {
            dnsLabel(g.namespace(), p + ".namespace");
        }
        if (required(g.selector(), p + ".selector") && g.selector().isEmpty()) {
            error(p + ".selector", "must select the gateway pods with at least one label");
        }
        labels(g.selector(), p + ".selector");
        if (required(g.servers(), p + ".servers") && g.servers().isEmpty()) {
            error(p + ".servers", "needs at least one server");
        }
        each(g.servers(), p + ".servers", (s, sp) -> {
            if (required(s.port(), sp + ".port")) {
                if (required(s.port().number(), sp + ".port.number")) {
                    range(s.port().number(), 1, 65535, sp + ".port.number");
                }
                required(s.port().protocol(), sp + ".port.protocol");
                if (s.port().name() != null && !PORT_NAME.matcher(s.port().name()).matches()) {
                    error(sp + ".port.name", "must be lower-case letters, digits, '-' and '.'");
                }
            }
            if (required(s.hosts(), sp + ".hosts") && s.hosts().isEmpty()) {
                error(sp + ".hosts", "needs at least one host");
            }
            if (s.hosts() != null) {
                for (int i = 0; i < s.hosts().size(); i++) {
                    String h = s.hosts().get(i);
                    String host = h != null && h.contains("/") ? h.substring(h.indexOf('/') + 1) : h;
                    host(host, sp + ".hosts[" + i + "]");
                }
            }
            serverTls(s, sp);
        });
        Set<String> routeNames = new HashSet<>();
        each(g.routes(), p + ".routes", (r, rp) -> {
            dnsLabel(r.name(), rp + ".name");
            if (r.name() != null && !routeNames.add(r.name())) {
                error(rp + ".name", "duplicate route '" + r.name() + "'");
            }
            dnsLabel(r.namespace(), rp + ".namespace");
            if (required(r.hosts(), rp + ".hosts") && r.hosts().isEmpty()) {
                error(rp + ".hosts", "needs at least one host");
            }
            if (r.hosts() != null) {
                for (int i = 0; i < r.hosts().size(); i++) {
                    host(r.hosts().get(i), rp + ".hosts[" + i + "]");
                }
            }
            if (r.http() == null && r.tcp() == null && r.tls() == null) {
                error(rp, "give http, tcp or tls routes");
            }
            each(r.http(), rp + ".http", (h, hp) -> httpRoute(h, hp, null));
            each(r.tcp(), rp + ".tcp", (t, tp) -> destinations(t.route(), tp + ".route", null));
            each(r.tls(), rp + ".tls", (t, tp) -> tlsRoute(t, tp, null));
        });
    }

    private void serverTls(GatewayServer s, String sp) {
        ServerTls tls = s.tls();
        Protocol protocol = s.port() == null ? null : s.port().protocol();
        boolean tlsProtocol = protocol == Protocol.HTTPS || protocol == Protocol.TLS;
        if (tls == null) {
            if (tlsProtocol) {
                error(sp + ".tls", "is required for protocol " + protocol);
            }
            return;
        }
        if (Boolean.TRUE.equals(tls.httpsRedirect())) {
            if (protocol != Protocol.HTTP) {
                error(sp + ".tls.httpsRedirect", "only applies to HTTP servers");
            }
            return;
        }
        if (tlsProtocol && required(tls.mode(), sp + ".tls.mode")) {
            boolean terminates = tls.mode() == ServerTlsMode.SIMPLE || tls.mode() == ServerTlsMode.MUTUAL
                    || tls.mode() == ServerTlsMode.OPTIONAL_MUTUAL;
            if (terminates && tls.credentialName() == null) {
                error(sp + ".tls.credentialName", "is required for " + tls.mode() + " (the Secret with the certificate)");
            }
            if (tls.mode() == ServerTlsMode.PASSTHROUGH && protocol != Protocol.TLS) {
                error(sp + ".tls.mode", "PASSTHROUGH needs protocol TLS");
            }
        }
    }

    private void mtls(Mtls m, String p) {
        Set<String> namespaces = new HashSet<>();
        each(m.namespaces(), p + ".namespaces", (n, np) -> {
            dnsLabel(n.namespace(), np + ".namespace");
            required(n.mode(), np + ".mode");
            if (n.namespace() != null && !namespaces.add(n.namespace())) {
                error(np + ".namespace", "duplicate namespace '" + n.namespace() + "'");
            }
        });
        Set<String> workloads = new HashSet<>();
        each(m.workloads(), p + ".workloads", (w, wp) -> {
            dnsLabel(w.name(), wp + ".name");
            dnsLabel(w.namespace(), wp + ".namespace");
            if (w.name() != null && !workloads.add(w.namespace() + "/" + w.name())) {
                error(wp + ".name", "duplicate workload policy '" + w.name() + "'");
            }
            if (required(w.selector(), wp + ".selector") && w.selector().isEmpty()) {
                error(wp + ".selector", "must select workloads with at least one label");
            }
            labels(w.selector(), wp + ".selector");
            if (w.mode() == null && (w.portLevelMtls() == null || w.portLevelMtls().isEmpty())) {
                error(wp + ".mode", "give a mode, port-level modes or both");
            }
            if (w.portLevelMtls() != null) {
                w.portLevelMtls().forEach((port, mode) -> {
                    range(port, 1, 65535, wp + ".portLevelMtls." + port);
                    if (mode == null) {
                        error(wp + ".portLevelMtls." + port, "must be a mode");
                    }
                });
            }
        });
    }

    private void authorization(Authorization a, String p) {
        if (a.denyAllNamespaces() != null) {
            for (int i = 0; i < a.denyAllNamespaces().size(); i++) {
                dnsLabel(a.denyAllNamespaces().get(i), p + ".denyAllNamespaces[" + i + "]");
            }
        }
        Set<String> names = new HashSet<>();
        each(a.policies(), p + ".policies", (pol, pp) -> {
            dnsLabel(pol.name(), pp + ".name");
            dnsLabel(pol.namespace(), pp + ".namespace");
            if (pol.name() != null && !names.add(pol.namespace() + "/" + pol.name())) {
                error(pp + ".name", "duplicate policy '" + pol.name() + "' in namespace " + pol.namespace());
            }
            if ("deny-all".equals(pol.name()) && a.denyAllNamespaces() != null
                    && a.denyAllNamespaces().contains(pol.namespace())) {
                error(pp + ".name", "'deny-all' is the name of the generated deny-all policy of this namespace");
            }
            labels(pol.selector(), pp + ".selector");
            required(pol.action(), pp + ".action");
            each(pol.rules(), pp + ".rules", (rule, rp) -> {
                each(rule.from(), rp + ".from", (src, fp) -> {
                    if (src.principals() != null) {
                        for (int i = 0; i < src.principals().size(); i++) {
                            String principal = src.principals().get(i);
                            if (principal == null || principal.isBlank()) {
                                error(fp + ".principals[" + i + "]", "must not be empty");
                            }
                        }
                    }
                });
                each(rule.to(), rp + ".to", (op, op2) -> {
                    if (op.ports() != null) {
                        for (int i = 0; i < op.ports().size(); i++) {
                            String port = op.ports().get(i);
                            if (port == null || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1
                                    || Integer.parseInt(port) > 65535) {
                                error(op2 + ".ports[" + i + "]", "must be a port number between 1 and 65535 (as a string)");
                            }
                        }
                    }
                });
                each(rule.when(), rp + ".when", (c, cp) -> {
                    required(c.key(), cp + ".key");
                    if (c.values() == null && c.notValues() == null) {
                        error(cp, "give values, notValues or both");
                    }
                });
            });
        });
    }

    private void raw(RawResource r, String p) {
        if (!required(r.apiVersion(), p + ".apiVersion") || !required(r.kind(), p + ".kind")) {
            return;
        }
        int slash = r.apiVersion().indexOf('/');
        String group = slash < 0 ? "" : r.apiVersion().substring(0, slash);
        String version = slash < 0 ? r.apiVersion() : r.apiVersion().substring(slash + 1);
        if (!RAW_KINDS.contains(group + ":" + r.kind())) {
            error(p + ".kind", "must be an Istio resource kind (networking, security or telemetry.istio.io)");
        }
        if (!RAW_VERSIONS.contains(version)) {
            error(p + ".apiVersion", "must be an Istio API version (v1, v1beta1, v1alpha3 or v1alpha1)");
        }
        if (required(r.metadata(), p + ".metadata")) {
            dnsLabel(r.metadata().name(), p + ".metadata.name");
            dnsLabel(r.metadata().namespace(), p + ".metadata.namespace");
            labels(r.metadata().labels(), p + ".metadata.labels");
        }
        required(r.spec(), p + ".spec");
    }
}
