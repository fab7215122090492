package dev.meshfleet.delivery;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.meshfleet.support.AgentBootstrap;
import dev.meshfleet.support.Await;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTenant;

/**
 * Reports waiting for their batch to commit hold no request thread. When a change reaches a fleet every agent reports at
 * once; a worker thread held per report until its batch committed capped the reports a replica took in at the size of
 * its worker pool (200), the rest waiting for a thread, and left none for anything else meanwhile.
 */
@QuarkusTest
class PendingReportsTest {
    /** More than the worker pool's 200 threads. */
    private static final int REPORTS = 250;

    @Inject
    DataSource dataSource;

    @Inject
    ReportWriter writer;

    @TestHTTPResource("/agent/v1/reports")
    URL reports;

    @Test
    void reportsWaitingForTheirBatchHoldNoThread() throws Exception {
        TestTenant tenant = TestTenant.create();
        tenant.createMesh("payments", Map.of("env", "prod"));
        tenant.putFirstIntent("payments", Seeds.PAYMENTS);
        String credential = AgentBootstrap.credential(tenant.registerCluster("c1", Map.of("env", "prod")), "test");
        String report = "{\"mesh\":\"payments\",\"revision\":1,\"results\":[]}";
        given().auth().oauth2(credential).contentType(ContentType.JSON).body(report).post("/agent/v1/reports").then()
                .statusCode(202);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        try (Connection lock = dataSource.getConnection()) {
            // the cluster's status row locked (not the cluster row: other calls write its last contact): the writer's
            // next batch waits for it
            lock.setAutoCommit(false);
            try (PreparedStatement select = lock.prepareStatement("SELECT 1 FROM delivery_status ds JOIN clusters c "
                    + "ON c.id = ds.cluster_id WHERE c.tenant_id = ? AND c.name = 'c1' FOR UPDATE OF ds")) {
                select.setObject(1, tenantId(lock, tenant.name()));
                select.executeQuery().close();
            }
            answers.add(post(http, credential, report));
            Await.until("the writer waits for the locked row", Duration.ofSeconds(20), () -> writerWaitsForLock());
            for (int i = 0; i < REPORTS; i++) {
                answers.add(post(http, credential, report));
            }
            Await.until(REPORTS + " reports taken in while the batch before them waits", Duration.ofSeconds(30),
                    () -> writer.waiting() == REPORTS);
            assertTrue(answers.stream().noneMatch(CompletableFuture::isDone), "a report was answered before it was stored");
            // a request that needs a worker thread is still served
            given().auth().oauth2(credential).get("/agent/v1/desired").then().statusCode(200);
            lock.rollback();
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertEquals(202, answer.get(30, TimeUnit.SECONDS).statusCode());
        }
        given().auth().oauth2(credential).contentType(ContentType.JSON).body("{\"mesh\":\"billing\",\"revision\":1}")
                .post("/agent/v1/reports").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2("mfc_forged").contentType(ContentType.JSON).body(report).post("/agent/v1/reports").then()
                .statusCode(401).contentType("application/problem+json");
    }

    private CompletableFuture<HttpResponse<String>> post(HttpClient http, String credential, String report) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(reports.toString())).header("Authorization", "Bearer " + credential)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(report)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private boolean writerWaitsForLock() {
        try (Connection c = dataSource.getConnection(); var rows = c.createStatement().executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO delivery_status%'")) {
            rows.next();
            return rows.getInt(1) > 0;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UUID tenantId(Connection c, String name) throws java.sql.SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT id FROM tenants WHERE name = ?")) {
            q.setString(1, name);
            try (var rows = q.executeQuery()) {
                rows.next();
                return rows.getObject(1, UUID.class);
            }
        }
    }
}
