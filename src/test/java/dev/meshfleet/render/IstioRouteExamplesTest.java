package dev.meshfleet.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.analysis.Finding;
import dev.meshfleet.intent.analysis.IntentAnalyzer;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.render.schema.CrdSchemas;

/**
 * Route shapes and HTTP route features written as intent render to the VirtualServices (and DestinationRules) of
 * Istio's own documentation, compared as trees: kind, namespace/name and spec must be equal (Meshfleet's labels and
 * annotation aside; apiVersion is the cluster's). Each case cites its source. Where a case differs from the published
 * text, the comment says how and why the meaning is the same. Every rendered resource also validates against Istio's
 * CRD schemas at both API versions (networking.istio.io/v1 and, for Istio before 1.22, v1beta1), and the analysis
 * finds no error in the intent.
 */
class IstioRouteExamplesTest {
    private static final CrdSchemas SCHEMAS = CrdSchemas.bundled();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ClusterFacts> CLUSTERS = List.of(ClusterFacts.current("c", Map.of()),
            new ClusterFacts("old", Map.of(), "1.20.3", Set.of()));

    /**
     * Headers: istio.io/latest/docs/reference/config/networking/virtual-service/#Headers (istio/api
     * networking/v1alpha3/virtual_service.proto, message Headers), with the DestinationRule "reviews-destination" of
     * #HTTPRouteDestination. The names are the user's (names.virtualService/destinationRule), as when taking over
     * existing YAML. Differences: the doc writes {@code test: true}, a YAML boolean the schema (map of strings)
     * refuses, so it is quoted; the namespace "prod" is written out (the doc applies it to the current one).
     */
    @Test
    void headersPerRouteAndPerDestinationWithChosenNames() throws Exception {
        String intent = """
                apiVersion: meshfleet.dev/v1
                kind: Mesh
                spec:
                  services:
                    - name: reviews
                      namespace: prod
                      host: reviews.prod.svc.cluster.local
                      names: {virtualService: reviews-route, destinationRule: reviews-destination}
                      versions:
                        - {name: v1, labels: {version: v1}}
                        - {name: v2, labels: {version: v2}}
                      http:
                        - headers:
                            request:
                              set: {test: "true"}
                          route:
                            - {version: v2, weight: 25}
                            - version: v1
                              weight: 75
                              headers:
                                response:
                                  remove: [foo]
                """;
        String istio = """
                apiVersion: networking.istio.io/v1beta1
                kind: VirtualService
                metadata:
                  name: reviews-route
                  namespace: prod
                spec:
                  hosts:
                  - reviews.prod.svc.cluster.local
                  http:
                  - headers:
                      request:
                        set:
                          test: "true"
                    route:
                    - destination:
                        host: reviews.prod.svc.cluster.local
                        subset: v2
                      weight: 25
                    - destination:
                        host: reviews.prod.svc.cluster.local
                        subset: v1
                      headers:
                        response:
                          remove:
                          - foo
                      weight: 75
                ---
                apiVersion: networking.istio.io/v1beta1
                kind: DestinationRule
                metadata:
                  name: reviews-destination
                  namespace: prod
                spec:
                  host: reviews.prod.svc.cluster.local
                  subsets:
                  - name: v1
                    labels:
                      version: v1
                  - name: v2
                    labels:
                      version: v2
                """;
        Map<String, JsonNode> rendered = assertRendersTo(intent, istio);
        assertEquals(Set.of("VirtualService/prod/reviews-route", "DestinationRule/prod/reviews-destination"),
                rendered.keySet(), "no resource under the old name (reviews) beside the chosen ones");
    }

    /**
     * CORS: istio.io/latest/docs/reference/config/networking/virtual-service/#CorsPolicy (istio/api
     * virtual_service.proto, message CorsPolicy). The namespace "prod" is written out.
     */
    @Test
    void corsPolicy() throws Exception {
        String intent = """
                apiVersion: meshfleet.dev/v1
                kind: Mesh
                spec:
                  services:
                    - name: ratings
                      namespace: prod
                      host: ratings.prod.svc.cluster.local
                      names: {virtualService: ratings-route}
                      versions:
                        - {name: v1, labels: {version: v1}}
                      http:
                        - route:
                            - version: v1
                          corsPolicy:
                            allowOrigins:
                              - exact: https://example.com
                            allowMethods: [POST, GET]
                            allowCredentials: false
                            allowHeaders: [X-Foo-Bar]
                            maxAge: "24h"
                """;
        String istio = """
                apiVersion: networking.istio.io/v1beta1
                kind: VirtualService
                metadata:
                  name: ratings-route
                  namespace: prod
                spec:
                  hosts:
                  - ratings.prod.svc.cluster.local
                  http:
                  - route:
                    - destination:
                        host: ratings.prod.svc.cluster.local
                        subset: v1
                    corsPolicy:
                      allowOrigins:
                      - exact: https://example.com
                      allowMethods:
                      - POST
                      - GET
                      allowCredentials: false
                      allowHeaders:
                      - X-Foo-Bar
                      maxAge: "24h"
                """;
        assertRendersTo(intent, istio);
    }

    /**
     * The remaining CorsPolicy fields, composed from the field reference at
     * istio.io/latest/docs/reference/config/networking/virtual-service/#CorsPolicy (allowOrigins as StringMatch:
     * exact, prefix or regex; exposeHeaders; unmatchedPreflights FORWARD/IGNORE) as no published example shows them.
     */
    @Test
    void corsPolicyWithEveryOriginMatchAndUnmatchedPreflights() throws Exception {
        String intent = """
                apiVersion: meshfleet.dev/v1
                kind: Mesh
                spec:
                  services:
                    - name: ratings
                      namespace: prod
                      http:
                        - route:
                            - {}
                          corsPolicy:
                            allowOrigins:
                              - exact: https://example.com
                              - prefix: https://app.
                              - regex: "https://.*\\\\.example\\\\.org"
                            allowMethods: [GET, OPTIONS]
                            allowHeaders: [authorization, content-type]
                            exposeHeaders: [x-request-id]
                            maxAge: 1h
                            allowCredentials: true
                            unmatchedPreflights: IGNORE
                """;
        String istio = """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: ratings
                  namespace: prod
                spec:
                  hosts:
                  - ratings
                  http:
                  - route:
                    - destination:
                        host: ratings
                    corsPolicy:
                      allowOrigins:
                      - exact: https://example.com
                      - prefix: https://app.
                      - regex: "https://.*\\\\.example\\\\.org"
                      allowMethods: [GET, OPTIONS]
                      allowHeaders: [authorization, content-type]
                      exposeHeaders: [x-request-id]
                      maxAge: 1h
                      allowCredentials: true
                      unmatchedPreflights: IGNORE
                """;
        assertRendersTo(intent, istio);
    }

    /**
     * directResponse: istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPDirectResponse (istio/api
     * virtual_service.proto, message HTTPDirectResponse). The doc's "..." (further routes) is left out.
     */
    @Test
    void directResponse() throws Exception {
        String intent = """
                apiVersion: meshfleet.dev/v1
                kind: Mesh
                spec:
                  services:
                    - name: ratings
                      namespace: prod
                      host: ratings.prod.svc.cluster.local
                      names: {virtualService: ratings-route}
                      http:
                        - match:
                            - uri: {exact: /v1/getProductRatings}
                          directResponse:
                            status: 503
                            body:
                              string: "unknown error"
                """;
        String istio = """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: ratings-route
                  namespace: prod
                spec:
                  hosts:
                  - ratings.prod.svc.cluster.local
                  http:
                  - match:
                    - uri:
                        exact: /v1/getProductRatings
                    directResponse:
                      status: 503
                      body:
                        string: "unknown error"
                """;
        assertRendersTo(intent, istio);
    }

    /**
     * Several hosts, bound to a gateway and to {@code mesh} at once: the "bookinfo-rule" VirtualService of
     * istio.io/latest/docs/reference/config/networking/gateway/ (istio/api networking/v1alpha3/gateway.proto).
     */
    @Test
    void severalHostsBoundToAGatewayAndTheMesh() throws Exception {
        String intent = """
                apiVersion: meshfleet.dev/v1
                kind: Mesh
                spec:
                  services:
                    - {name: reviews, namespace: prod, host: reviews.prod.svc.cluster.local}
                    - {name: reviews-qa, namespace: qa, host: reviews.qa.svc.cluster.local}
                  gateways:
                    - name: my-gateway
                      namespace: some-config-namespace
                      selector: {app: my-gateway-controller}
                      servers:
                        - port: {number: 80, name: http, protocol: HTTP}
                          hosts: [uk.bookinfo.com, eu.bookinfo.com]
                      routes:
                        - name: bookinfo-rule
                          namespace: bookinfo-namespace
                          hosts: [reviews.prod.svc.cluster.local, uk.bookinfo.com, eu.bookinfo.com]
                          gateways: [mesh]
                          http:
                            - match:
                                - headers:
                                    cookie: {exact: "user=dev-123"}
                              route:
                                - {service: reviews-qa, port: 7777}
                            - match:
                                - uri: {prefix: /reviews/}
                              route:
                                - {service: reviews, port: 9080, weight: 80}
                                - {service: reviews-qa, weight: 20}
                """;
        String istio = """
                apiVersion: networking.istio.io/v1beta1
                kind: VirtualService
                metadata:
                  name: bookinfo-rule
                  namespace: bookinfo-namespace
                spec:
                  hosts:
                  - reviews.prod.svc.cluster.local
                  - uk.bookinfo.com
                  - eu.bookinfo.com
                  gateways:
                  - some-config-namespace/my-gateway
                  - mesh # applies to all the sidecars in the mesh
                  http:
                  - match:
                    - headers:
                        cookie:
                          exact: "user=dev-123"
                    route:
                    - destination:
                        port:
                          number: 7777
                        host: reviews.qa.svc.cluster.local
                  - match:
                    - uri:
                        prefix: /reviews/
                    route:
                    - destination:
                        port:
                          number: 9080 # can be omitted if it's the only port for reviews
                        host: reviews.prod.svc.cluster.local
                      weight: 80
                    - destination:
                        host: reviews.qa.svc.cluster.local
                      weight: 20
                """;
        assertRendersTo(intent, istio);
    }

    /**
     * {@code match[].gateways}: the "direct-cnn-through-egress-gateway" VirtualService of
     * istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/ ("Egress gateway for HTTP traffic").
     * Differences: the task applies everything to the current namespace and names the gateway without one; here that
     * namespace is "default" and the gateway is written default/istio-egressgateway, which Istio reads as the same
     * gateway (unqualified names are the VirtualService's namespace). Intent lists the route's own gateway first.
     */
    @Test
    void boundToAnEgressGatewayAndTheMeshWithMatchGateways() throws Exception {
        String intent = """
                apiVersion: meshfleet.dev/v1
                kind: Mesh
                spec:
                  services:
                    - {name: istio-egressgateway, namespace: istio-system, host: istio-egressgateway.istio-system.svc.cluster.local}
                    - {name: cnn, namespace: default, host: edition.cnn.com}
                  gateways:
                    - name: istio-egressgateway
                      namespace: default
                      selector: {istio: egressgateway}
                      servers:
                        - port: {number: 80, name: http, protocol: HTTP}
                          hosts: [edition.cnn.com]
                      routes:
                        - name: direct-cnn-through-egress-gateway
                          namespace: default
                          hosts: [edition.cnn.com]
                          gateways: [mesh]
                          http:
                            - match:
                                - gateways: [mesh]
                                  port: 80
                              route:
                                - {service: istio-egressgateway, port: 80, weight: 100}
                            - match:
                                - gateways: [default/istio-egressgateway]
                                  port: 80
                              route:
                                - {service: cnn, port: 80, weight: 100}
                """;
        String istio = """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: direct-cnn-through-egress-gateway
                  namespace: default
                spec:
                  hosts:
                  - edition.cnn.com
                  gateways:
                  - default/istio-egressgateway
                  - mesh
                  http:
                  - match:
                    - gateways:
                      - mesh
                      port: 80
                    route:
                    - destination:
                        host: istio-egressgateway.istio-system.svc.cluster.local
                        port:
                          number: 80
                      weight: 100
                  - match:
                    - gateways:
                      - default/istio-egressgateway
                      port: 80
                    route:
                    - destination:
                        host: edition.cnn.com
                        port:
                          number: 80
                      weight: 100
                """;
        assertRendersTo(intent, istio);
    }

    /**
     * delegate: the three VirtualServices of istio.io/latest/docs/reference/config/networking/virtual-service/#Delegate
     * (istio/api virtual_service.proto, message Delegate). Differences: Kubernetes namespaces are lower-case DNS
     * labels, so the doc's nsA/nsB are nsa/nsb (also in the hosts); the root is in nsa with its gateway, written
     * nsa/mygateway (Istio reads the doc's unqualified "mygateway" as the root's namespace, the same gateway).
     */
    @Test
    void delegateRootAndChildren() throws Exception {
        String intent = """
                apiVersion: meshfleet.dev/v1
                kind: Mesh
                spec:
                  services:
                    - {name: productpage, namespace: nsa, host: productpage.nsa.svc.cluster.local}
                    - {name: productpage-v1, namespace: nsa, host: productpage-v1.nsa.svc.cluster.local}
                    - {name: reviews, namespace: nsb, host: reviews.nsb.svc.cluster.local}
                  gateways:
                    - name: mygateway
                      namespace: nsa
                      selector: {istio: ingressgateway}
                      servers:
                        - port: {number: 80, name: http, protocol: HTTP}
                          hosts: [bookinfo.com]
                      routes:
                        - name: bookinfo
                          namespace: nsa
                          hosts: [bookinfo.com]
                          http:
                            - match:
                                - uri: {prefix: /productpage}
                              delegate: {name: productpage, namespace: nsa}
                            - match:
                                - uri: {prefix: /reviews}
                              delegate: {name: reviews, namespace: nsb}
                  delegates:
                    - name: productpage
                      namespace: nsa
                      http:
                        - match:
                            - uri: {prefix: /productpage/v1/}
                          route:
                            - service: productpage-v1
                        - route:
                            - service: productpage
                    - name: reviews
                      namespace: nsb
                      http:
                        - route:
                            - service: reviews
                """;
        String istio = """
                apiVersion: networking.istio.io/v1alpha3
                kind: VirtualService
                metadata:
                  name: bookinfo
                  namespace: nsa
                spec:
                  hosts:
                  - "bookinfo.com"
                  gateways:
                  - nsa/mygateway
                  http:
                  - match:
                    - uri:
                        prefix: "/productpage"
                    delegate:
                       name: productpage
                       namespace: nsa
                  - match:
                    - uri:
                        prefix: "/reviews"
                    delegate:
                        name: reviews
                        namespace: nsb
                ---
                apiVersion: networking.istio.io/v1alpha3
                kind: VirtualService
                metadata:
                  name: productpage
                  namespace: nsa
                spec:
                  http:
                  - match:
                     - uri:
                        prefix: "/productpage/v1/"
                    route:
                    - destination:
                        host: productpage-v1.nsa.svc.cluster.local
                  - route:
                    - destination:
                        host: productpage.nsa.svc.cluster.local
                ---
                apiVersion: networking.istio.io/v1alpha3
                kind: VirtualService
                metadata:
                  name: reviews
                  namespace: nsb
                spec:
                  http:
                  - route:
                    - destination:
                        host: reviews.nsb.svc.cluster.local
                """;
        assertRendersTo(intent, istio);
    }

    /** Renders at both API versions, validates every resource, and compares the expected ones; returns all rendered. */
    static Map<String, JsonNode> assertRendersTo(String intentYaml, String istioYaml) throws Exception {
        MeshIntent intent = ExampleIntents.seen(IntentCodec.accept(intentYaml, false, null).model());
        List<Finding> errors = IntentAnalyzer.analyze(intent, List.of()).stream()
                .filter(f -> f.severity() == Finding.Severity.ERROR).toList();
        assertEquals(List.of(), errors);
        Map<String, JsonNode> current = null;
        for (ClusterFacts cluster : CLUSTERS) {
            List<RenderedResource> rendered = MeshRenderer.render(intent, "m", 1, cluster);
            Map<String, JsonNode> byKey = new TreeMap<>();
            for (RenderedResource r : rendered) {
                assertEquals(List.of(), SCHEMAS.validate(r), r.key() + " at " + r.apiVersion() + "\n"
                        + Manifests.toYaml(r.manifest()));
                byKey.put(r.kind() + "/" + r.namespace() + "/" + r.name(), r.manifest());
            }
            current = current == null ? byKey : current;
        }
        var docs = new YAMLMapper().readerFor(JsonNode.class).readValues(istioYaml);
        while (docs.hasNext()) {
            JsonNode expected = (JsonNode) docs.next();
            String key = expected.at("/kind").asText() + "/" + expected.at("/metadata/namespace").asText() + "/"
                    + expected.at("/metadata/name").asText();
            JsonNode actual = current.get(key);
            assertNotNull(actual, key + " not rendered; rendered: " + current.keySet());
            assertEquals(normal(expected.get("spec")), normal(actual.get("spec")), key + " rendered as\n"
                    + Manifests.toYaml(actual));
        }
        return current;
    }

    /** The same numbers compare equal whatever width they were read or built with. */
    private static JsonNode normal(JsonNode node) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(node));
    }
}
