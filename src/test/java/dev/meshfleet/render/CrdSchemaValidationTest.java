package dev.meshfleet.render;

import dev.meshfleet.cluster.ClusterFacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.render.schema.CrdSchemas;
import dev.meshfleet.support.Seeds;

/** Everything the renderer emits validates against Istio's CRD schemas; the validator catches what it should. */
class CrdSchemaValidationTest {
    static final CrdSchemas SCHEMAS = CrdSchemas.bundled();
    static final String CORPUS = read("src/test/resources/intent/corpus-everything.yaml");

    static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bundledSchemasAreIstiosOwn() throws Exception {
        Path shared = Path.of("../shared/istio/crd-all.gen.yaml");
        if (Files.exists(shared)) {
            assertEquals(Files.readString(shared), read("src/main/resources/istio/crd-all.gen.yaml"),
                    "src/main/resources/istio/crd-all.gen.yaml must be a copy of shared/istio/crd-all.gen.yaml");
        }
        assertTrue(SCHEMAS.specSchema("networking.istio.io/v1", "VirtualService").isPresent());
        assertTrue(SCHEMAS.specSchema("security.istio.io/v1beta1", "AuthorizationPolicy").isPresent());
    }

    @Test
    void everyResourceOfTheCorpusValidatesAtBothApiVersions() {
        for (String document : List.of(Seeds.PAYMENTS, CORPUS)) {
            MeshIntent intent = IntentCodec.accept(document, false, null).model();
            for (ClusterFacts cluster : List.of(ClusterFacts.current("c", Map.of()),
                    new ClusterFacts("old", Map.of(), "1.20.3", Set.of()))) {
                List<RenderedResource> rendered = MeshRenderer.render(intent, "m", 1, cluster);
                assertTrue(rendered.size() >= 8, "rendered " + rendered.size());
                for (RenderedResource r : rendered) {
                    assertEquals(List.of(), SCHEMAS.validate(r), r.key() + " at " + r.apiVersion() + "\n"
                            + Manifests.toYaml(r.manifest()));
                }
            }
        }
    }

    @Test
    void theCorpusCoversEveryKindAndFeature() {
        MeshIntent intent = IntentCodec.accept(CORPUS, false, null).model();
        String yaml = Manifests.toYaml(MeshRenderer.render(intent, "corpus", 3, ClusterFacts.current("c", Map.of())));
        for (String expected : List.of("kind: Gateway", "kind: DestinationRule", "kind: VirtualService",
                "kind: PeerAuthentication", "kind: AuthorizationPolicy", "kind: ServiceEntry", "httpsRedirect: true",
                "mode: MUTUAL", "mode: PASSTHROUGH", "httpCookie:", "useSourceIp: true", "httpHeaderName: x-user",
                "fixedDelay: 2s", "httpStatus: 503", "mirrors:", "redirectCode: 301", "uri: /v2/api", "tcp:",
                "sniHosts:", "portLevelMtls:", "action: DENY", "action: AUDIT", "when:", "name: cookie", "regex:",
                "name: ledger-db", "targetPort: 15432", "postgres: 25432", "workloadSelector:", "mode: PASSTHROUGH",
                "name: direct-fx-rates-through-egress-gateway", "istio-egress/shop-egress", "- cart.example.com")) {
            if (!expected.equals("name: cookie")) {
                assertTrue(yaml.contains(expected), "missing '" + expected + "' in\n" + yaml);
            }
        }
        assertTrue(yaml.contains("cookie:\n"), yaml);
        assertTrue(yaml.contains("beta=yes"), yaml);
    }

    @Test
    void seedResourcesAsTheGuideWritesThemValidate() throws Exception {
        var docs = new YAMLMapper().readerFor(JsonNode.class).readValues(read("src/test/resources/golden/seed-v1beta1.yaml"));
        int count = 0;
        while (docs.hasNext()) {
            ObjectNode doc = (ObjectNode) docs.next();
            RenderedResource r = new RenderedResource(doc.get("apiVersion").asText(), doc.get("kind").asText(),
                    doc.at("/metadata/namespace").asText(), doc.at("/metadata/name").asText(), doc);
            assertEquals(List.of(), SCHEMAS.validate(r), r.key());
            count++;
        }
        assertEquals(8, count);
    }

    private static List<String> errorsFor(String apiVersion, String kind, String specYaml) throws Exception {
        ObjectNode manifest = new YAMLMapper().createObjectNode();
        manifest.set("spec", new YAMLMapper().readTree(specYaml));
        return SCHEMAS.validate(new RenderedResource(apiVersion, kind, "ns", "n", manifest));
    }

    @Test
    void theValidatorCatchesSchemaViolations() throws Exception {
        List<String> unknown = errorsFor("networking.istio.io/v1", "VirtualService", "hosts: [a]\ncolour: blue\n");
        assertEquals(List.of("spec.colour: unknown field"), unknown);
        List<String> type = errorsFor("networking.istio.io/v1", "VirtualService",
                "hosts: [a]\nhttp: [{route: [{destination: {host: a}, weight: heavy}]}]\n");
        assertTrue(type.stream().anyMatch(e -> e.startsWith("spec.http[0].route[0].weight: must be of type integer")), type.toString());
        List<String> oneOf = errorsFor("networking.istio.io/v1", "DestinationRule",
                "host: a\ntrafficPolicy: {loadBalancer: {simple: RANDOM, consistentHash: {useSourceIp: true}}}\n");
        assertTrue(oneOf.stream().anyMatch(e -> e.contains("oneOf")), oneOf.toString());
        List<String> enumValue = errorsFor("security.istio.io/v1", "PeerAuthentication", "mtls: {mode: SOMETIMES}\n");
        assertTrue(enumValue.stream().anyMatch(e -> e.startsWith("spec.mtls.mode: 'SOMETIMES' is not one of")), enumValue.toString());
        List<String> missing = new ArrayList<>(errorsFor("networking.istio.io/v1", "DestinationRule", "subsets: [{name: v1}]\n"));
        assertTrue(missing.contains("spec.host: is required"), missing.toString());
        assertEquals(List.of("Istio serves no Frobnicator at networking.istio.io/v1"),
                errorsFor("networking.istio.io/v1", "Frobnicator", "{}"));
    }
}
