package dev.meshfleet.intent;

import static dev.meshfleet.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.support.Api;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** The README walkthrough, end to end against the real Postgres and Kafka: mesh, intent, revisions, diff, restore, audit. */
@QuarkusTest
class IntentApiTest {
    @jakarta.inject.Inject
    dev.meshfleet.common.messaging.Topics topics;
    static final String YAML = "application/yaml";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    TestTenant tenant;
    String admin;
    String base;

    @BeforeEach
    void setUp() {
        tenant = TestTenant.withAdmin("alice");
        admin = tenant.admin();
        tenant.createMesh("payments", Map.of("env", "prod")).body("currentRevision", nullValue());
        base = tenant.mesh("payments");
    }

    private Response putIntent(String yaml, String ifMatch) {
        var request = as(admin).contentType(YAML).body(yaml);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.put(base + "/intent");
    }

    @Test
    void revisionsDiffRestoreAndAudit() {
        putIntent(Seeds.PAYMENTS, null).then().statusCode(201).header("ETag", "\"1\"")
                .body("number", equalTo(1)).body("source", equalTo("api"));
        // unchanged intent: no new revision
        putIntent(Seeds.PAYMENTS, "\"1\"").then().statusCode(200).header("ETag", "\"1\"").body("number", equalTo(1));

        as(admin).get(base + "/intent").then().statusCode(200).header("ETag", "\"1\"")
                .body("spec.services[0].name", equalTo("payment-service"))
                .body("spec.services[0].http[1].route[0].weight", equalTo(90));
        as(admin).header("If-None-Match", "\"1\"").get(base + "/intent").then().statusCode(304);
        as(admin).accept(YAML).get(base + "/intent").then().statusCode(200).contentType(containsString("yaml"))
                .body(containsString("payment-service"));

        String shifted = Seeds.PAYMENTS.replace("weight: 90", "weight: 50").replace("weight: 10", "weight: 50");
        putIntent(shifted, null).then().statusCode(428).contentType("application/problem+json")
                .body("status", equalTo(428));
        putIntent(shifted, "\"7\"").then().statusCode(412).contentType("application/problem+json");
        putIntent(shifted, "\"1\"").then().statusCode(201).header("ETag", "\"2\"").body("parent", equalTo(1));

        as(admin).get(base + "/revisions").then().statusCode(200)
                .body("items.number", equalTo(List.of(2, 1)));
        as(admin).queryParam("limit", 1).get(base + "/revisions").then().statusCode(200)
                .body("items", hasSize(1)).body("nextCursor", notNullValue());
        as(admin).get(base + "/revisions/1").then().statusCode(200)
                .body("intent.spec.services[0].http[1].route[0].weight", equalTo(90));
        as(admin).get(base + "/revisions/1/diff/2").then().statusCode(200)
                .body("changes", hasSize(2))
                .body("changes.path", hasItem("spec.services[payment-service].http[1].route[0].weight"))
                .body("changes.find { it.path.endsWith('route[0].weight') }.from", equalTo(90))
                .body("changes.find { it.path.endsWith('route[0].weight') }.to", equalTo(50));

        as(admin).post(base + "/revisions/1/restore").then().statusCode(428);
        as(admin).header("If-Match", "\"2\"").post(base + "/revisions/1/restore").then().statusCode(201)
                .header("ETag", "\"3\"").body("source", equalTo("restore")).body("sourceRef", equalTo("revision:1"));
        as(admin).get(base + "/revisions/1/diff/3").then().statusCode(200).body("changes", hasSize(0));
        as(admin).get(base + "/intent").then().body("spec.services[0].http[1].route[0].weight", equalTo(90));

        as(admin).queryParam("objectType", "mesh").queryParam("object", "payments")
                .get(tenant.path() + "/audit").then().statusCode(200)
                .body("items.action", equalTo(List.of("intent.restore", "intent.update", "intent.update", "mesh.create")))
                .body("items[0].beforeRevision", equalTo(2)).body("items[0].afterRevision", equalTo(3))
                .body("items[0].requestId", notNullValue());
        as(admin).header("X-Request-Id", "trace-42").header("If-Match", "\"3\"")
                .contentType(YAML).body(shifted).put(base + "/intent").then().statusCode(201)
                .header("X-Request-Id", "trace-42");
        as(admin).queryParam("since", "2000-01-01T00:00:00Z").queryParam("limit", 1)
                .get(tenant.path() + "/audit").then().statusCode(200)
                .body("items[0].requestId", equalTo("trace-42"));
        as(admin).queryParam("actor", "nobody").get(tenant.path() + "/audit").then().statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void everyNewRevisionIsAnnouncedOnKafkaThroughTheOutbox() throws Exception {
        Response created = putIntent(Seeds.PAYMENTS, null);
        created.then().statusCode(201);
        KafkaCompanion kafka = new KafkaCompanion(bootstrap);
        try {
            List<ConsumerRecord<String, String>> records = kafka
                    .consume(String.class, String.class)
                    .withGroupId(Api.uniqueName("it"))
                    .withOffsetReset(OffsetResetStrategy.EARLIEST)
                    .fromTopics(topics.name(dev.meshfleet.common.messaging.Topics.INTENT_REVISIONS), r -> r.filter(rec -> rec.value().contains("\"" + tenant.name() + "\"")))
                    .awaitRecords(1, Duration.ofSeconds(20)).getRecords();
            assertEquals(1, records.size());
            JsonNode notice = new ObjectMapper().readTree(records.get(0).value());
            assertEquals(1, notice.path("revision").asInt(), notice.toString());
            assertEquals("payments", notice.path("mesh").asText());
            assertEquals(notice.path("meshId").asText(), records.get(0).key(), "keyed by mesh, so one mesh's notices stay in order");
            assertEquals(36, notice.path("messageId").asText().length());
        } finally {
            kafka.close();
        }
    }

    @Test
    void badIntentIsAProblemNamingTheFields() {
        putIntent(Seeds.PAYMENTS.replace("weight: 90", "weight: -5"), null).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.path", hasItem("$.spec.services[0].http[1].route[0].weight"))
                .body("errors.path", hasItem("$.spec.services[0].http[1].route"));
        putIntent(Seeds.PAYMENTS.replace("attempts: 3", "attempts: three"), null).then().statusCode(400)
                .body("errors[0].path", equalTo("$.spec.services[0].http[0].retries.attempts"));
        putIntent(Seeds.PAYMENTS.replace("      namespace: production\n      ports:",
                "      namespace: production\n      colour: blue\n      ports:"), null).then().statusCode(400)
                .body("errors[0].path", equalTo("$.spec.services[0].colour"))
                .body("errors[0].message", containsString("unknown field"));
        as(admin).contentType("application/json").body("{\"apiVersion\": 1}").put(base + "/intent").then().statusCode(400)
                .body("errors[0].path", equalTo("$.apiVersion"));
        as(admin).contentType("text/plain").body("x").put(base + "/intent").then().statusCode(415)
                .contentType("application/problem+json");
        as(admin).get(base + "/intent").then().statusCode(404).contentType("application/problem+json");
        as(admin).get(base + "/revisions/abc").then().statusCode(400).body("errors[0].path", equalTo("number"));
        as(admin).queryParam("limit", 0).get(base + "/revisions").then().statusCode(400).body("errors[0].path", equalTo("limit"));
        as(admin).queryParam("cursor", "garbage!").get(base + "/revisions").then().statusCode(400)
                .body("errors[0].path", equalTo("cursor"));
    }
}
