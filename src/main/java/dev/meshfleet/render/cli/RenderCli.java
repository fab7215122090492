package dev.meshfleet.render.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.meshfleet.common.labels.Labels;
import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.common.error.ProblemException;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.render.Manifests;
import dev.meshfleet.render.MeshRenderer;
import dev.meshfleet.render.RenderedResource;
import dev.meshfleet.intent.analysis.Finding;
import dev.meshfleet.intent.analysis.IntentAnalyzer;
import dev.meshfleet.render.schema.CrdSchemas;
import dev.meshfleet.render.schema.IstioSchemaSets;
import dev.meshfleet.render.schema.RawResourceCheck;

/**
 * The offline CLI: what {@code kustomize build} is to kustomize. {@code render} prints the Istio resources of an intent
 * file for one cluster as multi-document YAML; {@code validate} prints the findings. Exit codes: 0 fine (warnings
 * allowed), 1 the intent has errors, 2 bad usage or unreadable input, 3 a rendered resource failed Istio's schema (a bug).
 */
public final class RenderCli {
    static final String USAGE = """
            usage: meshfleet render   -f FILE|- [--mesh NAME] [--revision N] [--cluster-name NAME]
                                      [--cluster-labels k=v,k2=v2] [--istio-version X.Y]
                   meshfleet validate -f FILE|- [same options]
              render   prints the cluster's Istio resources (multi-document YAML) on stdout, warnings on stderr
              validate prints every finding (severity, code, path, message) and checks the output against Istio's CRDs
            """;

    private RenderCli() {
    }

    record Options(String command, String file, String mesh, int revision, String clusterName, Map<String, String> labels,
            String istioVersion) {
    }

    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("meshfleet: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        String document;
        try {
            document = options.file().equals("-") ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(options.file()));
        } catch (IOException e) {
            err.println("meshfleet: cannot read " + options.file() + ": " + e.getMessage());
            return 2;
        }
        MeshIntent intent;
        try {
            intent = IntentCodec.accept(document, false, options.mesh()).model();
        } catch (ProblemException e) {
            for (FieldError error : e.errors()) {
                err.println("ERROR   invalid  " + error.path() + ": " + error.message());
            }
            if (e.errors().isEmpty()) {
                err.println("ERROR   invalid  $: " + e.getMessage());
            }
            return 1;
        }
        try {
            return check(options, intent, out, err);
        } catch (RuntimeException e) {
            // never a stack trace: say what failed and how to report it
            err.println("meshfleet: could not " + options.command() + " this intent: an internal error ("
                    + e.getClass().getSimpleName() + ") occurred; this is a Meshfleet bug, please report it with the file");
            return 3;
        }
    }

    private static int check(Options options, MeshIntent intent, PrintStream out, PrintStream err) {
        String mesh = options.mesh() != null ? options.mesh()
                : intent.metadata() != null && intent.metadata().name() != null ? intent.metadata().name() : "mesh";
        List<Finding> findings = new ArrayList<>(IntentAnalyzer.analyze(intent, List.of()));
        findings.addAll(RawResourceCheck.check(intent));
        boolean errors = findings.stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR);
        ClusterFacts cluster = new ClusterFacts(options.clusterName(), options.labels(), options.istioVersion(), Set.of());
        List<RenderedResource> rendered = errors ? List.of() : MeshRenderer.render(intent, mesh, options.revision(), cluster);
        List<String> schemaErrors = new ArrayList<>();
        CrdSchemas schemas = IstioSchemaSets.forIstio(options.istioVersion());
        for (RenderedResource r : rendered) {
            schemas.validate(r).forEach(e -> schemaErrors.add(r.kind() + " " + r.namespace() + "/" + r.name() + ": " + e));
        }
        PrintStream findingsOut = options.command().equals("validate") ? out : err;
        for (Finding f : findings) {
            findingsOut.printf("%-7s %-8s %s: %s%n", f.severity(), f.code(), f.path(), f.message());
        }
        for (String e : schemaErrors) {
            findingsOut.println("ERROR   SCHEMA   " + e + " (a Meshfleet bug: please report it)");
        }
        if (options.command().equals("render") && !errors && schemaErrors.isEmpty()) {
            out.print(Manifests.toYaml(rendered));
        }
        if (options.command().equals("validate") && !errors && schemaErrors.isEmpty()) {
            out.printf("ok: %d resources for cluster %s (Istio API %s), %d warnings%n", rendered.size(),
                    options.clusterName(), cluster.istioApiVersion(), findings.size());
        }
        return errors ? 1 : schemaErrors.isEmpty() ? 0 : 3;
    }

    static Options parse(String[] args) {
        String command = args[0];
        String file = null;
        String mesh = null;
        int revision = 0;
        String clusterName = "local";
        Map<String, String> labels = new LinkedHashMap<>();
        String istioVersion = null;
        for (int i = 1; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException("help");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "-f", "--file" -> file = value;
                case "--mesh" -> mesh = value;
                case "--cluster-name" -> clusterName = value;
                case "--istio-version" -> {
                    if (!value.matches("v?[0-9]+(\\.[0-9]+){0,2}([-+.].*)?")) {
                        throw new IllegalArgumentException("--istio-version takes a version such as 1.24 or 1.20.3");
                    }
                    istioVersion = value;
                }
                case "--revision" -> {
                    try {
                        revision = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--revision takes a number");
                    }
                }
                case "--cluster-labels" -> {
                    for (String pair : value.split(",")) {
                        int eq = pair.indexOf('=');
                        if (eq <= 0 || !Labels.isValidKey(pair.substring(0, eq)) || !Labels.isValidValue(pair.substring(eq + 1))) {
                            throw new IllegalArgumentException("--cluster-labels takes k=v pairs separated by commas, not '" + pair + "'");
                        }
                        labels.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("-f FILE is required (- for standard input)");
        }
        return new Options(command, file, mesh, revision, clusterName, Map.copyOf(labels), istioVersion);
    }
}
