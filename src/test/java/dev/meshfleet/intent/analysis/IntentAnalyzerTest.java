package dev.meshfleet.intent.analysis;

import dev.meshfleet.intent.analysis.OtherMesh;

import dev.meshfleet.intent.analysis.IntentAnalyzer;

import dev.meshfleet.intent.analysis.Finding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.support.Seeds;

/** Each semantic check: one intent that triggers it and one that does not. */
class IntentAnalyzerTest {
    static final String SEED = Seeds.PAYMENTS;

    static List<Finding> analyze(String yaml, OtherMesh... others) {
        MeshIntent intent = IntentCodec.accept(yaml, false, null).model();
        return IntentAnalyzer.analyze(intent, List.of(others));
    }

    static List<String> codes(String yaml, OtherMesh... others) {
        return analyze(yaml, others).stream().map(Finding::code).toList();
    }

    /** Edits the seed as a tree, for changes that text replacement would make fragile. */
    static String edit(java.util.function.Consumer<ObjectNode> change) {
        try {
            YAMLMapper yaml = new YAMLMapper();
            ObjectNode doc = (ObjectNode) yaml.readTree(SEED);
            change.accept(doc);
            return yaml.writeValueAsString(doc);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static MeshIntent intent(String yaml) {
        return IntentCodec.accept(yaml, false, null).model();
    }

    @Test
    void theSeedHasOnlyTheExpectedMigrationWarning() {
        List<Finding> findings = analyze(SEED);
        assertEquals(List.of("MF104"), findings.stream().map(Finding::code).toList(), findings.toString());
        assertEquals("$.spec.mtls.workloads[0].mode", findings.get(0).path());
        assertEquals(Finding.Severity.WARNING, findings.get(0).severity());
    }

    @Test
    void routeShadowedByAnEarlierCatchAll() {
        String shadowed = SEED.replace("        - match:                                 # internal beta users go to v2",
                "        - route: [{version: v1}]\n        - match:");
        List<Finding> findings = analyze(shadowed);
        assertTrue(findings.stream().anyMatch(f -> f.code().equals("MF101") && f.path().equals("$.spec.services[0].http[1]")),
                findings.toString());
        assertTrue(!codes(SEED).contains("MF101"));
    }

    @Test
    void duplicateMatch() {
        String duplicated = SEED.replace("        - route:                                 # default: 90 % stable, 10 % canary",
                "        - match: [{headers: {x-canary: {exact: \"true\"}}}]\n          route: [{version: v1}]\n"
                        + "        - route:");
        assertTrue(codes(duplicated).contains("MF102"), codes(duplicated).toString());
        String different = duplicated.replace("match: [{headers: {x-canary: {exact: \"true\"}}}]",
                "match: [{headers: {x-canary: {exact: \"false\"}}}]");
        assertTrue(!codes(different).contains("MF102"));
    }

    @Test
    void retryBudgetAboveTimeout() {
        String tooLong = SEED.replace("perTryTimeout: 3s", "perTryTimeout: 4s");
        Finding f = analyze(tooLong).stream().filter(x -> x.code().equals("MF103")).findFirst().orElseThrow();
        assertEquals("$.spec.services[0].http[0].retries", f.path());
        assertTrue(f.message().contains("12000 ms exceeds the route timeout 10s"), f.message());
        assertTrue(!codes(SEED).contains("MF103"), "3 x 3s fits in 10s");
    }

    @Test
    void permissiveWhileStrict() {
        assertTrue(codes(SEED).contains("MF104"));
        assertTrue(!codes(SEED.replace("mode: PERMISSIVE", "mode: STRICT")).contains("MF104"));
        String permissiveMesh = edit(doc -> ((ObjectNode) doc.at("/spec/mtls")).put("mode", "PERMISSIVE"));
        assertTrue(!codes(permissiveMesh).contains("MF104"), "no warning when the mesh itself is not STRICT");
    }

    @Test
    void denyAllWithoutAnyAllow() {
        String noAllow = SEED.replace("action: ALLOW", "action: AUDIT");
        assertTrue(codes(noAllow).contains("MF105"));
        assertTrue(!codes(SEED).contains("MF105"));
    }

    @Test
    void versionsSelectingTheSamePods() {
        String same = SEED.replace("labels: {version: v2}", "labels: {version: v1}");
        assertTrue(codes(same).contains("MF106"));
        assertTrue(!codes(SEED).contains("MF106"));
    }

    @Test
    void malformedPrincipal() {
        String spiffe = SEED.replace("[cluster.local/ns/production/sa/checkout-service]",
                "[spiffe://cluster.local/ns/production/sa/checkout-service]");
        Finding f = analyze(spiffe).stream().filter(x -> x.code().equals("MF201")).findFirst().orElseThrow();
        assertEquals(Finding.Severity.ERROR, f.severity());
        assertEquals("$.spec.authorization.policies[0].rules[0].from[0].principals[0]", f.path());
        assertTrue(!codes(SEED).contains("MF201"));
        assertTrue(!codes(SEED.replace("[cluster.local/ns/production/sa/checkout-service]", "[\"*\"]")).contains("MF201"));
    }

    @Test
    void gatewayHostConflictWithinAndAcrossMeshes() {
        String twice = edit(doc -> {
            ArrayNode servers = (ArrayNode) doc.at("/spec/gateways/0/servers");
            ObjectNode copy = servers.get(0).deepCopy();
            ((ObjectNode) copy.get("port")).put("name", "https-2");
            servers.add(copy);
        });
        assertTrue(codes(twice).contains("MF202"), codes(twice).toString());
        assertTrue(!codes(SEED).contains("MF202"));
        String billing = edit(doc -> {
            ((ObjectNode) doc.get("metadata")).put("name", "billing");
            ((ObjectNode) doc.get("spec")).remove(List.of("services", "mtls", "authorization"));
            ((ObjectNode) doc.at("/spec/gateways/0")).remove("routes");
        });
        OtherMesh other = new OtherMesh("billing", intent(billing), Set.of("prod-eu-1"));
        assertTrue(codes(SEED, other).contains("MF202"), "the other mesh serves api.techoral.com:443 on the same gateway");
    }

    @Test
    void gatewayRouteForAHostTheGatewayDoesNotServe() {
        String unserved = SEED.replace("          hosts: [api.techoral.com]\n          http:", "          hosts: [www.techoral.com]\n          http:");
        assertTrue(codes(unserved).contains("MF203"), codes(unserved).toString());
        assertTrue(!codes(SEED).contains("MF203"));
        assertTrue(IntentAnalyzer.hostMatches("*.techoral.com", "api.techoral.com"));
        assertTrue(!IntentAnalyzer.hostMatches("*.techoral.com", "techoral.com"));
    }

    @Test
    void sameHostRoutedByAnotherMeshOnASharedCluster() {
        String otherYaml = "apiVersion: meshfleet.dev/v1\nkind: Mesh\nspec:\n  services:\n"
                + "    - name: payment-service\n      namespace: production\n      http: [{route: [{}]}]\n";
        OtherMesh other = new OtherMesh("legacy", intent(otherYaml), Set.of("prod-eu-1"));
        List<Finding> findings = analyze(SEED, other);
        Finding f = findings.stream().filter(x -> x.code().equals("MF204")).findFirst().orElseThrow();
        assertTrue(f.message().contains("payment-service.production.svc.cluster.local"), f.message());
        OtherMesh elsewhere = new OtherMesh("legacy", intent(otherYaml.replace("namespace: production", "namespace: legacy")),
                Set.of("prod-eu-1"));
        assertTrue(!codes(SEED, elsewhere).contains("MF204"), "a different namespace is a different host");
    }
}
