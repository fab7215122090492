package dev.meshfleet.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Keycloak (keycloak-quarkus-dist from Maven Central, installed by scripts/browser-test-tools, run on the JDK 21+
 * the script finds) with the test realm {@code src/test/resources/console/meshfleet-realm.json} imported through its
 * admin API. Started once per test run for the console's tests; the console's OIDC tenant is pointed at it.
 */
public class KeycloakServer implements QuarkusTestResourceLifecycleManager {
    public static final String REALM = "meshfleet";
    public static final String CLIENT_ID = "meshfleet-console";
    public static final String CLIENT_SECRET = "meshfleet-console-test-secret";
    private static final String ADMIN_PASSWORD = "meshfleet-test-admin";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Users of the test realm: their Keycloak ids are the token subjects memberships name. */
    public enum User {
        ALICE("alice", "0a11ce00-0000-4000-8000-000000000001"),
        OSCAR("oscar", "0b0b0000-0000-4000-8000-000000000002"),
        VICTOR("victor", "0f1e3000-0000-4000-8000-000000000003"),
        EVE("eve", "0e5e0000-0000-4000-8000-000000000004");

        public final String username;
        public final String subject;

        User(String username, String subject) {
            this.username = username;
            this.subject = subject;
        }

        public String password() {
            return username + "-password";
        }
    }

    private static volatile String baseUrl;
    private Process process;

    public static String issuer() {
        return baseUrl + "/realms/" + REALM;
    }

    public static String baseUrl() {
        return baseUrl;
    }

    @Override
    public Map<String, String> start() {
        try {
            Map<String, String> tools = Tools.install("keycloak");
            int port = freePort();
            int management = freePort();
            Path log = Path.of("target", "keycloak-" + port + ".log");
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(tools.get("KEYCLOAK_HOME") + "/bin/kc.sh", "start", "--optimized",
                    "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + port,
                    "--http-management-port=" + management, "--hostname-strict=false")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", tools.get("KEYCLOAK_JAVA_HOME"));
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            builder.environment().put("JAVA_OPTS_APPEND", "-Xms64m -Xmx512m -XX:TieredStopAtLevel=1");
            process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            baseUrl = "http://127.0.0.1:" + port;
            awaitReady(log);
            importRealm();
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.oidc.console.tenant-enabled", "true");
            config.put("quarkus.oidc.console.auth-server-url", issuer());
            config.put("quarkus.oidc.console.client-id", CLIENT_ID);
            config.put("quarkus.oidc.console.credentials.secret", CLIENT_SECRET);
            return config;
        } catch (IOException e) {
            throw new IllegalStateException("could not start Keycloak", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Keycloak", e);
        }
    }

    /** For scripts/bench-console: starts Keycloak, prints the console tenant's configuration, runs until killed. */
    public static void main(String[] args) throws InterruptedException {
        KeycloakServer server = new KeycloakServer();
        server.start().forEach((k, v) -> System.out.println(k + "=" + v));
        System.out.flush();
        Thread.currentThread().join();
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
        }
    }

    /** Ends every Keycloak session of the user (as an administrator or an idle timeout would). */
    public static void endSessions(User user) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms/" + REALM
                    + "/users/" + user.subject + "/logout")).header("Authorization", "Bearer " + adminToken())
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 204) {
                throw new IllegalStateException("Keycloak refused to end the sessions: " + r.statusCode() + " " + r.body());
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady(Path log) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        URI discovery = URI.create(baseUrl + "/realms/master/.well-known/openid-configuration");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited: " + tail(log));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(discovery).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Keycloak did not start within 180 s: " + tail(log));
    }

    private static void importRealm() throws IOException, InterruptedException {
        String realm = Files.readString(Path.of("src/test/resources/console/meshfleet-realm.json"));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms"))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(realm)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("Keycloak refused the test realm: " + r.statusCode() + " " + r.body());
        }
    }

    private static String adminToken() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password="
                + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl
                + "/realms/master/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Runs scripts/browser-test-tools (idempotent) and reads the KEY=value lines it prints. */
    public static final class Tools {
        private Tools() {
        }

        public static Map<String, String> install(String what) throws IOException, InterruptedException {
            Process p = new ProcessBuilder("scripts/browser-test-tools", what).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("scripts/browser-test-tools " + what + " failed: " + out);
            }
            Map<String, String> values = new HashMap<>();
            out.lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')),
                    l.substring(l.indexOf('=') + 1)));
            return values;
        }
    }
}
