package dev.meshfleet.render.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        Run unknown = run("", "render", "-f", "x.yaml", "--colour", "blue");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().startsWith("meshfleet render: unknown option --colour\nusage: meshfleet render"), unknown.err());
        assertTrue(unknown.err().contains("meshfleet render --help lists the options"), unknown.err());
        Run positional = run("", "validate", "deploy/examples/payments-mesh.yaml");
        assertEquals(2, positional.exit());
        assertTrue(positional.err().contains("unexpected argument 'deploy/examples/payments-mesh.yaml'; give the intent "
                + "file with -f FILE"), positional.err());
    }

    @Test
    void helpForEachCommandPrintsUsageOptionsAndExitCodesOnStdout() {
        for (String command : List.of("render", "validate")) {
            for (String help : List.of("--help", "-h", "help")) {
                Run r = run("", command, help);
                assertEquals(0, r.exit(), command + " " + help);
                assertEquals("", r.err());
                assertTrue(r.out().startsWith("usage: meshfleet " + command + " -f FILE|-"), r.out());
                for (String option : List.of("-f, --file FILE|-", "--mesh NAME", "--revision N", "--cluster-name NAME",
                        "--cluster-labels k=v", "--istio-version X.Y", "-h, --help")) {
                    assertTrue(r.out().contains(option), command + " help lacks " + option + ":\n" + r.out());
                }
                assertTrue(r.out().contains("exit codes:\n  0  ") && r.out().contains("\n  1  the intent has errors")
                        && r.out().contains("\n  2  bad usage") && r.out().contains("\n  3  a rendered resource failed"),
                        r.out());
            }
        }
        // anywhere an option may stand, even after a bad one; not as the value of one (a file may be called help)
        assertEquals(0, run("", "render", "--colour", "blue", "--help").exit());
        Run fileCalledHelp = run("", "render", "-f", "help");
        assertEquals(2, fileCalledHelp.exit());
        assertEquals("meshfleet render: no such file: help\n", fileCalledHelp.err());
    }

    @Test
    void aFileThatCannotBeReadIsNamedWithTheReason(@TempDir Path dir) throws Exception {
        Run missing = run("", "render", "-f", dir.resolve("payments.yaml").toString());
        assertEquals(2, missing.exit());
        assertEquals("meshfleet render: no such file: " + dir.resolve("payments.yaml") + "\n", missing.err());

        Run directory = run("", "validate", "-f", dir.toString());
        assertEquals(2, directory.exit());
        assertEquals("meshfleet validate: " + dir + " is a directory, not an intent file (give one file with -f)\n",
                directory.err());

        Path binary = Files.write(dir.resolve("intent.yaml"), new byte[] { (byte) 0xff, (byte) 0xfe, 'a', 0 });
        Run notText = run("", "validate", "-f", binary.toString());
        assertEquals(2, notText.exit());
        assertTrue(notText.err().contains(binary + " is not UTF-8 text"), notText.err());

        Path locked = Files.writeString(dir.resolve("locked.yaml"), Seeds.PAYMENTS);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("-w-------"));
        // root reads any file: then only the wording of the refusal the file system gives is checked
        if (!Files.isReadable(locked)) {
            Run unreadable = run("", "render", "-f", locked.toString());
            assertEquals(2, unreadable.exit());
            assertEquals("meshfleet render: cannot read " + locked + ": permission denied\n", unreadable.err());
        }
        assertEquals("cannot read " + locked + ": permission denied",
                IntentFile.explain(new AccessDeniedException(locked.toString()), locked.toString()).getMessage());
        assertEquals("no such file: x.yaml", IntentFile.explain(new NoSuchFileException("x.yaml"), "x.yaml").getMessage());
    }

    @Test
    void aFileWithoutADocumentSaysSo() {
        for (String text : List.of("", "\n\n", "# only a comment\n# and another\n", "---\n", "---\n# c\n---\n")) {
            Run r = run(text, "validate", "-f", "-");
            assertEquals(1, r.exit(), text);
            assertTrue(r.err().startsWith("meshfleet validate: standard input holds no document ("), r.err());
            assertTrue(r.err().contains("an intent file holds one Meshfleet intent (apiVersion meshfleet.dev/v1, kind Mesh)"),
                    r.err());
            assertEquals("", r.out());
        }
    }

    /**
     * Shortened from istio/istio samples/bookinfo/networking/destination-rule-all.yaml: several resources in one file,
     * separated by ---, as kubectl apply takes them.
     */
    static final String BOOKINFO_DESTINATION_RULES = """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: productpage
            spec:
              host: productpage
              subsets:
              - name: v1
                labels:
                  version: v1
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: reviews
            spec:
              host: reviews
              subsets:
              - name: v1
                labels:
                  version: v1
            """;

    @Test
    void aMultiDocumentFileSaysHowManyAndWhat() {
        Run r = run(Seeds.PAYMENTS + "---\n" + BOOKINFO_DESTINATION_RULES, "render", "-f", "-");
        assertEquals(1, r.exit());
        int meshLine = (int) Seeds.PAYMENTS.lines().takeWhile(l -> !l.startsWith("apiVersion")).count() + 1;
        int second = (int) Seeds.PAYMENTS.lines().count() + 2;
        assertEquals("meshfleet render: standard input holds 3 YAML documents (line " + meshLine + ": Meshfleet Mesh "
                + "'payments', line " + second + ": Istio DestinationRule 'productpage', line " + (second + 11)
                + ": Istio DestinationRule 'reviews'); give one intent per file\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void emptyDocumentsAroundTheIntentAreDroppedAsKubectlDoes() {
        Run plain = run(Seeds.PAYMENTS, "validate", "-f", "-");
        for (String framed : List.of("---\n" + Seeds.PAYMENTS, Seeds.PAYMENTS + "---\n", "---\n" + Seeds.PAYMENTS + "---\n---\n")) {
            Run r = run(framed, "validate", "-f", "-");
            assertEquals(plain, r);
        }
        // what is wrong is still reported at its path, with its line when the YAML is malformed
        Run wrong = run(Seeds.PAYMENTS.replace("weight: 90", "weight: -5") + "---\n", "render", "-f", "-");
        assertEquals(1, wrong.exit());
        assertTrue(wrong.err().contains("$.spec.services[0].http[1].route[0].weight"), wrong.err());
        Run malformed = run("---\napiVersion: meshfleet.dev/v1\nkind: Mesh\n  spec: {}\n---\n", "render", "-f", "-");
        assertEquals(1, malformed.exit());
        assertTrue(malformed.err().contains("malformed document at line 4, column 7"), malformed.err());
    }

    /** istio/istio samples/bookinfo/networking/virtual-service-reviews-v3.yaml, given where intent belongs. */
    static final String BOOKINFO_REVIEWS_V3 = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts:
                - reviews
              http:
              - route:
                - destination:
                    host: reviews
                    subset: v3
            """;

    @Test
    void anIstioResourceInsteadOfIntentSaysWhatItIs() {
        Run r = run(BOOKINFO_REVIEWS_V3, "validate", "-f", "-");
        assertEquals(1, r.exit());
        assertEquals("meshfleet validate: standard input: this is an Istio VirtualService 'reviews' "
                + "(networking.istio.io/v1), not Meshfleet intent (apiVersion meshfleet.dev/v1, kind Mesh); write it as "
                + "intent (README \"Rendering, analysis and plans\"), or carry it unchanged under spec.resources of a Mesh\n",
                r.err());
        assertFalse(r.err().contains("unknown field"), r.err());

        Run configMap = run("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {}\n", "render", "-f", "-");
        assertEquals(1, configMap.exit());
        assertTrue(configMap.err().contains("this is a Kubernetes ConfigMap 'settings' (v1), not Meshfleet intent"),
                configMap.err());
        Run list = run("apiVersion: v1\nkind: List\nitems: []\n", "render", "-f", "-");
        assertTrue(list.err().contains("this is a Kubernetes List (as kubectl get -o yaml prints), not Meshfleet intent"),
                list.err());
        Run yamlList = run("- " + BOOKINFO_REVIEWS_V3.replace("\n", "\n  "), "render", "-f", "-");
        assertTrue(yamlList.err().contains("holds a list of 1 item, not one Meshfleet intent"), yamlList.err());

        // intent with a wrong kind or apiVersion of its own is still the validator's, which names the field
        Run wrongKind = run(Seeds.PAYMENTS.replace("apiVersion: meshfleet.dev/v1", "apiVersion: meshfleet.dev/v2"),
                "validate", "-f", "-");
        assertEquals(1, wrongKind.exit());
        assertTrue(wrongKind.err().contains("ERROR   invalid  $.apiVersion: must be 'meshfleet.dev/v1'"), wrongKind.err());
    }
}
