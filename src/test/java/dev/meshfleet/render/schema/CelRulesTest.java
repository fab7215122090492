package dev.meshfleet.render.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every CEL rule ({@code x-kubernetes-validations}) of the bundled Istio CRDs has a mirror in {@link CelRules}, and each
 * mirror accepts what the API server accepts and refuses what it refuses: one value that passes and one that fails per
 * rule, written from the rule's CEL. The table is keyed by the rule's text as the CRD writes it (whitespace collapsed).
 */
class CelRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** rule -> {a value that passes, a value that fails}, in the order the rules first appear in crd-all.gen.yaml. */
    private static final Map<String, String[]> CASES = new LinkedHashMap<>();

    static {
        c("(has(self.selector) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1",
                "{\"selector\":{}}", "{\"selector\":{},\"targetRefs\":[]}");
        c("has(self.wasm) != has(self.lua)", "{\"lua\":{}}", "{}");
        c("self.all(key, !key.contains(\"*\"))", "{\"app\":\"x\"}", "{\"ap*\":\"x\"}");
        c("self.all(key, key.size() != 0)", "{\"app\":\"x\"}", "{\"\":\"x\"}");
        c("!self.contains(\"*\")", "\"reviews\"", "\"rev*\"");
        c("self.size() == 0", "\"\"", "\"other\"");
        c("isURL(self) ? (url(self).getScheme() in [\"\", \"http\", \"https\", \"file\", \"oci\"]) : (isURL(\"http://\" + self) && url(\"http://\" + self).getScheme() in [\"\", \"http\", \"https\", \"file\", \"oci\"])",
                "\"oci://ghcr.io/istio/filter:1\"", "\"ftp://example.com/filter.wasm\"");
        c("(has(self.valueFrom) ? self.valueFrom : \"\") != \"HOST\" || !has(self.value)",
                "{\"valueFrom\":\"INLINE\",\"value\":\"x\"}", "{\"valueFrom\":\"HOST\",\"value\":\"x\"}");
        c("(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1",
                "{\"targetRef\":{}}", "{\"targetRef\":{},\"selector\":{}}");
        c("isURL(self) ? (url(self).getScheme() in [\"\", \"http\", \"https\", \"oci\", \"file\"]) : (isURL(\"http://\" + self) && url(\"http://\" + self).getScheme() in [\"\", \"http\", \"https\", \"oci\", \"file\"])",
                "\"ghcr.io/istio/filter:1\"", "\"gs://bucket/filter.wasm\"");
        c("duration(self) >= duration('1ms')", "\"1ms\"", "\"0s\"");
        c("(has(self.workloadSelector) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1",
                "{\"targetRefs\":[]}", "{\"targetRefs\":[],\"workloadSelector\":{}}");
        c("has(self.context) ? ((self.context == \"WAYPOINT\") ? has(self.waypoint) : !has(self.waypoint)) : !has(self.waypoint)",
                "{\"context\":\"WAYPOINT\",\"waypoint\":{}}", "{\"context\":\"SIDECAR_INBOUND\",\"waypoint\":{}}");
        c("0 < self && self <= 65535", "443", "0");
        c("(has(self.tlsCertificates) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1",
                "{\"credentialNames\":[\"a\"]}", "{\"credentialNames\":[\"a\"],\"tlsCertificates\":[]}");
        c("(has(self.credentialName) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1",
                "{\"credentialName\":\"a\"}", "{\"credentialName\":\"a\",\"credentialNames\":[\"b\"]}");
        c("(has(self.credentialNames) ? 1 : 0) + (has(self.tlsCertificates) ? 1 : 0) <= 1",
                "{\"tlsCertificates\":[]}", "{\"tlsCertificates\":[],\"credentialNames\":[\"b\"]}");
        c("(has(self.workloadSelector) ? 1 : 0) + (has(self.endpoints) ? 1 : 0) <= 1",
                "{\"endpoints\":[]}", "{\"endpoints\":[],\"workloadSelector\":{}}");
        c("!((has(self.addresses) ? self.addresses : []).exists(k, k.contains(\"/\")) && !((has(self.resolution) ? self.resolution : \"NONE\") in [\"STATIC\", \"NONE\"]))",
                "{\"addresses\":[\"10.0.0.0/16\"]}", "{\"addresses\":[\"10.0.0.0/16\"],\"resolution\":\"DNS\"}");
        c("((has(self.resolution) ? self.resolution : \"NONE\") == \"NONE\") ? !has(self.endpoints) : true",
                "{\"resolution\":\"STATIC\",\"endpoints\":[]}", "{\"endpoints\":[]}");
        c("((has(self.resolution) ? self.resolution : \"\") == \"DNS_ROUND_ROBIN\") ? ((has(self.endpoints) ? self.endpoints : []).size() <= 1) : true",
                "{\"resolution\":\"DNS_ROUND_ROBIN\",\"endpoints\":[{}]}", "{\"resolution\":\"DNS_ROUND_ROBIN\",\"endpoints\":[{},{}]}");
        c("has(self.address) || has(self.network)", "{\"network\":\"n1\"}", "{\"ports\":{}}");
        c("(has(self.address) ? self.address : \"\").startsWith(\"unix://\") ? !has(self.ports) : true",
                "{\"address\":\"10.0.0.1\",\"ports\":{}}", "{\"address\":\"unix:///var/run/a.sock\",\"ports\":{}}");
        c("self.startsWith(\"unix://\") ? (self.substring(7, 8) == \"/\" || self.substring(7, 8) == \"@\") : true",
                "\"unix://@abstract\"", "\"unix://relative.sock\"");
        c("self.startsWith(\"unix://\") ? !self.endsWith(\"/\") : true", "\"unix:///var/run/a.sock\"", "\"unix:///var/run/\"");
        c("self.all(key, size(key) < 63 && key.matches(\"^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$\"))",
                "{\"http-web\":8080}", "{\"-bad\":8080}");
        c("self != \"*\"", "\"api.example.com\"", "\"*\"");
        c("self.all(l1, self.exists_one(l2, l1.number == l2.number))",
                "[{\"number\":80},{\"number\":443}]", "[{\"number\":80},{\"number\":80}]");
        c("self in [\"\", \"HTTP\", \"HTTPS\"]", "\"HTTPS\"", "\"TCP\"");
        c("(has(self.serviceAccounts) || has(self.notServiceAccounts)) ? (!has(self.principals) && !has(self.notPrincipals) && !has(self.namespaces) && !has(self.notNamespaces)) : true",
                "{\"serviceAccounts\":[\"ns/sa\"]}", "{\"serviceAccounts\":[\"ns/sa\"],\"namespaces\":[\"ns\"]}");
        c("has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true",
                "{\"selector\":{\"matchLabels\":{\"app\":\"a\"}},\"portLevelMtls\":{}}", "{\"portLevelMtls\":{}}");
        c("self.all(key, 0 < int(key) && int(key) <= 65535)", "{\"8080\":{}}", "{\"http\":{}}");
        c("(has(self.jwksUri) ? 1 : 0) + (has(self.jwks_uri) ? 1 : 0) + (has(self.jwks) ? 1 : 0) <= 1",
                "{\"jwksUri\":\"https://a\"}", "{\"jwksUri\":\"https://a\",\"jwks\":\"{}\"}");
        c("url(self).getScheme() in [\"http\", \"https\"]", "\"https://example.com/jwks.json\"", "\"file:///jwks.json\"");
        c("((has(self.operation) ? self.operation : \"\") == \"UPSERT\") ? (self.value != \"\") : true",
                "{\"operation\":\"UPSERT\",\"value\":\"x\"}", "{\"operation\":\"UPSERT\"}");
        c("((has(self.operation) ? self.operation : \"\") == \"REMOVE\") ? !has(self.value) : true",
                "{\"operation\":\"REMOVE\"}", "{\"operation\":\"REMOVE\",\"value\":\"x\"}");
    }

    private static void c(String rule, String passes, String fails) {
        CASES.put(rule, new String[] {passes, fails});
    }

    @Test
    void everyRuleOfTheBundledCrdsIsMirroredAndHasACase() throws IOException {
        TreeSet<String> rules = new TreeSet<>();
        for (String resource : List.of("istio/crd-all.gen.yaml", IstioSchemaSets.OLDEST_RESOURCE)) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
                MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(in);
                while (docs.hasNext()) {
                    collect(docs.next(), rules);
                }
            }
        }
        assertEquals(36, rules.size(), "distinct CEL rules in the bundled CRDs");
        List<String> missing = new ArrayList<>();
        for (String rule : rules) {
            if (!CelRules.mirrored(rule) || CASES.keySet().stream().noneMatch(k -> k.equals(rule))) {
                missing.add(rule);
            }
        }
        assertEquals(List.of(), missing, "rules without a mirror in CelRules or a case here");
    }

    @Test
    void eachMirrorPassesAndFailsLikeTheRule() throws IOException {
        assertEquals(CASES.size(), CelRules.size());
        for (Map.Entry<String, String[]> c : CASES.entrySet()) {
            assertEquals(List.of(), eval(c.getKey(), c.getValue()[0]), "passes: " + c.getKey() + " on " + c.getValue()[0]);
            assertEquals(List.of("x: broken"), eval(c.getKey(), c.getValue()[1]), "fails: " + c.getKey() + " on " + c.getValue()[1]);
        }
    }

    @Test
    void durationsBelowOneMillisecondOrMalformedFail() throws IOException {
        String rule = "duration(self) >= duration('1ms')";
        for (String ok : List.of("1ms", "0.001s", "1000us", "1h30m", "1.5s", "10s")) {
            assertEquals(List.of(), eval(rule, "\"" + ok + "\""), ok);
        }
        for (String bad : List.of("0s", "500us", "999999ns", "0", "-1s", "1", "abc", "", "1x")) {
            assertEquals(List.of("x: broken"), eval(rule, "\"" + bad + "\""), bad);
        }
    }

    @Test
    void schemaValidatorEvaluatesTheRulesWhereTheCrdPutsThem() {
        var resource = new dev.meshfleet.render.RenderedResource("networking.istio.io/v1", "VirtualService", "default",
                "reviews", (com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(Map.of("spec", Map.of(
                        "hosts", List.of("reviews"), "http", List.of(Map.of("timeout", "0s",
                                "retries", Map.of("attempts", 3, "perTryTimeout", "500us"),
                                "route", List.of(Map.of("destination", Map.of("host", "reviews")))))))));
        List<String> errors = CrdSchemas.bundled().validate(resource);
        assertTrue(errors.contains("spec.http[0].timeout: must be a valid duration greater than 1ms"), errors.toString());
        assertTrue(errors.contains("spec.http[0].retries.perTryTimeout: must be a valid duration greater than 1ms"), errors.toString());
        assertEquals(2, errors.size(), errors.toString());
    }

    /** Raw resources meet the same rules at intent time (MF205), named by their path in the intent. */
    @Test
    void rawResourcesAreRefusedByTheRulesAtTheirIntentPath() {
        String raw = dev.meshfleet.support.Seeds.PAYMENTS + """
                  resources:
                    - apiVersion: networking.istio.io/v1
                      kind: ServiceEntry
                      metadata: {name: wildcard, namespace: production}
                      spec:
                        hosts: ["*"]
                        ports: [{number: 443, name: https, protocol: TLS}, {number: 443, name: tls, protocol: TLS}]
                        resolution: DNS
                """;
        List<dev.meshfleet.intent.analysis.Finding> found = RawResourceCheck.check(
                dev.meshfleet.intent.IntentCodec.accept(raw, false, null).model());
        assertEquals(List.of("$.spec.resources[0].spec.hosts[0]: hostname cannot be wildcard",
                "$.spec.resources[0].spec.ports: port number cannot be duplicated"),
                found.stream().map(f -> f.path() + ":" + f.message().substring(f.message().indexOf("schema:") + 7)).toList());
    }

    private static List<String> eval(String rule, String json) throws IOException {
        ArrayNode validations = JSON.createArrayNode();
        validations.addObject().put("rule", rule).put("message", "broken");
        List<String> errors = new ArrayList<>();
        CelRules.check(JSON.readTree(json), validations, "x", errors);
        return errors;
    }

    private static void collect(JsonNode node, TreeSet<String> rules) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            JsonNode v = node.get("x-kubernetes-validations");
            if (v != null) {
                v.forEach(r -> rules.add(r.path("rule").asText().strip().replaceAll("\\s+", " ")));
            }
            for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
                collect(it.next(), rules);
            }
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, rules));
        }
    }
}
