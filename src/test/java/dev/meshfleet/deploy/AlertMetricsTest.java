package dev.meshfleet.deploy;

import static dev.meshfleet.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.meshfleet.common.messaging.Topics;
import dev.meshfleet.common.outbox.Outbox;
import dev.meshfleet.support.AgentBootstrap;
import dev.meshfleet.support.Await;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTenant;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The alerts of deploy/ are bound to what the server really exports: with a fleet that has every kind of state an alert
 * watches (an agent with failures and drift, a rollout waiting on its step, a root certificate, a webhook delivery,
 * outbox messages, Kafka consumers), every metric an alert expression names is served on /q/metrics with the labels the
 * expression uses. And the gauges added for the alerts follow the database.
 */
@QuarkusTest
class AlertMetricsTest {
    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    private static final Map<String, Object> APPLIED = Map.of("apiVersion", "networking.istio.io/v1", "kind",
            "VirtualService", "namespace", "production", "name", "payment-service", "outcome", "APPLIED");
    private static final Map<String, Object> FAILED = Map.of("apiVersion", "security.istio.io/v1", "kind",
            "AuthorizationPolicy", "namespace", "production", "name", "deny-all", "outcome", "FAILED", "error",
            "HTTP 422: invalid");

    @Test
    void everyAlertExpressionNamesOnlyMetricsTheServerExports() {
        TestTenant tenant = TestTenant.create();
        String credential = agentOfMeshPayments(tenant);
        report(credential, List.of(APPLIED, FAILED), List.of(drift(false)));
        as(tenant.admin()).body(Map.of()).post(tenant.mesh("payments") + "/trust/roots").then().statusCode(201);
        startRollout(tenant);
        given().contentType(ContentType.JSON).body("{}").post("/hooks/" + UUID.randomUUID()).then().statusCode(404);

        Map<String, String> expressions = alertExpressions();
        assertTrue(expressions.size() >= ProductionChecklistTest.ISSUE_ALERTS.size(), expressions.keySet().toString());
        Set<String> named = new LinkedHashSet<>();
        expressions.values().forEach(e -> named.addAll(metricNames(e)));
        assertTrue(named.contains("meshfleet_agent_connected") && named.contains("kafka_consumer_fetch_manager_records_lag_max"),
                "the expressions are read: " + named);
        Await.until("every metric the alerts name is served: " + named, Duration.ofSeconds(30),
                () -> named.stream().allMatch(Scrape.of(metrics)::has));
        // the KEK rotation's gauge (docs/operations.md): the new root's key is sealed under the current KEK
        Await.until("no secret under another KEK", Duration.ofSeconds(20), () -> Scrape.of(metrics)
                .value("meshfleet_kek_secrets_under_other_keys", Map.of()).orElse(-1.0) == 0);
        Scrape scrape = Scrape.of(metrics);
        expressions.forEach((alert, expr) -> {
            Set<String> labels = new LinkedHashSet<>();
            metricNames(expr).forEach(name -> labels.addAll(scrape.labelNames(name)));
            for (String label : labelNames(expr)) {
                assertTrue(labels.contains(label), alert + ": no series of " + metricNames(expr) + " has label '" + label
                        + "' (" + labels + ")");
            }
        });
    }

    @Test
    void theGaugesAddedForTheAlertsFollowTheDatabase() {
        TestTenant tenant = TestTenant.create();
        String credential = agentOfMeshPayments(tenant);
        Map<String, String> cluster = Map.of("tenant", tenant.name(), "cluster", "c1");
        Map<String, String> meshOnCluster = Map.of("tenant", tenant.name(), "mesh", "payments", "cluster", "c1");

        report(credential, List.of(APPLIED, FAILED), List.of(drift(false), drift(true)));
        awaitValue("meshfleet_agent_connected", cluster, 1);
        awaitValue("meshfleet_delivery_failed_resources", meshOnCluster, 1);
        awaitValue("meshfleet_delivery_drifted_resources", meshOnCluster, 1); // the corrected one does not count
        report(credential, List.of(APPLIED), List.of(drift(true)));
        awaitValue("meshfleet_delivery_failed_resources", meshOnCluster, 0);
        awaitValue("meshfleet_delivery_drifted_resources", meshOnCluster, 0);
        // the agent falls silent: its last contact an hour ago, far beyond three heartbeats
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE clusters SET last_contact_at = now() - "
                + "interval '1 hour' WHERE name = 'c1' AND tenant_id = (SELECT id FROM tenants WHERE name = :t)")
                .setParameter("t", tenant.name()).executeUpdate());
        awaitValue("meshfleet_agent_connected", cluster, 0);

        // a rollout whose clusters never confirm its first weight: its step's age grows
        String rollout = startRollout(tenant);
        Map<String, String> ofRollout = Map.of("tenant", tenant.name(), "mesh", "payments", "rollout", rollout);
        Await.until("the rollout's step age is served", Duration.ofSeconds(20),
                () -> Scrape.of(metrics).value("meshfleet_rollout_step_age_seconds", ofRollout).isPresent());
        double first = Scrape.of(metrics).value("meshfleet_rollout_step_age_seconds", ofRollout).orElseThrow();
        Await.until("the step age grows", Duration.ofSeconds(10), () -> Scrape.of(metrics)
                .value("meshfleet_rollout_step_age_seconds", ofRollout).orElseThrow() > first + 0.5);

        // an outbox message whose key another relay holds stays unpublished: the backlog and its age show it
        String key = "alert-metrics-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("INSERT INTO outbox_leases (topic, message_key, "
                + "holder, expires_at) VALUES (:topic, :key, 'a-stuck-relay', now() + interval '1 hour')")
                .setParameter("topic", "meshfleet-test." + Topics.DELIVERY_CHANGES).setParameter("key", key).executeUpdate());
        try {
            QuarkusTransaction.requiringNew().run(() -> outbox.add(Topics.DELIVERY_CHANGES, key,
                    Map.of("clusterId", UUID.randomUUID().toString())));
            Await.until("the held message counts in the backlog and ages", Duration.ofSeconds(20), () -> {
                Scrape s = Scrape.of(metrics);
                return s.value("meshfleet_outbox_backlog_messages", Map.of()).orElse(0.0) >= 1
                        && s.value("meshfleet_outbox_oldest_unpublished_age_seconds", Map.of()).orElse(0.0) >= 1;
            });
        } finally {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM outbox_leases WHERE message_key = :key")
                    .setParameter("key", key).executeUpdate());
        }
        Await.until("the released message is published and the backlog drains", Duration.ofSeconds(20), () -> {
            Scrape s = Scrape.of(metrics);
            return s.value("meshfleet_outbox_backlog_messages", Map.of()).orElse(-1.0) == 0
                    && s.value("meshfleet_outbox_oldest_unpublished_age_seconds", Map.of()).orElse(-1.0) == 0;
        });
    }

    /** Registers cluster c1 with an agent credential and creates mesh payments (seed intent) on it. */
    private static String agentOfMeshPayments(TestTenant tenant) {
        String credential = AgentBootstrap.credential(tenant.registerCluster("c1", Map.of("env", "prod")));
        tenant.createMesh("payments");
        tenant.putFirstIntent("payments", Seeds.PAYMENTS);
        return credential;
    }

    private void awaitValue(String name, Map<String, String> labels, double expected) {
        Await.until(name + labels + " == " + expected, Duration.ofSeconds(20),
                () -> Scrape.of(metrics).value(name, labels).orElse(Double.NaN) == expected);
    }

    private static void report(String credential, List<Map<String, Object>> results, List<Map<String, Object>> drift) {
        given().auth().oauth2(credential).contentType(ContentType.JSON).body(Map.of("mesh", "payments", "revision", 1,
                "results", results, "drift", drift)).post("/agent/v1/reports").then().statusCode(202);
    }

    private static Map<String, Object> drift(boolean corrected) {
        return Map.of("apiVersion", "networking.istio.io/v1", "kind", "VirtualService", "namespace", "production",
                "name", corrected ? "reviews" : "payment-service", "fields", List.of("spec.http[0].timeout"),
                "manager", "kubectl-edit", "at", OffsetDateTime.now().toString(), "corrected", corrected);
    }

    private static String startRollout(TestTenant tenant) {
        Map<String, Object> r = new HashMap<>();
        r.put("services", List.of("payment-service"));
        r.put("stableVersion", "v1");
        r.put("canaryVersion", "v2");
        r.put("steps", List.of(Map.of("setWeight", 10), Map.of("setWeight", 100)));
        return as(tenant.admin()).body(r).post(tenant.mesh("payments") + "/rollouts").then().statusCode(201)
                .extract().path("id");
    }

    /** Alert name -> expression, from the rendered server manifest (what is installed). */
    static Map<String, String> alertExpressions() {
        Map<String, String> out = new LinkedHashMap<>();
        List<HasMetadata> objects = RenderedManifests.objects(RenderedManifests.file("server"));
        for (PrometheusRule rules : RenderedManifests.ofType(objects, PrometheusRule.class)) {
            for (var group : rules.getSpec().getGroups()) {
                for (Rule rule : group.getRules()) {
                    out.put(rule.getAlert() != null ? rule.getAlert() : rule.getRecord(), rule.getExpr().getStrVal());
                }
            }
        }
        return out;
    }

    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan");

    /** The metric names of a PromQL expression: identifiers that are not functions, keywords, labels or durations. */
    static Set<String> metricNames(String expr) {
        String e = STRING.matcher(expr).replaceAll("\"\"");
        e = MATCHERS.matcher(e).replaceAll(" ");
        e = e.replaceAll("\\[[^]]*]", " ");
        e = GROUPING.matcher(e).replaceAll(" ");
        Set<String> out = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(e);
        while (m.find()) {
            String rest = e.substring(m.end()).stripLeading();
            boolean afterDigit = m.start() > 0 && Character.isDigit(e.charAt(m.start() - 1));
            if (!rest.startsWith("(") && !KEYWORDS.contains(m.group().toLowerCase(java.util.Locale.ROOT)) && !afterDigit) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** Label names an expression uses: in matchers and in by/without/on/ignoring lists. */
    static Set<String> labelNames(String expr) {
        String e = STRING.matcher(expr).replaceAll("\"\"");
        Set<String> out = new LinkedHashSet<>();
        Matcher matchers = MATCHERS.matcher(e);
        while (matchers.find()) {
            for (String matcher : matchers.group(1).split(",")) {
                if (!matcher.isBlank()) {
                    out.add(matcher.split("[=!~]")[0].trim());
                }
            }
        }
        Matcher grouping = GROUPING.matcher(e);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                if (!label.isBlank()) {
                    out.add(label.trim());
                }
            }
        }
        return out;
    }

    @Test
    void theExpressionReaderFindsMetricsNotFunctionsLabelsOrDurations() {
        String expr = "sum by (provider) (increase(meshfleet_gitops_deliveries_total{result=\"unauthorized\"}[15m])) > 5 "
                + "and on (provider) rate(other_total[5m]) < 30 * 86400";
        assertEquals(Set.of("meshfleet_gitops_deliveries_total", "other_total"), metricNames(expr));
        assertEquals(Set.of("result", "provider"), labelNames(expr));
        assertFalse(metricNames("max(a_b) > 1e3").contains("e3"));
    }
}
