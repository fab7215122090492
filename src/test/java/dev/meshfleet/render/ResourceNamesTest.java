package dev.meshfleet.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.analysis.Finding;
import dev.meshfleet.intent.analysis.IntentAnalyzer;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.render.schema.RenderedSchemaCheck;
import dev.meshfleet.support.Seeds;

/**
 * MF206: two parts of an intent that render one kind's namespace/name are an error naming both paths; and the names the
 * analysis predicts are the renderer's (every duplicate in rendered output has exactly one finding, and none otherwise).
 */
class ResourceNamesTest {

    /**
     * The helloworld sample's gateway VirtualService (istio/istio samples/helloworld/helloworld-gateway.yaml: VirtualService
     * helloworld, gateways [helloworld-gateway], match uri exact /hello, route to helloworld port 5000) written as a
     * gateway route in namespace default, next to a service route for helloworld that renders a VirtualService
     * default/helloworld too.
     */
    static final String HELLOWORLD = """
            apiVersion: meshfleet.dev/v1
            kind: Mesh
            metadata: {name: hello}
            spec:
              services:
                - name: helloworld
                  namespace: default
                  ports: [{number: 5000, name: http, protocol: HTTP}]
                  versions:
                    - {name: v1, labels: {version: v1}}
                    - {name: v2, labels: {version: v2}}
                  http:
                    - route:
                        - {version: v1, weight: 90}
                        - {version: v2, weight: 10}
              gateways:
                - name: helloworld-gateway
                  namespace: default
                  selector: {istio: ingressgateway}
                  servers:
                    - port: {number: 80, name: http, protocol: HTTP}
                      hosts: ["*"]
                  routes:
                    - name: helloworld
                      namespace: default
                      hosts: ["*"]
                      http:
                        - match: [{uri: {exact: /hello}}]
                          route: [{service: helloworld, port: 5000}]
            """;

    @Test
    void aServiceRouteAndAGatewayRouteOfOneNameAreAnError() {
        List<Finding> found = mf206(HELLOWORLD);
        assertEquals(1, found.size(), found.toString());
        Finding f = found.get(0);
        assertEquals(Finding.Severity.ERROR, f.severity());
        assertEquals("$.spec.gateways[0].routes[0]", f.path());
        assertTrue(f.message().contains("VirtualService default/helloworld")
                && f.message().contains("$.spec.services[0]") && f.message().contains("$.spec.gateways[0].routes[0]"),
                f.message());
        assertEquals(1, duplicates(HELLOWORLD));
        String renamed = HELLOWORLD.replace("- name: helloworld\n          namespace: default\n          hosts",
                "- name: helloworld-ingress\n          namespace: default\n          hosts");
        assertTrue(renamed.contains("helloworld-ingress"));
        assertEquals(List.of(), mf206(renamed));
        assertEquals(0, duplicates(renamed));
    }

    @Test
    void collisionsOfEveryKindAreFoundAndMatchTheRenderedOutput() {
        String intent = HELLOWORLD.replace("name: helloworld\n          namespace: default\n          hosts",
                "name: helloworld-ingress\n          namespace: default\n          hosts") + """
                  mtls:
                    namespaces: [{namespace: default, mode: STRICT}]
                    workloads:
                      - {name: default, namespace: default, selector: {app: helloworld}, mode: STRICT}
                  resources:
                    - apiVersion: networking.istio.io/v1
                      kind: Gateway
                      metadata: {name: helloworld-gateway, namespace: default}
                      spec: {selector: {istio: ingressgateway}, servers: [{port: {number: 81, name: http2, protocol: HTTP}, hosts: ["*"]}]}
                    - apiVersion: networking.istio.io/v1
                      kind: DestinationRule
                      metadata: {name: helloworld, namespace: default}
                      spec: {host: helloworld}
                """;
        List<Finding> found = mf206(intent);
        assertEquals(List.of("$.spec.mtls.workloads[0]",
                "$.spec.resources[0].metadata.name", "$.spec.resources[1].metadata.name"),
                found.stream().map(Finding::path).toList(), found.toString());
        assertEquals(found.size(), duplicates(intent));
    }

    @Test
    void theCorpusAndSeedHaveNoCollisions() {
        for (String document : List.of(Seeds.PAYMENTS, CrdSchemaValidationTest.CORPUS)) {
            assertEquals(List.of(), mf206(document));
            assertEquals(0, duplicates(document));
        }
    }

    /**
     * The backstop behind the analysis: the per-cluster render check (the one behind PUT, plans and pushes) refuses any
     * rendered resource that appears twice, whatever part of the intent named it, naming the cluster and the resource.
     */
    @Test
    void theRenderCheckRefusesAResourceRenderedTwice() {
        RenderedSchemaCheck check = new RenderedSchemaCheck();
        List<ClusterFacts> fleet = List.of(ClusterFacts.current("eu-1", Map.of()), ClusterFacts.current("us-1", Map.of()));
        List<Finding> found = check.check(IntentCodec.accept(HELLOWORLD, false, null).model(), "hello", 1, fleet).stream()
                .filter(f -> f.code().equals("MF302")).toList();
        assertEquals(1, found.size(), found.toString());
        assertEquals("eu-1/networking.istio.io/VirtualService/default/helloworld", found.get(0).path());
        assertEquals(Finding.Severity.ERROR, found.get(0).severity());
        assertTrue(found.get(0).message().contains("VirtualService default/helloworld for cluster eu-1 and 1 other(s)"),
                found.get(0).message());
        String renamed = HELLOWORLD.replace("- name: helloworld\n          namespace: default\n          hosts",
                "- name: helloworld-ingress\n          namespace: default\n          hosts");
        assertEquals(List.of(), check.check(IntentCodec.accept(renamed, false, null).model(), "hello", 1, fleet));
    }

    private static List<Finding> mf206(String yaml) {
        MeshIntent intent = IntentCodec.accept(yaml, false, null).model();
        return IntentAnalyzer.analyze(intent, List.of()).stream().filter(f -> f.code().equals("MF206")).toList();
    }

    /** Rendered resources that share kind, namespace and name with one rendered before them. */
    private static int duplicates(String yaml) {
        MeshIntent intent = IntentCodec.accept(yaml, false, null).model();
        Map<String, Integer> seen = new HashMap<>();
        MeshRenderer.render(intent, "m", 1, ClusterFacts.current("c", Map.of())).forEach(r -> seen.merge(r.key(), 1, Integer::sum));
        return seen.values().stream().mapToInt(n -> n - 1).sum();
    }
}
