package dev.meshfleet.render.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.meshfleet.support.Seeds;

/** The offline CLI as the README documents it (the same entry point the packaged jar runs for these commands). */
class RenderCliTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = RenderCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void renderPrintsMultiDocumentYamlThatParsesBack() throws Exception {
        Run r = run("", "render", "-f", "deploy/examples/payments-mesh.yaml", "--cluster-labels", "env=prod",
                "--istio-version", "1.24");
        assertEquals(0, r.exit(), r.err());
        var docs = new YAMLMapper().readerFor(JsonNode.class).readValues(r.out());
        int count = 0;
        while (docs.hasNext()) {
            JsonNode doc = (JsonNode) docs.next();
            assertTrue(doc.get("apiVersion").asText().endsWith("/v1"));
            assertEquals("meshfleet", doc.at("/metadata/labels/app.kubernetes.io~1managed-by").asText());
            count++;
        }
        assertEquals(8, count);
        assertTrue(r.out().contains("exact: \"true\""), "a string that looks like a boolean stays a string");
        assertTrue(r.err().contains("MF104"), "warnings go to stderr");
    }

    @Test
    void olderIstioGetsV1beta1AndStdinWorks() {
        Run r = run(Seeds.PAYMENTS, "render", "-f", "-", "--istio-version", "1.20.3");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("apiVersion: security.istio.io/v1beta1") && !r.out().contains("/v1\n"), r.out());
    }

    @Test
    void validateReportsFindingsAndFailsOnErrors() {
        Run ok = run("", "validate", "-f", "deploy/examples/payments-mesh.yaml");
        assertEquals(0, ok.exit());
        assertTrue(ok.out().contains("WARNING MF104") && ok.out().contains("ok: 8 resources"), ok.out());

        Run semantic = run(Seeds.PAYMENTS.replace("[cluster.local/ns", "[spiffe://cluster.local/ns"), "validate", "-f", "-");
        assertEquals(1, semantic.exit());
        assertTrue(semantic.out().contains("ERROR   MF201"), semantic.out());

        Run structural = run(Seeds.PAYMENTS.replace("weight: 90", "weight: -5"), "render", "-f", "-");
        assertEquals(1, structural.exit());
        assertTrue(structural.err().contains("$.spec.services[0].http[1].route[0].weight"), structural.err());
        assertEquals("", structural.out());
    }

    @Test
    void badUsageExitsWith2() {
        assertEquals(2, run("", "render").exit());
        assertEquals(2, run("", "render", "-f", "/no/such/file.yaml").exit());
        assertEquals(2, run("", "render", "-f", "x.yaml", "--cluster-labels", "not a label").exit());
        assertEquals(2, run("", "render", "-f", "x.yaml", "--colour", "blue").exit());
        assertTrue(run("", "validate", "--help").err().contains("usage: meshfleet render"));
    }
}
