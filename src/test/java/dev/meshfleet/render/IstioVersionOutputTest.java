package dev.meshfleet.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.analysis.Finding;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.render.schema.CrdSchemas;
import dev.meshfleet.render.schema.IstioSchemaSets;
import dev.meshfleet.render.schema.RenderedSchemaCheck;
import dev.meshfleet.support.Seeds;

/**
 * Output for a cluster uses only what its Istio release has, and is validated against that release's schemas: the
 * oldest supported release, Istio 1.18 (its CRDs ship as istio/crd-1.18.gen.yaml), and the newest bundled.
 */
class IstioVersionOutputTest {
    static final ClusterFacts ISTIO_1_18 = new ClusterFacts("old", Map.of(), "1.18.3", Set.of());
    static final ClusterFacts ISTIO_1_20 = new ClusterFacts("mid", Map.of(), "1.20.3", Set.of());
    static final ClusterFacts CURRENT = ClusterFacts.current("new", Map.of());

    static final String MIRROR = """
            apiVersion: meshfleet.dev/v1
            kind: Mesh
            metadata: {name: shop}
            spec:
              services:
                - name: httpbin
                  namespace: default
                  versions:
                    - {name: v1, labels: {version: v1}}
                    - {name: v2, labels: {version: v2}}
                  http:
                    - route: [{version: v1, weight: 100}]
                      mirror: {version: v2, percentage: 100}
            """;

    @Test
    void releasesParse() {
        assertEquals(18, IstioRelease.minor("1.18.3"));
        assertEquals(20, IstioRelease.minor("v1.20.0-beta.1"));
        assertEquals(-1, IstioRelease.minor(null));
        assertEquals(-1, IstioRelease.minor("unknown"));
        assertTrue(IstioRelease.before("1.18.0", 19));
        assertTrue(!IstioRelease.before("1.19.0", 19) && !IstioRelease.before(null, 19));
        assertEquals("1.18", IstioRelease.featureLevel("1.17.8"));
        assertEquals("1.22", IstioRelease.featureLevel("1.22.1"));
        assertEquals("current", IstioRelease.featureLevel(null));
    }

    @Test
    void theOldestSupportedIstiosSchemasAreShippedAndChosenByVersion() {
        CrdSchemas oldest = IstioSchemaSets.oldest();
        assertSame(oldest, IstioSchemaSets.forIstio("1.18.3"));
        assertSame(CrdSchemas.bundled(), IstioSchemaSets.forIstio(null));
        assertSame(IstioSchemaSets.forIstio("1.20.1"), IstioSchemaSets.forIstio("1.20.3"));
        assertTrue(oldest.specSchema("networking.istio.io/v1beta1", "VirtualService").isPresent());
        assertTrue(oldest.specSchema("networking.istio.io/v1", "VirtualService").isEmpty(), "1.18 serves no networking v1");
        assertTrue(oldest.specSchema("networking.istio.io/v1beta1", "VirtualService").get()
                .at("/properties/http/items/properties/mirrors").isMissingNode(), "1.18 has no mirrors");
    }

    /**
     * Before 1.19 one mirror is written as {@code mirror} + {@code mirrorPercentage}, exactly as Istio's mirroring task
     * writes it (https://istio.io/v1.18/docs/tasks/traffic-management/mirroring/, "Mirroring traffic to v2"); from 1.19
     * on as {@code mirrors}, as the newest VirtualService reference shows (HTTPMirrorPolicy,
     * https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMirrorPolicy).
     */
    @Test
    void oneMirrorIsMirrorPlusMirrorPercentageBefore119() throws Exception {
        MeshIntent intent = IntentCodec.accept(MIRROR, false, null).model();
        JsonNode old = virtualService(MeshRenderer.render(intent, "shop", 1, ISTIO_1_18));
        assertEquals(new YAMLMapper().readTree("""
                hosts: [httpbin]
                http:
                - mirror:
                    host: httpbin
                    subset: v2
                  mirrorPercentage:
                    value: 100.0
                  route:
                  - destination:
                      host: httpbin
                      subset: v1
                    weight: 100
                """).toString(), old.get("spec").toString());
        JsonNode current = virtualService(MeshRenderer.render(intent, "shop", 1, CURRENT));
        assertTrue(current.at("/spec/http/0/mirrors").isArray() && !current.at("/spec/http/0").has("mirror"));
        assertEquals(current.at("/spec/http/0/mirrors/0/percentage"), old.at("/spec/http/0/mirrorPercentage"));
        assertEquals(current.get("spec"), virtualService(MeshRenderer.render(intent, "shop", 1, ISTIO_1_20)).get("spec"));
    }

    /**
     * Fields the corpus uses that Istio 1.18 does not have and that have no older same-meaning form: the 1.18 schema
     * refuses them, so a 1.18 cluster gets an MF301 error for them instead of an apply that drops them.
     */
    static final List<String> NEWER_THAN_1_18 = List.of(
            "spec.trafficPolicy.connectionPool.http.maxConcurrentStreams: unknown field",
            // raw resources are written at the apiVersion given until issue 11 item 1 renders them at the cluster's
            "Istio serves no ServiceEntry at networking.istio.io/v1");

    @Test
    void everyResourceOfTheCorpusValidatesAgainstIstio118() {
        for (String document : List.of(Seeds.PAYMENTS, CrdSchemaValidationTest.CORPUS, MIRROR)) {
            MeshIntent intent = IntentCodec.accept(document, false, null).model();
            for (RenderedResource r : MeshRenderer.render(intent, "m", 1, ISTIO_1_18)) {
                List<String> errors = IstioSchemaSets.oldest().validate(r);
                errors.removeAll(NEWER_THAN_1_18);
                assertEquals(List.of(), errors, r.key() + "\n" + Manifests.toYaml(r.manifest()));
            }
        }
    }

    /** Several mirrors have no 1.18 form: an error for that cluster only, naming the field, never pushed. */
    @Test
    void severalMirrorsAreAnErrorForClustersBefore119() {
        String raw = MIRROR + """
                  resources:
                    - apiVersion: networking.istio.io/v1beta1
                      kind: VirtualService
                      metadata: {name: httpbin-raw, namespace: default}
                      spec:
                        hosts: [httpbin-raw]
                        http:
                          - route: [{destination: {host: httpbin, subset: v1}}]
                            mirrors:
                              - destination: {host: httpbin, subset: v2}
                                percentage: {value: 50}
                              - destination: {host: httpbin-copy}
                """;
        MeshIntent intent = IntentCodec.accept(raw, false, null).model();
        RenderedSchemaCheck check = new RenderedSchemaCheck();
        assertEquals(List.of(), check.check(intent, "shop", 1, List.of(CURRENT, ISTIO_1_20)));
        List<Finding> old = check.check(intent, "shop", 1, List.of(CURRENT, ISTIO_1_18));
        assertEquals(1, old.size(), old.toString());
        assertEquals("MF301", old.get(0).code());
        assertEquals("old/networking.istio.io/VirtualService/default/httpbin-raw.spec.http[0].mirrors", old.get(0).path());
        assertTrue(old.get(0).message().contains("Istio 1.18.3"), old.get(0).message());
        // one raw mirror is rewritten like a rendered one
        MeshIntent one = IntentCodec.accept(raw.replaceAll(" *- destination: \\{host: httpbin-copy}\n", ""),
                false, null).model();
        assertEquals(List.of(), check.check(one, "shop", 1, List.of(ISTIO_1_18)));
    }

    /**
     * A release between the oldest and the newest is held to the newest schemas without the fields that came later
     * (istio/fields-added.txt): retries.backoff arrived in Istio 1.26 (absent from istio/istio tag 1.25.0's
     * crd-all.gen.yaml, present in 1.26.0's), so a raw VirtualService using it is an error for a 1.25 cluster only.
     */
    @Test
    void releasesInBetweenLackTheFieldsThatCameLater() {
        String raw = MIRROR + """
                  resources:
                    - apiVersion: networking.istio.io/v1
                      kind: VirtualService
                      metadata: {name: httpbin-raw, namespace: default}
                      spec:
                        hosts: [httpbin-raw]
                        http:
                          - route: [{destination: {host: httpbin, subset: v1}}]
                            retries: {attempts: 3, backoff: 25ms}
                """;
        MeshIntent intent = IntentCodec.accept(raw, false, null).model();
        RenderedSchemaCheck check = new RenderedSchemaCheck();
        ClusterFacts istio125 = new ClusterFacts("c125", Map.of(), "1.25.2", Set.of());
        ClusterFacts istio126 = new ClusterFacts("c126", Map.of(), "1.26.0", Set.of());
        assertEquals(List.of(), check.check(intent, "shop", 1, List.of(CURRENT, istio126)));
        List<Finding> old = check.check(intent, "shop", 1, List.of(CURRENT, istio125, istio126));
        assertEquals(List.of("c125/networking.istio.io/VirtualService/default/httpbin-raw.spec.http[0].retries.backoff"),
                old.stream().map(Finding::path).toList(), old.toString());
        // what the renderer emits itself validates at every release from the oldest to the newest
        for (int minor = 18; minor <= 31; minor++) {
            for (String document : List.of(Seeds.PAYMENTS, MIRROR)) {
                MeshIntent m = IntentCodec.accept(document, false, null).model();
                ClusterFacts c = new ClusterFacts("c", Map.of(), "1." + minor + ".0", Set.of());
                assertEquals(List.of(), check.check(m, "m", 1, List.of(c)), "Istio 1." + minor);
            }
        }
    }

    @Test
    void clustersBeforeAndAfter119AreDifferentShapes() {
        MeshIntent intent = IntentCodec.accept(MIRROR, false, null).model();
        assertNotEquals(ClusterShape.of(intent, ISTIO_1_18), ClusterShape.of(intent, ISTIO_1_20));
        assertEquals(ClusterShape.of(intent, ISTIO_1_20).istioApiVersion(), ClusterShape.of(intent, ISTIO_1_18).istioApiVersion());
        assertEquals(ClusterShape.of(intent, CURRENT), new ClusterShape("v1", List.of()));
        assertNotSame(ISTIO_1_18, ISTIO_1_20);
    }

    private static JsonNode virtualService(List<RenderedResource> rendered) {
        return rendered.stream().filter(r -> r.kind().equals("VirtualService")).findFirst().orElseThrow().manifest();
    }
}
