package dev.meshfleet.render;

import dev.meshfleet.cluster.ClusterFacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.support.Seeds;

/** The seed scenario as one intent renders exactly the guide's eight resources (v1beta1 byte-for-byte as trees). */
class SeedGoldenTest {
    static final MeshIntent SEED = IntentCodec.accept(Seeds.PAYMENTS, false, "payments").model();
    static final ClusterFacts OLD_ISTIO = new ClusterFacts("c1", Map.of(), "1.21.2", Set.of());
    static final ClusterFacts CURRENT = ClusterFacts.current("c1", Map.of());

    static Map<String, JsonNode> golden(String apiVersionOverride) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        var parser = new YAMLMapper().readerFor(JsonNode.class)
                .readValues(Files.readString(Path.of("src/test/resources/golden/seed-v1beta1.yaml")));
        while (parser.hasNext()) {
            ObjectNode doc = (ObjectNode) parser.next();
            if (apiVersionOverride != null) {
                doc.put("apiVersion", doc.get("apiVersion").asText().replace("v1beta1", apiVersionOverride));
            }
            out.put(doc.at("/kind").asText() + "/" + doc.at("/metadata/namespace").asText() + "/"
                    + doc.at("/metadata/name").asText(), doc);
        }
        return out;
    }

    /** Removes exactly what Meshfleet adds to every resource, after checking it is there. */
    static Map<String, JsonNode> withoutMeshfleetMarks(List<RenderedResource> rendered) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (RenderedResource r : rendered) {
            ObjectNode manifest = r.manifest().deepCopy();
            ObjectNode metadata = (ObjectNode) manifest.get("metadata");
            assertEquals("meshfleet", metadata.at("/labels/app.kubernetes.io~1managed-by").asText(), r.key());
            assertEquals("payments", metadata.at("/labels/meshfleet.dev~1mesh").asText(), r.key());
            assertEquals("7", metadata.at("/annotations/meshfleet.dev~1revision").asText(), r.key());
            ((ObjectNode) metadata.get("labels")).remove(List.of("app.kubernetes.io/managed-by", "meshfleet.dev/mesh"));
            ((ObjectNode) metadata.get("annotations")).remove("meshfleet.dev/revision");
            if (metadata.get("labels").isEmpty()) {
                metadata.remove("labels");
            }
            if (metadata.get("annotations").isEmpty()) {
                metadata.remove("annotations");
            }
            out.put(r.kind() + "/" + r.namespace() + "/" + r.name(), manifest);
        }
        return out;
    }

    @Test
    void v1beta1OutputMatchesTheGuideExactly() throws Exception {
        List<RenderedResource> rendered = MeshRenderer.render(SEED, "payments", 7, OLD_ISTIO);
        assertEquals(8, rendered.size());
        Map<String, JsonNode> expected = golden(null);
        Map<String, JsonNode> actual = withoutMeshfleetMarks(rendered);
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((key, doc) -> assertEquals(doc, actual.get(key), key));
    }

    @Test
    void v1OutputDiffersOnlyInApiVersion() throws Exception {
        Map<String, JsonNode> expected = golden("v1");
        Map<String, JsonNode> actual = withoutMeshfleetMarks(MeshRenderer.render(SEED, "payments", 7, CURRENT));
        expected.forEach((key, doc) -> assertEquals(doc, actual.get(key), key));
        assertTrue(actual.values().stream().allMatch(d -> d.get("apiVersion").asText().endsWith("/v1")));
    }

    @Test
    void outputIsDeterministic() {
        String first = Manifests.toYaml(MeshRenderer.render(SEED, "payments", 7, CURRENT));
        for (int i = 0; i < 5; i++) {
            MeshIntent reparsed = IntentCodec.accept(Seeds.PAYMENTS, false, "payments").model();
            assertEquals(first, Manifests.toYaml(MeshRenderer.render(reparsed, "payments", 7, CURRENT)));
        }
        assertTrue(first.startsWith("---\napiVersion: networking.istio.io/v1\nkind: Gateway\n"), first);
    }

    @Test
    void apiVersionFollowsWhatTheClusterServes() {
        assertEquals("v1", new ClusterFacts("c", Map.of(), "1.24.1", Set.of()).istioApiVersion());
        assertEquals("v1beta1", new ClusterFacts("c", Map.of(), "1.20.0", Set.of()).istioApiVersion());
        assertEquals("v1beta1", new ClusterFacts("c", Map.of(), "1.24.1",
                Set.of("networking.istio.io/v1beta1", "security.istio.io/v1beta1")).istioApiVersion());
        assertEquals("v1", new ClusterFacts("c", Map.of(), null,
                Set.of("networking.istio.io/v1", "security.istio.io/v1", "networking.istio.io/v1beta1")).istioApiVersion());
    }
}
