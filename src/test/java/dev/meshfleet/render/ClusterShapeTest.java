package dev.meshfleet.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.intent.model.ClusterOverrides;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.intent.model.MeshSpec;

/**
 * The cluster shape (what plans, schema checks and the bundle cache key group clusters by) and the renderer take their
 * override choice from the same resolver, {@link ClusterOverrides}: for every label set, rendering the cluster gives
 * exactly the resources of the intent with the shape's overrides folded in, and clusters of one shape render alike.
 */
class ClusterShapeTest {
    private static final MeshIntent INTENT = ClusterOverrideTest.intent(ClusterOverrideTest.OVERRIDES);

    private static Map<String, String> labels(String... keyValues) {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            labels.put(keyValues[i], keyValues[i + 1]);
        }
        return labels;
    }

    @Test
    void theShapeNamesTheOverridesTheResolverSelects() {
        Map<Map<String, String>, List<Integer>> expected = new LinkedHashMap<>();
        expected.put(labels(), List.of());
        expected.put(labels("region", "eu"), List.of());
        expected.put(labels("region", "us"), List.of(0));
        expected.put(labels("tier", "canary"), List.of(1));
        expected.put(labels("region", "us", "tier", "canary"), List.of(0, 1));
        expected.put(labels("region", "us", "tier", "stable"), List.of(0));
        expected.forEach((labels, overrides) -> {
            assertEquals(overrides, ClusterOverrides.matching(INTENT, labels), labels.toString());
            assertEquals(overrides, ClusterShape.of(INTENT, ClusterFacts.current("c", labels)).overrides(),
                    labels.toString());
        });
        assertEquals(List.of(), ClusterOverrides.matching(INTENT, null), "a cluster without labels");
    }

    @Test
    void theRendererAppliesExactlyTheShapesOverrides() {
        List<Map<String, String>> labelSets = List.of(labels(), labels("region", "eu"), labels("region", "us"),
                labels("tier", "canary"), labels("region", "us", "tier", "canary"), labels("region", "us", "tier", "stable"));
        Map<ClusterShape, String> renderedByShape = new HashMap<>();
        for (Map<String, String> labels : labelSets) {
            ClusterFacts cluster = ClusterFacts.current("c", labels);
            ClusterShape shape = ClusterShape.of(INTENT, cluster);
            String rendered = Manifests.toYaml(MeshRenderer.render(INTENT, "payments", 1, cluster));
            assertEquals(Manifests.toYaml(MeshRenderer.render(folded(INTENT, shape.overrides()), "payments", 1,
                    ClusterFacts.current("c", Map.of()))), rendered, labels.toString());
            String before = renderedByShape.putIfAbsent(shape, rendered);
            if (before != null) {
                assertEquals(before, rendered, "clusters of one shape render alike: " + labels);
            }
        }
        assertEquals(4, renderedByShape.size());
        // [1] and [0, 1] render alike (override 1 replaces the same routes later), the others differ
        assertEquals(3, renderedByShape.values().stream().distinct().count());
        assertNotEquals(renderedByShape.get(new ClusterShape("v1", List.of())),
                renderedByShape.get(new ClusterShape("v1", List.of(0))));
    }

    /** The intent with these overrides written into its services, and no overrides left. */
    private static MeshIntent folded(MeshIntent intent, List<Integer> overrides) {
        MeshSpec s = intent.spec();
        MeshSpec spec = new MeshSpec(List.copyOf(ClusterOverrides.apply(intent, overrides).values()), s.gateways(),
                s.mtls(), s.authorization(), s.resources(), null, s.requestAuthentications(), s.serviceEntries(),
                s.egress(), s.delegates());
        return new MeshIntent(intent.apiVersion(), intent.kind(), intent.metadata(), spec);
    }
}
