package dev.meshfleet.intent.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.meshfleet.intent.IntentCodec;

/** Delegates that are missing or unused, and match gateways the route is not bound to (MF111, MF112, MF211). */
class RouteShapesTest {
    private static List<String> findings(String yaml) {
        return IntentAnalyzer.analyze(IntentCodec.accept(yaml, false, null).model(), List.of()).stream()
                .filter(f -> f.code().startsWith("MF11") || f.code().equals("MF211"))
                .map(f -> f.severity() + " " + f.code() + " " + f.path()).toList();
    }

    @Test
    void aMissingDelegateIsAnErrorAndAnUnusedOneAWarning() {
        String yaml = """
                apiVersion: meshfleet.dev/v1
                kind: Mesh
                spec:
                  services:
                    - name: web
                      namespace: shop
                      http:
                        - match: [{uri: {prefix: /a}}]
                          delegate: {name: a}
                        - match: [{uri: {prefix: /b}}]
                          delegate: {name: b, namespace: other}
                        - match: [{uri: {prefix: /c}}]
                          delegate: {name: c}
                        - route: [{}]
                  delegates:
                    - name: a
                      namespace: shop
                      http: [{route: [{service: web}]}]
                    - name: unused
                      namespace: shop
                      http: [{route: [{service: web}]}]
                  resources:
                    - apiVersion: networking.istio.io/v1
                      kind: VirtualService
                      metadata: {name: c, namespace: shop}
                      spec:
                        http: [{route: [{destination: {host: web}}]}]
                """;
        assertEquals(List.of("ERROR MF211 $.spec.services[0].http[1].delegate",
                "WARNING MF112 $.spec.delegates[1]"), findings(yaml));
    }

    @Test
    void aDelegatesUriMatchesMustLieWithinTheRoots() {
        String yaml = """
                apiVersion: meshfleet.dev/v1
                kind: Mesh
                spec:
                  services:
                    - name: web
                      namespace: shop
                      http:
                        - match: [{uri: {prefix: /productpage}}]
                          delegate: {name: pp}
                        - route: [{}]
                  delegates:
                    - name: pp
                      namespace: shop
                      http:
                        - match: [{uri: {prefix: /productpage/v1/}}]
                          route: [{service: web}]
                        - match: [{uri: {prefix: /reviews}}, {uri: {regex: "/productpage/.*"}}]
                          route: [{service: web}]
                        - route: [{service: web}]
                """;
        assertEquals(List.of("WARNING MF113 $.spec.delegates[0].http[1].match[0].uri",
                "WARNING MF113 $.spec.delegates[0].http[1].match[1].uri"), findings(yaml));
    }

    @Test
    void matchGatewaysMustBeAmongTheRoutesGateways() {
        String yaml = """
                apiVersion: meshfleet.dev/v1
                kind: Mesh
                spec:
                  services:
                    - name: web
                      namespace: shop
                      http:
                        - match: [{gateways: [istio-system/gw]}]
                          route: [{}]
                        - route: [{}]
                  gateways:
                    - name: gw
                      selector: {istio: ingressgateway}
                      servers: [{port: {number: 80, protocol: HTTP}, hosts: ["*"]}]
                      routes:
                        - name: r
                          namespace: shop
                          hosts: [web.example.com]
                          http:
                            - match: [{gateways: [mesh]}]
                              route: [{service: web}]
                            - match: [{gateways: [istio-system/gw]}]
                              route: [{service: web}]
                """;
        assertEquals(List.of("WARNING MF111 $.spec.services[0].http[0].match[0].gateways[0]",
                "WARNING MF111 $.spec.gateways[0].routes[0].http[0].match[0].gateways[0]"), findings(yaml));
    }
}
