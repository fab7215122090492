package dev.meshfleet.render;

import dev.meshfleet.cluster.ClusterFacts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshfleet.intent.model.*;
import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettingsTLSmode;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsHTTPSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsHTTPSettingsH2UpgradePolicy;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsTCPSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjection;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionAbort;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionAbortHttpStatus;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionDelay;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionDelayFixedDelay;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMirrorPolicy;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRedirect;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRetry;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRewrite;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.L4MatchAttributes;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHash;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLB;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBHTTPCookie_;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBHttpCookie;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBHttpHeaderName;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBHttpQueryParameterName;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBUseSourceIp;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsSimple;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsSimpleLB;
import io.fabric8.istio.api.api.networking.v1alpha3.OutlierDetection;
import io.fabric8.istio.api.api.networking.v1alpha3.Percent;
import io.fabric8.istio.api.api.networking.v1alpha3.Port;
import io.fabric8.istio.api.api.networking.v1alpha3.PortSelector;
import io.fabric8.istio.api.api.networking.v1alpha3.RouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.Server;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettingsTLSProtocol;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettingsTLSmode;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatch;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchExact;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchPrefix;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchRegex;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.api.networking.v1alpha3.TCPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSMatchAttributes;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicyPortTrafficPolicy;
import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyAction;
import io.fabric8.istio.api.api.security.v1beta1.PeerAuthenticationMutualTLS;
import io.fabric8.istio.api.api.security.v1beta1.PeerAuthenticationMutualTLSMode;
import io.fabric8.istio.api.api.security.v1beta1.RuleFrom;
import io.fabric8.istio.api.api.security.v1beta1.RuleTo;
import io.fabric8.istio.api.api.type.v1beta1.WorkloadSelector;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * Renders a mesh's intent into the Istio resources of one cluster, with fabric8's typed Istio model. Pure and
 * deterministic: the same intent, revision and cluster facts give byte-identical output, resources sorted by kind,
 * namespace and name. Every resource carries Meshfleet's managed-by and mesh labels and the revision annotation.
 */
public final class MeshRenderer {
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "meshfleet";
    public static final String MESH_LABEL = "meshfleet.dev/mesh";
    public static final String REVISION_ANNOTATION = "meshfleet.dev/revision";
    /** Istio's root namespace: a PeerAuthentication named default there applies mesh-wide. */
    public static final String ROOT_NAMESPACE = "istio-system";
    private static final List<String> KIND_ORDER = List.of("Gateway", "DestinationRule", "VirtualService",
            "PeerAuthentication", "AuthorizationPolicy");

    private final String meshName;
    private final int revision;
    private final MeshIntent intent;
    /** The services as this cluster receives them: with the overrides that select it applied. */
    private final Map<String, Service> services;

    private MeshRenderer(MeshIntent intent, String meshName, int revision, ClusterFacts cluster) {
        this.intent = intent;
        this.meshName = meshName;
        this.revision = revision;
        this.services = ClusterOverrides.services(intent, cluster.labels());
    }

    /** Renders a valid intent (see IntentValidator) for one cluster. */
    public static List<RenderedResource> render(MeshIntent intent, String meshName, int revision, ClusterFacts cluster) {
        MeshRenderer renderer = new MeshRenderer(intent, meshName, revision, cluster);
        List<RenderedResource> out = new ArrayList<>();
        String version = cluster.istioApiVersion();
        renderer.typed().forEach(r -> out.add(Manifests.of(r, version)));
        renderer.raw(out);
        out.sort(Comparator.<RenderedResource>comparingInt(r -> kindRank(r.kind())).thenComparing(RenderedResource::kind)
                .thenComparing(RenderedResource::namespace).thenComparing(RenderedResource::name));
        return List.copyOf(out);
    }

    private static int kindRank(String kind) {
        int i = KIND_ORDER.indexOf(kind);
        return i < 0 ? KIND_ORDER.size() : i;
    }

    private List<HasMetadata> typed() {
        List<HasMetadata> out = new ArrayList<>();
        MeshSpec spec = intent.spec();
        for (Service s : services.values()) {
            if (s.versions() != null && !s.versions().isEmpty() || s.trafficPolicy() != null) {
                out.add(destinationRule(s));
            }
            if (notEmpty(s.http()) || notEmpty(s.tcp()) || notEmpty(s.tls())) {
                out.add(serviceVirtualService(s));
            }
        }
        if (spec.gateways() != null) {
            for (Gateway g : spec.gateways()) {
                out.add(gateway(g));
                if (g.routes() != null) {
                    g.routes().forEach(r -> out.add(gatewayVirtualService(g, r)));
                }
            }
        }
        if (spec.mtls() != null) {
            peerAuthentications(spec.mtls(), out);
        }
        if (spec.authorization() != null) {
            authorizationPolicies(spec.authorization(), out);
        }
        return out;
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    private ObjectMeta metadata(String name, String namespace) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(namespace);
        Map<String, String> labels = new TreeMap<>();
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(MESH_LABEL, meshName);
        meta.setLabels(labels);
        meta.setAnnotations(new TreeMap<>(Map.of(REVISION_ANNOTATION, Integer.toString(revision))));
        return meta;
    }

    // ---- DestinationRule ----

    private HasMetadata destinationRule(Service s) {
        var spec = new io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule();
        spec.setHost(host(s));
        spec.setTrafficPolicy(trafficPolicy(s.trafficPolicy()));
        if (s.versions() != null) {
            List<Subset> subsets = new ArrayList<>();
            for (Version v : s.versions()) {
                Subset subset = new Subset();
                subset.setName(v.name());
                subset.setLabels(new TreeMap<>(v.labels()));
                subset.setTrafficPolicy(trafficPolicy(v.trafficPolicy()));
                subsets.add(subset);
            }
            spec.setSubsets(subsets);
        }
        if (s.exportTo() != null) {
            spec.setExportTo(s.exportTo());
        }
        var dr = new io.fabric8.istio.api.networking.v1.DestinationRule();
        dr.setMetadata(metadata(s.name(), s.namespace()));
        dr.setSpec(spec);
        return dr;
    }

    private static io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicy trafficPolicy(TrafficPolicy t) {
        if (t == null) {
            return null;
        }
        var policy = new io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicy();
        policy.setLoadBalancer(loadBalancer(t.loadBalancer()));
        policy.setConnectionPool(connectionPool(t.connectionPool()));
        policy.setOutlierDetection(outlierDetection(t.outlierDetection()));
        policy.setTls(clientTls(t.tls()));
        if (t.portLevelSettings() != null) {
            List<TrafficPolicyPortTrafficPolicy> ports = new ArrayList<>();
            for (PortTrafficPolicy p : t.portLevelSettings()) {
                TrafficPolicyPortTrafficPolicy port = new TrafficPolicyPortTrafficPolicy();
                port.setPort(new PortSelector(p.port().longValue()));
                port.setLoadBalancer(loadBalancer(p.loadBalancer()));
                port.setConnectionPool(connectionPool(p.connectionPool()));
                port.setOutlierDetection(outlierDetection(p.outlierDetection()));
                port.setTls(clientTls(p.tls()));
                ports.add(port);
            }
            policy.setPortLevelSettings(ports);
        }
        return policy;
    }

    private static LoadBalancerSettings loadBalancer(LoadBalancer lb) {
        if (lb == null) {
            return null;
        }
        LoadBalancerSettings settings = new LoadBalancerSettings();
        if (lb.simple() != null) {
            settings.setLbPolicy(new LoadBalancerSettingsSimple(LoadBalancerSettingsSimpleLB.valueOf(lb.simple().name())));
        } else {
            ConsistentHash h = lb.consistentHash();
            LoadBalancerSettingsConsistentHashLB hash = new LoadBalancerSettingsConsistentHashLB();
            if (h.httpHeaderName() != null) {
                hash.setHashKey(new LoadBalancerSettingsConsistentHashLBHttpHeaderName(h.httpHeaderName()));
            } else if (h.httpCookie() != null) {
                LoadBalancerSettingsConsistentHashLBHTTPCookie_ cookie = new LoadBalancerSettingsConsistentHashLBHTTPCookie_();
                cookie.setName(h.httpCookie().name());
                cookie.setPath(h.httpCookie().path());
                cookie.setTtl(h.httpCookie().ttl());
                hash.setHashKey(new LoadBalancerSettingsConsistentHashLBHttpCookie(cookie));
            } else if (Boolean.TRUE.equals(h.useSourceIp())) {
                hash.setHashKey(new LoadBalancerSettingsConsistentHashLBUseSourceIp(true));
            } else {
                hash.setHashKey(new LoadBalancerSettingsConsistentHashLBHttpQueryParameterName(h.httpQueryParameterName()));
            }
            settings.setLbPolicy(new LoadBalancerSettingsConsistentHash(hash));
        }
        return settings;
    }

    private static ConnectionPoolSettings connectionPool(ConnectionPool cp) {
        if (cp == null) {
            return null;
        }
        ConnectionPoolSettings settings = new ConnectionPoolSettings();
        if (cp.tcp() != null) {
            ConnectionPoolSettingsTCPSettings tcp = new ConnectionPoolSettingsTCPSettings();
            tcp.setMaxConnections(cp.tcp().maxConnections());
            tcp.setConnectTimeout(cp.tcp().connectTimeout());
            tcp.setMaxConnectionDuration(cp.tcp().maxConnectionDuration());
            settings.setTcp(tcp);
        }
        if (cp.http() != null) {
            HttpPool h = cp.http();
            ConnectionPoolSettingsHTTPSettings http = new ConnectionPoolSettingsHTTPSettings();
            http.setHttp1MaxPendingRequests(h.http1MaxPendingRequests());
            http.setHttp2MaxRequests(h.http2MaxRequests());
            http.setMaxRequestsPerConnection(h.maxRequestsPerConnection());
            http.setMaxRetries(h.maxRetries());
            http.setIdleTimeout(h.idleTimeout());
            http.setMaxConcurrentStreams(h.maxConcurrentStreams());
            if (h.h2UpgradePolicy() != null) {
                http.setH2UpgradePolicy(ConnectionPoolSettingsHTTPSettingsH2UpgradePolicy.valueOf(h.h2UpgradePolicy().name()));
            }
            settings.setHttp(http);
        }
        return settings;
    }

    private static OutlierDetection outlierDetection(dev.meshfleet.intent.model.OutlierDetection od) {
        if (od == null) {
            return null;
        }
        OutlierDetection out = new OutlierDetection();
        out.setConsecutiveGatewayErrors(od.consecutiveGatewayErrors());
        out.setConsecutive5xxErrors(od.consecutive5xxErrors());
        out.setInterval(od.interval());
        out.setBaseEjectionTime(od.baseEjectionTime());
        out.setMaxEjectionPercent(od.maxEjectionPercent());
        out.setMinHealthPercent(od.minHealthPercent());
        return out;
    }

    private static ClientTLSSettings clientTls(ClientTls tls) {
        if (tls == null) {
            return null;
        }
        ClientTLSSettings out = new ClientTLSSettings();
        out.setMode(ClientTLSSettingsTLSmode.valueOf(tls.mode().name()));
        out.setSni(tls.sni());
        out.setCredentialName(tls.credentialName());
        if (tls.subjectAltNames() != null) {
            out.setSubjectAltNames(tls.subjectAltNames());
        }
        return out;
    }

    // ---- VirtualServices ----

    private HasMetadata serviceVirtualService(Service s) {
        var spec = new io.fabric8.istio.api.api.networking.v1alpha3.VirtualService();
        spec.setHosts(List.of(host(s)));
        spec.setHttp(httpRoutes(s.http(), s.name()));
        spec.setTcp(tcpRoutes(s.tcp(), s.name()));
        spec.setTls(tlsRoutes(s.tls(), s.name()));
        if (s.exportTo() != null) {
            spec.setExportTo(s.exportTo());
        }
        return virtualService(s.name(), s.namespace(), spec);
    }

    private HasMetadata gatewayVirtualService(Gateway g, GatewayRoute r) {
        var spec = new io.fabric8.istio.api.api.networking.v1alpha3.VirtualService();
        spec.setHosts(r.hosts());
        spec.setGateways(List.of(g.namespaceOrDefault() + "/" + g.name()));
        spec.setHttp(httpRoutes(r.http(), null));
        spec.setTcp(tcpRoutes(r.tcp(), null));
        spec.setTls(tlsRoutes(r.tls(), null));
        return virtualService(r.name(), r.namespace(), spec);
    }

    private HasMetadata virtualService(String name, String namespace,
            io.fabric8.istio.api.api.networking.v1alpha3.VirtualService spec) {
        var vs = new io.fabric8.istio.api.networking.v1.VirtualService();
        vs.setMetadata(metadata(name, namespace));
        vs.setSpec(spec);
        return vs;
    }

    private List<HTTPRoute> httpRoutes(List<HttpRoute> routes, String ownService) {
        if (routes == null) {
            return null;
        }
        List<HTTPRoute> out = new ArrayList<>();
        for (HttpRoute r : routes) {
            HTTPRoute route = new HTTPRoute();
            route.setName(r.name());
            if (r.match() != null) {
                route.setMatch(r.match().stream().map(MeshRenderer::httpMatch).toList());
            }
            if (r.route() != null) {
                List<HTTPRouteDestination> destinations = new ArrayList<>();
                for (Destination d : r.route()) {
                    HTTPRouteDestination destination = new HTTPRouteDestination();
                    destination.setDestination(destination(d.service(), d.version(), d.port(), ownService));
                    destination.setWeight(d.weight());
                    destinations.add(destination);
                }
                route.setRoute(destinations);
            }
            route.setTimeout(r.timeout());
            if (r.retries() != null) {
                HTTPRetry retry = new HTTPRetry();
                retry.setAttempts(r.retries().attempts());
                retry.setPerTryTimeout(r.retries().perTryTimeout());
                retry.setRetryOn(r.retries().retryOn());
                route.setRetries(retry);
            }
            route.setFault(fault(r.fault()));
            if (r.mirror() != null) {
                Mirror m = r.mirror();
                HTTPMirrorPolicy mirror = new HTTPMirrorPolicy();
                mirror.setDestination(destination(m.service(), m.version(), m.port(), ownService));
                if (m.percentage() != null) {
                    mirror.setPercentage(new Percent(m.percentage()));
                }
                route.setMirrors(List.of(mirror));
            }
            if (r.rewrite() != null) {
                HTTPRewrite rewrite = new HTTPRewrite();
                rewrite.setUri(r.rewrite().uri());
                rewrite.setAuthority(r.rewrite().authority());
                route.setRewrite(rewrite);
            }
            if (r.redirect() != null) {
                HTTPRedirect redirect = new HTTPRedirect();
                redirect.setUri(r.redirect().uri());
                redirect.setAuthority(r.redirect().authority());
                redirect.setScheme(r.redirect().scheme());
                if (r.redirect().redirectCode() != null) {
                    redirect.setRedirectCode(r.redirect().redirectCode().longValue());
                }
                route.setRedirect(redirect);
            }
            out.add(route);
        }
        return out;
    }

    private static HTTPFaultInjection fault(Fault f) {
        if (f == null) {
            return null;
        }
        HTTPFaultInjection fault = new HTTPFaultInjection();
        if (f.delay() != null) {
            HTTPFaultInjectionDelay delay = new HTTPFaultInjectionDelay();
            delay.setHttpDelayType(new HTTPFaultInjectionDelayFixedDelay(f.delay().fixedDelay()));
            delay.setPercentage(new Percent(f.delay().percentage() == null ? 100.0 : f.delay().percentage()));
            fault.setDelay(delay);
        }
        if (f.abort() != null) {
            HTTPFaultInjectionAbort abort = new HTTPFaultInjectionAbort();
            abort.setErrorType(new HTTPFaultInjectionAbortHttpStatus(f.abort().httpStatus()));
            abort.setPercentage(new Percent(f.abort().percentage() == null ? 100.0 : f.abort().percentage()));
            fault.setAbort(abort);
        }
        return fault;
    }

    private static HTTPMatchRequest httpMatch(HttpMatch m) {
        HTTPMatchRequest match = new HTTPMatchRequest();
        match.setName(m.name());
        match.setUri(stringMatch(m.uri()));
        match.setMethod(stringMatch(m.method()));
        match.setAuthority(stringMatch(m.authority()));
        match.setScheme(stringMatch(m.scheme()));
        Map<String, StringMatch> headers = stringMatches(m.headers());
        if (m.cookies() != null && !m.cookies().isEmpty()) {
            // Istio has no cookie match: match the Cookie header with a regex that finds the one cookie.
            var cookie = m.cookies().entrySet().iterator().next();
            headers = headers == null ? new TreeMap<>() : headers;
            headers.put("cookie", new StringMatch(new StringMatchRegex(Cookies.regex(cookie.getKey(), cookie.getValue()))));
        }
        match.setHeaders(headers);
        match.setQueryParams(stringMatches(m.queryParams()));
        match.setWithoutHeaders(stringMatches(m.withoutHeaders()));
        if (m.port() != null) {
            match.setPort(m.port().longValue());
        }
        if (m.sourceLabels() != null) {
            match.setSourceLabels(new TreeMap<>(m.sourceLabels()));
        }
        match.setSourceNamespace(m.sourceNamespace());
        match.setIgnoreUriCase(m.ignoreUriCase());
        return match;
    }

    private static Map<String, StringMatch> stringMatches(Map<String, dev.meshfleet.intent.model.StringMatch> matches) {
        if (matches == null) {
            return null;
        }
        Map<String, StringMatch> out = new TreeMap<>();
        matches.forEach((k, v) -> out.put(k, stringMatch(v)));
        return out;
    }

    static StringMatch stringMatch(dev.meshfleet.intent.model.StringMatch m) {
        if (m == null) {
            return null;
        }
        if (m.exact() != null) {
            return new StringMatch(new StringMatchExact(m.exact()));
        }
        if (m.prefix() != null) {
            return new StringMatch(new StringMatchPrefix(m.prefix()));
        }
        return new StringMatch(new StringMatchRegex(m.regex()));
    }

    private List<TCPRoute> tcpRoutes(List<TcpRoute> routes, String ownService) {
        if (routes == null) {
            return null;
        }
        List<TCPRoute> out = new ArrayList<>();
        for (TcpRoute r : routes) {
            TCPRoute route = new TCPRoute();
            if (r.match() != null) {
                route.setMatch(r.match().stream().map(m -> {
                    L4MatchAttributes a = new L4MatchAttributes();
                    if (m.port() != null) {
                        a.setPort(m.port().longValue());
                    }
                    if (m.destinationSubnets() != null) {
                        a.setDestinationSubnets(m.destinationSubnets());
                    }
                    if (m.sourceLabels() != null) {
                        a.setSourceLabels(new TreeMap<>(m.sourceLabels()));
                    }
                    return a;
                }).toList());
            }
            route.setRoute(routeDestinations(r.route(), ownService));
            out.add(route);
        }
        return out;
    }

    private List<TLSRoute> tlsRoutes(List<TlsRoute> routes, String ownService) {
        if (routes == null) {
            return null;
        }
        List<TLSRoute> out = new ArrayList<>();
        for (TlsRoute r : routes) {
            TLSRoute route = new TLSRoute();
            route.setMatch(r.match().stream().map(m -> {
                TLSMatchAttributes a = new TLSMatchAttributes();
                a.setSniHosts(m.sniHosts());
                if (m.port() != null) {
                    a.setPort(m.port().longValue());
                }
                return a;
            }).toList());
            route.setRoute(routeDestinations(r.route(), ownService));
            out.add(route);
        }
        return out;
    }

    private List<RouteDestination> routeDestinations(List<Destination> destinations, String ownService) {
        List<RouteDestination> out = new ArrayList<>();
        for (Destination d : destinations) {
            RouteDestination rd = new RouteDestination();
            rd.setDestination(destination(d.service(), d.version(), d.port(), ownService));
            rd.setWeight(d.weight());
            out.add(rd);
        }
        return out;
    }

    private io.fabric8.istio.api.api.networking.v1alpha3.Destination destination(String service, String version,
            Integer port, String ownService) {
        Service target = services.get(service != null ? service : ownService);
        var d = new io.fabric8.istio.api.api.networking.v1alpha3.Destination();
        d.setHost(target == null ? service : host(target));
        d.setSubset(version);
        if (port != null) {
            d.setPort(new PortSelector(port.longValue()));
        }
        return d;
    }

    private static String host(Service s) {
        return s.host() != null ? s.host() : s.name();
    }

    // ---- Gateway ----

    private HasMetadata gateway(Gateway g) {
        var spec = new io.fabric8.istio.api.api.networking.v1alpha3.Gateway();
        spec.setSelector(new TreeMap<>(g.selector()));
        List<Server> servers = new ArrayList<>();
        for (GatewayServer s : g.servers()) {
            Server server = new Server();
            server.setName(s.name());
            Port port = new Port();
            port.setNumber(s.port().number().longValue());
            port.setName(s.port().name());
            port.setProtocol(s.port().protocol().name());
            server.setPort(port);
            server.setHosts(s.hosts());
            if (s.tls() != null) {
                ServerTLSSettings tls = new ServerTLSSettings();
                if (s.tls().mode() != null) {
                    tls.setMode(ServerTLSSettingsTLSmode.valueOf(s.tls().mode().name()));
                }
                tls.setCredentialName(s.tls().credentialName());
                tls.setHttpsRedirect(s.tls().httpsRedirect());
                if (s.tls().subjectAltNames() != null) {
                    tls.setSubjectAltNames(s.tls().subjectAltNames());
                }
                if (s.tls().minProtocolVersion() != null) {
                    tls.setMinProtocolVersion(ServerTLSSettingsTLSProtocol.valueOf(s.tls().minProtocolVersion().name()));
                }
                server.setTls(tls);
            }
            servers.add(server);
        }
        spec.setServers(servers);
        var gateway = new io.fabric8.istio.api.networking.v1.Gateway();
        gateway.setMetadata(metadata(g.name(), g.namespaceOrDefault()));
        gateway.setSpec(spec);
        return gateway;
    }

    // ---- Security ----

    private void peerAuthentications(Mtls mtls, List<HasMetadata> out) {
        if (mtls.mode() != null) {
            out.add(peerAuthentication("default", ROOT_NAMESPACE, null, mtls.mode(), null));
        }
        if (mtls.namespaces() != null) {
            mtls.namespaces().forEach(n -> out.add(peerAuthentication("default", n.namespace(), null, n.mode(), null)));
        }
        if (mtls.workloads() != null) {
            mtls.workloads().forEach(w -> out.add(peerAuthentication(w.name(), w.namespace(), w.selector(), w.mode(),
                    w.portLevelMtls())));
        }
    }

    private HasMetadata peerAuthentication(String name, String namespace, Map<String, String> selector, MtlsMode mode,
            Map<Integer, MtlsMode> portLevel) {
        var spec = new io.fabric8.istio.api.api.security.v1beta1.PeerAuthentication();
        if (selector != null) {
            spec.setSelector(new WorkloadSelector(new TreeMap<>(selector)));
        }
        if (mode != null) {
            spec.setMtls(new PeerAuthenticationMutualTLS(PeerAuthenticationMutualTLSMode.valueOf(mode.name())));
        }
        if (portLevel != null && !portLevel.isEmpty()) {
            Map<String, PeerAuthenticationMutualTLS> ports = new TreeMap<>(Comparator.comparingInt(Integer::parseInt));
            portLevel.forEach((port, m) -> ports.put(Integer.toString(port),
                    new PeerAuthenticationMutualTLS(PeerAuthenticationMutualTLSMode.valueOf(m.name()))));
            spec.setPortLevelMtls(ports);
        }
        var pa = new io.fabric8.istio.api.security.v1.PeerAuthentication();
        pa.setMetadata(metadata(name, namespace));
        pa.setSpec(spec);
        return pa;
    }

    private void authorizationPolicies(Authorization authorization, List<HasMetadata> out) {
        if (authorization.denyAllNamespaces() != null) {
            for (String namespace : authorization.denyAllNamespaces()) {
                // An ALLOW policy without rules matches nothing, so the namespace denies every request by default.
                var ap = new io.fabric8.istio.api.security.v1.AuthorizationPolicy();
                ap.setMetadata(metadata("deny-all", namespace));
                ap.setSpec(new io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicy());
                out.add(ap);
            }
        }
        if (authorization.policies() == null) {
            return;
        }
        for (AuthorizationPolicy p : authorization.policies()) {
            var spec = new io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicy();
            if (p.selector() != null) {
                spec.setSelector(new WorkloadSelector(new TreeMap<>(p.selector())));
            }
            spec.setAction(AuthorizationPolicyAction.valueOf(p.action().name()));
            if (p.rules() != null) {
                spec.setRules(p.rules().stream().map(MeshRenderer::rule).toList());
            }
            var ap = new io.fabric8.istio.api.security.v1.AuthorizationPolicy();
            ap.setMetadata(metadata(p.name(), p.namespace()));
            ap.setSpec(spec);
            out.add(ap);
        }
    }

    private static io.fabric8.istio.api.api.security.v1beta1.Rule rule(AuthorizationRule r) {
        var rule = new io.fabric8.istio.api.api.security.v1beta1.Rule();
        if (r.from() != null) {
            rule.setFrom(r.from().stream().map(s -> {
                var source = new io.fabric8.istio.api.api.security.v1beta1.Source();
                source.setPrincipals(s.principals());
                source.setNotPrincipals(s.notPrincipals());
                source.setRequestPrincipals(s.requestPrincipals());
                source.setNotRequestPrincipals(s.notRequestPrincipals());
                source.setNamespaces(s.namespaces());
                source.setNotNamespaces(s.notNamespaces());
                source.setIpBlocks(s.ipBlocks());
                source.setNotIpBlocks(s.notIpBlocks());
                return new RuleFrom(source);
            }).toList());
        }
        if (r.to() != null) {
            rule.setTo(r.to().stream().map(o -> {
                var operation = new io.fabric8.istio.api.api.security.v1beta1.Operation();
                operation.setHosts(o.hosts());
                operation.setNotHosts(o.notHosts());
                operation.setPorts(o.ports());
                operation.setNotPorts(o.notPorts());
                operation.setMethods(o.methods());
                operation.setNotMethods(o.notMethods());
                operation.setPaths(o.paths());
                operation.setNotPaths(o.notPaths());
                return new RuleTo(operation);
            }).toList());
        }
        if (r.when() != null) {
            rule.setWhen(r.when().stream().map(c -> {
                var condition = new io.fabric8.istio.api.api.security.v1beta1.Condition();
                condition.setKey(c.key());
                condition.setValues(c.values());
                condition.setNotValues(c.notValues());
                return condition;
            }).toList());
        }
        return rule;
    }

    // ---- Raw passthrough ----

    private void raw(List<RenderedResource> out) {
        if (intent.spec().resources() == null) {
            return;
        }
        for (RawResource r : intent.spec().resources()) {
            ObjectNode manifest = Manifests.raw(r, meshName, revision);
            out.add(new RenderedResource(r.apiVersion(), r.kind(), r.metadata().namespace(), r.metadata().name(), manifest));
        }
    }
}
