package dev.meshfleet.intent;

import dev.meshfleet.common.json.JsonDiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.meshfleet.support.Seeds;

class IntentDiffTest {
    @Test
    void namesItemsOfSetLikeListsAndIndexesRoutes() {
        var a = IntentCodec.accept(Seeds.PAYMENTS, false, "payments").tree();
        var b = IntentCodec.accept(Seeds.PAYMENTS.replace("weight: 90", "weight: 50").replace("weight: 10", "weight: 50")
                .replace("maxConnections: 100", "maxConnections: 200"), false, "payments").tree();
        List<JsonDiff.Change> changes = JsonDiff.between(a, b);
        assertEquals(3, changes.size(), changes.toString());
        assertTrue(changes.stream().anyMatch(c -> c.path().equals("spec.services[payment-service].http[1].route[0].weight")
                && c.op() == JsonDiff.Op.CHANGE && c.from().asInt() == 90 && c.to().asInt() == 50));
        assertTrue(changes.stream().anyMatch(c -> c.path()
                .equals("spec.services[payment-service].trafficPolicy.connectionPool.tcp.maxConnections")));
    }

    @Test
    void reportsAddedAndRemovedItems() {
        var a = IntentCodec.accept(Seeds.PAYMENTS, false, "payments").tree();
        var b = IntentCodec.accept(Seeds.PAYMENTS.replaceAll("(?m)^    denyAllNamespaces:.*\\n", ""), false,
                "payments").tree();
        List<JsonDiff.Change> changes = JsonDiff.between(a, b);
        assertEquals(List.of("spec.authorization.denyAllNamespaces"), changes.stream().map(JsonDiff.Change::path).toList());
        assertEquals(JsonDiff.Op.REMOVE, changes.get(0).op());
        assertTrue(JsonDiff.between(a, a).isEmpty());
    }
}
