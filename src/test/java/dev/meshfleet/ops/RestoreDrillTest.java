package dev.meshfleet.ops;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.support.AgentFleet;
import dev.meshfleet.support.Await;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTenant;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The restore drill of docs/operations.md, performed on the running server's own database with the PostgreSQL client
 * tools an operator uses: {@code pg_dump} (custom format), then everything in the database is dropped (its schema, with
 * every table, sequence and Flyway's history), {@code pg_restore} puts it back, and the server's stale connections are
 * ended. The server resumes without a restart: it serves what was dumped, an agent that was away comes back with the
 * credential stored before the dump, and both agents converge on a revision written after the restore.
 */
@QuarkusTest
class RestoreDrillTest {
    @TestHTTPResource("/")
    URL base;

    AgentFleet fleet;

    @AfterEach
    void tearDown() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void dumpDropRestoreAndTheServerResumesAndAgentsConverge() throws Exception {
        TestTenant tenant = TestTenant.create();
        fleet = new AgentFleet(base);
        fleet.join("eu", tenant.registerCluster("eu", Map.of("env", "prod")));
        fleet.join("us", tenant.registerCluster("us", Map.of("env", "prod")));
        tenant.createMesh("payments");
        tenant.putFirstIntent("payments", Seeds.PAYMENTS);
        for (String cluster : List.of("eu", "us")) {
            Await.until(cluster + " applies revision 1", Duration.ofSeconds(30), () -> tenant.applied("payments", cluster, 1));
        }

        Database db = Database.ofTestServer();
        Path dump = Files.createDirectories(Path.of("target", "restore-drill")).resolve("meshfleet.dump");
        db.run("pg_dump", "--format=custom", "--no-owner", "--file=" + dump, db.name);
        assertTrue(Files.size(dump) > 0);

        fleet.agents.get("us").stop(); // away during the outage; comes back with the credential it had
        // the disaster: the database loses everything
        db.psql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        assertEquals("0", db.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").trim());

        db.run("pg_restore", "--no-owner", "--exit-on-error", "--dbname=" + db.name, dump.toString());
        // connections opened while the database was empty are replaced (the pool opens new ones on demand)
        db.psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND pid <> pg_backend_pid() AND usename = current_user");

        // the server resumes: it serves the dumped state
        // (a request that takes a connection the database closed a moment before fails: the responses' OpenAPI check
        // throws on its 500, which counts as "not yet")
        Await.until("the server serves the restored mesh", Duration.ofSeconds(60), () -> {
            try {
                return as(tenant.admin()).get(tenant.mesh("payments") + "/intent").statusCode() == 200;
            } catch (RuntimeException | AssertionError e) {
                return false;
            }
        });
        for (int i = 0; i < 20; i++) { // and keeps serving it
            as(tenant.admin()).get(tenant.mesh("payments") + "/intent").then().statusCode(200).header("ETag", "\"1\"");
        }
        fleet.startAgent("us", null);

        // and delivers what is written after the restore to both agents
        as(tenant.admin()).contentType("application/yaml").header("If-Match", "\"1\"")
                .body(Seeds.PAYMENTS.replace("weight: 90", "weight: 80").replace("weight: 10", "weight: 20"))
                .put(tenant.mesh("payments") + "/intent").then().statusCode(201);
        for (String cluster : List.of("eu", "us")) {
            Await.until(cluster + " applies revision 2 after the restore", Duration.ofSeconds(60),
                    () -> tenant.applied("payments", cluster, 2));
        }
    }

    /** The test server's database, reached with the client tools and the server's own credentials. */
    record Database(String host, String port, String name, String user, String password) {
        static Database ofTestServer() {
            var config = ConfigProvider.getConfig();
            URI url = URI.create(config.getValue("quarkus.datasource.jdbc.url", String.class).substring("jdbc:".length()));
            return new Database(url.getHost(), String.valueOf(url.getPort() < 0 ? 5432 : url.getPort()),
                    url.getPath().substring(1), config.getValue("quarkus.datasource.username", String.class),
                    config.getValue("quarkus.datasource.password", String.class));
        }

        String psql(String sql) throws IOException, InterruptedException {
            return run("psql", "-v", "ON_ERROR_STOP=1", "-tA", "-d", name, "-c", sql);
        }

        /** Runs a PostgreSQL client program against this database; fails with its output unless it exits 0. */
        String run(String program, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(program, "--host=" + host, "--port=" + port, "--username=" + user,
                    "--no-password"));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", password);
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), program + " did not finish");
            assertEquals(0, process.exitValue(), program + " failed: " + out);
            return out;
        }
    }
}
