package dev.meshfleet.render.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.analysis.Finding;
import dev.meshfleet.support.Seeds;

/** MF205: raw Istio resources in an intent must pass Istio's schema (moved here from IntentAnalyzerTest with the check). */
class RawResourceCheckTest {

    static List<Finding> check(String yaml) {
        return RawResourceCheck.check(IntentCodec.accept(yaml, false, null).model());
    }

    static List<String> codes(String yaml) {
        return check(yaml).stream().map(Finding::code).toList();
    }

    @Test
    void rawResourcesMustPassIstiosSchema() {
        String raw = Seeds.PAYMENTS + """
                  resources:
                    - apiVersion: networking.istio.io/v1
                      kind: ServiceEntry
                      metadata: {name: payments-api, namespace: production}
                      spec:
                        hosts: [api.payments.example]
                        location: SOMEWHERE
                        resolution: DNS
                """;
        Finding f = check(raw).stream().filter(x -> x.code().equals("MF205")).findFirst().orElseThrow();
        assertEquals("$.spec.resources[0].spec.location", f.path());
        assertEquals(Finding.Severity.ERROR, f.severity());
        assertTrue(!codes(raw.replace("SOMEWHERE", "MESH_EXTERNAL")).contains("MF205"));
    }
}
