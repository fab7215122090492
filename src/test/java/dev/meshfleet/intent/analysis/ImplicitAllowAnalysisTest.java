package dev.meshfleet.intent.analysis;

import static dev.meshfleet.intent.analysis.IntentAnalyzerTest.SEED;
import static dev.meshfleet.intent.analysis.IntentAnalyzerTest.codes;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A policy without an action is an ALLOW policy (as in Istio), so it opens a deny-all namespace like an explicit one. */
class ImplicitAllowAnalysisTest {

    @Test
    void aPolicyWithoutActionCountsAsAllow() {
        String implicit = SEED.replace("        action: ALLOW\n", "");
        assertTrue(!implicit.equals(SEED), "the seed's ALLOW line was not found");
        assertTrue(!codes(implicit).contains("MF105"), "MF105 for an action-less (ALLOW) policy");
        assertTrue(codes(SEED.replace("action: ALLOW", "action: AUDIT")).contains("MF105"));
    }
}
