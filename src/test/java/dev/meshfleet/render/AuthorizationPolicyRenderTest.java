package dev.meshfleet.render;

import static dev.meshfleet.render.IstioExamples.assertRendersAs;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** AuthorizationPolicy CUSTOM, remote IP blocks and JWT claim conditions, compared with Istio's published YAML. */
class AuthorizationPolicyRenderTest {

    /**
     * istio.io/latest/docs/tasks/security/authorization/authz-custom/ ("External Authorization", istio/istio.io
     * content/en/docs/tasks/security/authorization/authz-custom/index.md; applied with -n foo): CUSTOM delegates
     * requests to /headers to the extension provider sample-ext-authz-grpc.
     */
    @Test
    void customActionWithAnExtensionProvider() {
        assertRendersAs("""
                authorization:
                  policies:
                  - name: ext-authz
                    namespace: foo
                    selector: {app: httpbin}
                    action: CUSTOM
                    provider: {name: sample-ext-authz-grpc}
                    rules:
                    - to: [{paths: ["/headers"]}]
                """, """
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata:
                  name: ext-authz
                spec:
                  selector:
                    matchLabels:
                      app: httpbin
                  action: CUSTOM
                  provider:
                    # The provider name must match the extension provider defined in the mesh config.
                    # You can also replace this with sample-ext-authz-http to test the other external authorizer definition.
                    name: sample-ext-authz-grpc
                  rules:
                  # The rules specify when to trigger the external authorizer.
                  - to:
                    - operation:
                        paths: ["/headers"]
                """);
    }

    /**
     * istio.io/latest/docs/tasks/security/authorization/authz-jwt/ (istio/istio.io
     * content/en/docs/tasks/security/authorization/authz-jwt/index.md): a request principal and a condition on the
     * groups claim.
     */
    @Test
    void requestPrincipalAndAConditionOnAJwtClaim() {
        assertRendersAs("""
                authorization:
                  policies:
                  - name: require-jwt
                    namespace: foo
                    selector: {app: httpbin}
                    action: ALLOW
                    rules:
                    - from: [{requestPrincipals: ["testing@secure.istio.io/testing@secure.istio.io"]}]
                      when:
                      - {key: "request.auth.claims[groups]", values: [group1]}
                """, """
                apiVersion: security.istio.io/v1beta1
                kind: AuthorizationPolicy
                metadata:
                  name: require-jwt
                  namespace: foo
                spec:
                  selector:
                    matchLabels:
                      app: httpbin
                  action: ALLOW
                  rules:
                  - from:
                    - source:
                       requestPrincipals: ["testing@secure.istio.io/testing@secure.istio.io"]
                    when:
                    - key: request.auth.claims[groups]
                      values: ["group1"]
                """);
    }

    /**
     * istio/istio tests/integration/security/testdata/authz/v1beta1-ingress-gateway-remote-ip.yaml.tmpl
     * ({{ .RootNamespace }} as istio-system): deny by the original client address (X-Forwarded-For).
     */
    @Test
    void denyByRemoteIpBlocks() {
        assertRendersAs("""
                authorization:
                  policies:
                  - name: deny-policy
                    namespace: istio-system
                    selector: {app: istio-ingressgateway}
                    action: DENY
                    rules:
                    - from: [{remoteIpBlocks: ["172.17.72.46", "192.168.4.0/23"]}]
                """, """
                apiVersion: security.istio.io/v1beta1
                kind: AuthorizationPolicy
                metadata:
                  name: deny-policy
                  namespace: "istio-system"
                spec:
                  action: DENY
                  selector:
                    matchLabels:
                      app: istio-ingressgateway
                  rules:
                  - from:
                    - source:
                        remoteIpBlocks: ["172.17.72.46", "192.168.4.0/23"]
                """);
    }

    /** istio/istio tests/integration/security/testdata/authz/v1beta1-ingress-gateway-not-remote-ip.yaml.tmpl. */
    @Test
    void denyByNotRemoteIpBlocks() {
        assertRendersAs("""
                authorization:
                  policies:
                  - name: deny-policy
                    namespace: istio-system
                    selector: {app: istio-ingressgateway}
                    action: DENY
                    rules:
                    - from: [{notRemoteIpBlocks: ["172.23.240.0/22"]}]
                """, """
                apiVersion: security.istio.io/v1beta1
                kind: AuthorizationPolicy
                metadata:
                  name: deny-policy
                  namespace: "istio-system"
                spec:
                  action: DENY
                  selector:
                    matchLabels:
                      app: istio-ingressgateway
                  rules:
                  - from:
                    - source:
                        notRemoteIpBlocks: ["172.23.240.0/22"]
                """);
    }

    /** The comparison is not vacuous: a policy that differs from the Istio YAML in one value fails it. */
    @Test
    void aDifferentProviderDoesNotCompareEqual() {
        assertThrows(AssertionError.class, () -> assertRendersAs("""
                authorization:
                  policies:
                  - name: ext-authz
                    namespace: foo
                    action: CUSTOM
                    provider: {name: sample-ext-authz-http}
                    rules: [{to: [{paths: ["/headers"]}]}]
                """, """
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata:
                  name: ext-authz
                spec:
                  action: CUSTOM
                  provider:
                    name: sample-ext-authz-grpc
                  rules:
                  - to:
                    - operation:
                        paths: ["/headers"]
                """));
    }
}
