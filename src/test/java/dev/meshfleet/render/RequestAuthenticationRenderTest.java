package dev.meshfleet.render;

import static dev.meshfleet.render.IstioExamples.assertRendersAs;

import org.junit.jupiter.api.Test;

/**
 * RequestAuthentication (JWT) and the AuthorizationPolicies that go with it, rendered from intent and compared with
 * Istio's published examples.
 */
class RequestAuthenticationRenderTest {

    /**
     * istio.io/latest/docs/reference/config/security/request_authentication/, first example (source: istio/api
     * security/v1beta1/request_authentication.proto): JWT required for the workloads labelled app: httpbin.
     */
    @Test
    void workloadPolicyWithJwksUriAndAnAuthorizationPolicyWithoutAction() {
        assertRendersAs("""
                requestAuthentications:
                - name: httpbin
                  namespace: foo
                  selector: {app: httpbin}
                  jwtRules:
                  - issuer: issuer-foo
                    jwksUri: https://example.com/.well-known/jwks.json
                authorization:
                  policies:
                  - name: httpbin
                    namespace: foo
                    selector: {app: httpbin}
                    rules:
                    - from: [{requestPrincipals: ["*"]}]
                """, """
                apiVersion: security.istio.io/v1
                kind: RequestAuthentication
                metadata:
                  name: httpbin
                  namespace: foo
                spec:
                  selector:
                    matchLabels:
                      app: httpbin
                  jwtRules:
                  - issuer: "issuer-foo"
                    jwksUri: https://example.com/.well-known/jwks.json
                ---
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata:
                  name: httpbin
                  namespace: foo
                spec:
                  selector:
                    matchLabels:
                      app: httpbin
                  rules:
                  - from:
                    - source:
                        requestPrincipals: ["*"]
                """);
    }

    /** Same page, second example: a policy in the root namespace applies mesh-wide. */
    @Test
    void meshWidePolicyInTheRootNamespace() {
        assertRendersAs("""
                requestAuthentications:
                - name: req-authn-for-all
                  namespace: istio-system
                  jwtRules:
                  - issuer: issuer-foo
                    jwksUri: https://example.com/.well-known/jwks.json
                authorization:
                  policies:
                  - name: require-jwt-for-all
                    namespace: istio-system
                    rules:
                    - from: [{requestPrincipals: ["*"]}]
                """, """
                apiVersion: security.istio.io/v1
                kind: RequestAuthentication
                metadata:
                  name: req-authn-for-all
                  namespace: istio-system
                spec:
                  jwtRules:
                  - issuer: "issuer-foo"
                    jwksUri: https://example.com/.well-known/jwks.json
                ---
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata:
                  name: require-jwt-for-all
                  namespace: istio-system
                spec:
                  rules:
                  - from:
                    - source:
                        requestPrincipals: ["*"]
                """);
    }

    /** Same page, third example: two issuers (keys from OpenID discovery), a different one required per host. */
    @Test
    void twoIssuersWithKeysFromDiscoveryAndAPrincipalPerHost() {
        assertRendersAs("""
                requestAuthentications:
                - name: httpbin
                  namespace: foo
                  selector: {app: httpbin}
                  jwtRules:
                  - issuer: issuer-foo
                  - issuer: issuer-bar
                authorization:
                  policies:
                  - name: httpbin
                    namespace: foo
                    selector: {app: httpbin}
                    rules:
                    - from: [{requestPrincipals: ["issuer-foo/*"]}]
                      to: [{hosts: ["example.com"]}]
                    - from: [{requestPrincipals: ["issuer-bar/*"]}]
                      to: [{hosts: ["another-host.com"]}]
                """, """
                apiVersion: security.istio.io/v1
                kind: RequestAuthentication
                metadata:
                  name: httpbin
                  namespace: foo
                spec:
                  selector:
                    matchLabels:
                      app: httpbin
                  jwtRules:
                  - issuer: "issuer-foo"
                  - issuer: "issuer-bar"
                ---
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata:
                  name: httpbin
                  namespace: foo
                spec:
                  selector:
                    matchLabels:
                      app: httpbin
                  rules:
                  - from:
                    - source:
                        requestPrincipals: ["issuer-foo/*"]
                    to:
                    - operation:
                        hosts: ["example.com"]
                  - from:
                    - source:
                        requestPrincipals: ["issuer-bar/*"]
                    to:
                    - operation:
                        hosts: ["another-host.com"]
                """);
    }

    /** Same page, fourth example: JWT required on every path except /healthz. */
    @Test
    void jwtOnEveryPathButHealthz() {
        assertRendersAs("""
                authorization:
                  policies:
                  - name: httpbin
                    namespace: foo
                    selector: {app: httpbin}
                    rules:
                    - from: [{requestPrincipals: ["*"]}]
                    - to: [{paths: ["/healthz"]}]
                """, """
                apiVersion: security.istio.io/v1
                kind: AuthorizationPolicy
                metadata:
                  name: httpbin
                  namespace: foo
                spec:
                  selector:
                    matchLabels:
                      app: httpbin
                  rules:
                  - from:
                    - source:
                        requestPrincipals: ["*"]
                  - to:
                    - operation:
                        paths: ["/healthz"]
                """);
    }

    /**
     * istio/istio tests/integration/security/testdata/requestauthn/headers-params.yaml.tmpl, with the template's
     * {{ .dst }} as b and the namespace (given by the test) as foo: tokens from two headers with prefixes and from two
     * query parameters.
     */
    @Test
    void tokensFromHeadersWithPrefixesAndFromQueryParameters() {
        assertRendersAs("""
                requestAuthentications:
                - name: request-authn
                  namespace: foo
                  selector: {app: b}
                  jwtRules:
                  - issuer: test-issuer-1@istio.io
                    jwksUri: https://raw.githubusercontent.com/istio/istio/master/tests/common/jwt/jwks.json
                    fromHeaders:
                    - {name: x-jwt-token, prefix: "Bearer "}
                    - {name: auth-token, prefix: "Token "}
                    fromParams: [token, secondary_token]
                authorization:
                  policies:
                  - name: authz
                    namespace: foo
                    selector: {app: b}
                    rules:
                    - to: [{methods: [GET]}]
                      from: [{requestPrincipals: ["test-issuer-1@istio.io/sub-1"]}]
                """, """
                ---
                apiVersion: security.istio.io/v1beta1
                kind: RequestAuthentication
                metadata:
                  name: request-authn
                spec:
                  selector:
                    matchLabels:
                      app: b
                  jwtRules:
                  - issuer: "test-issuer-1@istio.io"
                    jwksUri: "https://raw.githubusercontent.com/istio/istio/master/tests/common/jwt/jwks.json"
                    fromHeaders:
                    - name: "x-jwt-token"
                      prefix: "Bearer "
                    - name: "auth-token"
                      prefix: "Token "
                    fromParams:
                    - "token"
                    - "secondary_token"
                ---
                ---
                # The following policy enables authorization on workload dst.
                apiVersion: security.istio.io/v1beta1
                kind: AuthorizationPolicy
                metadata:
                  name: authz
                spec:
                  selector:
                    matchLabels:
                      app: b
                  rules:
                  - to:
                    - operation:
                        methods: ["GET"]
                    from:
                    - source:
                        requestPrincipals: ["test-issuer-1@istio.io/sub-1"]
                ---
                """);
    }

    /**
     * istio/istio tests/integration/security/testdata/requestauthn/forward.yaml.tmpl ({{ .To.ServiceName }} as b):
     * the payload passed on in a header, and the original token kept.
     */
    @Test
    void payloadToHeaderAndForwardedToken() {
        assertRendersAs("""
                requestAuthentications:
                - name: b
                  namespace: foo
                  selector: {app: b}
                  jwtRules:
                  - issuer: test-issuer-1@istio.io
                    jwksUri: https://raw.githubusercontent.com/istio/istio/master/tests/common/jwt/jwks.json
                    outputPayloadToHeader: x-test-payload
                    forwardOriginalToken: true
                """, """
                apiVersion: security.istio.io/v1beta1
                kind: RequestAuthentication
                metadata:
                  name: b
                spec:
                  selector:
                    matchLabels:
                      app: b
                  jwtRules:
                  - issuer: "test-issuer-1@istio.io"
                    jwksUri: "https://raw.githubusercontent.com/istio/istio/master/tests/common/jwt/jwks.json"
                    outputPayloadToHeader: "x-test-payload"
                    forwardOriginalToken: true
                """);
    }

    /** istio/istio tests/integration/security/testdata/requestauthn/a-authn.yaml.tmpl (the v1beta1 part): audiences. */
    @Test
    void audiencesPerIssuerAndTwoPoliciesOnOneWorkload() {
        assertRendersAs("""
                requestAuthentications:
                - name: requst-authn-for-a-part1
                  namespace: foo
                  selector: {app: a}
                  jwtRules:
                  - issuer: test-issuer-1@istio.io
                    jwksUri: https://raw.githubusercontent.com/istio/istio/master/tests/common/jwt/jwks.json
                    audiences: [foo]
                  - issuer: test-issuer-2@istio.io
                    jwksUri: https://raw.githubusercontent.com/istio/istio/master/tests/common/jwt/jwks.json
                    audiences: [bar]
                - name: requst-authn-for-a-part2
                  namespace: foo
                  selector: {app: a}
                  jwtRules:
                  - issuer: test-issuer-2@istio.io
                    jwksUri: https://raw.githubusercontent.com/istio/istio/master/tests/common/jwt/jwks.json
                """, """
                apiVersion: "security.istio.io/v1beta1"
                kind: "RequestAuthentication"
                metadata:
                  name: "requst-authn-for-a-part1"
                  namespace: foo
                spec:
                  selector:
                    matchLabels:
                      app: a
                  jwtRules:
                  - issuer: "test-issuer-1@istio.io"
                    jwksUri: "https://raw.githubusercontent.com/istio/istio/master/tests/common/jwt/jwks.json"
                    audiences:
                    - "foo"
                  - issuer: "test-issuer-2@istio.io"
                    jwksUri: "https://raw.githubusercontent.com/istio/istio/master/tests/common/jwt/jwks.json"
                    audiences:
                    - "bar"
                ---
                apiVersion: "security.istio.io/v1beta1"
                kind: "RequestAuthentication"
                metadata:
                  name: "requst-authn-for-a-part2"
                  namespace: foo
                spec:
                  selector:
                    matchLabels:
                      app: a
                  jwtRules:
                  - issuer: "test-issuer-2@istio.io"
                    jwksUri: "https://raw.githubusercontent.com/istio/istio/master/tests/common/jwt/jwks.json"
                """);
    }

    /**
     * istio.io/latest/docs/tasks/security/authentication/claim-to-header/ (istio/istio.io
     * content/en/docs/tasks/security/authentication/claim-to-header/index.md; {{< github_file >}} expanded to
     * https://raw.githubusercontent.com/istio/istio/master): a claim copied to a header.
     */
    @Test
    void claimCopiedToAHeader() {
        assertRendersAs("""
                requestAuthentications:
                - name: jwt-example
                  namespace: foo
                  selector: {app: httpbin}
                  jwtRules:
                  - issuer: testing@secure.istio.io
                    jwksUri: https://raw.githubusercontent.com/istio/istio/master/security/tools/jwt/samples/jwks.json
                    outputClaimToHeaders:
                    - {header: x-jwt-claim-foo, claim: foo}
                """, """
                apiVersion: security.istio.io/v1beta1
                kind: RequestAuthentication
                metadata:
                  name: "jwt-example"
                  namespace: foo
                spec:
                  selector:
                    matchLabels:
                      app: httpbin
                  jwtRules:
                  - issuer: "testing@secure.istio.io"
                    jwksUri: "https://raw.githubusercontent.com/istio/istio/master/security/tools/jwt/samples/jwks.json"
                    outputClaimToHeaders:
                    - header: "x-jwt-claim-foo"
                      claim: "foo"
                """);
    }
}
