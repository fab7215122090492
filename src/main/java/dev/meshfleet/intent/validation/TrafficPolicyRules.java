package dev.meshfleet.intent.validation;

import java.util.HashSet;
import java.util.Set;

import dev.meshfleet.intent.model.ClientTls;
import dev.meshfleet.intent.model.ClientTlsMode;
import dev.meshfleet.intent.model.ConnectionPool;
import dev.meshfleet.intent.model.ConsistentHash;
import dev.meshfleet.intent.model.HttpPool;
import dev.meshfleet.intent.model.LoadBalancer;
import dev.meshfleet.intent.model.OutlierDetection;
import dev.meshfleet.intent.model.TrafficPolicy;

/** Traffic policies (of a service, a version or an override): load balancer, connection pool, outlier detection, TLS. */
final class TrafficPolicyRules {
    private final PathChecks checks;

    TrafficPolicyRules(PathChecks checks) {
        this.checks = checks;
    }

    void trafficPolicy(TrafficPolicy t, String p) {
        if (t == null) {
            return;
        }
        loadBalancer(t.loadBalancer(), p + ".loadBalancer");
        connectionPool(t.connectionPool(), p + ".connectionPool");
        outlierDetection(t.outlierDetection(), p + ".outlierDetection");
        clientTls(t.tls(), p + ".tls");
        Set<Integer> ports = new HashSet<>();
        checks.each(t.portLevelSettings(), p + ".portLevelSettings", (pl, pp) -> {
            if (checks.required(pl.port(), pp + ".port")) {
                checks.range(pl.port(), 1, 65535, pp + ".port");
                if (!ports.add(pl.port())) {
                    checks.error(pp + ".port", "duplicate port " + pl.port());
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
            checks.error(p, "give exactly one of 'simple' and 'consistentHash'");
        }
        ConsistentHash h = lb.consistentHash();
        if (h != null) {
            int set = (h.httpHeaderName() != null ? 1 : 0) + (h.httpCookie() != null ? 1 : 0)
                    + (Boolean.TRUE.equals(h.useSourceIp()) ? 1 : 0) + (h.httpQueryParameterName() != null ? 1 : 0);
            if (set != 1) {
                checks.error(p + ".consistentHash",
                        "give exactly one of httpHeaderName, httpCookie, useSourceIp: true, httpQueryParameterName");
            }
            if (h.httpHeaderName() != null && !PathChecks.HEADER_NAME.matcher(h.httpHeaderName()).matches()) {
                checks.error(p + ".consistentHash.httpHeaderName", "is not a valid header name");
            }
            if (h.httpCookie() != null) {
                checks.required(h.httpCookie().name(), p + ".consistentHash.httpCookie.name");
                checks.durationOrZero(h.httpCookie().ttl(), p + ".consistentHash.httpCookie.ttl");
            }
            HashAlgorithmRules.check(checks, h, p + ".consistentHash");
        }
    }

    private void connectionPool(ConnectionPool cp, String p) {
        if (cp == null) {
            return;
        }
        if (cp.tcp() != null) {
            checks.range(cp.tcp().maxConnections(), 1, Integer.MAX_VALUE, p + ".tcp.maxConnections");
            checks.duration(cp.tcp().connectTimeout(), p + ".tcp.connectTimeout");
            checks.duration(cp.tcp().maxConnectionDuration(), p + ".tcp.maxConnectionDuration");
        }
        if (cp.http() != null) {
            HttpPool h = cp.http();
            checks.range(h.http1MaxPendingRequests(), 1, Integer.MAX_VALUE, p + ".http.http1MaxPendingRequests");
            checks.range(h.http2MaxRequests(), 1, Integer.MAX_VALUE, p + ".http.http2MaxRequests");
            checks.range(h.maxRequestsPerConnection(), 0, Integer.MAX_VALUE, p + ".http.maxRequestsPerConnection");
            checks.range(h.maxRetries(), 0, Integer.MAX_VALUE, p + ".http.maxRetries");
            checks.range(h.maxConcurrentStreams(), 1, Integer.MAX_VALUE, p + ".http.maxConcurrentStreams");
            checks.duration(h.idleTimeout(), p + ".http.idleTimeout");
        }
    }

    private void outlierDetection(OutlierDetection od, String p) {
        if (od == null) {
            return;
        }
        checks.range(od.consecutiveGatewayErrors(), 0, Integer.MAX_VALUE, p + ".consecutiveGatewayErrors");
        checks.range(od.consecutive5xxErrors(), 0, Integer.MAX_VALUE, p + ".consecutive5xxErrors");
        checks.duration(od.interval(), p + ".interval");
        checks.duration(od.baseEjectionTime(), p + ".baseEjectionTime");
        checks.range(od.maxEjectionPercent(), 0, 100, p + ".maxEjectionPercent");
        checks.range(od.minHealthPercent(), 0, 100, p + ".minHealthPercent");
    }

    private void clientTls(ClientTls tls, String p) {
        if (tls == null) {
            return;
        }
        checks.required(tls.mode(), p + ".mode");
        if (tls.mode() == ClientTlsMode.MUTUAL && tls.credentialName() == null) {
            checks.error(p + ".credentialName", "is required for MUTUAL");
        }
    }
}
