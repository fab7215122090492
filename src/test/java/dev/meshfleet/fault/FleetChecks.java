package dev.meshfleet.fault;

import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.agent.Agent;
import dev.meshfleet.bench.RolloutBench;

/**
 * What must hold after every fault, once the killed part is back: each a list of problems (empty: it holds).
 * Convergence (every cluster's agent applied exactly the mesh's current revision and reported it), the audit log (every
 * revision the mesh has was audited), the outbox (nothing left unpublished), and a rollout's steps (each weight set
 * once, in order, ending as its commands imply).
 */
final class FleetChecks {
    private final SuiteApi api;
    private final String mesh;
    private final String tenantApi;

    FleetChecks(SuiteApi api, String tenantApi, String mesh) {
        this.api = api;
        this.tenantApi = tenantApi;
        this.mesh = mesh;
    }

    /** Waits (bounded) until every cluster applied the current revision; the problems if not. */
    List<String> converged(List<Agent> inProcess, int clusters, Duration within) throws Exception {
        String meshUrl = tenantApi + "/meshes/" + mesh;
        long deadline = System.nanoTime() + within.toNanos();
        List<String> problems = List.of("not checked");
        while (System.nanoTime() < deadline) {
            int revision = api.currentRevision(meshUrl + "/intent");
            problems = new ArrayList<>();
            for (int i = 0; i < inProcess.size(); i++) {
                Integer applied = inProcess.get(i).appliedRevision(mesh);
                if (applied == null || applied != revision) {
                    problems.add("in-process agent " + i + " applied " + applied + ", current is " + revision);
                }
            }
            JsonNode status = api.call("GET", meshUrl + "/status", null, 200);
            for (JsonNode c : status.path("clusters")) {
                if (!c.path("state").asText().equals("APPLIED") || c.path("appliedRevision").asInt() != revision) {
                    problems.add(c.path("cluster").asText() + " is " + c.path("state").asText() + " at "
                            + c.path("appliedRevision").asText() + ", current is " + revision);
                }
            }
            if (status.path("clusters").size() != clusters) {
                problems.add("status lists " + status.path("clusters").size() + " clusters, expected " + clusters);
            }
            if (problems.isEmpty()) {
                return problems;
            }
            Thread.sleep(250);
        }
        return problems.size() > 5 ? List.of(problems.size() + " clusters not converged, e.g. " + problems.subList(0, 5))
                : problems;
    }

    /** Every revision 1..current of the mesh has its audit entry. */
    List<String> audited() throws Exception {
        int revision = api.currentRevision(tenantApi + "/meshes/" + mesh + "/intent");
        Set<Integer> seen = new HashSet<>();
        String cursor = null;
        do {
            JsonNode page = api.call("GET", tenantApi + "/audit?objectType=mesh&object=" + mesh + "&limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor), null, 200);
            for (JsonNode e : page.path("items")) {
                if (e.hasNonNull("afterRevision")) {
                    seen.add(e.path("afterRevision").asInt());
                }
            }
            cursor = page.hasNonNull("nextCursor") ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        List<String> problems = new ArrayList<>();
        for (int r = 1; r <= revision; r++) {
            if (!seen.contains(r)) {
                problems.add("revision " + r + " has no audit entry");
            }
        }
        return problems;
    }

    /** Waits (bounded) until the outbox holds no unpublished row. */
    static List<String> outboxDrained(String jdbcUrl, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        long left = -1;
        try (Connection db = DriverManager.getConnection(jdbcUrl, "meshfleet", "meshfleet")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM outbox WHERE published_at IS NULL")) {
                    rs.next();
                    left = rs.getLong(1);
                }
                if (left == 0) {
                    return List.of();
                }
                Thread.sleep(250);
            }
        }
        return List.of(left + " outbox rows still unpublished");
    }

    /** The rollout's events, read again from the start when the stream breaks (it may run through a killed replica). */
    List<JsonNode> rolloutEvents(HttpClient http, String token, String id, Duration within) throws Exception {
        String url = tenantApi + "/meshes/" + mesh + "/rollouts/" + id + "/events";
        long deadline = System.nanoTime() + within.toNanos();
        List<JsonNode> events = List.of();
        while (System.nanoTime() < deadline) {
            try {
                events = RolloutBench.eventsUntilFinished(http, token, url);
                if (!events.isEmpty() && finished(events.get(events.size() - 1))) {
                    return events;
                }
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // read again
            }
            Thread.sleep(200);
        }
        return events;
    }

    static boolean finished(JsonNode event) {
        return List.of("succeeded", "failed", "aborted").contains(event.path("type").asText());
    }

    /**
     * Each weight of the plan set once and in order: all of them and "succeeded" without an abort, a prefix then the
     * way back to 0 % and "aborted" with one.
     */
    static List<String> stepsOnceInOrder(List<JsonNode> events, List<Integer> plan, boolean aborted) {
        List<Integer> weights = new ArrayList<>();
        for (JsonNode e : events) {
            if (e.path("type").asText().equals("weights-set")) {
                weights.add(Integer.parseInt(e.path("detail").asText().replaceAll("^weight (\\d+) %.*$", "$1")));
            }
        }
        String end = events.isEmpty() ? "nothing" : events.get(events.size() - 1).path("type").asText();
        List<String> problems = new ArrayList<>();
        if (!end.equals(aborted ? "aborted" : "succeeded")) {
            problems.add("rollout ended with " + end + (aborted ? " after an abort" : " without one"));
        }
        List<Integer> forward = weights;
        if (aborted && !weights.isEmpty() && weights.get(weights.size() - 1) == 0) {
            forward = weights.subList(0, weights.size() - 1);
        }
        if (aborted ? !plan.subList(0, Math.min(forward.size(), plan.size())).equals(forward) || forward.size() > plan.size()
                : !plan.equals(forward)) {
            problems.add("weights set " + weights + ", plan " + plan);
        }
        return problems;
    }
}
