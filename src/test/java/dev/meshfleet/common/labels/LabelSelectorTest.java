package dev.meshfleet.common.labels;

import dev.meshfleet.common.labels.LabelSelector;

import dev.meshfleet.common.labels.Placement;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LabelSelectorTest {
    private static final Map<String, String> EU_PROD = Map.of("env", "prod", "region", "eu");
    private static final Map<String, String> US_DEV = Map.of("env", "dev", "region", "us", "legacy", "true");

    @Test
    void equalityInNotInExistsAndNot() {
        assertTrue(LabelSelector.parse("env=prod").matches(EU_PROD));
        assertTrue(LabelSelector.parse("env==prod").matches(EU_PROD));
        assertFalse(LabelSelector.parse("env!=prod").matches(EU_PROD));
        assertTrue(LabelSelector.parse("env=prod,region in (eu,us)").matches(EU_PROD));
        assertFalse(LabelSelector.parse("env=prod,region in (eu,us)").matches(US_DEV));
        assertTrue(LabelSelector.parse("region notin (eu)").matches(US_DEV));
        assertTrue(LabelSelector.parse("zone notin (a)").matches(US_DEV), "NotIn matches objects without the key");
        assertTrue(LabelSelector.parse("legacy").matches(US_DEV));
        assertTrue(LabelSelector.parse("!legacy").matches(EU_PROD));
        assertTrue(LabelSelector.parse(" env = prod , ! legacy ").matches(EU_PROD));
        assertTrue(LabelSelector.parse("").matches(US_DEV));
    }

    @Test
    void syntaxErrorsSayWhere() {
        for (String bad : List.of("region in eu", "region in (eu", "=prod", "env=prod,", "Bad Key=1", "a=b c")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelSelector.parse(bad), bad);
            assertTrue(e.getMessage().contains("position"), e.getMessage());
        }
    }

    @Test
    void placementMeansTheSameAsTheQuerySyntax() {
        Placement placement = new Placement(Map.of("env", "prod"),
                List.of(new Placement.Expression("region", Placement.Operator.In, List.of("eu", "us")),
                        new Placement.Expression("legacy", Placement.Operator.DoesNotExist, null)));
        assertTrue(placement.toSelector().matches(EU_PROD));
        assertFalse(placement.toSelector().matches(US_DEV));
        assertTrue(Placement.ALL.toSelector().matches(US_DEV));
    }
}
