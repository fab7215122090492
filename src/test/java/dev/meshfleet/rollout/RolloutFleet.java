package dev.meshfleet.rollout;

import static dev.meshfleet.support.Api.as;

import java.net.URL;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.meshfleet.agent.Agent;
import dev.meshfleet.agent.SimulatedCluster;
import dev.meshfleet.support.AgentFleet;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTenant;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.restassured.path.json.JsonPath;

/**
 * A tenant with a fleet for rollout tests: simulated clusters (fabric8 mock API servers with the server-side-apply
 * emulation), each with a real agent in a thread and its own real Prometheus scraping the cluster's Istio telemetry
 * ({@link ClusterTelemetry}), and the payments seed as the mesh's intent.
 */
final class RolloutFleet implements AutoCloseable {
    final String admin;
    final String operator;
    final String viewer;
    final String tenant;
    final String mesh;
    final Map<String, SimulatedCluster> clusters;
    final Map<String, ClusterTelemetry> telemetry = new LinkedHashMap<>();
    final Map<String, Agent> agents;
    /** The tenant as the support fixtures drive it (its name is {@link #tenant}). */
    final TestTenant tenantApi;
    private final AgentFleet fleet;

    RolloutFleet(URL base) {
        fleet = new AgentFleet(base);
        clusters = fleet.clusters;
        agents = fleet.agents;
        tenantApi = TestTenant.create();
        admin = tenantApi.admin();
        tenant = tenantApi.name();
        operator = tenantApi.addMember("operator", "operator").token();
        viewer = tenantApi.addMember("viewer", "viewer").token();
        mesh = tenantApi.mesh("payments");
        tenantApi.createMesh("payments", Map.of("env", "prod"));
    }

    /** c1 is the canary ring; c2 and c3 are the main ring; all run the payments seed. */
    static RolloutFleet threeClusters(URL base) throws Exception {
        return new RolloutFleet(base).cluster("c1", Map.of("env", "prod", "ring", "canary"))
                .cluster("c2", Map.of("env", "prod", "ring", "main")).cluster("c3", Map.of("env", "prod", "ring", "main"))
                .seeded();
    }

    RolloutFleet cluster(String name, Map<String, String> labels) throws Exception {
        ClusterTelemetry metrics = new ClusterTelemetry(name);
        telemetry.put(name, metrics);
        String token = tenantApi.registerCluster(Map.of("name", name, "labels", labels, "prometheusUrl", metrics.url()))
                .extract().path("bootstrapToken");
        fleet.join(name, token);
        return this;
    }

    /** Starts the cluster's agent (again: with the credential it registered, when it has one). */
    void startAgent(String name, String bootstrapToken) {
        fleet.startAgent(name, bootstrapToken);
    }

    /** Commits the seed intent and waits until every cluster applied it. */
    RolloutFleet seeded() {
        tenantApi.putFirstIntent("payments", Seeds.PAYMENTS);
        await("every cluster applied revision 1", () -> clusters.keySet().stream()
                .allMatch(c -> tenantApi.applied("payments", c, 1)));
        return this;
    }

    /** The catch-all route of payment-service as the cluster has it: version -> weight (a lone destination is 100). */
    Map<String, Integer> weights(String cluster) {
        GenericKubernetesResource vs = clusters.get(cluster).client
                .genericKubernetesResources("networking.istio.io/v1", "VirtualService").inNamespace("production")
                .withName("payment-service").get();
        if (vs == null) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> http = (List<Map<String, Object>>) ((Map<String, Object>) vs.getAdditionalProperties()
                .get("spec")).get("http");
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map<String, Object> route : http) {
            if (route.get("match") != null) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> destinations = (List<Map<String, Object>>) route.get("route");
            for (Map<String, Object> d : destinations) {
                @SuppressWarnings("unchecked")
                String subset = (String) ((Map<String, Object>) d.get("destination")).get("subset");
                out.put(subset, d.get("weight") == null ? 100 : ((Number) d.get("weight")).intValue());
            }
        }
        return out;
    }

    /** Whether the header route (x-canary -> v2) is still in the cluster's VirtualService. */
    boolean headerRouteIntact(String cluster) {
        GenericKubernetesResource vs = clusters.get(cluster).client
                .genericKubernetesResources("networking.istio.io/v1", "VirtualService").inNamespace("production")
                .withName("payment-service").get();
        String spec = vs.getAdditionalProperties().get("spec").toString();
        return spec.contains("x-canary") && spec.contains("exact=true");
    }

    /** Starts a rollout once every cluster's Prometheus answers the analysis queries (it scrapes every second). */
    String start(Map<String, Object> request) {
        telemetry.values().forEach(ClusterTelemetry::awaitData);
        return as(operator).body(request).post(mesh + "/rollouts").then().statusCode(201).extract().path("id");
    }

    JsonPath rollout(String id) {
        return as(viewer).get(mesh + "/rollouts/" + id).then().statusCode(200).extract().jsonPath();
    }

    void act(String id, String action) {
        as(operator).body(Map.of()).post(mesh + "/rollouts/" + id + "/" + action).then().statusCode(202);
    }

    void awaitPhase(String id, String phase) {
        await("rollout " + id + " " + phase, () -> phase.equals(rollout(id).getString("phase")));
    }

    /** Waits until the rollout is paused at wave {@code wave}, step {@code step}. */
    void awaitPausedAt(String id, int wave, int step) {
        await("rollout paused at wave " + wave + " step " + step, () -> {
            JsonPath r = rollout(id);
            return "PAUSED".equals(r.getString("phase")) && r.getInt("position.wave") == wave
                    && r.getInt("position.step") == step;
        });
    }

    static void await(String what, BooleanSupplier condition) {
        dev.meshfleet.support.Await.until(what, Duration.ofSeconds(60), condition);
    }

    @Override
    public void close() {
        fleet.close();
        telemetry.values().forEach(ClusterTelemetry::close);
    }
}
