package dev.meshfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.protocol.MeshfleetLabels;
import dev.meshfleet.protocol.ResourceResult;
import dev.meshfleet.render.MeshRenderer;
import dev.meshfleet.support.Seeds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** Apply, unchanged, conflict and prune through fabric8 against a mock API server with apply semantics. */
class KubernetesClusterStoreTest {
    static final Map<String, String> PRUNE = Map.of(MeshfleetLabels.MANAGED_BY_LABEL, "meshfleet",
            MeshfleetLabels.MESH_LABEL, "payments");

    SimulatedCluster cluster;
    KubernetesClusterStore store;
    Reconciler reconciler;

    @BeforeEach
    void setUp() {
        cluster = new SimulatedCluster();
        store = new KubernetesClusterStore(cluster.client);
        reconciler = new Reconciler(store);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    static List<JsonNode> render(String intent, int revision) {
        return MeshRenderer.render(IntentCodec.accept(intent, false, "payments").model(), "payments", revision,
                ClusterFacts.current("c", Map.of())).stream().map(r -> (JsonNode) r.manifest()).toList();
    }

    static List<String> outcomes(List<ResourceResult> results) {
        return results.stream().map(r -> r.kind() + "/" + r.name() + "=" + r.outcome()).sorted().toList();
    }

    GenericKubernetesResource virtualService(String namespace, String name) {
        return cluster.client.genericKubernetesResources(IstioKinds.of("networking.istio.io", "VirtualService").orElseThrow()
                .at("v1")).inNamespace(namespace).withName(name).get();
    }

    @Test
    void appliesThenReportsUnchangedThenUpdates() {
        List<ResourceResult> first = reconciler.sync("payments", render(Seeds.PAYMENTS, 1), PRUNE, false);
        assertEquals(8, first.size());
        assertTrue(first.stream().allMatch(r -> r.outcome().equals("APPLIED")), outcomes(first).toString());
        List<ResourceResult> again = reconciler.sync("payments", render(Seeds.PAYMENTS, 1), PRUNE, false);
        assertTrue(again.stream().allMatch(r -> r.outcome().equals("UNCHANGED")), outcomes(again).toString());

        String shifted = Seeds.PAYMENTS.replace("weight: 90", "weight: 50").replace("weight: 10", "weight: 50");
        List<ResourceResult> third = reconciler.sync("payments", render(shifted, 2), PRUNE, false);
        assertTrue(outcomes(third).contains("VirtualService/payment-service=APPLIED"), outcomes(third).toString());
        Map<String, Object> spec = virtualService("production", "payment-service").get("spec");
        assertTrue(spec.toString().contains("weight=50"), spec.toString());
    }

    @Test
    void prunesOnlyItsOwnMeshResources() {
        // an unmanaged VirtualService next to the managed ones
        GenericKubernetesResource handMade = new ObjectMapper().convertValue(Map.of("apiVersion", "networking.istio.io/v1",
                "kind", "VirtualService", "metadata", Map.of("name", "hand-made", "namespace", "production"),
                "spec", Map.of("hosts", List.of("hand-made"))), GenericKubernetesResource.class);
        cluster.client.genericKubernetesResources(IstioKinds.of("networking.istio.io", "VirtualService").orElseThrow().at("v1"))
                .inNamespace("production").resource(handMade).create();
        reconciler.sync("payments", render(Seeds.PAYMENTS, 1), PRUNE, false);
        String withoutGatewayRoute = Seeds.PAYMENTS.replaceAll("(?s)      routes:\\n.*?port: 8080\\n", "");
        List<ResourceResult> results = reconciler.sync("payments", render(withoutGatewayRoute, 2), PRUNE, false);
        assertTrue(outcomes(results).contains("VirtualService/techoral-api=PRUNED"), outcomes(results).toString());
        assertNull(virtualService("production", "techoral-api"));
        assertNotNull(virtualService("production", "hand-made"), "unmanaged resources are never pruned");
        assertEquals(List.of(), reconciler.pruneMesh("other-mesh"));
    }

    @Test
    void managedMeshesComeFromLabelSelectedListsWithoutReadingEachResource() throws Exception {
        reconciler.sync("payments", render(Seeds.PAYMENTS, 1), PRUNE, false);
        var virtualServices = cluster.client.genericKubernetesResources(
                IstioKinds.of("networking.istio.io", "VirtualService").orElseThrow().at("v1")).inNamespace("production");
        virtualServices.resource(new ObjectMapper().convertValue(Map.of("apiVersion", "networking.istio.io/v1",
                "kind", "VirtualService", "metadata", Map.of("name", "orders", "namespace", "production", "labels",
                        Map.of(MeshfleetLabels.MANAGED_BY_LABEL, "meshfleet", MeshfleetLabels.MESH_LABEL, "orders")),
                "spec", Map.of("hosts", List.of("orders"))), GenericKubernetesResource.class)).create();
        virtualServices.resource(new ObjectMapper().convertValue(Map.of("apiVersion", "networking.istio.io/v1",
                "kind", "VirtualService", "metadata", Map.of("name", "hand-made", "namespace", "production", "labels",
                        Map.of(MeshfleetLabels.MESH_LABEL, "not-managed")),
                "spec", Map.of("hosts", List.of("hand-made"))), GenericKubernetesResource.class)).create();
        int before = cluster.server.getRequestCount();
        for (int i = 0; i < before; i++) {
            cluster.server.takeRequest(); // what the set-up sent
        }

        assertEquals(java.util.Set.of("payments", "orders"), reconciler.managedMeshes());

        int requests = cluster.server.getRequestCount() - before;
        assertTrue(requests > 0 && requests <= 2 * IstioKinds.ALL.size(), requests + " requests");
        for (int i = 0; i < requests; i++) {
            String path = cluster.server.takeRequest().getPath();
            assertTrue(path.contains("labelSelector="), "only label-selected lists, no read per resource: " + path);
        }
    }

    @Test
    void conflictsWithAnotherManagerUnlessForced() {
        reconciler.sync("payments", render(Seeds.PAYMENTS, 1), PRUNE, false);
        // someone edits the route with their own field manager
        ObjectNode edit = (ObjectNode) render(Seeds.PAYMENTS, 1).stream()
                .filter(r -> r.path("kind").asText().equals("VirtualService") && r.at("/metadata/name").asText().equals("payment-service"))
                .findFirst().orElseThrow().deepCopy();
        ((ObjectNode) edit.at("/spec/http/1")).put("timeout", "99s");
        cluster.client.genericKubernetesResources(IstioKinds.of("networking.istio.io", "VirtualService").orElseThrow().at("v1"))
                .inNamespace("production").resource(new ObjectMapper().convertValue(edit, GenericKubernetesResource.class))
                .fieldManager("kubectl-edit").forceConflicts().serverSideApply();
        assertTrue(virtualService("production", "payment-service").get("spec").toString().contains("99s"));

        String shifted = Seeds.PAYMENTS.replace("weight: 90", "weight: 80").replace("weight: 10", "weight: 20");
        List<ResourceResult> refused = reconciler.sync("payments", render(shifted, 2), PRUNE, false);
        ResourceResult conflict = refused.stream().filter(r -> r.name().equals("payment-service") && r.kind().equals("VirtualService"))
                .findFirst().orElseThrow();
        assertEquals("CONFLICT", conflict.outcome());
        assertTrue(conflict.error().contains("kubectl-edit"), conflict.error());

        List<ResourceResult> forced = reconciler.sync("payments", render(shifted, 2), PRUNE, true);
        assertTrue(outcomes(forced).contains("VirtualService/payment-service=APPLIED"), outcomes(forced).toString());
        assertTrue(virtualService("production", "payment-service").get("spec").toString().contains("weight=80"));
    }

    @Test
    void secretsConfigMapsDeploymentEnvAndDaemonSetsForTheTrustKeeper() {
        store.applySecret("istio-system", "cacerts", Map.of("app.kubernetes.io/managed-by", "meshfleet"),
                Map.of("root-cert.pem", "bundle\n", "ca-cert.pem", "cert\n"));
        ClusterStore.StoredSecret secret = store.secret("istio-system", "cacerts").orElseThrow();
        assertEquals("Opaque", secret.type());
        assertEquals(Map.of("root-cert.pem", "bundle\n", "ca-cert.pem", "cert\n"), secret.data());
        assertEquals(java.util.Set.of("meshfleet"), secret.dataManagers());
        assertFalse(secret.toString().contains("bundle"), "a Secret's data never shows in its text");
        assertTrue(store.secret("istio-system", "absent").isEmpty());

        // another manager takes one key: Meshfleet's next apply does not force it back
        cluster.client.secrets().inNamespace("istio-system").resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("cacerts").withNamespace("istio-system").endMetadata()
                .withData(Map.of("ca-cert.pem", java.util.Base64.getEncoder().encodeToString("theirs".getBytes())))
                .build()).fieldManager("helm").forceConflicts().serverSideApply();
        assertEquals(java.util.Set.of("meshfleet", "helm"), store.secret("istio-system", "cacerts").orElseThrow()
                .dataManagers());
        assertThrows(io.fabric8.kubernetes.client.KubernetesClientException.class, () -> store.applySecret("istio-system",
                "cacerts", Map.of("app.kubernetes.io/managed-by", "meshfleet"), Map.of("ca-cert.pem", "ours")));
        assertEquals("theirs", store.secret("istio-system", "cacerts").orElseThrow().data().get("ca-cert.pem"));

        for (String namespace : List.of("istio-system", "payments", "checkout")) {
            cluster.client.configMaps().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                    .withNewMetadata().withName("istio-ca-root-cert").withNamespace(namespace).endMetadata()
                    .withData(Map.of("root-cert.pem", namespace)).build()).create();
        }
        cluster.client.configMaps().inNamespace("payments").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("other").withNamespace("payments").endMetadata().build()).create();
        Map<String, Map<String, String>> roots = store.configMaps("istio-ca-root-cert");
        assertEquals(List.of("checkout", "istio-system", "payments"), List.copyOf(roots.keySet()));
        assertEquals("payments", roots.get("payments").get("root-cert.pem"));
        assertEquals(Map.of("root-cert.pem", "checkout"), store.configMap("checkout", "istio-ca-root-cert").orElseThrow());
        assertTrue(store.configMap("checkout", "other").isEmpty());

        assertTrue(store.deploymentEnv("istio-system", "istiod").isEmpty());
        cluster.client.apps().deployments().inNamespace("istio-system").resource(
                new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("istiod")
                        .withNamespace("istio-system").endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                        .addNewContainer().withName("discovery").withImage("istio/pilot:1.25.2")
                        .addNewEnv().withName("ISTIO_MULTIROOT_MESH").withValue("true").endEnv()
                        .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                        .endFieldRef().endValueFrom().endEnv().endContainer().endSpec().endTemplate().endSpec().build())
                .create();
        assertEquals(Map.of("ISTIO_MULTIROOT_MESH", "true"), store.deploymentEnv("istio-system", "istiod").orElseThrow(),
                "literal values only");
        assertFalse(store.daemonSetExists("istio-system", "ztunnel"));
    }
}
