package dev.meshfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshfleet.protocol.Drift;
import dev.meshfleet.protocol.MeshfleetLabels;
import dev.meshfleet.support.Seeds;

/** Drift decisions on their own: what counts as drift, who made it, and correct vs report-only. */
class DriftWatchTest {
    static final List<JsonNode> RESOURCES = KubernetesClusterStoreTest.render(Seeds.PAYMENTS, 3);

    static ObjectNode virtualService() {
        return (ObjectNode) RESOURCES.stream().filter(r -> r.path("kind").asText().equals("VirtualService")
                && r.at("/metadata/name").asText().equals("payment-service")).findFirst().orElseThrow().deepCopy();
    }

    static ObjectNode editedBy(String manager, String timeout) {
        ObjectNode live = virtualService();
        ((ObjectNode) live.at("/spec/http/1")).put("timeout", timeout);
        ArrayNode fields = live.with("metadata").putArray("managedFields");
        fields.addObject().put("manager", "meshfleet").put("time", "2026-11-27T10:00:00Z");
        fields.addObject().put("manager", manager).put("time", "2026-11-27T11:00:00Z");
        return live;
    }

    @Test
    void reportOnlyRecordsWhoChangedWhatWithoutTouchingIt() {
        InMemoryClusterStore store = InMemoryClusterStore.currentIstio();
        List<String> reports = new ArrayList<>();
        DriftWatch watch = new DriftWatch(store, (mesh, drift) -> reports.add(mesh));
        watch.remember("payments", RESOURCES, false);
        ObjectNode live = editedBy("kubectl-edit", "99s");
        watch.accept(ResourceRef.of(live), live);

        List<Drift> drift = watch.recent("payments");
        assertEquals(1, drift.size());
        assertEquals(List.of("spec.http[1].timeout"), drift.get(0).fields());
        assertEquals("kubectl-edit", drift.get(0).manager());
        assertFalse(drift.get(0).corrected());
        assertEquals(0, store.size(), "report-only: nothing re-applied");
        assertEquals(List.of("payments"), reports);
    }

    @Test
    void correctReappliesWhatWasDesired() {
        InMemoryClusterStore store = InMemoryClusterStore.currentIstio();
        DriftWatch watch = new DriftWatch(store, (mesh, drift) -> {
        });
        watch.remember("payments", RESOURCES, true);
        ObjectNode live = editedBy("helm", "1s");
        watch.accept(ResourceRef.of(live), live);
        assertTrue(watch.recent("payments").get(0).corrected());
        assertEquals("10s", store.get(ResourceRef.of(live)).at("/spec/http/1/timeout").asText());

        watch.accept(ResourceRef.of(live), null);
        assertEquals(List.of("(deleted)"), watch.recent("payments").get(0).fields());
    }

    @Test
    void ownAppliesAndOtherRevisionsAreNotDrift() {
        DriftWatch watch = new DriftWatch(InMemoryClusterStore.currentIstio(), (mesh, drift) -> {
        });
        watch.remember("payments", RESOURCES, true);
        watch.accept(ResourceRef.of(virtualService()), virtualService());
        ObjectNode older = editedBy("meshfleet", "5s");
        older.with("metadata").with("annotations").put(MeshfleetLabels.REVISION_ANNOTATION, "2");
        watch.accept(ResourceRef.of(older), older);
        ObjectNode unmanaged = virtualService();
        unmanaged.with("metadata").put("name", "someone-elses");
        watch.accept(ResourceRef.of(unmanaged), editedBy("x", "1s").put("kind", "VirtualService"));
        assertEquals(List.of(), watch.recent("payments"));
        // labels or annotations others add are theirs; removing Meshfleet's own label is drift
        ObjectNode relabelled = virtualService();
        relabelled.with("metadata").with("labels").put("team", "payments");
        watch.accept(ResourceRef.of(relabelled), relabelled);
        assertEquals(List.of(), watch.recent("payments"));
        relabelled.with("metadata").with("labels").remove("meshfleet.dev/mesh");
        watch.accept(ResourceRef.of(relabelled), relabelled);
        assertEquals(List.of("metadata.labels.meshfleet.dev/mesh"), watch.recent("payments").get(0).fields());
    }
}
