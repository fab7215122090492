package dev.meshfleet.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import dev.meshfleet.protocol.AgentProtocol;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * {@code java -jar meshfleet.jar agent}: the in-cluster agent, as its own process. Needs no Postgres, Kafka or OIDC.
 * Configured by flags or environment: MESHFLEET_SERVER_URL (--server), MESHFLEET_BOOTSTRAP_TOKEN (--bootstrap-token),
 * and where to keep its credential, MESHFLEET_CREDENTIAL_SECRET (namespace/name, in-cluster) or
 * MESHFLEET_CREDENTIAL_FILE (--credential-file; written 0600, refused when group or others can read it). Kubernetes
 * access from the in-cluster service account or KUBECONFIG. Serves /healthz and /readyz on MESHFLEET_HEALTH_PORT (8081).
 * Keeps istio-system/cacerts when Meshfleet manages the cluster's trust: MESHFLEET_TRUST_INTERVAL (--trust-interval, 30s)
 * and MESHFLEET_ISTIOD_ADDRESS (--istiod-address, where istiod's CA certificate is observed).
 */
public final class AgentMain {
    private AgentMain() {
    }

    static final String USAGE = "usage: meshfleet agent [--server URL] [--bootstrap-token T] "
            + "[--credential-file F | --credential-secret NS/NAME] [--health-port P]\n"
            + "       [--trust-interval D] [--istiod-address HOST:PORT]\n";
    static final String HELP = USAGE + """

            Runs the in-cluster agent: dials out to the Meshfleet server, receives this cluster's desired state,
            server-side-applies it (field manager meshfleet), prunes what it no longer should run, watches for drift
            and reports. Needs no PostgreSQL, Kafka or OIDC. Kubernetes access comes from the in-cluster service
            account or KUBECONFIG. Each option may instead be given by its environment variable.

            options:
              --server URL               the Meshfleet server to dial (MESHFLEET_SERVER_URL; required)
              --bootstrap-token T        one-time token to register with (MESHFLEET_BOOTSTRAP_TOKEN); from
                                         POST .../clusters/{cluster}/bootstrap-token
              --credential-file F        keep the credential in this file, written 0600; refused when group or
                                         others can read it (MESHFLEET_CREDENTIAL_FILE)
              --credential-secret NS/NAME  keep the credential in this Secret instead (MESHFLEET_CREDENTIAL_SECRET)
              --health-port P            serve /healthz and /readyz on this port (MESHFLEET_HEALTH_PORT; default 8081)
              --trust-interval D         how often to check istio-system/cacerts against the trust Meshfleet wants,
                                         besides each change of the desired state: 30s, 500ms, 2m or seconds
                                         (MESHFLEET_TRUST_INTERVAL; default 30s)
              --istiod-address HOST:PORT where istiod serves its CA certificate, observed as rotation evidence
                                         (MESHFLEET_ISTIOD_ADDRESS; default istiod.istio-system.svc:15012)
              -h, --help                 this help

            exit codes: 0 stopped, 2 bad usage or configuration (no server URL, no credential or token, an
            unreadable or exposed credential file, a health port in use), 3 the credential was revoked
            """;
    private static final Set<String> OPTIONS = Set.of("server", "bootstrap-token", "credential-file",
            "credential-secret", "health-port", "trust-interval", "istiod-address");

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) { // where an option may stand: not the value of one
            if (args[i].equals("--help") || args[i].equals("-h") || args[i].equals("help")) {
                out.print(HELP);
                return 0;
            }
        }
        for (int i = 1; i < args.length; i++) {
            String problem = !args[i].startsWith("--") || !OPTIONS.contains(args[i].substring(2))
                    ? "unknown option " + args[i] : i + 1 >= args.length ? args[i] + " needs a value" : null;
            if (problem != null) {
                err.println("meshfleet agent: " + problem);
                err.print(USAGE);
                err.println("(meshfleet agent --help lists the options)");
                return 2;
            }
            options.put(args[i].substring(2), args[++i]);
        }
        String healthPort = firstNonNull(option(options, "health-port", "MESHFLEET_HEALTH_PORT"), "8081");
        if (!healthPort.matches("[0-9]{1,5}") || Integer.parseInt(healthPort) > 65535) {
            err.println("meshfleet agent: the health port must be a number from 0 to 65535, not '" + healthPort + "'");
            return 2;
        }
        String trustInterval = firstNonNull(option(options, "trust-interval", "MESHFLEET_TRUST_INTERVAL"), "30s");
        Duration trustEvery = interval(trustInterval);
        if (trustEvery == null) {
            err.println("meshfleet agent: the trust interval must be a duration of at least 100ms such as 30s, 500ms "
                    + "or 2m, not '" + trustInterval + "'");
            return 2;
        }
        String istiodAddress = firstNonNull(option(options, "istiod-address", "MESHFLEET_ISTIOD_ADDRESS"),
                TrustKeeper.DEFAULT_ISTIOD_ADDRESS);
        if (!istiodAddress.matches("[^\\s/]+:[0-9]{1,5}")) {
            err.println("meshfleet agent: the istiod address must be host:port, not '" + istiodAddress + "'");
            return 2;
        }
        String server = option(options, "server", "MESHFLEET_SERVER_URL");
        if (server == null) {
            err.println("meshfleet agent: the server URL is required (--server or MESHFLEET_SERVER_URL)");
            return 2;
        }
        String bootstrapToken = option(options, "bootstrap-token", "MESHFLEET_BOOTSTRAP_TOKEN");
        String secret = option(options, "credential-secret", "MESHFLEET_CREDENTIAL_SECRET");
        String file = option(options, "credential-file", "MESHFLEET_CREDENTIAL_FILE");
        CredentialFile credentialFile = secret == null && file != null ? new CredentialFile(Path.of(file)) : null;
        String credential = null;
        if (credentialFile != null) {
            try {
                credential = credentialFile.read(); // before anything starts: an exposed credential stops us here
            } catch (IOException e) {
                err.println("meshfleet agent: " + e.getMessage());
                return 2;
            }
        }
        // the agent retries on its own schedule: a request to an absent API server should fail within seconds
        KubernetesClient kube = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.autoConfigure(null))
                .withRequestRetryBackoffLimit(2).build()).build();
        if (secret != null) {
            try {
                credential = readSecret(kube, secret);
            } catch (RuntimeException e) {
                err.println("meshfleet agent: cannot read the credential Secret " + secret + " from the Kubernetes API "
                        + "server " + kube.getMasterUrl() + ": " + AgentLog.describe(e));
                return 2;
            }
        }
        Consumer<String> saver = secret != null ? c -> writeSecret(kube, secret, c) : c -> writeFile(credentialFile, c);
        if (credential == null && !usable(bootstrapToken)) {
            err.println("meshfleet agent: no credential yet and no bootstrap token to register with: get one with "
                    + "POST .../clusters/{cluster}/bootstrap-token and pass it (--bootstrap-token, MESHFLEET_BOOTSTRAP_TOKEN "
                    + "or the bootstrap Secret)");
            return 2;
        }
        AgentClient client = new AgentClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build(), server, credential);
        Agent agent = new Agent(client, new KubernetesClusterStore(kube), bootstrapToken, saver, 30_000)
                .resyncEvery(300_000).keepTrust(trustEvery.toMillis(), istiodAddress);
        int port = Integer.parseInt(healthPort);
        try {
            AgentHealth.serve(agent, port);
        } catch (IOException e) {
            err.println("meshfleet agent: cannot serve health on port " + port + ": " + e.getMessage());
            return 2;
        }
        agent.run();
        err.println("meshfleet agent stopped: " + agent.state());
        return agent.state() == Agent.State.REVOKED ? 3 : 0;
    }

    /** A token, not the install manifest's placeholder (the manifest read without issuing one). */
    private static boolean usable(String bootstrapToken) {
        return bootstrapToken != null && !bootstrapToken.isBlank()
                && !bootstrapToken.equals(AgentProtocol.TOKEN_PLACEHOLDER);
    }

    private static String option(Map<String, String> options, String flag, String env) {
        return options.containsKey(flag) ? options.get(flag) : System.getenv(env);
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, or a number of seconds; null when not one or under 100 ms. */
    public static Duration interval(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,9})(ms|s|m)?").matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        Duration d = "ms".equals(m.group(2)) ? Duration.ofMillis(amount)
                : "m".equals(m.group(2)) ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
        return d.toMillis() < 100 ? null : d;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static void writeFile(CredentialFile file, String credential) {
        if (file == null) {
            return; // kept in memory only: a restart registers again, which needs a new bootstrap token
        }
        try {
            file.write(credential);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the credential file " + file.path() + ": " + e.getMessage(), e);
        }
    }

    private static String readSecret(KubernetesClient kube, String ref) {
        String[] parts = ref.split("/", 2);
        var secret = kube.secrets().inNamespace(parts[0]).withName(parts[1]).get();
        if (secret == null || secret.getData() == null || !secret.getData().containsKey("credential")) {
            return null;
        }
        return new String(java.util.Base64.getDecoder().decode(secret.getData().get("credential")), StandardCharsets.UTF_8);
    }

    private static void writeSecret(KubernetesClient kube, String ref, String credential) {
        String[] parts = ref.split("/", 2);
        kube.secrets().inNamespace(parts[0]).resource(new SecretBuilder().withNewMetadata().withName(parts[1])
                .withNamespace(parts[0]).endMetadata().withType("Opaque").withStringData(Map.of("credential", credential))
                .build()).fieldManager(ClusterStore.FIELD_MANAGER).forceConflicts().serverSideApply();
    }
}
