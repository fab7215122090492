package dev.meshfleet.rollout.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.meshfleet.common.error.Checks;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.intent.model.Service;
import dev.meshfleet.rollout.core.RolloutRequest.MetricRequest;
import dev.meshfleet.rollout.core.RolloutRequest.StepRequest;

/**
 * Checks a rollout request against the mesh's intent (every field error with its path) and turns it into the plan the
 * state machine runs, and the analysis queries. Pure; cluster selection is passed in as a function.
 */
public final class RolloutRequests {
    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("([0-9]+)(ms|s|m|h)");

    private RolloutRequests() {
    }

    public static void check(RolloutRequest r, MeshIntent intent, Checks checks) {
        checks.present(r, "$");
        if (r == null) {
            return;
        }
        Map<String, Service> services = new java.util.HashMap<>();
        if (intent != null && intent.spec().services() != null) {
            intent.spec().services().forEach(s -> services.put(s.name(), s));
        }
        checks.require(intent != null, "$", "the mesh has no intent yet: nothing to roll out");
        checks.require(r.services() != null && !r.services().isEmpty(), "$.services", "name at least one service");
        checks.present(r.stableVersion(), "$.stableVersion").present(r.canaryVersion(), "$.canaryVersion");
        checks.require(r.stableVersion() == null || !r.stableVersion().equals(r.canaryVersion()), "$.canaryVersion",
                "must differ from the stable version");
        if (r.services() != null && intent != null) {
            for (int i = 0; i < r.services().size(); i++) {
                String name = r.services().get(i);
                String p = "$.services[" + i + "]";
                Service s = services.get(name);
                if (s == null) {
                    checks.add(p, "no service '" + name + "' in this mesh");
                    continue;
                }
                Set<String> versions = new HashSet<>();
                if (s.versions() != null) {
                    s.versions().forEach(v -> versions.add(v.name()));
                }
                checks.require(r.stableVersion() == null || versions.contains(r.stableVersion()), p,
                        "service '" + name + "' has no version '" + r.stableVersion() + "'");
                checks.require(r.canaryVersion() == null || versions.contains(r.canaryVersion()), p,
                        "service '" + name + "' has no version '" + r.canaryVersion() + "'");
                checks.require(WeightOverlay.catchAllRoute(s) >= 0, p,
                        "service '" + name + "' has no HTTP route without matches: that is the route a rollout shifts");
                if (intent.spec().overrides() != null) {
                    for (var o : intent.spec().overrides()) {
                        boolean replacesRoutes = o.services() != null
                                && o.services().stream().anyMatch(so -> so.name().equals(name) && so.http() != null);
                        checks.require(!replacesRoutes, p, "cluster override '" + o.name() + "' replaces the HTTP routes of '"
                                + name + "': the rollout's weights would not apply there; move the routes out of the override");
                    }
                }
            }
        }
        checks.require(r.steps() != null && !r.steps().isEmpty(), "$.steps", "give at least one step");
        checks.require(r.progressDeadline() == null || "none".equals(r.progressDeadline())
                || parse(r.progressDeadline()) != null, "$.progressDeadline", "must be a duration such as 10m, or 'none'");
        int lastWeight = -1;
        if (r.steps() != null) {
            for (int i = 0; i < r.steps().size(); i++) {
                StepRequest step = r.steps().get(i);
                String p = "$.steps[" + i + "]";
                if (step == null) {
                    checks.add(p, "must not be null");
                    continue;
                }
                int kinds = (step.setWeight() != null ? 1 : 0) + (step.pause() != null ? 1 : 0) + (step.analysis() != null ? 1 : 0);
                checks.require(kinds == 1, p, "give exactly one of setWeight, pause, analysis");
                if (step.setWeight() != null) {
                    checks.require(step.setWeight() >= 0 && step.setWeight() <= 100, p + ".setWeight", "must be between 0 and 100");
                    lastWeight = step.setWeight();
                }
                if (step.pause() != null && step.pause().duration() != null) {
                    checks.require(parse(step.pause().duration()) != null, p + ".pause.duration",
                            "must be a duration such as 30s, 5m or 1h");
                }
                if (step.analysis() != null) {
                    checks.require(r.analysis() != null, p + ".analysis", "an analysis step needs $.analysis");
                }
            }
            checks.require(lastWeight == 100, "$.steps", "the last setWeight must be 100, so that a wave ends on the canary");
        }
        if (r.analysis() != null) {
            var a = r.analysis();
            checks.require(a.interval() == null || parse(a.interval()) != null, "$.analysis.interval",
                    "must be a duration such as 30s or 1m");
            checks.require(a.failureLimit() == null || a.failureLimit() >= 0, "$.analysis.failureLimit", "must be 0 or more");
            checks.require(a.inconclusive() == null || Set.of("pause", "continue").contains(a.inconclusive()),
                    "$.analysis.inconclusive", "must be 'pause' or 'continue'");
            checks.require(a.metrics() != null && !a.metrics().isEmpty(), "$.analysis.metrics", "give at least one metric");
            if (a.metrics() != null) {
                Set<String> names = new HashSet<>();
                for (int i = 0; i < a.metrics().size(); i++) {
                    MetricRequest m = a.metrics().get(i);
                    String p = "$.analysis.metrics[" + i + "]";
                    checks.require(m != null && m.name() != null && names.add(m.name()), p + ".name", "give a unique name");
                    if (m == null) {
                        continue;
                    }
                    checks.require((m.builtin() == null) != (m.query() == null), p, "give exactly one of builtin and query");
                    checks.require(m.builtin() == null || Set.of("success-rate", "latency-p99").contains(m.builtin()),
                            p + ".builtin", "must be 'success-rate' or 'latency-p99'");
                    checks.require(m.min() != null || m.max() != null, p, "give a threshold: min, max or both");
                    checks.require(m.min() == null || m.max() == null || m.min() <= m.max(), p + ".max", "must be >= min");
                }
            }
        }
        if (r.waves() != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < r.waves().size(); i++) {
                var w = r.waves().get(i);
                String p = "$.waves[" + i + "]";
                checks.require(w != null && Checks.isDnsLabel(w.name()) && names.add(w.name()), p + ".name",
                        "give each wave a unique DNS-label name");
                if (w != null && w.clusters() != null) {
                    w.clusters().check(p + ".clusters", checks);
                }
                checks.require(w == null || w.clusters() != null, p + ".clusters", "select the wave's clusters");
                checks.require(w == null || w.bake() == null || parse(w.bake()) != null, p + ".bake",
                        "must be a duration such as 30s, 5m or 1h");
            }
        }
    }

    /** The plan for the state machine, waves resolved to cluster names by {@code select} among the targeted clusters. */
    public static RolloutPlan plan(RolloutRequest r, Set<String> targeted,
            Function<dev.meshfleet.common.labels.Placement, Set<String>> select) {
        return plan(r, waves(r, targeted, select));
    }

    /** The waves as cluster names: a cluster in several waves belongs to the first; clusters in no wave are left alone. */
    public static List<RolloutPlan.Wave> waves(RolloutRequest r, Set<String> targeted,
            Function<dev.meshfleet.common.labels.Placement, Set<String>> select) {
        List<RolloutPlan.Wave> waves = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        if (r.waves() == null || r.waves().isEmpty()) {
            waves.add(new RolloutPlan.Wave("all", Set.copyOf(targeted)));
        } else {
            for (var w : r.waves()) {
                Set<String> clusters = new java.util.TreeSet<>(select.apply(w.clusters()));
                clusters.retainAll(targeted);
                clusters.removeAll(taken);
                taken.addAll(clusters);
                waves.add(new RolloutPlan.Wave(w.name(), Set.copyOf(clusters), parse(w.bake())));
            }
        }
        return List.copyOf(waves);
    }

    /**
     * Every wave given must get a cluster. An empty wave is nearly always a selector typo or a stale label, and it is not
     * harmless: its place in the order goes to the next wave, so a canary wave that selects nothing silently turns the
     * rollout into a wider first step (what Argo's and Flagger's users expect their tools to refuse up front).
     */
    public static void checkWavesSelect(RolloutRequest r, List<RolloutPlan.Wave> waves, Set<String> targeted,
            Function<dev.meshfleet.common.labels.Placement, Set<String>> select, Checks checks) {
        if (r.waves() == null || r.waves().isEmpty()) {
            return;
        }
        for (int i = 0; i < waves.size(); i++) {
            if (!waves.get(i).clusters().isEmpty()) {
                continue;
            }
            Set<String> selected = new java.util.TreeSet<>(select.apply(r.waves().get(i).clusters()));
            selected.retainAll(targeted);
            String p = "$.waves[" + i + "].clusters";
            if (selected.isEmpty()) {
                checks.add(p, "wave '" + waves.get(i).name() + "' selects none of the " + targeted.size()
                        + " cluster(s) the mesh targets");
            } else {
                checks.add(p, "wave '" + waves.get(i).name() + "' selects only clusters of earlier waves " + selected
                        + " (a cluster belongs to the first wave that selects it)");
            }
        }
    }

    /** The plan for the state machine, with the waves already resolved (as stored when the rollout was created). */
    public static RolloutPlan plan(RolloutRequest r, List<RolloutPlan.Wave> waves) {
        List<RolloutPlan.Step> steps = new ArrayList<>();
        for (StepRequest s : r.steps()) {
            if (s.setWeight() != null) {
                steps.add(new RolloutPlan.SetWeight(s.setWeight()));
            } else if (s.pause() != null) {
                steps.add(new RolloutPlan.Pause(s.pause().duration() == null ? null : parse(s.pause().duration())));
            } else {
                steps.add(new RolloutPlan.RunAnalysis());
            }
        }
        return new RolloutPlan(List.copyOf(steps), List.copyOf(waves), analysis(r), progressDeadline(r));
    }

    static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofMinutes(10);

    public static Duration progressDeadline(RolloutRequest r) {
        if ("none".equals(r.progressDeadline())) {
            return null;
        }
        return r.progressDeadline() == null ? DEFAULT_PROGRESS_DEADLINE : parse(r.progressDeadline());
    }

    public static RolloutPlan.Analysis analysis(RolloutRequest r) {
        var a = r.analysis();
        return new RolloutPlan.Analysis(interval(a),
                a == null || a.failureLimit() == null ? 0 : a.failureLimit(),
                a == null || a.inconclusive() == null || a.inconclusive().equals("pause"));
    }

    /** How often the analysis measures and is judged (default 1 minute). */
    public static Duration interval(RolloutRequest.AnalysisRequest a) {
        return a == null || a.interval() == null ? Duration.ofMinutes(1) : parse(a.interval());
    }

    /** The PromQL a cluster's agent runs for a metric, over Istio's standard metrics for the canary of one service. */
    public static String query(MetricRequest m, String service, String namespace, String canary, Duration window) {
        String selector = "destination_service_name=\"" + service + "\",destination_service_namespace=\"" + namespace
                + "\",destination_version=\"" + canary + "\",reporter=\"destination\"";
        String range = "[" + Math.max(1, window.toSeconds()) + "s]";
        if ("success-rate".equals(m.builtin())) {
            return "100 * sum(rate(istio_requests_total{" + selector + ",response_code!~\"5..\"}" + range + "))"
                    + " / sum(rate(istio_requests_total{" + selector + "}" + range + "))";
        }
        if ("latency-p99".equals(m.builtin())) {
            return "histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{" + selector + "}"
                    + range + ")))";
        }
        return m.query().replace("$service", service).replace("$namespace", namespace).replace("$canary", canary);
    }

    static Duration parse(String text) {
        if (text == null) {
            return null;
        }
        var m = DURATION.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
