package dev.meshfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.protocol.Bundle;

/** A bundle inline in a desired set is read as the full conversion reads it, without building its resources again. */
class ApplicableBundleTest {
    private static final String ROLLOUT = UUID.randomUUID().toString();
    private static final String CONTENT = """
            {"mesh":"payments","revision":7,"policy":{"forceConflicts":true,"drift":"report"},
             "prune":{"labels":{"meshfleet.dev/managed-by":"meshfleet","meshfleet.dev/mesh":"payments"}},
             "rollouts":[{"id":"%s","generation":3,"weight":20}],
             "addedByANewerServer":{"x":1},
             "resources":[
               {"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"a","namespace":"shop"},
                "spec":{"hosts":["a"]}},
               {"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","metadata":{"name":"a","namespace":"shop"},
                "spec":{"host":"a"}}]}
            """.formatted(ROLLOUT);

    @Test
    void readsWhatTheFullConversionReadsAndKeepsTheResourcesThemselves() throws Exception {
        JsonNode content = AgentJson.MAPPER.readTree(CONTENT);
        ApplicableBundle inline = ApplicableBundle.inline(content);
        ApplicableBundle converted = ApplicableBundle.of(AgentJson.MAPPER.treeToValue(content, Bundle.class));

        assertEquals(converted, inline);
        assertTrue(inline.forceConflicts());
        assertFalse(inline.correctDrift());
        assertEquals(Map.of("meshfleet.dev/managed-by", "meshfleet", "meshfleet.dev/mesh", "payments"), inline.pruneLabels());
        assertEquals(UUID.fromString(ROLLOUT), inline.rollouts().get(0).id());
        assertEquals(3, inline.rollouts().get(0).generation());
        assertEquals(2, inline.resources().size());
        assertSame(content.get("resources").get(0), inline.resources().get(0));
        assertSame(content.get("resources").get(1), inline.resources().get(1));
        assertEquals(AgentJson.MAPPER.readTree(CONTENT), content, "reading the bundle changed the desired set");
    }

    @Test
    void aBundleWithoutResourcesOrPolicyGetsTheDefaults() throws Exception {
        ApplicableBundle inline = ApplicableBundle.inline(AgentJson.MAPPER.readTree("{\"mesh\":\"payments\",\"revision\":2}"));
        assertEquals(new ApplicableBundle(List.of(), Map.of(), false, true, List.of()), inline);
    }

    @Test
    void malformedContentIsRefusedWithTheReason() throws Exception {
        IllegalArgumentException notObject = assertThrows(IllegalArgumentException.class,
                () -> ApplicableBundle.inline(AgentJson.MAPPER.readTree("[1]")));
        assertTrue(notObject.getMessage().contains("not a JSON object"), notObject.getMessage());
        IllegalArgumentException notList = assertThrows(IllegalArgumentException.class,
                () -> ApplicableBundle.inline(AgentJson.MAPPER.readTree("{\"mesh\":\"m\",\"revision\":1,\"resources\":{}}")));
        assertTrue(notList.getMessage().contains("resources are not a list"), notList.getMessage());
    }
}
