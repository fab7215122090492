package dev.meshfleet.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.intent.IntentCodec.CanonicalIntent;

class IntentCodecTest {
    static final String SEED = Seeds.PAYMENTS;

    private static List<FieldError> errorsOf(String yaml) {
        return assertThrows(ValidationException.class, () -> IntentCodec.accept(yaml, false, "payments")).errors();
    }

    private static void assertError(List<FieldError> errors, String path, String messagePart) {
        assertTrue(errors.stream().anyMatch(e -> e.path().equals(path) && e.message().contains(messagePart)),
                "expected an error at " + path + " containing '" + messagePart + "' in " + errors);
    }

    @Test
    void seedIntentIsValidAndCanonicalisesStably() {
        CanonicalIntent first = IntentCodec.accept(SEED, false, "payments");
        assertEquals(1, first.model().spec().services().size());
        CanonicalIntent again = IntentCodec.accept(SEED, false, "payments");
        assertEquals(first.json(), again.json());
        assertEquals(first.sha256(), again.sha256());
        // the canonical JSON, read back as JSON, is the same document
        assertEquals(first.sha256(), IntentCodec.accept(first.json(), true, "payments").sha256());
    }

    @Test
    void reorderingSetLikeListsDoesNotChangeTheIntentButReorderingRoutesDoes() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode doc = (ObjectNode) yaml.readTree(SEED);
        ObjectNode service = (ObjectNode) doc.path("spec").path("services").get(0);
        ArrayNode versions = (ArrayNode) service.get("versions");
        versions.insert(0, versions.remove(1));
        String versionsSwapped = yaml.writeValueAsString(doc);
        assertNotEquals(SEED, versionsSwapped);
        assertEquals(IntentCodec.accept(SEED, false, "payments").sha256(),
                IntentCodec.accept(versionsSwapped, false, "payments").sha256());

        ArrayNode routes = (ArrayNode) service.get("http");
        routes.insert(0, routes.remove(1));
        assertNotEquals(IntentCodec.accept(SEED, false, "payments").sha256(),
                IntentCodec.accept(yaml.writeValueAsString(doc), false, "payments").sha256(),
                "first match wins, so route order is meaningful");
    }

    @Test
    void unknownFieldIsRefusedWithItsPath() {
        List<FieldError> errors = errorsOf(SEED.replace("      namespace: production\n      ports:",
                "      namespace: production\n      colour: blue\n      ports:"));
        assertError(errors, "$.spec.services[0].colour", "unknown field 'colour'");
    }

    @Test
    void wrongTypeIsRefusedWithItsPath() {
        List<FieldError> errors = errorsOf(SEED.replace("attempts: 3", "attempts: three"));
        assertError(errors, "$.spec.services[0].http[0].retries.attempts", "expected an integer");
        List<FieldError> quotedNumber = errorsOf(SEED.replace("weight: 90", "weight: \"90\""));
        assertError(quotedNumber, "$.spec.services[0].http[1].route[0].weight", "integer");
    }

    @Test
    void unknownEnumValueNamesTheAcceptedOnes() {
        List<FieldError> errors = errorsOf(SEED.replace("simple: LEAST_CONN", "simple: FASTEST"));
        assertError(errors, "$.spec.services[0].trafficPolicy.loadBalancer.simple", "LEAST_CONN");
    }

    @Test
    void negativeWeightAndBadSumAreBothReported() {
        List<FieldError> errors = errorsOf(SEED.replace("weight: 90", "weight: -5"));
        assertError(errors, "$.spec.services[0].http[1].route[0].weight", "between 0 and 100");
        assertError(errors, "$.spec.services[0].http[1].route", "add up to 100 (they add up to 5)");
    }

    @Test
    void weightsMustAddUpTo100() {
        List<FieldError> errors = errorsOf(SEED.replace("weight: 10", "weight: 20"));
        assertEquals(List.of(new FieldError("$.spec.services[0].http[1].route", "weights must add up to 100 (they add up to 110)")),
                errors);
    }

    @Test
    void referencesMustResolve() {
        List<FieldError> errors = errorsOf(SEED.replace("- version: v2\n          timeout", "- version: v3\n          timeout"));
        assertError(errors, "$.spec.services[0].http[0].route[0].version", "has no version 'v3'");
        List<FieldError> gateway = errorsOf(SEED.replace("- service: payment-service", "- service: billing"));
        assertError(gateway, "$.spec.gateways[0].routes[0].http[0].route[0].service", "no service 'billing'");
    }

    @Test
    void durationsPortsAndPercentagesAreRangeChecked() {
        assertError(errorsOf(SEED.replace("timeout: 10s\n          retries", "timeout: ten\n          retries")),
                "$.spec.services[0].http[0].timeout", "duration");
        assertError(errorsOf(SEED.replace("number: 8080", "number: 70000")), "$.spec.services[0].ports[0].number",
                "between 1 and 65535");
        assertError(errorsOf(SEED.replace("maxEjectionPercent: 50", "maxEjectionPercent: 150")),
                "$.spec.services[0].trafficPolicy.outlierDetection.maxEjectionPercent", "between 0 and 100");
    }

    @Test
    void headerApiVersionKindAndNameAreChecked() {
        List<FieldError> errors = errorsOf(SEED.replace("apiVersion: meshfleet.dev/v1", "apiVersion: v2")
                .replace("kind: Mesh", "kind: Mash").replace("  name: payments", "  name: billing"));
        assertError(errors, "$.apiVersion", "meshfleet.dev/v1");
        assertError(errors, "$.kind", "Mesh");
        assertError(errors, "$.metadata.name", "payments");
    }

    @Test
    void malformedAndDuplicateKeysAreRefused() {
        assertError(errorsOf("apiVersion: \"unterminated\n"), "$", "malformed");
        assertError(errorsOf("apiVersion: meshfleet.dev/v1\napiVersion: meshfleet.dev/v1\n"), "$.apiVersion",
                "'apiVersion' is given more than once");
        assertError(errorsOf(""), "$", "empty");
    }

    @Test
    void gatewayTlsRulesAreEnforced() {
        assertError(errorsOf(SEED.replace("credentialName: techoral-tls", "minProtocolVersion: TLSV1_2")),
                "$.spec.gateways[0].servers[0].tls.credentialName", "required for SIMPLE");
    }
}
