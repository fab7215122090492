package dev.meshfleet.render;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import dev.meshfleet.intent.model.ClientTls;
import dev.meshfleet.intent.model.ConnectionPool;
import dev.meshfleet.intent.model.ConsistentHash;
import dev.meshfleet.intent.model.HttpPool;
import dev.meshfleet.intent.model.LoadBalancer;
import dev.meshfleet.intent.model.PortTrafficPolicy;
import dev.meshfleet.intent.model.Service;
import dev.meshfleet.intent.model.TrafficPolicy;
import dev.meshfleet.intent.model.Version;
import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ClientTLSSettingsTLSmode;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsHTTPSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsHTTPSettingsH2UpgradePolicy;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsTCPSettings;
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
import io.fabric8.istio.api.api.networking.v1alpha3.PortSelector;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicyPortTrafficPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** A service's DestinationRule: its host, its traffic policy, and one subset (with its own policy) per version. */
final class DestinationRules {
    private final ManagedMetadata marks;

    DestinationRules(ManagedMetadata marks) {
        this.marks = marks;
    }

    /** A service gets one when there is something to say: versions to route to, or a traffic policy. */
    static boolean needed(Service s) {
        return s.versions() != null && !s.versions().isEmpty() || s.trafficPolicy() != null;
    }

    HasMetadata of(Service s) {
        var spec = new io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule();
        spec.setHost(Destinations.host(s));
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
        dr.setMetadata(marks.of(s.names() != null && s.names().destinationRule() != null ? s.names().destinationRule()
                : s.name(), s.namespace()));
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
            HashAlgorithms.apply(h, hash);
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
}
