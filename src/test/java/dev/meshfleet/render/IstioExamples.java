package dev.meshfleet.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.render.schema.CrdSchemas;

/**
 * Compares what intent renders to with Istio's own YAML (from istio.io or istio/istio, cited by each test): for each
 * Istio document, the rendered resource of that kind and name (and namespace, when the document names one) must have
 * the same API group and an equal spec. Every rendered resource must pass the bundled CRD schemas, at v1 (current
 * clusters) and at v1beta1 (a 1.20 cluster).
 */
final class IstioExamples {
    private static final CrdSchemas SCHEMAS = CrdSchemas.bundled();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final List<ClusterFacts> CLUSTERS = List.of(ClusterFacts.current("current", Map.of()),
            new ClusterFacts("old", Map.of(), "1.20.3", Set.of()));

    private IstioExamples() {
    }

    /** An intent document with this spec (YAML indented as under 'spec:'). */
    static MeshIntent intent(String spec) {
        String document = "apiVersion: meshfleet.dev/v1\nkind: Mesh\nmetadata:\n  name: m\nspec:\n" + spec.stripTrailing().indent(2);
        return ExampleIntents.seen(IntentCodec.accept(document, false, "m").model());
    }

    static void assertRendersAs(String spec, String istioYaml) {
        MeshIntent intent = intent(spec);
        List<JsonNode> expected = documents(istioYaml);
        assertTrue(!expected.isEmpty(), "no Istio documents given");
        for (ClusterFacts cluster : CLUSTERS) {
            List<RenderedResource> rendered = MeshRenderer.render(intent, "m", 1, cluster);
            for (RenderedResource r : rendered) {
                assertEquals(List.of(), SCHEMAS.validate(r), r.key() + " at " + r.apiVersion() + "\n" + Manifests.toYaml(r.manifest()));
            }
            for (JsonNode doc : expected) {
                RenderedResource match = find(rendered, doc);
                String group = doc.path("apiVersion").asText().split("/")[0];
                assertEquals(group, match.apiVersion().split("/")[0], match.key());
                assertEquals(doc.path("spec"), match.manifest().path("spec"), "spec of " + match.key() + " on "
                        + cluster.name() + "; rendered:\n" + Manifests.toYaml(match.manifest()));
            }
        }
    }

    private static RenderedResource find(List<RenderedResource> rendered, JsonNode doc) {
        String kind = doc.path("kind").asText();
        String name = doc.path("metadata").path("name").asText();
        String namespace = doc.path("metadata").path("namespace").asText(null);
        return rendered.stream()
                .filter(r -> r.kind().equals(kind) && r.name().equals(name) && (namespace == null || namespace.equals(r.namespace())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + namespace + "/" + name + " rendered; got "
                        + rendered.stream().map(RenderedResource::key).toList()));
    }

    private static List<JsonNode> documents(String yaml) {
        try {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
                if (doc != null && doc.isObject() && doc.has("kind")) {
                    out.add(doc);
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
