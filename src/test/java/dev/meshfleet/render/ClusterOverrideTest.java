package dev.meshfleet.render;

import dev.meshfleet.cluster.ClusterFacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.render.schema.CrdSchemas;
import dev.meshfleet.support.Seeds;

/** Per-cluster overrides: clusters whose labels match get the override's routes; others keep the mesh's own. */
class ClusterOverrideTest {
    static final String OVERRIDES = """
              overrides:
                - name: us-stays-stable
                  clusters: {matchLabels: {region: us}}
                  services:
                    - name: payment-service
                      http:
                        - route: [{version: v1}]
                          timeout: 5s
                - name: canary-cluster
                  clusters: {matchExpressions: [{key: tier, operator: In, values: [canary]}]}
                  services:
                    - name: payment-service
                      http:
                        - route: [{version: v1, weight: 50}, {version: v2, weight: 50}]
            """;

    static MeshIntent intent(String overrides) {
        return IntentCodec.accept(Seeds.PAYMENTS + overrides, false, "payments").model();
    }

    static JsonNode virtualService(MeshIntent intent, Map<String, String> labels) {
        return MeshRenderer.render(intent, "payments", 1, ClusterFacts.current("c", labels)).stream()
                .filter(r -> r.kind().equals("VirtualService") && r.name().equals("payment-service")).findFirst()
                .orElseThrow().manifest();
    }

    @Test
    void matchingClustersGetTheOverride() {
        MeshIntent intent = intent(OVERRIDES);
        JsonNode eu = virtualService(intent, Map.of("region", "eu"));
        assertEquals(2, eu.at("/spec/http").size(), "unmatched clusters keep the mesh's routes");
        assertEquals(90, eu.at("/spec/http/1/route/0/weight").asInt());

        JsonNode us = virtualService(intent, Map.of("region", "us"));
        assertEquals(1, us.at("/spec/http").size());
        assertEquals("v1", us.at("/spec/http/0/route/0/destination/subset").asText());
        assertEquals("5s", us.at("/spec/http/0/timeout").asText());

        JsonNode both = virtualService(intent, Map.of("region", "us", "tier", "canary"));
        assertEquals(50, both.at("/spec/http/0/route/1/weight").asInt(), "the later override wins");

        for (RenderedResource r : MeshRenderer.render(intent, "payments", 1, ClusterFacts.current("c", Map.of("region", "us")))) {
            assertEquals(List.of(), CrdSchemas.bundled().validate(r), r.key());
        }
    }

    @Test
    void unknownServicesBadWeightsAndBadSelectorsInOverridesAreRefused() {
        String billing = OVERRIDES.replaceFirst("- name: payment-service", "- name: billing");
        List<FieldError> unknown = assertThrows(ValidationException.class, () -> intent(billing)).errors();
        assertTrue(unknown.stream().anyMatch(e -> e.path().equals("$.spec.overrides[0].services[0].name")
                && e.message().contains("no service 'billing'")), unknown.toString());
        List<FieldError> weights = assertThrows(ValidationException.class,
                () -> intent(OVERRIDES.replace("{version: v2, weight: 50}", "{version: v2, weight: 60}"))).errors();
        assertEquals("$.spec.overrides[1].services[0].http[0].route", weights.get(0).path(), weights.toString());
        List<FieldError> selector = assertThrows(ValidationException.class,
                () -> intent(OVERRIDES.replace("operator: In", "operator: Near"))).errors();
        assertTrue(selector.get(0).path().startsWith("$.spec.overrides[1].clusters.matchExpressions[0].operator"),
                selector.toString());
    }
}
