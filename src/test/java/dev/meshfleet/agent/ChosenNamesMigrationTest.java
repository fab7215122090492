package dev.meshfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.protocol.MeshfleetLabels;
import dev.meshfleet.protocol.ResourceResult;
import dev.meshfleet.render.MeshRenderer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Names chosen for a service's resources ({@code names}) take over existing YAML under its own name, and renaming
 * leaves no old Meshfleet object beside the new one: the agent prunes it.
 */
class ChosenNamesMigrationTest {
    static final Map<String, String> PRUNE = Map.of(MeshfleetLabels.MANAGED_BY_LABEL, "meshfleet",
            MeshfleetLabels.MESH_LABEL, "bookinfo");
    static final String INTENT = """
            apiVersion: meshfleet.dev/v1
            kind: Mesh
            spec:
              services:
                - name: reviews
                  namespace: prod
                  host: reviews.prod.svc.cluster.local
                  NAMES
                  versions:
                    - {name: v1, labels: {version: v1}}
                  http:
                    - route: [{version: v1}]
            """;

    SimulatedCluster cluster;
    Reconciler reconciler;

    @BeforeEach
    void setUp() {
        cluster = new SimulatedCluster();
        reconciler = new Reconciler(new KubernetesClusterStore(cluster.client));
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    static List<JsonNode> render(String names, int revision) {
        String intent = INTENT.replace("NAMES", names);
        return MeshRenderer.render(IntentCodec.accept(intent, false, "bookinfo").model(), "bookinfo", revision,
                ClusterFacts.current("c", Map.of())).stream().map(r -> (JsonNode) r.manifest()).toList();
    }

    static List<String> outcomes(List<ResourceResult> results) {
        return results.stream().map(r -> r.kind() + "/" + r.name() + "=" + r.outcome()).sorted().toList();
    }

    List<String> liveNames(String kind) {
        return cluster.client.genericKubernetesResources(IstioKinds.of("networking.istio.io", kind).orElseThrow()
                .at("v1")).inNamespace("prod").list().getItems().stream().map(r -> r.getMetadata().getName()).sorted()
                .toList();
    }

    @Test
    void renamingPrunesTheOldNames() {
        reconciler.sync("bookinfo", render("", 1), PRUNE, false);
        assertEquals(List.of("reviews"), liveNames("VirtualService"));
        List<ResourceResult> renamed = reconciler.sync("bookinfo",
                render("names: {virtualService: reviews-route, destinationRule: reviews-destination}", 2), PRUNE, false);
        assertTrue(outcomes(renamed).containsAll(List.of("VirtualService/reviews=PRUNED",
                "VirtualService/reviews-route=APPLIED", "DestinationRule/reviews=PRUNED",
                "DestinationRule/reviews-destination=APPLIED")), outcomes(renamed).toString());
        assertEquals(List.of("reviews-route"), liveNames("VirtualService"));
        assertEquals(List.of("reviews-destination"), liveNames("DestinationRule"));
    }

    @Test
    void existingYamlIsTakenOverUnderItsOwnName() {
        GenericKubernetesResource existing = new ObjectMapper().convertValue(Map.of("apiVersion",
                "networking.istio.io/v1", "kind", "VirtualService", "metadata",
                Map.of("name", "reviews-route", "namespace", "prod"), "spec",
                Map.of("hosts", List.of("reviews.prod.svc.cluster.local"))), GenericKubernetesResource.class);
        cluster.client.genericKubernetesResources(IstioKinds.of("networking.istio.io", "VirtualService").orElseThrow()
                .at("v1")).inNamespace("prod").resource(existing).create();
        List<ResourceResult> results = reconciler.sync("bookinfo",
                render("names: {virtualService: reviews-route}", 1), PRUNE, false);
        assertTrue(outcomes(results).contains("VirtualService/reviews-route=APPLIED"), outcomes(results).toString());
        assertEquals(List.of("reviews-route"), liveNames("VirtualService"), "one VirtualService, not two for one host");
        GenericKubernetesResource live = cluster.client.genericKubernetesResources(IstioKinds.of("networking.istio.io",
                "VirtualService").orElseThrow().at("v1")).inNamespace("prod").withName("reviews-route").get();
        assertEquals("bookinfo", live.getMetadata().getLabels().get(MeshfleetLabels.MESH_LABEL));
        assertNull(cluster.client.genericKubernetesResources(IstioKinds.of("networking.istio.io", "VirtualService")
                .orElseThrow().at("v1")).inNamespace("prod").withName("reviews").get());
    }
}
