package dev.meshfleet.rollout.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.meshfleet.rollout.core.RolloutEvent.Verdict;
import dev.meshfleet.rollout.core.RolloutRequest.MetricRequest;

/**
 * Judges one round of measurements fleet-wide, pure: every cluster that carries canary traffic must have measured every
 * metric of every rolled-out service; any value out of its bounds fails the round, no data (or a query error) makes it
 * inconclusive. A round where some cluster has not measured yet is not judged, unless it is overdue.
 */
public final class AnalysisJudge {
    private AnalysisJudge() {
    }

    /** One value an agent measured; {@code value} null when Prometheus had no data. */
    public record Measurement(String cluster, String metric, String service, Double value, String error) {
    }

    /** measurements: "cluster/metric/service" -> value (NaN for no data); reasons say why it is not successful. */
    public record Judgement(Verdict verdict, Map<String, Double> measurements, List<String> reasons) {
    }

    /** The measurement key an agent reports for a metric of a service. */
    public static String key(String metric, String service) {
        return metric + "/" + service;
    }

    /** @return the judgement, or null to wait for more measurements */
    public static Judgement judge(List<MetricRequest> metrics, List<String> services, Set<String> clusters,
            List<Measurement> latest, boolean overdue) {
        if (clusters.isEmpty()) {
            return new Judgement(Verdict.INCONCLUSIVE, Map.of(), List.of("no cluster carries canary traffic yet"));
        }
        Map<String, Measurement> byKey = new HashMap<>();
        for (Measurement m : latest) {
            byKey.putIfAbsent(m.cluster() + "/" + m.metric() + "/" + m.service(), m); // newest first
        }
        Map<String, Double> values = new TreeMap<>();
        List<String> failed = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        boolean missing = false;
        for (String cluster : new java.util.TreeSet<>(clusters)) {
            for (MetricRequest metric : metrics) {
                for (String service : services) {
                    String key = cluster + "/" + metric.name() + "/" + service;
                    Measurement m = byKey.get(key);
                    if (m == null) {
                        missing = true;
                        unknown.add(key + ": not measured");
                        continue;
                    }
                    if (m.value() == null || m.value().isNaN()) {
                        values.put(key, Double.NaN);
                        unknown.add(key + ": " + (m.error() != null ? m.error() : "no data"));
                        continue;
                    }
                    values.put(key, m.value());
                    if ((metric.min() != null && m.value() < metric.min()) || (metric.max() != null && m.value() > metric.max())) {
                        failed.add(key + " = " + m.value() + " outside [" + bound(metric.min()) + ", " + bound(metric.max()) + "]");
                    }
                }
            }
        }
        if (!failed.isEmpty()) {
            return new Judgement(Verdict.FAILED, values, failed);
        }
        if (missing && !overdue) {
            return null;
        }
        if (!unknown.isEmpty()) {
            return new Judgement(Verdict.INCONCLUSIVE, values, unknown);
        }
        return new Judgement(Verdict.SUCCESSFUL, values, List.of());
    }

    private static String bound(Double value) {
        return value == null ? "-" : value.toString();
    }
}
