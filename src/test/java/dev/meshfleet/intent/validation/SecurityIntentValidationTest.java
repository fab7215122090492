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
 * Request authentication, CUSTOM authorization, gateway certificates and hash algorithms: what the codec and the
 * validator refuse, each with the path of the field.
 */
class SecurityIntentValidationTest {

    private static String document(String spec) {
        return "apiVersion: meshfleet.dev/v1\nkind: Mesh\nspec:\n" + spec.stripTrailing().indent(2);
    }

    private static List<FieldError> errorsOf(String spec) {
        return assertThrows(ValidationException.class, () -> IntentCodec.accept(document(spec), false, "m")).errors();
    }

    private static void assertError(String spec, String path, String messagePart) {
        List<FieldError> errors = errorsOf(spec);
        assertTrue(errors.stream().anyMatch(e -> e.path().equals(path) && e.message().contains(messagePart)),
                "expected an error at " + path + " containing '" + messagePart + "' in " + errors);
    }

    private static void assertValid(String spec) {
        IntentCodec.accept(document(spec), false, "m");
    }

    private static String jwt(String rule) {
        return "requestAuthentications:\n- name: ra\n  namespace: foo\n  jwtRules:\n  - issuer: issuer-foo\n"
                + rule.stripTrailing().indent(4);
    }

    @Test
    void jwksAndJwksUriTogetherAreRefused() {
        assertError(jwt("jwksUri: https://example.com/jwks.json\njwks: '{\"keys\": []}'"),
                "$.spec.requestAuthentications[0].jwtRules[0].jwks", "not both");
    }

    @Test
    void inlineJwksMustBeAKeySet() {
        assertError(jwt("jwks: 'not json'"), "$.spec.requestAuthentications[0].jwtRules[0].jwks", "JSON Web Key Set");
        assertError(jwt("jwks: '{\"k\": 1}'"), "$.spec.requestAuthentications[0].jwtRules[0].jwks", "JSON Web Key Set");
        assertValid(jwt("jwks: '{\"keys\": [{\"kty\": \"RSA\", \"e\": \"AQAB\", \"n\": \"xAE7\"}]}'"));
    }

    @Test
    void jwksUriMustBeHttpOrHttps() {
        assertError(jwt("jwksUri: ftp://example.com/jwks.json"), "$.spec.requestAuthentications[0].jwtRules[0].jwksUri",
                "http:// or https://");
    }

    @Test
    void unknownJwtFieldsAreRefusedByTheStrictCodec() {
        assertError(jwt("jwks_uri: https://example.com/jwks.json"), "$.spec.requestAuthentications[0].jwtRules[0].jwks_uri",
                "unknown field");
    }

    @Test
    void issuerIsRequiredAndUniquePerPolicy() {
        assertError("requestAuthentications:\n- name: ra\n  namespace: foo\n  jwtRules:\n  - audiences: [a]\n",
                "$.spec.requestAuthentications[0].jwtRules[0].issuer", "required");
        assertError(jwt("") + "  - issuer: issuer-foo\n", "$.spec.requestAuthentications[0].jwtRules[1].issuer",
                "duplicate issuer");
    }

    @Test
    void headerNamesAreChecked() {
        assertError(jwt("fromHeaders: [{prefix: 'Bearer '}]"),
                "$.spec.requestAuthentications[0].jwtRules[0].fromHeaders[0].name", "required");
        assertError(jwt("outputClaimToHeaders: [{header: 'x jwt', claim: foo}]"),
                "$.spec.requestAuthentications[0].jwtRules[0].outputClaimToHeaders[0].header", "letters, digits");
    }

    @Test
    void policiesAreUniquePerNamespaceAndNeedRules() {
        assertError(jwt("") + "- name: ra\n  namespace: foo\n  jwtRules: [{issuer: x}]\n",
                "$.spec.requestAuthentications[1].name", "duplicate request authentication");
        assertError("requestAuthentications:\n- name: ra\n  namespace: foo\n  jwtRules: []\n",
                "$.spec.requestAuthentications[0].jwtRules", "at least one");
    }

    private static String policy(String body) {
        return "authorization:\n  policies:\n  - name: p\n    namespace: foo\n" + body.stripTrailing().indent(4);
    }

    @Test
    void customNeedsAProviderAndOnlyCustomTakesOne() {
        assertError(policy("action: CUSTOM\nrules: [{to: [{paths: [/headers]}]}]"),
                "$.spec.authorization.policies[0].provider", "required");
        assertError(policy("action: DENY\nprovider: {name: ext}\nrules: [{}]"),
                "$.spec.authorization.policies[0].provider", "only applies to action CUSTOM");
        assertError(policy("provider: {name: ext}"), "$.spec.authorization.policies[0].provider", "ALLOW when left out");
        assertValid(policy("action: CUSTOM\nprovider: {name: sample-ext-authz-grpc}\nrules: [{to: [{paths: [/headers]}]}]"));
    }

    @Test
    void actionMayBeLeftOut() {
        assertValid(policy("rules: [{from: [{requestPrincipals: ['*']}]}]"));
    }

    @Test
    void ipBlocksAndClaimKeysAreChecked() {
        assertError(policy("rules: [{from: [{remoteIpBlocks: ['1.2.3']}]}]"),
                "$.spec.authorization.policies[0].rules[0].from[0].remoteIpBlocks[0]", "CIDR");
        assertError(policy("rules: [{from: [{notRemoteIpBlocks: ['10.0.0.0/33']}]}]"),
                "$.spec.authorization.policies[0].rules[0].from[0].notRemoteIpBlocks[0]", "CIDR");
        assertError(policy("rules: [{when: [{key: request.auth.claims.groups, values: [g]}]}]"),
                "$.spec.authorization.policies[0].rules[0].when[0].key", "request.auth.claims[NAME]");
        assertValid(policy("rules: [{from: [{remoteIpBlocks: ['2001:db8::/32', 10.1.2.3]}], "
                + "when: [{key: 'request.auth.claims[nested][key1]', values: [v]}]}]"));
    }

    private static String gateway(String tls) {
        return "gateways:\n- name: gw\n  selector: {istio: ingressgateway}\n  servers:\n"
                + "  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [example.com]\n    tls:\n"
                + tls.stripTrailing().indent(6);
    }

    @Test
    void credentialNameAndFileCertificatesAreExclusive() {
        assertError(gateway("mode: SIMPLE\ncredentialName: cert\nserverCertificate: /etc/certs/a.pem\nprivateKey: /etc/certs/k.pem"),
                "$.spec.gateways[0].servers[0].tls.credentialName", "not both");
    }

    @Test
    void fileCertificatesNeedTheKeyAndForMutualTheCa() {
        assertError(gateway("mode: SIMPLE\nserverCertificate: /etc/certs/a.pem"),
                "$.spec.gateways[0].servers[0].tls.privateKey", "required");
        assertError(gateway("mode: MUTUAL\nserverCertificate: /etc/certs/a.pem\nprivateKey: /etc/certs/k.pem"),
                "$.spec.gateways[0].servers[0].tls.caCertificates", "required");
        assertError(gateway("mode: SIMPLE\nserverCertificate: certs/a.pem\nprivateKey: /etc/certs/k.pem"),
                "$.spec.gateways[0].servers[0].tls.serverCertificate", "absolute path");
        assertError(gateway("mode: SIMPLE"), "$.spec.gateways[0].servers[0].tls.credentialName", "required for SIMPLE");
    }

    @Test
    void protocolVersionsInOrderAndCipherSuitesWellFormed() {
        assertError(gateway("mode: SIMPLE\ncredentialName: c\nminProtocolVersion: TLSV1_3\nmaxProtocolVersion: TLSV1_2"),
                "$.spec.gateways[0].servers[0].tls.maxProtocolVersion", "below minProtocolVersion");
        assertError(gateway("mode: SIMPLE\ncredentialName: c\ncipherSuites: [TLS_AES_128_GCM_SHA256]"),
                "$.spec.gateways[0].servers[0].tls.cipherSuites[0]", "Istio would drop it");
        assertError(gateway("mode: SIMPLE\ncredentialName: c\ncipherSuites: [AES128-SHA, AES128-SHA]"),
                "$.spec.gateways[0].servers[0].tls.cipherSuites[1]", "duplicate");
        assertValid(gateway("mode: SIMPLE\ncredentialName: c\ncipherSuites: [ECDHE-RSA-AES128-GCM-SHA256, '-AES128-SHA']"));
        assertError(gateway("mode: SIMPLE\ncredentialName: c\nmaxProtocolVersion: TLSV9"),
                "$.spec.gateways[0].servers[0].tls.maxProtocolVersion", "");
    }

    private static String hash(String algorithm) {
        return "services:\n- name: ratings\n  namespace: prod\n  trafficPolicy:\n    loadBalancer:\n      consistentHash:\n"
                + "        httpHeaderName: x-user\n" + algorithm.stripTrailing().indent(8);
    }

    @Test
    void hashAlgorithmsAreExclusiveAndMaglevTablesPrime() {
        String p = "$.spec.services[0].trafficPolicy.loadBalancer.consistentHash";
        assertError(hash("ringHash: {}\nmaglev: {}"), p + ".maglev", "not both");
        assertError(hash("minimumRingSize: 1024\nringHash: {minimumRingSize: 1024}"), p + ".minimumRingSize", "deprecated");
        assertError(hash("maglev: {tableSize: 65536}"), p + ".maglev.tableSize", "prime");
        assertError(hash("ringHash: {minimumRingSize: 0}"), p + ".ringHash.minimumRingSize", "between 1");
        assertError(hash("ringHash: {minimumRingSize: 8388609}"), p + ".ringHash.minimumRingSize", "and 8388608");
        assertError(hash("ringHash: {minimumRingSize: '1024'}"), p + ".ringHash.minimumRingSize", "");
        assertValid(hash("maglev: {tableSize: 65537}"));
    }

    @Test
    void everyErrorOfADocumentIsReportedAtOnce() {
        List<FieldError> errors = errorsOf(jwt("jwksUri: https://e.com/j\njwks: '{\"keys\": []}'")
                + policy("action: CUSTOM\nrules: [{to: [{paths: [/headers]}]}]"));
        assertEquals(2, errors.size(), errors.toString());
    }

    /** What Istio's webhook (istio/istio pkg/config/validation ValidateAuthorizationPolicy) refuses, refused here. */
    @Test
    void whatIstiosWebhookRefusesIsRefused() {
        String r = "$.spec.authorization.policies[0].rules";
        assertError(policy("action: CUSTOM\nprovider: {name: ext}"), r, "never triggered");
        assertError(policy("action: DENY"), r, "never triggered");
        assertError(policy("action: CUSTOM\nprovider: {name: ext}\nrules: [{from: [{requestPrincipals: ['*']}]}]"),
                r + "[0].from[0].requestPrincipals", "not supported with action CUSTOM");
        assertError(policy("action: CUSTOM\nprovider: {name: ext}\nrules: [{when: [{key: 'request.auth.claims[iss]', values: [x]}]}]"),
                r + "[0].when[0].key", "not supported with action CUSTOM");
        assertError(policy("rules: [{from: [{}]}]"), r + "[0].from[0]", "at least one source field");
        assertError(policy("rules: [{to: []}]"), r + "[0].to", "must not be empty");
        assertError(policy("rules: [{to: [{}]}]"), r + "[0].to[0]", "at least one operation field");
        assertError(policy("rules: [{to: [{paths: ['']}]}]"), r + "[0].to[0].paths[0]", "must not be empty");
        assertError(policy("rules: [{when: [{key: request.colour, values: [red]}]}]"), r + "[0].when[0].key",
                "not an attribute Istio knows");
        assertError(policy("rules: [{when: [{key: 'request.headers[]', values: [x]}]}]"), r + "[0].when[0].key", "NAME[KEY]");
        assertError(policy("rules: [{when: [{key: destination.port, values: ['http']}]}]"), r + "[0].when[0].values[0]", "port");
        assertError(policy("rules: [{when: [{key: remote.ip, notValues: ['10.0.0.0/99']}]}]"), r + "[0].when[0].notValues[0]", "CIDR");
        assertValid(policy("action: DENY\nrules: [{}]"));
        assertValid(policy("rules: [{when: [{key: 'request.headers[x-tenant]', values: [a]}, {key: source.ip, values: [10.0.0.0/8]},"
                + " {key: connection.sni, values: [a.example.com]}, {key: 'experimental.envoy.filters.a.b[c]', values: [d]}]}]"));
    }
}
