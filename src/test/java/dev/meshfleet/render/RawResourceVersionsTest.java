package dev.meshfleet.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.render.schema.CrdSchemas;

/**
 * Raw resources in {@code spec.resources} are written at the cluster's Istio API version like typed ones: a cluster
 * before Istio 1.22 serves no {@code v1}, so a raw resource written at v1 must reach it at v1beta1 (Telemetry at
 * v1alpha1), and a current cluster gets v1beta1 ones at v1. Alpha versions and kinds without the cluster's version
 * stay as written. Everything else about them is unchanged, and all pass Istio's schema at the version they get.
 */
class RawResourceVersionsTest {
    static final CrdSchemas SCHEMAS = CrdSchemas.bundled();
    static final String INTENT = """
            apiVersion: meshfleet.dev/v1
            kind: Mesh
            spec:
              resources:
                # Istio's "Accessing External Services" task, as a raw resource written at v1
                - apiVersion: networking.istio.io/v1
                  kind: ServiceEntry
                  metadata: {name: httpbin-ext, namespace: default}
                  spec: {hosts: [httpbin.org], ports: [{number: 80, name: http, protocol: HTTP}], resolution: DNS, location: MESH_EXTERNAL}
                # written at v1beta1, as Istio's docs before 1.22 do
                - apiVersion: networking.istio.io/v1beta1
                  kind: VirtualService
                  metadata: {name: httpbin-ext, namespace: default}
                  spec: {hosts: [httpbin.org], http: [{timeout: 3s, route: [{destination: {host: httpbin.org}, weight: 100}]}]}
                - apiVersion: security.istio.io/v1
                  kind: RequestAuthentication
                  metadata: {name: jwt-example, namespace: foo}
                  spec: {selector: {matchLabels: {app: httpbin}}, jwtRules: [{issuer: testing@secure.istio.io, jwksUri: "https://raw.githubusercontent.com/istio/istio/release-1.22/security/tools/jwt/samples/jwks.json"}]}
                # Telemetry has v1 (1.22+) and v1alpha1, no v1beta1
                - apiVersion: telemetry.istio.io/v1
                  kind: Telemetry
                  metadata: {name: mesh-default, namespace: istio-system}
                  spec: {accessLogging: [{providers: [{name: envoy}]}]}
                - apiVersion: telemetry.istio.io/v1alpha1
                  kind: Telemetry
                  metadata: {name: alpha, namespace: default}
                  spec: {accessLogging: [{providers: [{name: envoy}]}]}
                # ProxyConfig exists only at v1beta1
                - apiVersion: networking.istio.io/v1beta1
                  kind: ProxyConfig
                  metadata: {name: per-workload, namespace: default}
                  spec: {concurrency: 0}
                - apiVersion: networking.istio.io/v1alpha3
                  kind: Sidecar
                  metadata: {name: default, namespace: prod-us1}
                  spec: {egress: [{hosts: ["prod-us1/*", "istio-system/*"]}]}
            """;

    static Map<String, String> versions(ClusterFacts cluster) {
        MeshIntent intent = IntentCodec.accept(INTENT, false, "m").model();
        Map<String, String> out = new TreeMap<>();
        for (RenderedResource r : MeshRenderer.render(intent, "m", 1, cluster)) {
            assertEquals(List.of(), SCHEMAS.validate(r), r.key() + " at " + r.apiVersion());
            assertEquals(r.apiVersion(), r.manifest().get("apiVersion").asText());
            out.put(r.kind() + "/" + r.name(), r.apiVersion());
        }
        return out;
    }

    @Test
    void aClusterBeforeIstio122GetsV1beta1() {
        assertEquals(Map.of(
                "ServiceEntry/httpbin-ext", "networking.istio.io/v1beta1",
                "VirtualService/httpbin-ext", "networking.istio.io/v1beta1",
                "RequestAuthentication/jwt-example", "security.istio.io/v1beta1",
                "Telemetry/mesh-default", "telemetry.istio.io/v1alpha1",
                "Telemetry/alpha", "telemetry.istio.io/v1alpha1",
                "ProxyConfig/per-workload", "networking.istio.io/v1beta1",
                "Sidecar/default", "networking.istio.io/v1alpha3"),
                versions(new ClusterFacts("old", Map.of(), "1.21.2", Set.of())));
    }

    @Test
    void aCurrentClusterGetsV1() {
        assertEquals(Map.of(
                "ServiceEntry/httpbin-ext", "networking.istio.io/v1",
                "VirtualService/httpbin-ext", "networking.istio.io/v1",
                "RequestAuthentication/jwt-example", "security.istio.io/v1",
                "Telemetry/mesh-default", "telemetry.istio.io/v1",
                "Telemetry/alpha", "telemetry.istio.io/v1alpha1",
                "ProxyConfig/per-workload", "networking.istio.io/v1beta1",
                "Sidecar/default", "networking.istio.io/v1alpha3"),
                versions(ClusterFacts.current("new", Map.of())));
    }

    @Test
    void onlyTheApiVersionChanges() {
        MeshIntent intent = IntentCodec.accept(INTENT, false, "m").model();
        var current = MeshRenderer.render(intent, "m", 1, ClusterFacts.current("new", Map.of()));
        var old = MeshRenderer.render(intent, "m", 1, new ClusterFacts("old", Map.of(), "1.20.0", Set.of()));
        assertEquals(current.size(), old.size());
        for (int i = 0; i < current.size(); i++) {
            var a = current.get(i).manifest().deepCopy();
            var b = old.get(i).manifest().deepCopy();
            a.remove("apiVersion");
            b.remove("apiVersion");
            assertEquals(a, b, current.get(i).key());
            assertEquals(current.get(i).key(), old.get(i).key(), "a plan matches them as one resource");
        }
    }
}
