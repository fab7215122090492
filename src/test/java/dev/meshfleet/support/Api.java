package dev.meshfleet.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Small helpers to drive the API as a given caller, and to set up tenants quickly. */
public final class Api {
    private Api() {
    }

    /** YAML bodies go out as the text they are. */
    private static final RestAssuredConfig CONFIG = RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
            .encodeContentTypeAs("application/yaml", ContentType.TEXT)
            .encodeContentTypeAs("application/merge-patch+json", ContentType.JSON));

    public static RequestSpecification as(String token) {
        return given().config(CONFIG).auth().oauth2(token).contentType(ContentType.JSON);
    }

    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a tenant (as platform admin) where {@code admin} is an admin member; returns the tenant's name. */
    public static String tenantWithAdmin(String admin) {
        String tenant = uniqueName("t");
        as(TestTokens.platformAdmin()).body(Map.of("name", tenant)).post("/api/v1/tenants").then().statusCode(201);
        as(TestTokens.platformAdmin()).body(Map.of("subject", admin, "role", "admin"))
                .post("/api/v1/tenants/" + tenant + "/members").then().statusCode(201);
        return tenant;
    }

    public static void addMember(String tenant, String subject, String role) {
        as(TestTokens.platformAdmin()).body(Map.of("subject", subject, "role", role))
                .post("/api/v1/tenants/" + tenant + "/members").then().statusCode(201);
    }
}
