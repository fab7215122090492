package dev.meshfleet.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpServer;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * {@code java -jar meshfleet.jar agent}: the in-cluster agent, as its own process. Needs no Postgres, Kafka or OIDC.
 * Configured by flags or environment: MESHFLEET_SERVER_URL (--server), MESHFLEET_BOOTSTRAP_TOKEN (--bootstrap-token),
 * and where to keep its credential, MESHFLEET_CREDENTIAL_SECRET (namespace/name, in-cluster) or
 * MESHFLEET_CREDENTIAL_FILE (--credential-file). Kubernetes access from the in-cluster service account or KUBECONFIG.
 * Serves /healthz and /readyz on MESHFLEET_HEALTH_PORT (8081).
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
        KubernetesClient kube = new KubernetesClientBuilder().build();
        String secret = option(options, "credential-secret", "MESHFLEET_CREDENTIAL_SECRET");
        String file = option(options, "credential-file", "MESHFLEET_CREDENTIAL_FILE");
        String credential = secret != null ? readSecret(kube, secret) : readFile(file);
        Consumer<String> saver = secret != null ? c -> writeSecret(kube, secret, c) : c -> writeFile(file, c);
        AgentClient client = new AgentClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build(), server,
                credential);
        Agent agent = new Agent(client, new KubernetesClusterStore(kube),
                option(options, "bootstrap-token", "MESHFLEET_BOOTSTRAP_TOKEN"), saver, 30_000).resyncEvery(300_000);
        startHealth(agent, Integer.parseInt(firstNonNull(option(options, "health-port", "MESHFLEET_HEALTH_PORT"), "8081")));
        agent.run();
        err.println("meshfleet agent stopped: " + agent.state());
        return agent.state() == Agent.State.REVOKED ? 3 : 0;
    }

    private static String option(Map<String, String> options, String flag, String env) {
        return options.containsKey(flag) ? options.get(flag) : System.getenv(env);
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static void startHealth(Agent agent, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.createContext("/healthz", exchange -> respond(exchange, agent.state() != Agent.State.REVOKED));
            server.createContext("/readyz", exchange -> respond(exchange, agent.state() == Agent.State.CONNECTED));
            server.setExecutor(null);
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve health on port " + port, e);
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, boolean ok) throws IOException {
        byte[] body = (ok ? "ok" : "not ok").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String readFile(String file) {
        try {
            return file != null && Files.exists(Path.of(file)) ? Files.readString(Path.of(file)).trim() : null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the credential file " + file, e);
        }
    }

    private static void writeFile(String file, String credential) {
        if (file == null) {
            return; // kept in memory only: a restart registers again, which needs a new bootstrap token
        }
        try {
            Path path = Path.of(file);
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, credential);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the credential file " + file, e);
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
