package dev.meshfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.support.Await;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * The simulated clusters' server-side apply, through a fabric8 client, walking the cases of
 * https://kubernetes.io/docs/reference/using-api/server-side-apply/ : managed fields on every write, conflicts,
 * force, shared ownership, field removal, Update operations, transferring ownership, merge strategies.
 */
class ServerSideApplyDispatcherTest {
    static final ObjectMapper JSON = new ObjectMapper();
    SimulatedCluster cluster;
    KubernetesClient client;

    @BeforeEach
    void setUp() {
        cluster = new SimulatedCluster();
        client = cluster.client;
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    static ConfigMap cm(Map<String, String> data, Map<String, String> labels) {
        return new ConfigMapBuilder().withNewMetadata().withName("test-cm").withNamespace("default").withLabels(labels)
                .endMetadata().withData(data).build();
    }

    ConfigMap apply(String manager, ConfigMap cm) {
        return client.configMaps().inNamespace("default").resource(cm).fieldManager(manager).serverSideApply();
    }

    /** Another client of the same API server, with its own user-agent (from which the API server names its manager). */
    KubernetesClient clientAs(String userAgent) {
        return new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration()).withUserAgent(userAgent).build())
                .build();
    }

    ConfigMap live() {
        return client.configMaps().inNamespace("default").withName("test-cm").get();
    }

    static ManagedFieldsEntry entry(HasMetadata object, String manager, String operation) {
        return object.getMetadata().getManagedFields().stream()
                .filter(e -> e.getManager().equals(manager) && e.getOperation().equals(operation)).findFirst().orElse(null);
    }

    static JsonNode fields(HasMetadata object, String manager, String operation) {
        ManagedFieldsEntry e = entry(object, manager, operation);
        return e == null ? null : JSON.valueToTree(e.getFieldsV1().getAdditionalProperties());
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void applyRecordsManagedFieldsVisibleOnGet() throws Exception {
        // the documentation's first example: a ConfigMap applied by kubectl
        apply("kubectl", cm(Map.of("key", "some value"), Map.of("test-label", "test")));
        ConfigMap live = live();
        assertEquals(1, live.getMetadata().getManagedFields().size());
        ManagedFieldsEntry e = entry(live, "kubectl", "Apply");
        assertEquals("v1", e.getApiVersion());
        assertEquals("FieldsV1", e.getFieldsType());
        assertNotNull(e.getTime());
        assertEquals(json("{\"f:data\":{\"f:key\":{}},\"f:metadata\":{\"f:labels\":{\"f:test-label\":{}}}}"),
                fields(live, "kubectl", "Apply"));
    }

    @Test
    void conflictNamesTheManagerAndFieldUntilForcedWhichTransfersOwnership() throws Exception {
        apply("kubectl", cm(Map.of("key", "value1", "other", "x"), Map.of()));
        KubernetesClientException conflict = assertThrows(KubernetesClientException.class,
                () -> apply("team-b", cm(Map.of("key", "value2"), Map.of())));
        assertEquals(409, conflict.getCode());
        assertEquals("Conflict", conflict.getStatus().getReason());
        assertEquals("Apply failed with 1 conflict: conflict with \"kubectl\": .data.key", conflict.getStatus().getMessage());
        assertEquals(".data.key", conflict.getStatus().getDetails().getCauses().get(0).getField());
        assertEquals("FieldManagerConflict", conflict.getStatus().getDetails().getCauses().get(0).getReason());
        assertEquals("value1", live().getData().get("key"), "a refused apply changes nothing");

        ConfigMap forced = client.configMaps().inNamespace("default").resource(cm(Map.of("key", "value2"), Map.of()))
                .fieldManager("team-b").forceConflicts().serverSideApply();
        assertEquals("value2", forced.getData().get("key"));
        assertEquals(json("{\"f:data\":{\"f:key\":{}}}"), fields(forced, "team-b", "Apply"));
        assertEquals(json("{\"f:data\":{\"f:other\":{}}}"), fields(forced, "kubectl", "Apply"), "key moved to team-b");

        // the former owner now conflicts with the new one
        KubernetesClientException back = assertThrows(KubernetesClientException.class,
                () -> apply("kubectl", cm(Map.of("key", "value1", "other", "x"), Map.of())));
        assertTrue(back.getStatus().getMessage().contains("conflict with \"team-b\": .data.key"), back.getStatus().getMessage());
    }

    @Test
    void sameValueIsSharedAndOnlyTheLastOwnerRemovesIt() throws Exception {
        apply("alice", cm(Map.of("shared", "1", "a", "x"), Map.of()));
        apply("bob", cm(Map.of("shared", "1"), Map.of())); // same value: no conflict, shared ownership
        ConfigMap live = live();
        assertEquals(json("{\"f:data\":{\"f:a\":{},\"f:shared\":{}}}"), fields(live, "alice", "Apply"));
        assertEquals(json("{\"f:data\":{\"f:shared\":{}}}"), fields(live, "bob", "Apply"));
        // any change of a shared field by one of them conflicts with the other
        KubernetesClientException conflict = assertThrows(KubernetesClientException.class,
                () -> apply("alice", cm(Map.of("shared", "2", "a", "x"), Map.of())));
        assertTrue(conflict.getStatus().getMessage().contains("conflict with \"bob\": .data.shared"),
                conflict.getStatus().getMessage());

        // bob gives up its share: the field stays, alice owns it alone; bob's entry is gone (it owns nothing)
        apply("bob", cm(Map.of("b", "y"), Map.of()));
        assertEquals("1", live().getData().get("shared"));
        assertEquals(json("{\"f:data\":{\"f:b\":{}}}"), fields(live(), "bob", "Apply"));
        // field removal: alice drops it too, no one owns it any more, it is removed
        apply("alice", cm(Map.of("a", "x"), Map.of()));
        assertEquals(Map.of("a", "x", "b", "y"), live().getData());
    }

    @Test
    void updatesAreRecordedAsUpdateOperationsAndTakeOwnershipWithoutConflict() throws Exception {
        // create (POST) without a field manager: the user-agent's product, as the API server defaults it
        client.configMaps().inNamespace("default").resource(cm(Map.of("key", "v"), Map.of("app", "demo"))).create();
        ConfigMap created = live();
        ManagedFieldsEntry creator = entry(created, "fabric8-kubernetes-client", "Update");
        assertNotNull(creator, created.getMetadata().getManagedFields().toString());
        assertEquals("v1", creator.getApiVersion());
        assertEquals(json("{\"f:data\":{\".\":{},\"f:key\":{}},\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}}}"),
                fields(created, "fabric8-kubernetes-client", "Update"));

        // an applier takes the label over with the same value (shared), then a merge patch changes data.key
        apply("kubectl", cm(Map.of("key", "v"), Map.of("app", "demo")));
        client.configMaps().inNamespace("default").withName("test-cm").patch(new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE).withFieldManager("kubectl-edit").build(), "{\"data\":{\"key\":\"edited\"}}");
        ConfigMap patched = live();
        assertEquals(json("{\"f:data\":{\"f:key\":{}}}"), fields(patched, "kubectl-edit", "Update"));
        assertEquals(json("{\"f:metadata\":{\"f:labels\":{\"f:app\":{}}}}"), fields(patched, "kubectl", "Apply"),
                "an update takes the fields it changes from every other manager");

        // the applier's next apply with its old value conflicts with the updater, named with its apiVersion
        KubernetesClientException conflict = assertThrows(KubernetesClientException.class,
                () -> apply("kubectl", cm(Map.of("key", "v"), Map.of("app", "demo"))));
        assertEquals("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using v1: .data.key",
                conflict.getStatus().getMessage());

        // JSON patch and PUT are updates too
        client.configMaps().inNamespace("default").withName("test-cm").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"add\",\"path\":\"/data/extra\",\"value\":\"1\"}]");
        ConfigMap put = live();
        put.getData().put("key", "replaced");
        try (KubernetesClient controller = clientAs("controller/1.0")) { // PUT; its manager from its user-agent
            controller.configMaps().inNamespace("default").resource(put).update();
        }
        ConfigMap after = live();
        assertEquals(json("{\"f:data\":{\".\":{},\"f:extra\":{}},\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}}}"),
                fields(after, "fabric8-kubernetes-client", "Update"), "the creator's entry gained what its JSON patch added");
        assertEquals(json("{\"f:data\":{\"f:key\":{}}}"), fields(after, "controller", "Update"));
        assertNull(entry(after, "kubectl-edit", "Update"), "it owned only data.key, now the controller's");
    }

    @Test
    void timeIsUpdatedOnChangeAndANoOpApplyWritesNothing() {
        ConfigMap first = apply("kubectl", cm(Map.of("key", "1"), Map.of()));
        String time = entry(first, "kubectl", "Apply").getTime();
        Instant at = Instant.parse(time);
        Await.until("the clock's next second (managedFields times have seconds)", Duration.ofSeconds(3),
                () -> Instant.now().isAfter(at.plusSeconds(1)));
        ConfigMap same = apply("kubectl", cm(Map.of("key", "1"), Map.of()));
        assertEquals(first.getMetadata().getResourceVersion(), same.getMetadata().getResourceVersion(), "nothing changed");
        assertEquals(time, entry(same, "kubectl", "Apply").getTime());

        ConfigMap changed = apply("kubectl", cm(Map.of("key", "2"), Map.of()));
        assertNotEquals(first.getMetadata().getResourceVersion(), changed.getMetadata().getResourceVersion());
        assertTrue(Instant.parse(entry(changed, "kubectl", "Apply").getTime()).isAfter(at), "the change moved the time");
    }

    static Deployment nginx(Integer replicas, String... containers) {
        DeploymentBuilder b = new DeploymentBuilder().withNewMetadata().withName("nginx-deployment").withNamespace("default")
                .endMetadata().withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "nginx")
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "nginx").endMetadata().withNewSpec()
                .endSpec().endTemplate().endSpec();
        Deployment d = b.build();
        for (String c : containers) {
            String[] nameImage = c.split("=");
            d.getSpec().getTemplate().getSpec().getContainers().add(new io.fabric8.kubernetes.api.model.ContainerBuilder()
                    .withName(nameImage[0]).withImage(nameImage[1]).build());
        }
        return d;
    }

    Deployment applyDeployment(String manager, Deployment d, boolean force) {
        var r = client.apps().deployments().inNamespace("default").resource(d).fieldManager(manager);
        return force ? r.forceConflicts().serverSideApply() : r.serverSideApply();
    }

    Deployment deployment() {
        return client.apps().deployments().inNamespace("default").withName("nginx-deployment").get();
    }

    @Test
    void transferringOwnershipOfReplicasToAController() throws Exception {
        applyDeployment("kubectl", nginx(3, "nginx=nginx:1.14.2"), false);
        // the autoscaler scales with an update: it takes .spec.replicas without conflict
        Deployment scaled = deployment();
        scaled.getSpec().setReplicas(5);
        try (KubernetesClient hpa = clientAs("hpa-controller/v1.29.0 (linux/amd64)")) {
            hpa.apps().deployments().inNamespace("default").resource(scaled).update();
        }
        assertEquals(json("{\"f:spec\":{\"f:replicas\":{}}}"), fields(deployment(), "hpa-controller", "Update"));
        // the user's unchanged configuration now conflicts on replicas
        KubernetesClientException conflict = assertThrows(KubernetesClientException.class,
                () -> applyDeployment("kubectl", nginx(3, "nginx=nginx:1.14.2"), false));
        assertEquals("Apply failed with 1 conflict: conflict with \"hpa-controller\" using apps/v1: .spec.replicas",
                conflict.getStatus().getMessage());
        // the documented handover: the user drops replicas from the configuration; the controller's value stays
        applyDeployment("kubectl", nginx(null, "nginx=nginx:1.14.2"), false);
        assertEquals(5, deployment().getSpec().getReplicas());
        assertTrue(!fields(deployment(), "kubectl", "Apply").path("f:spec").has("f:replicas"));

        // or a controller applies with force and takes a field from the user
        applyDeployment("image-updater", imageOnly("nginx", "nginx:1.16.1"), true);
        Deployment d = deployment();
        assertEquals("nginx:1.16.1", d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        JsonNode container = fields(d, "kubectl", "Apply").at("/f:spec/f:template/f:spec/f:containers/k:{\"name\":\"nginx\"}");
        assertEquals(json("{\".\":{},\"f:name\":{}}"), container, "the image moved; the item and its key stay the user's");
    }

    static Deployment imageOnly(String container, String image) {
        Deployment d = nginx(null, container + "=" + image);
        d.getSpec().setSelector(null);
        d.getSpec().getTemplate().setMetadata(null);
        return d;
    }

    @Test
    @SuppressWarnings("unchecked")
    void associativeListsMergeByKeyAndIstioListsAreAtomic() throws Exception {
        applyDeployment("kubectl", nginx(1, "nginx=nginx:1.14.2"), false);
        applyDeployment("injector", imageOnly("sidecar", "envoy:1"), false); // another item: merged by name
        Deployment d = deployment();
        assertEquals(List.of("nginx", "sidecar"), d.getSpec().getTemplate().getSpec().getContainers().stream()
                .map(c -> c.getName()).toList());
        assertEquals(json("{\".\":{},\"f:image\":{},\"f:name\":{}}"), fields(d, "kubectl", "Apply")
                .at("/f:spec/f:template/f:spec/f:containers/k:{\"name\":\"nginx\"}"));
        // the user re-applies without the sidecar: it is the injector's, it stays
        applyDeployment("kubectl", nginx(1, "nginx=nginx:1.14.2"), false);
        assertEquals(2, deployment().getSpec().getTemplate().getSpec().getContainers().size());
        // the injector drops it: no one owns it any more, the item goes
        applyDeployment("injector", imageOnly("other", "x:1"), false);
        assertEquals(List.of("nginx", "other"), deployment().getSpec().getTemplate().getSpec().getContainers().stream()
                .map(c -> c.getName()).toList());

        // Istio's lists have no list-type: atomic, one owner, a different list is a conflict on the whole list
        Map<String, Object> route = Map.of("route", List.of(Map.of("destination", Map.of("host", "reviews", "subset", "v1"))));
        GenericKubernetesResource vs = JSON.convertValue(Map.of("apiVersion", "networking.istio.io/v1", "kind",
                "VirtualService", "metadata", Map.of("name", "reviews", "namespace", "default"), "spec",
                Map.of("hosts", List.of("reviews"), "http", List.of(route))), GenericKubernetesResource.class);
        var vsClient = client.genericKubernetesResources("networking.istio.io/v1", "VirtualService").inNamespace("default");
        vsClient.resource(vs).fieldManager("meshfleet").serverSideApply();
        assertEquals(json("{\"f:spec\":{\"f:hosts\":{},\"f:http\":{}}}"),
                fields(vsClient.withName("reviews").get(), "meshfleet", "Apply"));
        ((Map<String, Object>) vs.getAdditionalProperties().get("spec")).put("http", List.of(Map.of("route",
                List.of(Map.of("destination", Map.of("host", "reviews", "subset", "v2"))))));
        KubernetesClientException conflict = assertThrows(KubernetesClientException.class,
                () -> vsClient.resource(vs).fieldManager("someone").serverSideApply());
        assertTrue(conflict.getStatus().getMessage().endsWith("conflict with \"meshfleet\": .spec.http"),
                conflict.getStatus().getMessage());
    }

    @Test
    void managedFieldsAreKeptByUnawareClientsAndResetWithASingleEmptyEntry() throws Exception {
        apply("kubectl", cm(Map.of("key", "1"), Map.of()));
        // a merge patch that does not mention managedFields (or sends []) keeps them
        client.configMaps().inNamespace("default").withName("test-cm").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"managedFields\":[]},\"data\":{\"other\":\"2\"}}");
        assertNotNull(entry(live(), "kubectl", "Apply"));
        // [{}] strips them all
        client.configMaps().inNamespace("default").withName("test-cm").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"managedFields\":[{}]}}");
        assertTrue(live().getMetadata().getManagedFields() == null || live().getMetadata().getManagedFields().isEmpty(),
                String.valueOf(live().getMetadata().getManagedFields()));
        // apply requires a field manager (fabric8 always sends one: a plain HTTP request here)
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.getMasterUrl()
                + "api/v1/namespaces/default/configmaps/test-cm")).header("Content-Type", "application/apply-patch+yaml")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{apiVersion: v1, kind: ConfigMap}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(422, response.statusCode(), response.body());
        assertTrue(response.body().contains("fieldManager: Required value"), response.body());
        // and an applied configuration states intent, not ownership: managedFields in it are refused
        response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.getMasterUrl()
                + "api/v1/namespaces/default/configmaps/test-cm?fieldManager=kubectl")).header("Content-Type",
                "application/apply-patch+yaml").method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{apiVersion: v1, kind: ConfigMap, metadata: {name: test-cm, managedFields: [{manager: x}]}}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
    }
}
