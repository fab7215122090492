package dev.meshfleet.render.cli;

import java.io.InputStream;
import java.io.PrintStream;
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
 * allowed), 1 the intent has errors (or the file is not one intent), 2 bad usage or unreadable input, 3 a rendered
 * resource failed Istio's schema (a bug).
 */
public final class RenderCli {
    static final String USAGE = """
            usage: meshfleet render   -f FILE|- [--mesh NAME] [--revision N] [--cluster-name NAME]
                                      [--cluster-labels k=v,k2=v2] [--istio-version X.Y]
                   meshfleet validate -f FILE|- [same options]
            """;
    private static final String OPTIONS = """

            FILE holds one intent document, YAML or JSON (apiVersion meshfleet.dev/v1, kind Mesh). Works offline:
            no server, database or broker.

            options:
              -f, --file FILE|-          the intent file; - reads standard input (required)
              --mesh NAME                the mesh's name (default: the intent's metadata.name, else "mesh")
              --revision N               the revision stamped on the rendered resources (default 0)
              --cluster-name NAME        the cluster rendered for (default local)
              --cluster-labels k=v,...   the cluster's labels, which choose the overrides that apply (default none)
              --istio-version X.Y[.Z]    the cluster's Istio version; before 1.22 the v1beta1 APIs are rendered
                                         (default: the v1 APIs)
              -h, --help                 this help

            exit codes:
              0  %s
              1  the intent has errors (each printed with its path), or the file is not one intent: empty, several
                 YAML documents, or another kind of resource (such as an Istio VirtualService)
              2  bad usage (an unknown or incomplete option) or a file that cannot be read (no such file, a
                 directory, no permission, not UTF-8)
              3  a rendered resource failed Istio's schema: a Meshfleet bug, please report it
            """;
    static final String RENDER_HELP = """
            usage: meshfleet render -f FILE|- [--mesh NAME] [--revision N] [--cluster-name NAME]
                                    [--cluster-labels k=v,k2=v2] [--istio-version X.Y]

            Prints the Istio resources one cluster gets from an intent file, as multi-document YAML on stdout;
            findings (warnings) go to stderr, and nothing is printed on stdout when the intent has errors.
            """ + OPTIONS.formatted("rendered (warnings allowed)");
    static final String VALIDATE_HELP = """
            usage: meshfleet validate -f FILE|- [--mesh NAME] [--revision N] [--cluster-name NAME]
                                      [--cluster-labels k=v,k2=v2] [--istio-version X.Y]

            Prints every finding of an intent file on stdout (severity, code, path, message), checks what it renders
            for the cluster against Istio's CRD schemas, and ends with "ok: N resources ..." when it is valid.
            """ + OPTIONS.formatted("valid (warnings allowed)");

    private static final Set<String> FLAGS = Set.of("-f", "--file", "--mesh", "--revision", "--cluster-name",
            "--cluster-labels", "--istio-version");

    private RenderCli() {
    }

    record Options(String command, String file, String mesh, int revision, String clusterName, Map<String, String> labels,
            String istioVersion) {
    }

    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        if (wantsHelp(args)) {
            out.print(args[0].equals("validate") ? VALIDATE_HELP : RENDER_HELP);
            return 0;
        }
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("meshfleet " + args[0] + ": " + e.getMessage());
            err.print(USAGE);
            err.println("(meshfleet " + args[0] + " --help lists the options and exit codes)");
            return 2;
        }
        String text;
        try {
            text = IntentFile.read(options.file(), stdin);
        } catch (IntentFile.Unreadable e) {
            err.println("meshfleet " + options.command() + ": " + e.getMessage());
            return 2;
        }
        IntentDocuments.Shape shape = IntentDocuments.inspect(text, IntentFile.describe(options.file()));
        if (shape.problem() != null) {
            err.println("meshfleet " + options.command() + ": " + shape.problem());
            return 1;
        }
        String document = shape.document();
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

    /** -h, --help or help where an option may stand (every option takes a value, so not after one). */
    static boolean wantsHelp(String[] args) {
        for (int i = 1; i < args.length; i += 2) {
            if (args[i].equals("--help") || args[i].equals("-h") || args[i].equals("help")) {
                return true;
            }
        }
        return false;
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
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException(flag.startsWith("-") ? "unknown option " + flag
                        : "unexpected argument '" + flag + "'; give the intent file with -f FILE");
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
