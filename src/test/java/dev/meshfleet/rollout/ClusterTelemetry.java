package dev.meshfleet.rollout;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import dev.meshfleet.rollout.core.RolloutRequest;
import dev.meshfleet.rollout.core.RolloutRequests;
import dev.meshfleet.support.Await;

/**
 * One simulated cluster's Istio telemetry: an {@link IstioExporter} (payment-service, stable v1, canary v2) scraped
 * by the cluster's own real {@link PrometheusServer}, whose URL is the cluster's {@code prometheusUrl}. The analysis
 * queries the server builds ({@link RolloutRequests#query}) are evaluated by Prometheus itself.
 */
final class ClusterTelemetry implements AutoCloseable {
    static final String SERVICE = "payment-service";
    static final String NAMESPACE = "production";
    static final String CANARY = "v2";
    /** The window the server puts in its built-in queries (at least a minute, whatever the analysis interval). */
    static final Duration WINDOW = Duration.ofMinutes(1);

    final IstioExporter exporter;
    final PrometheusServer prometheus;
    private volatile Double successRate = 99.9;
    private volatile Double p99Ms = 120.0;

    ClusterTelemetry(String cluster) throws IOException {
        exporter = new IstioExporter(SERVICE, NAMESPACE, "v1", CANARY);
        try {
            prometheus = start(cluster, exporter.target());
        } catch (IOException | RuntimeException | Error e) {
            exporter.close();
            throw e;
        }
    }

    /** The free port is probed before Prometheus binds it: should another process take it first, try another. */
    private static PrometheusServer start(String cluster, String target) throws IOException {
        for (int attempt = 1;; attempt++) {
            try {
                return new PrometheusServer(cluster, List.of(target));
            } catch (AssertionError e) {
                if (attempt == 3 || !String.valueOf(e.getMessage()).startsWith("Prometheus exited")) {
                    throw e;
                }
            }
        }
    }

    String url() {
        return prometheus.url;
    }

    static String successRateQuery() {
        return RolloutRequests.query(new RolloutRequest.MetricRequest("success", "success-rate", null, 99.0, null), SERVICE,
                NAMESPACE, CANARY, WINDOW);
    }

    static String latencyQuery() {
        return RolloutRequests.query(new RolloutRequest.MetricRequest("p99", "latency-p99", null, null, 500.0), SERVICE,
                NAMESPACE, CANARY, WINDOW);
    }

    /**
     * The canary serves this from now on (success rate in percent, p99 in ms; null: no such data), and this returns
     * once Prometheus answers the built-in queries with it. The canary's earlier series are deleted first: a rate over
     * the server's one-minute window would otherwise mix the canary before and after for a minute, as it would on a
     * real cluster until the window has passed (here: a redeployed canary whose old history is gone).
     */
    void canary(Double successRate, Double p99Ms) throws IOException, InterruptedException {
        this.successRate = successRate;
        this.p99Ms = p99Ms;
        exporter.set(CANARY, successRate, p99Ms);
        prometheus.deleteSeries("{__name__=~\"istio_.*\",destination_version=\"" + CANARY + "\"}");
        awaitData();
    }

    /** Waits until Prometheus has scraped enough to answer the built-in queries with what the canary serves. */
    void awaitData() {
        Await.until("Prometheus at " + url() + " answering success rate " + successRate + " and p99 " + p99Ms,
                Duration.ofSeconds(30), () -> close(prometheus.value(successRateQuery()), successRate, 0.5)
                        && close(prometheus.value(latencyQuery()), successRate == null ? null : p99Ms, p99Ms == null ? 0 : p99Ms * 0.05));
    }

    private static boolean close(Double actual, Double expected, double tolerance) {
        return expected == null ? actual == null : actual != null && Math.abs(actual - expected) <= tolerance;
    }

    /** The PromQL the agent had this cluster's Prometheus evaluate (GETs, as the agent sends; these checks POST). */
    List<String> agentQueries() throws IOException {
        return prometheus.queryLog().stream().filter(q -> q.at("/httpRequest/method").asText().equals("GET"))
                .map(q -> q.at("/params/query").asText()).toList();
    }

    @Override
    public void close() {
        prometheus.close();
        exporter.close();
    }
}
