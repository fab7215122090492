package dev.meshfleet.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.analysis.Finding;
import dev.meshfleet.intent.analysis.IntentAnalyzer;
import dev.meshfleet.intent.analysis.OtherMesh;
import dev.meshfleet.intent.model.MeshIntent;

/**
 * A service's further hosts ({@code services[].hosts}): its VirtualService routes its own host and then these, in the
 * order written; the codec is strict, validation names the path of a bad host, and the analysis counts them wherever
 * hosts are compared (MF204 across meshes, MF223 against egress, MF207 between services; MF131 when nothing routes
 * them).
 */
class ServiceHostsTest {
    private static final String HEADER = "apiVersion: meshfleet.dev/v1\nkind: Mesh\nmetadata:\n  name: m\nspec:\n";

    /**
     * istio/istio tests/testdata/config/none.yaml (commit 86c9f01fd735fb01d8192f5bcaf0d424afb7f14c), the VirtualService
     * "tls-routing": one sidecar VirtualService (no gateways) for two hosts, routing each by SNI. As intent: the service
     * www1 (host www1.googleapis.com) lists api1.facebook.com as a further host; api1.facebook.com is the host of a
     * service api1 that only serves as a destination (it has no routes, so renders nothing itself). The name is the
     * user's (names.virtualService). The comments of the published file are left out.
     */
    @Test
    void tlsRoutingForTwoHostsOnOneSidecarVirtualService() {
        String spec = """
                services:
                  - name: www1
                    namespace: none
                    host: www1.googleapis.com
                    hosts: [api1.facebook.com]
                    names: {virtualService: tls-routing}
                    tls:
                      - match: [{port: 2443, sniHosts: [www1.googleapis.com]}]
                        route: [{}]
                      - match: [{port: 2443, sniHosts: [api1.facebook.com]}]
                        route: [{service: api1}]
                  - name: api1
                    namespace: none
                    host: api1.facebook.com
                """;
        IstioExamples.assertRendersAs(spec, """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: tls-routing
                  namespace: none
                spec:
                  hosts:
                  - www1.googleapis.com
                  - api1.facebook.com
                  tls:
                  - match:
                    - port: 2443
                      sniHosts:
                      - www1.googleapis.com
                    route:
                    - destination:
                        host: www1.googleapis.com
                  - match:
                    - port: 2443
                      sniHosts:
                      - api1.facebook.com
                    route:
                    - destination:
                        host: api1.facebook.com
                """);
        MeshIntent intent = IstioExamples.intent(spec);
        assertEquals(List.of(), IntentAnalyzer.analyze(intent, List.of()).stream()
                .filter(f -> f.severity() == Finding.Severity.ERROR).toList());
        List<RenderedResource> rendered = MeshRenderer.render(intent, "m", 1, ClusterFacts.current("c", Map.of()));
        assertEquals(List.of("networking.istio.io/VirtualService/none/tls-routing"), rendered.stream().map(RenderedResource::key).toList(),
                "api1, without routes, renders nothing of its own");
    }

    @Test
    void shortNamesAreKeptInTheOrderWrittenAfterTheServiceName() {
        String spec = """
                services:
                  - name: reviews
                    namespace: prod
                    hosts: [reviews-legacy, reviews.example.com, reviews.prod.svc]
                    http: [{route: [{}]}]
                """;
        MeshIntent intent = IstioExamples.intent(spec);
        RenderedResource vs = MeshRenderer.render(intent, "m", 1, ClusterFacts.current("c", Map.of())).get(0);
        List<String> hosts = list(vs.manifest().path("spec").path("hosts"));
        assertEquals(List.of("reviews", "reviews-legacy", "reviews.example.com", "reviews.prod.svc"), hosts);
        // the canonical form keeps the order too (it is meaningful: hosts are written as given)
        String canonical = IntentCodec.canonical(intent).json();
        assertTrue(canonical.contains("\"hosts\":[\"reviews-legacy\",\"reviews.example.com\",\"reviews.prod.svc\"]"), canonical);
    }

    @Test
    void withoutFurtherHostsTheVirtualServiceHasTheServiceHostAlone() {
        MeshIntent intent = IstioExamples.intent("""
                services:
                  - name: reviews
                    namespace: prod
                    http: [{route: [{}]}]
                """);
        RenderedResource vs = MeshRenderer.render(intent, "m", 1, ClusterFacts.current("c", Map.of())).get(0);
        assertEquals(List.of("reviews"), list(vs.manifest().path("spec").path("hosts")));
    }

    @Test
    void theCodecIsStrict() {
        assertEquals("$.spec.services[0].hosts", error("hosts: reviews.example.com").path());
        assertEquals("$.spec.services[0].hosts[0]", error("hosts: [5]").path());
        assertEquals("$.spec.services[0].hosts[1]", error("hosts: [a.example.com, null]").path());
    }

    @Test
    void badHostsAreRefusedWithTheirPath() {
        assertEquals(List.of(new FieldError("$.spec.services[0].hosts[1]", "'*' cannot be a host of a service's "
                + "VirtualService: Istio refuses it for routes bound to the sidecars (mesh)")),
                errors("hosts: [a.example.com, '*']"));
        assertEquals("$.spec.services[0].hosts[0]", errors("hosts: [Reviews.Example.com]").get(0).path());
        assertEquals("$.spec.services[0].hosts[0]", errors("hosts: ['']").get(0).path());
        assertEquals("$.spec.services[0].hosts[0]", errors("hosts: [a..b]").get(0).path());
        List<FieldError> own = errors("hosts: [reviews]");
        assertEquals("$.spec.services[0].hosts[0]", own.get(0).path());
        assertTrue(own.get(0).message().contains("own host"), own.get(0).message());
        assertEquals("$.spec.services[0].hosts[0]", errors("hosts: [reviews.prod.svc.cluster.local]").get(0).path(),
                "the qualified form of the service's own name is its own host too");
        List<FieldError> dup = errors("hosts: [a.example.com, b, a.example.com]");
        assertEquals(List.of("$.spec.services[0].hosts[2]"), dup.stream().map(FieldError::path).toList());
        assertTrue(dup.get(0).message().contains("hosts[0]"), dup.get(0).message());
        assertEquals(List.of("$.spec.services[0].hosts[1]"),
                errors("hosts: [b, b.prod.svc.cluster.local]").stream().map(FieldError::path).toList());
        assertEquals(List.of(), errors("hosts: ['*.example.com', b, b.other.svc.cluster.local, 10.0.0.1]"));
    }

    @Test
    void furtherHostsCountForHostConflictsAcrossMeshes() {
        String mine = HEADER + """
                  services:
                    - name: reviews
                      namespace: prod
                      hosts: [ratings]
                      http: [{route: [{}]}]
                """;
        String theirs = HEADER.replace("name: m", "name: other") + """
                  services:
                    - name: ratings
                      namespace: prod
                      http: [{route: [{}]}]
                """;
        OtherMesh other = new OtherMesh("other", IntentCodec.accept(theirs, false, "other").model(), Set.of("c1"));
        List<Finding> findings = analyze(mine, other).stream().filter(f -> f.code().equals("MF204")).toList();
        assertEquals(1, findings.size(), findings.toString());
        assertEquals("$.spec.services[0].hosts[0]", findings.get(0).path());
        assertTrue(findings.get(0).message().contains("ratings.prod.svc.cluster.local"), findings.get(0).message());
        // and the other way round: the other mesh's further host conflicts with this mesh's service
        OtherMesh reverse = new OtherMesh("other", IntentCodec.accept(mine.replace("name: m", "name: other"), false,
                "other").model(), Set.of("c1"));
        assertEquals(List.of("$.spec.services[0].name"), analyze(theirs.replace("name: other", "name: m"), reverse)
                .stream().filter(f -> f.code().equals("MF204")).map(Finding::path).toList());
    }

    @Test
    void aFurtherHostThatIsAnEgressHostIsAnError() {
        List<Finding> findings = analyze(HEADER + """
                  services:
                    - name: reviews
                      namespace: default
                      hosts: [edition.cnn.com]
                      http: [{route: [{}]}]
                  egress:
                    - {name: cnn, namespace: default, host: edition.cnn.com, port: 80, protocol: HTTP}
                """).stream().filter(f -> f.code().equals("MF223")).toList();
        assertEquals(List.of("$.spec.services[0].hosts[0]"), findings.stream().map(Finding::path).toList());
    }

    @Test
    void twoServicesRoutingOneHostIsAnError() {
        List<Finding> findings = analyze(HEADER + """
                  services:
                    - name: reviews
                      namespace: prod
                      http: [{route: [{}]}]
                    - name: reviews-v2
                      namespace: prod
                      hosts: [reviews.prod.svc.cluster.local]
                      http: [{route: [{}]}]
                """).stream().filter(f -> f.code().equals("MF207")).toList();
        assertEquals(List.of("$.spec.services[1].hosts[0]"), findings.stream().map(Finding::path).toList());
        assertTrue(findings.get(0).message().contains("$.spec.services[0].name"), findings.get(0).message());
    }

    /**
     * Further hosts alone make no VirtualService: Istio refuses one without routes, so a service without routes renders
     * none, as today, and the analysis warns that the hosts are not routed (unless an override gives it routes).
     */
    @Test
    void furtherHostsWithoutRoutesAreAWarningAndRenderNothing() {
        String yaml = HEADER + """
                  services:
                    - name: reviews
                      namespace: prod
                      hosts: [reviews.example.com]
                """;
        assertEquals(List.of("$.spec.services[0].hosts"), analyze(yaml).stream()
                .filter(f -> f.code().equals("MF131")).map(Finding::path).toList());
        MeshIntent intent = IntentCodec.accept(yaml, false, "m").model();
        assertEquals(List.of(), MeshRenderer.render(intent, "m", 1, ClusterFacts.current("c", Map.of())));
        String overridden = yaml + """
                  overrides:
                    - name: eu
                      clusters: {matchLabels: {region: eu}}
                      services:
                        - name: reviews
                          http: [{route: [{}]}]
                """;
        assertEquals(List.of(), analyze(overridden).stream().filter(f -> f.code().equals("MF131")).toList());
    }

    private static List<Finding> analyze(String yaml, OtherMesh... others) {
        return IntentAnalyzer.analyze(IntentCodec.accept(yaml, false, "m").model(), List.of(others));
    }

    private static String service(String hostsLine) {
        return HEADER + """
                  services:
                    - name: reviews
                      namespace: prod
                      http: [{route: [{}]}]
                """ + "      " + hostsLine + "\n";
    }

    private static FieldError error(String hostsLine) {
        ValidationException e = assertThrows(ValidationException.class, () -> IntentCodec.accept(service(hostsLine), false, "m"));
        return e.errors().get(0);
    }

    private static List<FieldError> errors(String hostsLine) {
        try {
            IntentCodec.accept(service(hostsLine), false, "m");
            return List.of();
        } catch (ValidationException e) {
            return e.errors();
        }
    }

    private static List<String> list(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
