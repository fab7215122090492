package dev.meshfleet.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static int run(String[] args, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println("usage: meshfleet agent [--server URL] [--bootstrap-token T] [--credential-file F] [--health-port P]");
                return 2;
            }
            options.put(args[i].substring(2), args[++i]);
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
                .resyncEvery(300_000);
        int port = Integer.parseInt(firstNonNull(option(options, "health-port", "MESHFLEET_HEALTH_PORT"), "8081"));
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
