package dev.meshfleet.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.intent.analysis.Finding;
import dev.meshfleet.intent.analysis.IntentAnalyzer;

/**
 * Service entries and egress in intent: the strict codec, the validator (each of Istio's refusals, with the path of
 * the field), the canonical form, and the analysis of what Istio accepts but cannot work.
 */
class ExternalServicesIntentTest {
    static final String HEADER = "apiVersion: meshfleet.dev/v1\nkind: Mesh\nspec:\n";
    static final String CNN = """
              serviceEntries:
                - name: cnn
                  namespace: default
                  hosts: [edition.cnn.com]
                  ports: [{number: 80, name: http-port, protocol: HTTP}]
                  resolution: DNS
            """;

    static List<FieldError> errorsOf(String spec) {
        return assertThrows(ValidationException.class, () -> IntentCodec.accept(HEADER + spec, false, "m")).errors();
    }

    static void assertError(String spec, String path, String messagePart) {
        List<FieldError> errors = errorsOf(spec);
        assertTrue(errors.stream().anyMatch(e -> e.path().equals(path) && e.message().contains(messagePart)),
                "expected an error at " + path + " containing '" + messagePart + "' in " + errors);
    }

    static String entry(String fields) {
        return """
                  serviceEntries:
                    - name: se
                      namespace: default
                """ + fields.indent(6);
    }

    static List<Finding> analyze(String spec) {
        return IntentAnalyzer.analyze(IntentCodec.accept(HEADER + spec, false, "m").model(), List.of());
    }

    @Test
    void unknownFieldsAndWrongTypesAreRefusedWithTheirPath() {
        assertError(entry("hosts: [a.example]\nresolutin: DNS"), "$.spec.serviceEntries[0].resolutin", "");
        assertError(entry("hosts: [a.example]\nresolution: DYNAMIC"), "$.spec.serviceEntries[0].resolution", "");
        assertError(entry("hosts: [a.example]\nports: [{number: \"80\", name: http}]"),
                "$.spec.serviceEntries[0].ports[0].number", "");
        assertError(entry("hosts: [a.example]\nresolution: STATIC\nendpoints: [{address: 1.1.1.1, ports: {http: \"80\"}}]"),
                "$.spec.serviceEntries[0].endpoints[0].ports.http", "");
        assertError(CNN + "  egress:\n    - {name: cnn, namespace: default, host: edition.cnn.com, port: 80, protocol: HTTP, "
                + "gateway: {nmae: x}}\n", "$.spec.egress[0].gateway.nmae", "");
    }

    @Test
    void istiosServiceEntryRulesAreEnforcedWithPaths() {
        String p = "$.spec.serviceEntries[0]";
        assertError(entry("resolution: DNS"), p + ".hosts", "is required");
        assertError(entry("hosts: []"), p + ".hosts", "at least one host");
        assertError(entry("hosts: [\"*\"]"), p + ".hosts[0]", "must not be '*'");
        assertError(entry("hosts: [\"*.example.com\"]\nresolution: DNS"), p + ".hosts[0]", "wildcard host cannot be resolved");
        assertError(entry("hosts: [a.example]\naddresses: [10.0.0.0/8]\nresolution: DNS"), p + ".addresses", "CIDR");
        assertError(entry("hosts: [a.example]\naddresses: [not-an-ip]"), p + ".addresses[0]", "IP address or a CIDR");
        assertError(entry("hosts: [a.example]\nports: [{number: 80, name: http}, {number: 80, name: web}]"),
                p + ".ports[1].number", "duplicate port 80");
        assertError(entry("hosts: [a.example]\nports: [{number: 80, name: http}, {number: 81, name: http}]"),
                p + ".ports[1].name", "duplicate port name");
        assertError(entry("hosts: [a.example]\nports: [{number: 80}]"), p + ".ports[0].name", "is required");
        assertError(entry("hosts: [a.example]\nports: [{number: 70000, name: http, targetPort: 0}]"), p + ".ports[0].number", "between 1 and 65535");
        assertError(entry("hosts: [a.example]\nports: [{number: 80, name: http, targetPort: 0}]"), p + ".ports[0].targetPort", "between 1 and 65535");
        assertError(entry("hosts: [a.example]\nendpoints: [{address: 1.1.1.1}]"), p + ".endpoints", "NONE takes no endpoints");
        assertError(entry("hosts: [a.example]\nresolution: DNS_ROUND_ROBIN\nendpoints: [{address: a.example}, {address: b.example}]"),
                p + ".endpoints", "at most one endpoint");
        assertError(entry("hosts: [a.example]\nresolution: STATIC\nendpoints: [{address: a.example}]"),
                p + ".endpoints[0].address", "needs an IP address");
        assertError(entry("hosts: [a.example]\nresolution: STATIC\nendpoints: [{labels: {app: a}}]"),
                p + ".endpoints[0].address", "is required");
        assertError(entry("hosts: [a.example]\nresolution: STATIC\nports: [{number: 80, name: http}]\n"
                + "endpoints: [{address: 1.1.1.1, ports: {grpc: 9090}}]"), p + ".endpoints[0].ports.grpc", "names no port");
        assertError(entry("hosts: [a.example]\nresolution: STATIC\nports: [{number: 80, name: http}]\n"
                + "endpoints: [{address: \"unix:///var/run/\"}]"), p + ".endpoints[0].address", "not a directory");
        assertError(entry("hosts: [a.example]\nresolution: STATIC\nworkloadSelector: {labels: {app: a}}\n"
                + "endpoints: [{address: 1.1.1.1}]"), p + ".workloadSelector", "not both");
        assertError(entry("hosts: [a.example]\nresolution: STATIC\nworkloadSelector: {labels: {app: \"a*\"}}"),
                p + ".workloadSelector.labels.app", "");
        assertError(entry("hosts: [a.example, b.example]\nresolution: DNS\nports: [{number: 5432, name: pg, protocol: TCP}]"),
                p + ".hosts", "cannot be told apart");
        assertError(entry("hosts: [a.example]\nexportTo: [\"Not_A_Namespace\"]"), p + ".exportTo[0]", "namespace name");
        assertError(entry("hosts: [a.example]\nresolution: STATIC\nendpoints: [{address: 1.1.1.1, locality: \"us//a\"}]"),
                p + ".endpoints[0].locality", "region");
        assertError(entry("hosts: [a.example]") + entry("hosts: [b.example]").replace("  serviceEntries:\n", ""),
                "$.spec.serviceEntries[1].name", "duplicate service entry");
    }

    @Test
    void egressIsCheckedWithPaths() {
        String p = "$.spec.egress[0]";
        assertError(CNN + "  egress:\n    - {name: cnn, namespace: default, host: \"*.cnn.com\", port: 80, protocol: HTTP}\n",
                p + ".host", "one fully qualified host");
        assertError(CNN + "  egress:\n    - {name: cnn, namespace: default, host: edition.cnn.com, port: 80, protocol: TCP}\n",
                p + ".protocol", "HTTP");
        assertError(CNN + "  egress:\n    - {name: cnn, namespace: default, host: edition.cnn.com, protocol: HTTP}\n",
                p + ".port", "is required");
        assertError(CNN + "  egress:\n    - {name: cnn, namespace: default, host: edition.cnn.com, port: 80, protocol: HTTP}\n"
                + "    - {name: cnn, namespace: default, host: edition.cnn.com, port: 80, protocol: HTTP, "
                + "gateway: {selector: {app: other}}}\n", "$.spec.egress[1]" + ".name", "duplicate egress");
        assertError(CNN + "  egress:\n    - {name: cnn, namespace: default, host: edition.cnn.com, port: 80, protocol: HTTP}\n"
                + "    - {name: cnn2, namespace: default, host: edition.cnn.com, port: 80, protocol: HTTP, "
                + "gateway: {selector: {app: other}}}\n", "$.spec.egress[1].gateway.selector", "same pods");
        assertError(CNN + "  egress:\n    - {name: cnn, namespace: default, host: edition.cnn.com, port: 80, protocol: HTTP}\n"
                + "    - {name: cnn-tls, namespace: default, host: edition.cnn.com, port: 443, protocol: TLS}\n",
                "$.spec.egress[1].host", "one VirtualService per host");
        assertError(CNN + """
                  gateways:
                    - name: istio-egressgateway
                      namespace: default
                      selector: {istio: ingressgateway}
                      servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
                  egress:
                    - {name: cnn, namespace: default, host: edition.cnn.com, port: 80, protocol: HTTP}
                """, p + ".gateway.name", "also an ingress gateway");
    }

    @Test
    void serviceEntriesAndEgressAreSetsInTheCanonicalForm() {
        String a = entry("hosts: [a.example]").replace("name: se", "name: b") + "    - {name: a, namespace: default, hosts: [b.example]}\n";
        String b = "  serviceEntries:\n    - {name: a, namespace: default, hosts: [b.example]}\n"
                + entry("hosts: [a.example]").replace("name: se", "name: b").replace("  serviceEntries:\n", "");
        assertEquals(IntentCodec.accept(HEADER + a, false, "m").sha256(), IntentCodec.accept(HEADER + b, false, "m").sha256());
    }

    @Test
    void aStoredRevisionReadsBackToTheSameModel() {
        String spec = CNN.replace("resolution: DNS", "resolution: DNS\n      endpoints: [{address: edition.cnn.com, ports: {http-port: 8080}, "
                + "labels: {app: cnn}, network: n1, locality: us/east, weight: 2, serviceAccount: sa}]")
                + "  egress:\n    - {name: cnn, namespace: default, host: edition.cnn.com, port: 80, protocol: HTTP, "
                + "gateway: {name: eg, namespace: egress, selector: {app: eg}, service: eg.egress.svc.cluster.local, port: 8080}}\n";
        IntentCodec.CanonicalIntent accepted = IntentCodec.accept(HEADER + spec, false, "m");
        IntentCodec.CanonicalIntent stored = IntentCodec.fromStored(accepted.tree());
        assertEquals(accepted.model(), stored.model());
        assertEquals(accepted.sha256(), stored.sha256());
    }

    @Test
    void theTasksOwnIntentHasNoFindings() {
        assertEquals(List.of(), analyze(CNN + "  egress:\n    - {name: cnn, namespace: default, host: edition.cnn.com, port: 80, protocol: HTTP}\n"));
    }

    @Test
    void analysisFindsWhatIstioAcceptsButCannotWork() {
        assertEquals(List.of("MF121"), codes(entry("hosts: [a.example]\nresolution: STATIC")));
        assertEquals(List.of(), codes(entry("hosts: [a.example]\nresolution: STATIC\nendpoints: [{address: 1.1.1.1}]")));
        assertEquals(List.of("MF122"), codes(entry("hosts: [a.example]\nresolution: STATIC\nworkloadSelector: {labels: {app: a}}")));
        assertEquals(List.of(), codes(entry("hosts: [a.example]\nresolution: STATIC\nlocation: MESH_INTERNAL\n"
                + "workloadSelector: {labels: {app: a}}")));
        // the egress host declared nowhere in the intent: a warning, it may be declared outside it
        List<Finding> undeclared = analyze("  egress:\n    - {name: cnn, namespace: default, host: edition.cnn.com, port: 80, protocol: HTTP}\n");
        assertEquals(List.of("MF123"), undeclared.stream().map(Finding::code).toList());
        assertEquals("$.spec.egress[0].host", undeclared.get(0).path());
        // ... but a raw ServiceEntry declaring it is enough
        assertEquals(List.of(), codes("""
                  resources:
                    - apiVersion: networking.istio.io/v1
                      kind: ServiceEntry
                      metadata: {name: cnn, namespace: default}
                      spec: {hosts: [edition.cnn.com], ports: [{number: 80, name: http, protocol: HTTP}], resolution: DNS}
                  egress:
                    - {name: cnn, namespace: default, host: edition.cnn.com, port: 80, protocol: HTTP}
                """));
        // the task's warning: with resolution NONE the gateway sends the traffic to itself
        List<Finding> loop = analyze(CNN.replace("resolution: DNS", "resolution: NONE")
                + "  egress:\n    - {name: cnn, namespace: default, host: edition.cnn.com, port: 80, protocol: HTTP}\n");
        assertEquals(List.of("MF221"), loop.stream().map(Finding::code).toList());
        assertEquals("$.spec.serviceEntries[0].resolution", loop.get(0).path());
        assertEquals(Finding.Severity.ERROR, loop.get(0).severity());
        List<Finding> port = analyze(CNN + "  egress:\n    - {name: cnn, namespace: default, host: edition.cnn.com, port: 443, protocol: TLS}\n");
        assertEquals(List.of("MF222"), port.stream().map(Finding::code).toList());
        assertEquals("$.spec.egress[0].port", port.get(0).path());
        // a service routing the egress host too: two VirtualServices for one host, one ignored by sidecars
        List<Finding> routedTwice = analyze(CNN + """
                  services:
                    - {name: cnn, namespace: default, host: edition.cnn.com, http: [{timeout: 3s, route: [{weight: 100}]}]}
                  egress:
                    - {name: cnn, namespace: default, host: edition.cnn.com, port: 80, protocol: HTTP}
                """);
        assertEquals(List.of("MF223"), routedTwice.stream().map(Finding::code).toList());
        assertEquals("$.spec.services[0].host", routedTwice.get(0).path());
    }

    @Test
    void anotherMeshRoutingTheEgressHostOnASharedClusterIsAConflict() {
        String spec = CNN + "  egress:\n    - {name: cnn, namespace: default, host: edition.cnn.com, port: 80, protocol: HTTP}\n";
        var other = new dev.meshfleet.intent.analysis.OtherMesh("news", IntentCodec.accept(HEADER + spec, false, "news").model(),
                java.util.Set.of("eu-1"));
        List<Finding> findings = IntentAnalyzer.analyze(IntentCodec.accept(HEADER + spec, false, "m").model(), List.of(other));
        assertEquals(List.of("MF204"), findings.stream().map(Finding::code).toList());
        assertEquals("$.spec.egress[0].host", findings.get(0).path());
    }

    static List<String> codes(String spec) {
        return analyze(spec).stream().map(Finding::code).toList();
    }
}
