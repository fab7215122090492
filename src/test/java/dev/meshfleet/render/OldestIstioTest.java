package dev.meshfleet.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.analysis.Finding;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.render.ExampleIntents.Example;
import dev.meshfleet.render.schema.CrdSchemas;
import dev.meshfleet.render.schema.IstioSchemaSets;
import dev.meshfleet.render.schema.RenderedSchemaCheck;
import dev.meshfleet.support.Seeds;

/**
 * Issue 11 item 7 for every feature's examples: each example intent of the feature render tests (routes, headers,
 * CORS, directResponse, delegates, chosen names, ServiceEntry/egress, RequestAuthentication, AuthorizationPolicy
 * CUSTOM, gateway TLS files, ring hash/maglev, raw resources; reused from those tests through {@link ExampleIntents})
 * plus the seed, the corpus and the mirror example, rendered for a cluster on the oldest supported Istio (1.18.0,
 * schemas istio/crd-1.18.gen.yaml) and on the newest (the bundled CRDs). For every rendered resource either it
 * validates against that release's schemas, or the per-cluster check the server runs ({@link RenderedSchemaCheck},
 * behind plans, intent changes and placement) reports an MF301 error for that cluster naming the resource and the
 * field: nothing the release would refuse or drop is emitted silently. What 1.18 cannot take is listed as data
 * ({@link #UNAVAILABLE_ON_1_18}); the newest takes everything.
 */
class OldestIstioTest {
    static final ClusterFacts OLDEST = new ClusterFacts("oldest", Map.of(), "1.18.0", Set.of());
    static final ClusterFacts NEWEST = ClusterFacts.current("newest", Map.of());

    /** The feature render tests whose example intents are checked here. */
    static final List<Class<?>> FEATURE_TESTS = List.of(IstioRouteExamplesTest.class, ExternalServicesRenderTest.class,
            RequestAuthenticationRenderTest.class, AuthorizationPolicyRenderTest.class, GatewayTlsRenderTest.class,
            HashAlgorithmRenderTest.class);

    /**
     * What Istio 1.18 cannot take, by example: "Kind field: why" as 1.18's schema says it. The check refuses these for a
     * 1.18 cluster (MF301, never pushed); every other example renders for 1.18 as it does for the newest release (at
     * v1beta1, with one mirror as mirror + mirrorPercentage).
     */
    static final Map<String, List<String>> UNAVAILABLE_ON_1_18 = Map.of(
            // DestinationRule connectionPool.http.maxConcurrentStreams arrived in Istio 1.19 (the corpus uses it)
            "CrdSchemaValidationTest.CORPUS",
            List.of("DestinationRule spec.trafficPolicy.connectionPool.http.maxConcurrentStreams: unknown field"),
            // VirtualService corsPolicy.unmatchedPreflights arrived in Istio 1.23
            "IstioRouteExamplesTest.corsPolicyWithEveryOriginMatchAndUnmatchedPreflights",
            List.of("VirtualService spec.http[0].corsPolicy.unmatchedPreflights: unknown field"),
            // Gateway tls.mode OPTIONAL_MUTUAL is a value 1.18's enum lacks (it has no field of its own)
            "OldestIstioTest.OPTIONAL_MUTUAL",
            List.of("Gateway spec.servers[0].tls.mode: 'OPTIONAL_MUTUAL' is not one of"
                    + " [\"PASSTHROUGH\",\"SIMPLE\",\"MUTUAL\",\"AUTO_PASSTHROUGH\",\"ISTIO_MUTUAL\"]"));

    /** A gateway server in a mode newer than 1.18 (a value, not a field), which no feature test renders. */
    static final String OPTIONAL_MUTUAL = """
            apiVersion: meshfleet.dev/v1
            kind: Mesh
            metadata: {name: m}
            spec:
              gateways:
                - name: optional-mtls
                  selector: {istio: ingressgateway}
                  servers:
                    - port: {number: 443, name: https, protocol: HTTPS}
                      hosts: [httpbin.example.com]
                      tls: {mode: OPTIONAL_MUTUAL, credentialName: httpbin-credential}
            """;

    static List<Example> examples() {
        List<Example> out = new ArrayList<>();
        for (Class<?> test : FEATURE_TESTS) {
            out.addAll(ExampleIntents.of(test));
        }
        out.add(new Example("RawResourceVersionsTest.INTENT", parse(RawResourceVersionsTest.INTENT)));
        out.add(new Example("IstioVersionOutputTest.MIRROR", parse(IstioVersionOutputTest.MIRROR)));
        out.add(new Example("Seeds.PAYMENTS", parse(Seeds.PAYMENTS)));
        out.add(new Example("CrdSchemaValidationTest.CORPUS", parse(CrdSchemaValidationTest.CORPUS)));
        out.add(new Example("OldestIstioTest.OPTIONAL_MUTUAL", parse(OPTIONAL_MUTUAL)));
        return out;
    }

    @Test
    void everyRenderedResourceValidatesOrIsAnErrorForThatClusterNamingTheField() {
        assertSame(IstioSchemaSets.oldest(), IstioSchemaSets.forIstio(OLDEST.istioVersion()));
        assertSame(CrdSchemas.bundled(), IstioSchemaSets.forIstio(NEWEST.istioVersion()));
        List<Example> examples = examples();
        assertTrue(examples.size() >= 38, "examples found: " + examples.size());
        Map<String, List<String>> refusedOn118 = new TreeMap<>();
        for (Example example : examples) {
            List<String> old = refused(example, OLDEST, IstioSchemaSets.oldest());
            if (!old.isEmpty()) {
                refusedOn118.put(example.name(), old);
            }
            assertEquals(List.of(), refused(example, NEWEST, CrdSchemas.bundled()), example.name() + " on the newest Istio");
        }
        assertEquals(new TreeMap<>(UNAVAILABLE_ON_1_18), refusedOn118, "unavailable on Istio 1.18, as data:\n"
                + refusedOn118.entrySet().stream().map(e -> "            \"" + e.getKey() + "\",\n            List.of(\""
                        + String.join("\", \"", e.getValue()) + "\")").collect(Collectors.joining(",\n")));
    }

    /**
     * Renders the example for the cluster, validates each resource against the release's schemas, and asserts that the
     * server's check reports exactly those errors, each as MF301 for that cluster with the resource and field in its
     * path. Returns what the schemas refused as "Kind field: why".
     */
    private static List<String> refused(Example example, ClusterFacts cluster, CrdSchemas schemas) {
        Set<String> expectedPaths = new TreeSet<>();
        List<String> refused = new ArrayList<>();
        for (RenderedResource r : MeshRenderer.render(example.intent(), "m", 1, cluster)) {
            if (cluster == OLDEST) {
                assertTrue(!r.apiVersion().endsWith("/v1"), r.key() + " at " + r.apiVersion() + ": Istio 1.18 serves no v1");
            }
            for (String error : schemas.validate(r)) {
                int colon = error.indexOf(": ");
                expectedPaths.add(cluster.name() + "/" + r.key() + (colon < 0 ? "" : "." + error.substring(0, colon)));
                refused.add(r.kind() + " " + error);
            }
        }
        List<Finding> findings = new RenderedSchemaCheck().check(example.intent(), "m", 1, List.of(cluster));
        for (Finding f : findings) {
            assertEquals("MF301", f.code(), example.name() + ": " + f);
            assertEquals(Finding.Severity.ERROR, f.severity(), example.name() + ": " + f);
            assertTrue(f.message().contains("never pushed"), f.message());
        }
        assertEquals(expectedPaths, findings.stream().map(Finding::path).collect(Collectors.toCollection(TreeSet::new)),
                example.name() + " for Istio " + cluster.istioVersion() + ": the check must report every field the"
                        + " release's schema refuses, and nothing else");
        return refused.stream().distinct().sorted().toList();
    }

    private static MeshIntent parse(String document) {
        return IntentCodec.accept(document, false, null).model();
    }
}
