package dev.meshfleet.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.render.schema.CrdSchemas;

/**
 * Service entries and egress through an egress gateway: intent renders exactly Istio's documented YAML (each test cites
 * its source), at v1 for a current cluster and v1beta1 for one before Istio 1.22, and every resource passes Istio's
 * schema. Istio's examples leave the namespace out (they are applied to {@code default}) and some use the older
 * v1alpha3: the expected documents get {@code namespace: default} where they have none and the cluster's apiVersion,
 * both stated in {@link #expected}; everything else is compared as Istio wrote it.
 */
class ExternalServicesRenderTest {
    static final CrdSchemas SCHEMAS = CrdSchemas.bundled();
    static final ClusterFacts CURRENT = ClusterFacts.current("c1", Map.of());
    static final ClusterFacts OLD_ISTIO = new ClusterFacts("c1", Map.of(), "1.21.2", Set.of());
    static final String HEADER = "apiVersion: meshfleet.dev/v1\nkind: Mesh\nspec:\n";

    /** Istio's YAML documents by kind/namespace/name, with the namespace (default) and apiVersion filled in. */
    static Map<String, JsonNode> expected(String istioYaml, String apiVersion) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        var parser = new YAMLMapper().readerFor(JsonNode.class).readValues(istioYaml);
        while (parser.hasNext()) {
            ObjectNode doc = (ObjectNode) parser.next();
            String group = doc.get("apiVersion").asText().substring(0, doc.get("apiVersion").asText().indexOf('/'));
            doc.put("apiVersion", group + "/" + apiVersion);
            ObjectNode metadata = (ObjectNode) doc.get("metadata");
            if (!metadata.has("namespace")) {
                metadata.put("namespace", "default");
            }
            out.put(doc.get("kind").asText() + "/" + metadata.get("namespace").asText() + "/" + metadata.get("name").asText(), doc);
        }
        return out;
    }

    static JsonNode yaml(String text) {
        try {
            return new YAMLMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Renders the intent for both cluster generations; each must equal Istio's YAML and pass Istio's schema. */
    static void assertRendersAs(String intentSpec, String istioYaml) throws Exception {
        MeshIntent intent = ExampleIntents.seen(IntentCodec.accept(HEADER + intentSpec, false, "payments").model());
        for (ClusterFacts cluster : List.of(CURRENT, OLD_ISTIO)) {
            List<RenderedResource> rendered = MeshRenderer.render(intent, "payments", 7, cluster);
            for (RenderedResource r : rendered) {
                assertEquals(List.of(), SCHEMAS.validate(r), r.key() + " at " + r.apiVersion() + "\n" + Manifests.toYaml(r.manifest()));
            }
            Map<String, JsonNode> actual = SeedGoldenTest.withoutMeshfleetMarks(rendered);
            Map<String, JsonNode> expected = expected(istioYaml, cluster.istioApiVersion());
            assertEquals(expected.keySet(), actual.keySet());
            // as trees: the same keys and values, lists in the same order, whatever order Istio wrote the keys in
            expected.forEach((key, doc) -> assertEquals(doc, actual.get(key), key + " at " + cluster.istioApiVersion()
                    + "\nIstio's:\n" + Manifests.toYaml(doc) + "rendered:\n" + Manifests.toYaml(actual.get(key))));
        }
    }

    /**
     * "Accessing External Services", sections "Access an external HTTP service", "... HTTPS service" and "Manage
     * traffic to external services" (https://istio.io/latest/docs/tasks/traffic-management/egress/egress-control/,
     * istio/istio.io content/en/docs/tasks/traffic-management/egress/egress-control/index.md). The timeout
     * VirtualService is a service of the intent whose host is the external one.
     */
    @Test
    void accessingExternalServices() throws Exception {
        assertRendersAs("""
                  serviceEntries:
                    - name: httpbin-ext
                      namespace: default
                      hosts: [httpbin.org]
                      ports: [{number: 80, name: http, protocol: HTTP}]
                      resolution: DNS
                      location: MESH_EXTERNAL
                    - name: google
                      namespace: default
                      hosts: [www.google.com]
                      ports: [{number: 443, name: https, protocol: HTTPS}]
                      resolution: DNS
                      location: MESH_EXTERNAL
                  services:
                    - name: httpbin-ext
                      namespace: default
                      host: httpbin.org
                      http:
                        - timeout: 3s
                          route: [{weight: 100}]
                """, """
                apiVersion: networking.istio.io/v1alpha3
                kind: ServiceEntry
                metadata:
                  name: httpbin-ext
                spec:
                  hosts:
                  - httpbin.org
                  ports:
                  - number: 80
                    name: http
                    protocol: HTTP
                  resolution: DNS
                  location: MESH_EXTERNAL
                ---
                apiVersion: networking.istio.io/v1alpha3
                kind: ServiceEntry
                metadata:
                  name: google
                spec:
                  hosts:
                  - www.google.com
                  ports:
                  - number: 443
                    name: https
                    protocol: HTTPS
                  resolution: DNS
                  location: MESH_EXTERNAL
                ---
                apiVersion: networking.istio.io/v1alpha3
                kind: VirtualService
                metadata:
                  name: httpbin-ext
                spec:
                  hosts:
                    - httpbin.org
                  http:
                  - timeout: 3s
                    route:
                      - destination:
                          host: httpbin.org
                        weight: 100
                """);
    }

    /**
     * The examples of Istio's ServiceEntry reference (https://istio.io/latest/docs/reference/config/networking/service-entry/,
     * generated from istio/api networking/v1alpha3/service_entry.proto): external HTTPS APIs by SNI, MongoDB on VMs
     * with VIPs and static endpoints, wildcard hosts with resolution NONE, exportTo ".", a unix domain socket, DNS
     * endpoints with their own ports, subjectAltNames, and a workloadSelector spanning VMs and pods.
     */
    @Test
    void serviceEntryReferenceExamples() throws Exception {
        assertRendersAs("""
                  serviceEntries:
                    - name: external-svc-https
                      namespace: default
                      hosts: [api.dropboxapi.com, www.googleapis.com, api.facebook.com]
                      location: MESH_EXTERNAL
                      ports: [{number: 443, name: https, protocol: TLS}]
                      resolution: DNS
                    - name: external-svc-mongocluster
                      namespace: default
                      hosts: [mymongodb.somedomain]
                      addresses: [192.192.192.192/24]
                      ports: [{number: 27018, name: mongodb, protocol: MONGO}]
                      location: MESH_INTERNAL
                      resolution: STATIC
                      endpoints: [{address: 2.2.2.2}, {address: 3.3.3.3}]
                    - name: external-svc-redirect
                      namespace: default
                      hosts: [wikipedia.org, "*.wikipedia.org"]
                      location: MESH_EXTERNAL
                      ports: [{number: 443, name: https, protocol: TLS}]
                      resolution: NONE
                    - name: external-svc-httpbin
                      namespace: egress
                      hosts: [example.com]
                      exportTo: ["."]
                      location: MESH_EXTERNAL
                      ports: [{number: 80, name: http, protocol: HTTP}]
                      resolution: DNS
                    - name: external-svc-wildcard-example
                      namespace: default
                      hosts: ["*.bar.com"]
                      location: MESH_EXTERNAL
                      ports: [{number: 80, name: http, protocol: HTTP}]
                      resolution: NONE
                    - name: unix-domain-socket-example
                      namespace: default
                      hosts: [example.unix.local]
                      location: MESH_EXTERNAL
                      ports: [{number: 80, name: http, protocol: HTTP}]
                      resolution: STATIC
                      endpoints: [{address: "unix:///var/run/example/socket"}]
                    - name: external-svc-dns
                      namespace: default
                      hosts: [foo.bar.com]
                      location: MESH_EXTERNAL
                      ports: [{number: 80, name: http, protocol: HTTP}]
                      resolution: DNS
                      endpoints:
                        - {address: us.foo.bar.com, ports: {http: 8080}}
                        - {address: uk.foo.bar.com, ports: {http: 9080}}
                        - {address: in.foo.bar.com, ports: {http: 7080}}
                    - name: httpbin
                      namespace: httpbin-ns
                      hosts: [example.com]
                      location: MESH_INTERNAL
                      ports: [{number: 80, name: http, protocol: HTTP}]
                      resolution: STATIC
                      endpoints: [{address: 2.2.2.2}, {address: 3.3.3.3}]
                      subjectAltNames: ["spiffe://cluster.local/ns/httpbin-ns/sa/httpbin-service-account"]
                    - name: details-svc
                      namespace: default
                      hosts: [details.bookinfo.com]
                      location: MESH_INTERNAL
                      ports: [{number: 80, name: http, protocol: HTTP}]
                      resolution: STATIC
                      workloadSelector: {labels: {app: details}}
                """, """
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata:
                  name: external-svc-https
                spec:
                  hosts:
                  - api.dropboxapi.com
                  - www.googleapis.com
                  - api.facebook.com
                  location: MESH_EXTERNAL
                  ports:
                  - number: 443
                    name: https
                    protocol: TLS
                  resolution: DNS
                ---
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata:
                  name: external-svc-mongocluster
                spec:
                  hosts:
                  - mymongodb.somedomain # not used
                  addresses:
                  - 192.192.192.192/24 # VIPs
                  ports:
                  - number: 27018
                    name: mongodb
                    protocol: MONGO
                  location: MESH_INTERNAL
                  resolution: STATIC
                  endpoints:
                  - address: 2.2.2.2
                  - address: 3.3.3.3
                ---
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata:
                  name: external-svc-redirect
                spec:
                  hosts:
                  - wikipedia.org
                  - "*.wikipedia.org"
                  location: MESH_EXTERNAL
                  ports:
                  - number: 443
                    name: https
                    protocol: TLS
                  resolution: NONE
                ---
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata:
                  name: external-svc-httpbin
                  namespace: egress
                spec:
                  hosts:
                  - example.com
                  exportTo:
                  - "."
                  location: MESH_EXTERNAL
                  ports:
                  - number: 80
                    name: http
                    protocol: HTTP
                  resolution: DNS
                ---
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata:
                  name: external-svc-wildcard-example
                spec:
                  hosts:
                  - "*.bar.com"
                  location: MESH_EXTERNAL
                  ports:
                  - number: 80
                    name: http
                    protocol: HTTP
                  resolution: NONE
                ---
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata:
                  name: unix-domain-socket-example
                spec:
                  hosts:
                  - "example.unix.local"
                  location: MESH_EXTERNAL
                  ports:
                  - number: 80
                    name: http
                    protocol: HTTP
                  resolution: STATIC
                  endpoints:
                  - address: unix:///var/run/example/socket
                ---
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata:
                  name: external-svc-dns
                spec:
                  hosts:
                  - foo.bar.com
                  location: MESH_EXTERNAL
                  ports:
                  - number: 80
                    name: http
                    protocol: HTTP
                  resolution: DNS
                  endpoints:
                  - address: us.foo.bar.com
                    ports:
                      http: 8080
                  - address: uk.foo.bar.com
                    ports:
                      http: 9080
                  - address: in.foo.bar.com
                    ports:
                      http: 7080
                ---
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata:
                  name: httpbin
                  namespace: httpbin-ns
                spec:
                  hosts:
                  - example.com
                  location: MESH_INTERNAL
                  ports:
                  - number: 80
                    name: http
                    protocol: HTTP
                  resolution: STATIC
                  endpoints:
                  - address: 2.2.2.2
                  - address: 3.3.3.3
                  subjectAltNames:
                  - "spiffe://cluster.local/ns/httpbin-ns/sa/httpbin-service-account"
                ---
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata:
                  name: details-svc
                spec:
                  hosts:
                  - details.bookinfo.com
                  location: MESH_INTERNAL
                  ports:
                  - number: 80
                    name: http
                    protocol: HTTP
                  resolution: STATIC
                  workloadSelector:
                    labels:
                      app: details
                """);
    }

    /**
     * "Egress Gateways", section "Egress gateway for HTTP traffic", Istio APIs tab
     * (https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/, istio/istio.io
     * content/en/docs/tasks/traffic-management/egress/egress-gateway/index.md): the ServiceEntry for edition.cnn.com,
     * the egress Gateway, the DestinationRule for the gateway's service and the VirtualService in two steps. All four
     * resources, exactly; the egress gateway is Istio's default, so the intent does not name it.
     */
    @Test
    void egressGatewayForHttpTraffic() throws Exception {
        assertRendersAs("""
                  serviceEntries:
                    - name: cnn
                      namespace: default
                      hosts: [edition.cnn.com]
                      ports:
                        - {number: 80, name: http-port, protocol: HTTP}
                        - {number: 443, name: https, protocol: HTTPS}
                      resolution: DNS
                  egress:
                    - {name: cnn, namespace: default, host: edition.cnn.com, port: 80, protocol: HTTP}
                """, """
                apiVersion: networking.istio.io/v1alpha3
                kind: ServiceEntry
                metadata:
                  name: cnn
                spec:
                  hosts:
                  - edition.cnn.com
                  ports:
                  - number: 80
                    name: http-port
                    protocol: HTTP
                  - number: 443
                    name: https
                    protocol: HTTPS
                  resolution: DNS
                ---
                apiVersion: networking.istio.io/v1alpha3
                kind: Gateway
                metadata:
                  name: istio-egressgateway
                spec:
                  selector:
                    istio: egressgateway
                  servers:
                  - port:
                      number: 80
                      name: http
                      protocol: HTTP
                    hosts:
                    - edition.cnn.com
                ---
                apiVersion: networking.istio.io/v1alpha3
                kind: DestinationRule
                metadata:
                  name: egressgateway-for-cnn
                spec:
                  host: istio-egressgateway.istio-system.svc.cluster.local
                  subsets:
                  - name: cnn
                ---
                apiVersion: networking.istio.io/v1alpha3
                kind: VirtualService
                metadata:
                  name: direct-cnn-through-egress-gateway
                spec:
                  hosts:
                  - edition.cnn.com
                  gateways:
                  - istio-egressgateway
                  - mesh
                  http:
                  - match:
                    - gateways:
                      - mesh
                      port: 80
                    route:
                    - destination:
                        host: istio-egressgateway.istio-system.svc.cluster.local
                        subset: cnn
                        port:
                          number: 80
                      weight: 100
                  - match:
                    - gateways:
                      - istio-egressgateway
                      port: 80
                    route:
                    - destination:
                        host: edition.cnn.com
                        port:
                          number: 80
                      weight: 100
                """);
    }

    /**
     * "Egress Gateways", section "Egress gateway for HTTPS traffic", Istio APIs tab (same source as above): TLS the
     * application originates, passed through the gateway and routed by SNI. Compared exactly except for two things the
     * task writes differently from its HTTP section and that mean the same to Istio: the task lists the VirtualService's
     * gateways as [mesh, istio-egressgateway] (a set: Meshfleet writes the gateway first, as in the HTTP section) and
     * leaves {@code weight: 100} out on the sole destination of the first route (Istio's default for a sole
     * destination; Meshfleet writes it on both routes, as the task does on the second).
     */
    @Test
    void egressGatewayForHttpsTraffic() throws Exception {
        assertRendersAs("""
                  serviceEntries:
                    - name: cnn
                      namespace: default
                      hosts: [edition.cnn.com]
                      ports: [{number: 443, name: tls, protocol: TLS}]
                      resolution: DNS
                  egress:
                    - {name: cnn, namespace: default, host: edition.cnn.com, port: 443, protocol: TLS}
                """, """
                apiVersion: networking.istio.io/v1alpha3
                kind: ServiceEntry
                metadata:
                  name: cnn
                spec:
                  hosts:
                  - edition.cnn.com
                  ports:
                  - number: 443
                    name: tls
                    protocol: TLS
                  resolution: DNS
                ---
                apiVersion: networking.istio.io/v1alpha3
                kind: Gateway
                metadata:
                  name: istio-egressgateway
                spec:
                  selector:
                    istio: egressgateway
                  servers:
                  - port:
                      number: 443
                      name: tls
                      protocol: TLS
                    hosts:
                    - edition.cnn.com
                    tls:
                      mode: PASSTHROUGH
                ---
                apiVersion: networking.istio.io/v1alpha3
                kind: DestinationRule
                metadata:
                  name: egressgateway-for-cnn
                spec:
                  host: istio-egressgateway.istio-system.svc.cluster.local
                  subsets:
                  - name: cnn
                ---
                apiVersion: networking.istio.io/v1alpha3
                kind: VirtualService
                metadata:
                  name: direct-cnn-through-egress-gateway
                spec:
                  hosts:
                  - edition.cnn.com
                  gateways:
                  - istio-egressgateway  # the task: [mesh, istio-egressgateway]
                  - mesh
                  tls:
                  - match:
                    - gateways:
                      - mesh
                      port: 443
                      sniHosts:
                      - edition.cnn.com
                    route:
                    - destination:
                        host: istio-egressgateway.istio-system.svc.cluster.local
                        subset: cnn
                        port:
                          number: 443
                      weight: 100  # the task leaves it out: Istio's default for a sole destination
                  - match:
                    - gateways:
                      - istio-egressgateway
                      port: 443
                      sniHosts:
                      - edition.cnn.com
                    route:
                    - destination:
                        host: edition.cnn.com
                        port:
                          number: 443
                      weight: 100
                """);
    }

    /**
     * Several hosts through one egress gateway, as the task's tip says ("To direct multiple hosts through an egress
     * gateway, you can include a list of hosts ... in the Gateway"): one Gateway whose server lists every host on a
     * port; here a gateway of the intent's own in another namespace, which the VirtualServices name as namespace/name.
     */
    @Test
    void egressThroughOneGatewayShareItsGateway() {
        String spec = """
                  serviceEntries:
                    - {name: cnn, namespace: default, hosts: [edition.cnn.com], ports: [{number: 443, name: tls, protocol: TLS}], resolution: DNS}
                    - {name: wiki, namespace: default, hosts: [en.wikipedia.org], ports: [{number: 443, name: tls, protocol: TLS}], resolution: DNS}
                    - {name: httpbin, namespace: default, hosts: [httpbin.org], ports: [{number: 80, name: http, protocol: HTTP}], resolution: DNS}
                  egress:
                    - {name: cnn, namespace: default, host: edition.cnn.com, port: 443, protocol: TLS, gateway: {name: egress, namespace: istio-egress, service: egress.istio-egress.svc.cluster.local}}
                    - {name: wiki, namespace: default, host: en.wikipedia.org, port: 443, protocol: TLS, gateway: {name: egress, namespace: istio-egress, service: egress.istio-egress.svc.cluster.local}}
                    - {name: httpbin, namespace: default, host: httpbin.org, port: 80, protocol: HTTP, gateway: {name: egress, namespace: istio-egress, service: egress.istio-egress.svc.cluster.local}}
                """;
        MeshIntent intent = ExampleIntents.seen(IntentCodec.accept(HEADER + spec, false, "payments").model());
        List<RenderedResource> rendered = MeshRenderer.render(intent, "payments", 7, OLD_ISTIO);
        rendered.forEach(r -> assertEquals(List.of(), SCHEMAS.validate(r), r.key()));
        List<RenderedResource> gateways = rendered.stream().filter(r -> r.kind().equals("Gateway")).toList();
        assertEquals(1, gateways.size());
        assertEquals("istio-egress", gateways.get(0).namespace());
        assertEquals(yaml("""
                - port: {number: 443, name: tls, protocol: TLS}
                  hosts: [edition.cnn.com, en.wikipedia.org]
                  tls: {mode: PASSTHROUGH}
                - port: {number: 80, name: http, protocol: HTTP}
                  hosts: [httpbin.org]
                """), gateways.get(0).manifest().get("spec").get("servers"));
        RenderedResource vs = rendered.stream().filter(r -> r.name().equals("direct-wiki-through-egress-gateway")).findFirst().orElseThrow();
        assertEquals("[\"istio-egress/egress\",\"mesh\"]", vs.manifest().at("/spec/gateways").toString());
        assertEquals("istio-egress/egress", vs.manifest().at("/spec/tls/1/match/0/gateways/0").asText());
        assertEquals("egress.istio-egress.svc.cluster.local", vs.manifest().at("/spec/tls/0/route/0/destination/host").asText());
        assertEquals("wiki", vs.manifest().at("/spec/tls/0/route/0/destination/subset").asText());
    }
}
