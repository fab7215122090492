package dev.meshfleet.intent.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.meshfleet.intent.IntentCodec;

/**
 * MF110: a RequestAuthentication alone lets requests without a token through; the istio.io reference pairs it with an
 * AuthorizationPolicy requiring requestPrincipals ["*"] (istio.io/latest/docs/reference/config/security/request_authentication/).
 */
class JwtAnalysisTest {
    private static final String RA = """
            apiVersion: meshfleet.dev/v1
            kind: Mesh
            spec:
              requestAuthentications:
              - name: httpbin
                namespace: foo
                selector: {app: httpbin}
                jwtRules: [{issuer: issuer-foo, jwksUri: "https://example.com/.well-known/jwks.json"}]
            """;

    private static List<Finding> mf110(String yaml) {
        return IntentAnalyzer.analyze(IntentCodec.accept(yaml, false, "m").model(), List.of()).stream()
                .filter(f -> f.code().equals("MF110")).toList();
    }

    @Test
    void requestAuthenticationWithoutAPolicyRequiringAPrincipal() {
        List<Finding> found = mf110(RA);
        assertEquals(1, found.size(), found.toString());
        assertEquals("$.spec.requestAuthentications[0]", found.get(0).path());
    }

    @Test
    void aPolicyRequiringAPrincipalInTheNamespaceOrTheRootNamespaceEnforcesIt() {
        String policy = """
                  authorization:
                    policies:
                    - name: httpbin
                      namespace: NS
                      rules:
                      - from: [{requestPrincipals: ["*"]}]
                """;
        assertTrue(mf110(RA + policy.replace("NS", "foo")).isEmpty());
        assertTrue(mf110(RA + policy.replace("NS", "istio-system")).isEmpty());
        assertEquals(1, mf110(RA + policy.replace("NS", "bar")).size());
    }
}
