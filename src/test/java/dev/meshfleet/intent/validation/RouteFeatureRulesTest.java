package dev.meshfleet.intent.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.intent.IntentCodec;

/**
 * Headers, CORS, direct responses, delegates, gateway bindings and chosen names are refused, with the path of the
 * field, where Istio's own validation (istiod's webhook, pkg/config/validation) or its CRD schema would refuse them;
 * unknown fields are refused by the strict codec.
 */
class RouteFeatureRulesTest {
    private static final String HEAD = """
            apiVersion: meshfleet.dev/v1
            kind: Mesh
            spec:
              services:
                - name: web
                  namespace: shop
                  versions: [{name: v1, labels: {version: v1}}]
            """;

    private static String withRoute(String route) {
        return HEAD + "      http:\n" + route.indent(8);
    }

    private static List<FieldError> errorsOf(String yaml) {
        return assertThrows(ValidationException.class, () -> IntentCodec.accept(yaml, false, null)).errors();
    }

    private static void assertError(String yaml, String path, String messagePart) {
        List<FieldError> errors = errorsOf(yaml);
        assertTrue(errors.stream().anyMatch(e -> e.path().equals(path) && e.message().contains(messagePart)),
                "expected " + path + " '" + messagePart + "' in " + errors);
    }

    @Test
    void validFeaturesAreAccepted() {
        IntentCodec.accept(withRoute("""
                - headers:
                    request: {set: {x-a: "1"}, add: {x-b: "2"}, remove: [x-c]}
                    response: {remove: [server]}
                  corsPolicy:
                    allowOrigins: [{prefix: "https://"}]
                    allowMethods: [GET]
                    maxAge: 10m
                    unmatchedPreflights: FORWARD
                  route: [{version: v1, headers: {request: {set: {host: example.com}}}}]
                """), false, null);
    }

    @Test
    void unknownFieldsAndWrongTypesAreRefused() {
        assertError(withRoute("- route: [{}]\n  headers: {request: {append: {a: b}}}"),
                "$.spec.services[0].http[0].headers.request.append", "");
        assertError(withRoute("- route: [{}]\n  corsPolicy: {allowOrigin: [x]}"),
                "$.spec.services[0].http[0].corsPolicy.allowOrigin", "");
        assertError(withRoute("- directResponse: {status: \"503\"}"),
                "$.spec.services[0].http[0].directResponse.status", "");
        assertError(withRoute("- route: [{}]\n  corsPolicy: {unmatchedPreflights: UNSPECIFIED}"),
                "$.spec.services[0].http[0].corsPolicy.unmatchedPreflights", "");
    }

    @Test
    void headerOperationsFollowIstiosRules() {
        String p = "$.spec.services[0].http[0]";
        assertError(withRoute("- route: [{}]\n  headers: {request: {set: {\":path\": /x}}}"),
                p + ".headers.request.set.:path", "pseudo-headers");
        assertError(withRoute("- route: [{}]\n  headers: {request: {remove: [host]}}"),
                p + ".headers.request.remove[0]", "Host");
        assertError(withRoute("- route: [{}]\n  headers: {response: {set: {\"bad header\": x}}}"),
                p + ".headers.response.set.bad header", "not a valid header name");
        assertError(withRoute("- route: [{}]\n  headers: {}"), p + ".headers", "give request or response");
        assertError(withRoute("- route: [{headers: {request: {add: {\":authority\": x}}}}]"),
                p + ".route[0].headers.request.add.:authority", "pseudo-headers");
    }

    @Test
    void headersOnTcpDestinationsAreRefused() {
        String yaml = HEAD + """
                      tcp:
                        - route: [{version: v1, headers: {request: {set: {a: b}}}}]
                """;
        assertError(yaml, "$.spec.services[0].tcp[0].route[0].headers", "HTTP routes only");
    }

    @Test
    void corsFollowsIstiosRules() {
        String p = "$.spec.services[0].http[0].corsPolicy";
        assertError(withRoute("- route: [{}]\n  corsPolicy: {allowOrigins: [{exact: a, prefix: b}]}"),
                p + ".allowOrigins[0]", "exactly one");
        assertError(withRoute("- route: [{}]\n  corsPolicy: {allowOrigins: [{exact: \"\"}]}"),
                p + ".allowOrigins[0]", "must not be empty");
        assertError(withRoute("- route: [{}]\n  corsPolicy: {allowMethods: [get]}"), p + ".allowMethods[0]",
                "must be one of");
        assertError(withRoute("- route: [{}]\n  corsPolicy: {allowHeaders: [\"x y\"]}"), p + ".allowHeaders[0]",
                "not a valid header name");
        assertError(withRoute("- route: [{}]\n  corsPolicy: {maxAge: 1500ms}"), p + ".maxAge", "whole seconds");
        assertError(withRoute("- route: [{}]\n  corsPolicy: {maxAge: 0s}"), p + ".maxAge", "at least 1s");
        assertError(withRoute("- route: [{}]\n  corsPolicy: {allowOrigins: [{regex: \"(\"}]}"),
                p + ".allowOrigins[0].regex", "regular expression");
    }

    @Test
    void aRouteDoesOneThing() {
        String p = "$.spec.services[0].http[0]";
        assertError(withRoute("- route: [{}]\n  directResponse: {status: 200}"), p + ".directResponse", "only one");
        assertError(withRoute("- route: [{}]\n  delegate: {name: child}"), p + ".delegate",
                "only when route and redirect are empty");
        assertError(withRoute("- directResponse: {status: 700}"), p + ".directResponse.status", "between 200 and 599");
        assertError(withRoute("- directResponse: {}"), p + ".directResponse.status", "is required");
        assertError(withRoute("- directResponse: {status: 503, body: {string: a, bytes: YQ==}}"),
                p + ".directResponse.body", "not both");
        assertError(withRoute("- directResponse: {status: 503, body: {bytes: \"not base64!\"}}"),
                p + ".directResponse.body.bytes", "base64");
        assertError(withRoute("- delegate: {name: Child}"), p + ".delegate.name", "DNS label");
        assertError(withRoute("- match: [{uri: {prefix: /}}]"), p + ".route", "at least one destination");
    }

    @Test
    void delegatesHaveOneLevelAndNoCollisions() {
        String yaml = HEAD + """
                      http:
                        - delegate: {name: child, namespace: shop}
                  delegates:
                    - name: child
                      namespace: shop
                      http:
                        - delegate: {name: other}
                    - name: web
                      namespace: shop
                      http:
                        - route: [{service: web}]
                """;
        List<FieldError> errors = errorsOf(yaml);
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("$.spec.delegates[0].http[0].delegate")
                && e.message().contains("one level")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.path().equals("$.spec.delegates[1].name")
                && e.message().contains("VirtualService shop/web is rendered already for $.spec.services[0].name")),
                errors.toString());
        assertError(HEAD.replace("spec:\n", "spec:\n  delegates:\n    - {name: d, namespace: shop}\n"),
                "$.spec.delegates[0].http", "is required");
    }

    @Test
    void chosenNamesAreDnsLabelsAndDoNotCollide() {
        String two = """
                apiVersion: meshfleet.dev/v1
                kind: Mesh
                spec:
                  services:
                    - name: a
                      namespace: shop
                      versions: [{name: v1, labels: {version: v1}}]
                      names: {destinationRule: b}
                    - name: b
                      namespace: shop
                      versions: [{name: v1, labels: {version: v1}}]
                """;
        assertError(two, "$.spec.services[1].name", "DestinationRule shop/b is rendered already for "
                + "$.spec.services[0].names.destinationRule");
        assertError(HEAD.replace("      versions:", "      names: {virtualService: Web_Route}\n      versions:"),
                "$.spec.services[0].names.virtualService", "DNS label");
        assertError(HEAD.replace("      versions:", "      names: {}\n      versions:"),
                "$.spec.services[0].names", "give virtualService or destinationRule");
        // the same names in another namespace are another resource
        IntentCodec.accept(two.replace("      namespace: shop\n      versions: [{name: v1, labels: {version: v1}}]\n"
                + "      names", "      namespace: other\n      versions: [{name: v1, labels: {version: v1}}]\n"
                + "      names"), false, null);
    }

    @Test
    void gatewayReferencesAreMeshOrNamespaceSlashName() {
        String yaml = """
                apiVersion: meshfleet.dev/v1
                kind: Mesh
                spec:
                  services:
                    - {name: web, namespace: shop}
                  gateways:
                    - name: gw
                      selector: {istio: ingressgateway}
                      servers: [{port: {number: 80, protocol: HTTP}, hosts: ["*"]}]
                      routes:
                        - name: r
                          namespace: shop
                          hosts: [web.example.com]
                          gateways: [mesh, other-gw, istio-system/gw]
                          http:
                            - match: [{gateways: [mesh, mesh]}]
                              route: [{service: web}]
                """;
        List<FieldError> errors = errorsOf(yaml);
        String p = "$.spec.gateways[0].routes[0]";
        assertTrue(errors.stream().anyMatch(e -> e.path().equals(p + ".gateways[1]")
                && e.message().contains("'mesh' or namespace/name")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.path().equals(p + ".gateways")
                && e.message().contains("bound already")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.path().equals(p + ".http[0].match[0].gateways[1]")
                && e.message().contains("duplicate")), errors.toString());
        assertEquals(3, errors.size(), errors.toString());
    }
}
