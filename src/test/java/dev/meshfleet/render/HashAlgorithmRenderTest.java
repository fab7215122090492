package dev.meshfleet.render;

import static dev.meshfleet.render.IstioExamples.assertRendersAs;

import org.junit.jupiter.api.Test;

/**
 * Consistent-hash algorithms in DestinationRules. The expected YAML is the consistent-hash example of the
 * DestinationRule reference (istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings:
 * bookinfo-ratings, httpCookie user, ttl 0s) with the ConsistentHashLB fields of the same page added: ringHash
 * (minimumRingSize), maglev (tableSize, Envoy's default 65537) and the deprecated top-level minimumRingSize.
 */
class HashAlgorithmRenderTest {
    private static final String SERVICE = """
            services:
            - name: ratings
              namespace: prod
              host: ratings.prod.svc.cluster.local
              trafficPolicy:
                loadBalancer:
                  consistentHash:
                    httpCookie: {name: user, ttl: 0s}
            """;

    private static String expected(String algorithm) {
        return """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata:
                  name: ratings
                spec:
                  host: ratings.prod.svc.cluster.local
                  trafficPolicy:
                    loadBalancer:
                      consistentHash:
                        httpCookie:
                          name: user
                          ttl: 0s
                """ + algorithm.indent(8);
    }

    @Test
    void ringHashWithAMinimumRingSize() {
        assertRendersAs(SERVICE + "        ringHash: {minimumRingSize: 1024}\n",
                expected("ringHash:\n  minimumRingSize: 1024"));
    }

    @Test
    void maglevWithATableSize() {
        assertRendersAs(SERVICE + "        maglev: {tableSize: 65537}\n", expected("maglev:\n  tableSize: 65537"));
    }

    @Test
    void deprecatedMinimumRingSize() {
        assertRendersAs(SERVICE + "        minimumRingSize: 1024\n", expected("minimumRingSize: 1024"));
    }

    @Test
    void ringHashWithDefaults() {
        assertRendersAs(SERVICE + "        ringHash: {}\n", expected("ringHash: {}"));
    }
}
