package dev.meshfleet.rollout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

/**
 * One cluster's Istio telemetry as Prometheus scrapes it from the Envoy sidecars: {@code istio_requests_total} and
 * the {@code istio_request_duration_milliseconds} histogram (Istio's default buckets) for the stable and the canary
 * version of one service, from both reporters, with Istio's standard labels. The counters grow with wall-clock time
 * at {@value #REQUESTS_PER_SECOND} requests per second per version, so that PromQL's {@code rate()} over them gives the
 * configured success rate and {@code histogram_quantile(0.99, ...)} the configured p99.
 * <p>
 * The stable version is deliberately unhealthy (90 % success, p99 about 900 ms): a query that does not select the
 * canary's series would fail the analysis.
 */
final class IstioExporter implements AutoCloseable {
    static final int REQUESTS_PER_SECOND = 1000;
    /** Istio's default request-duration buckets (ms). */
    static final double[] BUCKETS = {0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000,
            600000, 1800000, 3600000};

    final String service;
    final String namespace;
    private final Map<String, Version> versions = new LinkedHashMap<>();
    private final HttpServer server;

    /** What one version serves: success rate in percent (null: no traffic at all), p99 in ms (null: no histogram). */
    private static final class Version {
        volatile Double successRate;
        volatile Double p99Ms;
        long lastNanos = System.nanoTime();
        double carry;
        double errorCarry;
        double fastCarry;
        long ok;
        long notFound;
        long errors;
        long fast;
        long slow;
        double sum;

        Version(Double successRate, Double p99Ms) {
            this.successRate = successRate;
            this.p99Ms = p99Ms;
        }
    }

    IstioExporter(String service, String namespace, String stable, String canary) throws IOException {
        this.service = service;
        this.namespace = namespace;
        versions.put(stable, new Version(90.0, 900.0));
        versions.put(canary, new Version(99.9, 120.0));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** What a version serves from now on. */
    void set(String version, Double successRate, Double p99Ms) {
        Version v = versions.get(version);
        synchronized (this) {
            advance(v);
            v.successRate = successRate;
            v.p99Ms = p99Ms;
        }
    }

    String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The traffic since the last scrape, counted into the counters: whole requests, fractions carried over. */
    private void advance(Version v) {
        long now = System.nanoTime();
        double seconds = (now - v.lastNanos) / 1e9;
        v.lastNanos = now;
        if (v.successRate == null) {
            return;
        }
        v.carry += seconds * REQUESTS_PER_SECOND;
        long n = (long) v.carry;
        v.carry -= n;
        v.errorCarry += n * (100 - v.successRate) / 100;
        long errors = (long) v.errorCarry;
        v.errorCarry -= errors;
        long notFound = (n - errors) / 50; // 2 % of the good answers are 404s: not errors for the success rate
        v.errors += errors;
        v.notFound += notFound;
        v.ok += n - errors - notFound;
        if (v.p99Ms != null) {
            Split split = split(v.p99Ms);
            v.fastCarry += n * split.fastShare;
            long fast = Math.min(n, (long) v.fastCarry);
            v.fastCarry -= fast;
            v.fast += fast;
            v.slow += n - fast;
            v.sum += fast * split.lower * 0.8 + (n - fast) * (split.lower + split.upper) / 2;
        }
    }

    /**
     * Where a version's requests fall so that histogram_quantile's linear interpolation yields the p99: a share at or
     * below the bucket bound under the p99, the rest in the bucket holding it.
     */
    record Split(double lower, double upper, double fastShare) {
    }

    static Split split(double p99) {
        double lower = 0;
        for (double upper : BUCKETS) {
            if (p99 <= upper) {
                if (p99 == upper) {
                    return new Split(upper, nextBucket(upper), 0.99); // exactly at a bound: 99 % at or below it
                }
                double f = (p99 - lower) / (upper - lower);
                return new Split(lower, upper, Math.max(0, (0.99 - f) / (1 - f)));
            }
            lower = upper;
        }
        return new Split(lower, Double.POSITIVE_INFINITY, 0.99);
    }

    private static double nextBucket(double bound) {
        for (double b : BUCKETS) {
            if (b > bound) {
                return b;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private synchronized String scrape() {
        StringBuilder requests = new StringBuilder("# HELP istio_requests_total Total requests.\n"
                + "# TYPE istio_requests_total counter\n");
        StringBuilder durations = new StringBuilder("# HELP istio_request_duration_milliseconds Request duration.\n"
                + "# TYPE istio_request_duration_milliseconds histogram\n");
        versions.forEach((name, v) -> {
            advance(v);
            if (v.successRate == null) {
                return; // no traffic: Envoy has not created the series
            }
            for (String reporter : List.of("destination", "source")) {
                requests.append(line("istio_requests_total", labels(reporter, name, "200"), v.ok));
                requests.append(line("istio_requests_total", labels(reporter, name, "404"), v.notFound));
                requests.append(line("istio_requests_total", labels(reporter, name, "503"), v.errors));
                if (v.p99Ms == null) {
                    continue;
                }
                Split split = split(v.p99Ms);
                String base = labels(reporter, name, "200");
                for (double le : BUCKETS) {
                    long count = le < split.lower ? 0 : le < split.upper ? v.fast : v.fast + v.slow;
                    durations.append(line("istio_request_duration_milliseconds_bucket", base + ",le=\"" + number(le) + "\"",
                            count));
                }
                durations.append(line("istio_request_duration_milliseconds_bucket", base + ",le=\"+Inf\"", v.fast + v.slow));
                durations.append("istio_request_duration_milliseconds_sum{").append(base).append("} ")
                        .append(String.format(Locale.ROOT, "%.3f", v.sum)).append('\n');
                durations.append(line("istio_request_duration_milliseconds_count", base, v.fast + v.slow));
            }
        });
        return requests.append(durations).toString();
    }

    private String labels(String reporter, String version, String code) {
        return "reporter=\"" + reporter + "\",source_workload=\"istio-ingressgateway\",source_workload_namespace=\"istio-system\""
                + ",source_app=\"istio-ingressgateway\",source_principal=\"spiffe://cluster.local/ns/istio-system/sa/"
                + "istio-ingressgateway-service-account\",destination_workload=\"" + service + "-" + version + "\""
                + ",destination_workload_namespace=\"" + namespace + "\",destination_app=\"" + service + "\""
                + ",destination_version=\"" + version + "\",destination_service=\"" + service + "." + namespace
                + ".svc.cluster.local\",destination_service_name=\"" + service + "\",destination_service_namespace=\""
                + namespace + "\",destination_canonical_service=\"" + service + "\",destination_canonical_revision=\""
                + version + "\",destination_cluster=\"Kubernetes\",request_protocol=\"http\",response_code=\"" + code
                + "\",grpc_response_status=\"\",response_flags=\"-\",connection_security_policy=\""
                + (reporter.equals("destination") ? "mutual_tls" : "unknown") + "\"";
    }

    private static String line(String name, String labels, long value) {
        return name + "{" + labels + "} " + value + "\n";
    }

    private static String number(double le) {
        return le == Math.rint(le) ? String.valueOf((long) le) : String.valueOf(le);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
