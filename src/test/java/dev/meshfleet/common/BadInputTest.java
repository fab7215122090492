package dev.meshfleet.common;

import static dev.meshfleet.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.support.AgentBootstrap;
import dev.meshfleet.support.Api;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTenant;
import dev.meshfleet.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.build.Jwt;

/**
 * Issue 9, items 7-11 and the 401 of 16: no input gives a 500, every error is problem+json naming the field or
 * parameter, and no message shows a library's internals.
 */
@QuarkusTest
class BadInputTest {
    static final String PROBLEM = "application/problem+json";
    static final String YAML = "application/yaml";
    /** The JSON escape of NUL, as text (so the Java compiler does not turn it into the character). */
    static final String NUL = "\\" + "u0000";

    TestTenant tenant;
    String admin;
    String api;
    String mesh;

    @BeforeEach
    void setUp() {
        tenant = TestTenant.withAdmin("bad-input");
        admin = tenant.admin();
        api = tenant.path();
        tenant.createMesh("payments");
        mesh = tenant.mesh("payments");
    }

    static ValidatableResponse problem(ValidatableResponse response, int status, String path) {
        return response.statusCode(status).contentType(PROBLEM).body("status", equalTo(status))
                .body("errors.path", hasItem(path));
    }

    private static void noInternals(String body) {
        for (String leak : List.of("org.", "com.fasterxml", "java.", "StreamReadConstraints", "snakeyaml", "Exception",
                "\tat ")) {
            assertFalse(body.contains(leak), "the answer shows '" + leak + "': " + body);
        }
    }

    // ---- item 7: NUL characters ----

    @Test
    void nulInQueryAndPathParametersIsRefusedNamingTheParameter() {
        problem(as(admin).urlEncodingEnabled(false).get(api + "/audit?object=a%00b").then(), 400, "object");
        problem(as(admin).urlEncodingEnabled(false).get(api + "/meshes/pay%00ments").then(), 400, "mesh");
        problem(as(admin).urlEncodingEnabled(false).get(api + "/clusters?selector=env%3Da%00").then(), 400, "selector");
    }

    @Test
    void nulInAnyJsonBodyStringIsRefusedWithItsPath() {
        problem(as(TestTokens.platformAdmin()).body("{\"name\":\"" + Api.uniqueName("t") + "\",\"displayName\":\"a" + NUL + "\"}")
                .post("/api/v1/tenants").then(), 400, "$.displayName");
        problem(as(admin).body("{\"subject\":\"bob" + NUL + "\",\"role\":\"viewer\"}").post(api + "/members").then(),
                400, "$.subject");
        problem(as(admin).body("{\"name\":\"c1\",\"labels\":{\"env\":\"pr" + NUL + "od\"}}").post(api + "/clusters").then(),
                400, "$.labels.env");
        // in an object key too, shown escaped
        problem(as(admin).body("{\"name\":\"c1\",\"labels\":{\"e" + NUL + "nv\":\"prod\"}}").post(api + "/clusters").then(),
                400, "$.labels.e\\u0000nv");
        problem(as(admin).body("{\"placement\":{\"matchLabels\":{\"env\":\"a" + NUL + "\"}}}").contentType("application/merge-patch+json")
                .patch(mesh).then(), 400, "$.placement.matchLabels.env");
    }

    @Test
    void aKeyGivenTwiceIsRefusedNotA500() {
        // found by ApiFuzzTest: record creators failed on the second "role" with a 500
        ValidatableResponse twice = as(admin).body("{\"subject\":\"bob\",\"role\":\"viewer\",\"role\":\"admin\"}")
                .post(api + "/members").then();
        problem(twice, 400, "$.role").body("detail", containsString("role"));
        noInternals(twice.extract().asString());
    }

    @Test
    void nulInIntentStringsIsRefusedForYamlAndJson() {
        // a free-text field (no format check of its own would catch the NUL), in YAML's "\0" escape
        String yaml = Seeds.PAYMENTS.replace("x-canary: {exact: \"true\"}", "x-canary: {exact: \"tr\\0ue\"}");
        assertTrue(yaml.contains("tr\\0ue"));
        String header = "$.spec.services[0].http[0].match[0].headers.x-canary.exact";
        problem(as(admin).contentType(YAML).body(yaml).put(mesh + "/intent").then(), 400, header);
        String json = "{\"apiVersion\":\"meshfleet.dev/v1\",\"kind\":\"Mesh\",\"metadata\":{\"name\":\"payments\"},"
                + "\"spec\":{\"services\":[{\"name\":\"a" + NUL + "\",\"namespace\":\"x\"}]}}";
        problem(as(admin).contentType(ContentType.JSON).body(json).put(mesh + "/intent").then(), 400,
                "$.spec.services[0].name");
        problem(as(admin).contentType(YAML).body(yaml).post(mesh + "/plan").then(), 400, header);
    }

    @Test
    void nulAndOverlongStringsInAgentReportsAreRefused() {
        String credential = agent("c-nul");
        problem(given().auth().oauth2(credential).contentType(ContentType.JSON)
                .body("{\"agentVersion\":\"1.0" + NUL + "\"}").post("/agent/v1/reports").then(), 400, "$.agentVersion");
        problem(given().auth().oauth2(credential).contentType(ContentType.JSON)
                .body("{\"istioVersion\":\"1.24" + NUL + "\"}").post("/agent/v1/reports").then(), 400, "$.istioVersion");
        problem(given().auth().oauth2(credential).contentType(ContentType.JSON)
                .body(Map.of("agentVersion", "1".repeat(65))).post("/agent/v1/reports").then(), 400, "$.agentVersion");
        problem(given().auth().oauth2(credential).contentType(ContentType.JSON)
                .body(Map.of("istioApiVersions", List.of("v1", "x".repeat(65)))).post("/agent/v1/reports").then(), 400,
                "$.istioApiVersions[1]");
        problem(given().auth().oauth2(credential).contentType(ContentType.JSON)
                .body("{\"values\":[{\"metric\":\"m" + NUL + "\"}]}")
                .post("/agent/v1/rollouts/" + java.util.UUID.randomUUID() + "/measurements").then(), 400, "$.values[0].metric");
        // and a good report still goes through
        given().auth().oauth2(credential).contentType(ContentType.JSON)
                .body(Map.of("agentVersion", "1.0.0", "istioVersion", "1.24.1")).post("/agent/v1/reports").then()
                .statusCode(202);
    }

    @Test
    void nullHostOfAGatewayServerIsNeverA500() {
        String yaml = Seeds.PAYMENTS.replace("hosts: [api.techoral.com]\n          tls:", "hosts: [null]\n          tls:");
        assertTrue(yaml.contains("hosts: [null]"));
        var response = as(admin).contentType(YAML).body(yaml).put(mesh + "/intent").then().statusCode(lessThan(500));
        String body = response.extract().asString();
        noInternals(body);
    }

    private String agent(String cluster) {
        String token = tenant.registerCluster(Map.of("name", cluster)).extract().path("bootstrapToken");
        return AgentBootstrap.credential(token, "test");
    }

    // ---- item 8: every error is problem+json, with clean messages ----

    @Test
    void unauthorizedSaysWhyInProblemJson() {
        String noToken = given().get(api + "/meshes").then().statusCode(401).contentType(PROBLEM)
                .body("detail", containsString("no bearer token")).header("WWW-Authenticate", startsWith("Bearer"))
                .extract().asString();
        noInternals(noToken);
        String expired = Jwt.preferredUserName("late").subject("late").issuer(TestTokens.ISSUER).audience(TestTokens.ISSUER)
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))
                .jws().keyId("1").sign("privateKey.jwk");
        noInternals(given().auth().oauth2(expired).get(api + "/meshes").then().statusCode(401).contentType(PROBLEM)
                .body("detail", containsString("expired"))
                .header("WWW-Authenticate", containsString("invalid_token")).extract().asString());
        String good = TestTokens.user("someone");
        String forged = good.substring(0, good.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        noInternals(given().auth().oauth2(forged).get(api + "/meshes").then().statusCode(401).contentType(PROBLEM)
                .body("detail", containsString("signature")).extract().asString());
        given().auth().oauth2("not-a-jwt").get(api + "/meshes").then().statusCode(401).contentType(PROBLEM)
                .body("detail", containsString("malformed"));
        given().header("Authorization", "Basic dXNlcjpwYXNz").get(api + "/meshes").then().statusCode(401)
                .contentType(PROBLEM).body("detail", containsString("Bearer"));
        // agents' credentials too
        given().get("/agent/v1/desired").then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void tooLargeBodyTooLongUriAndBadEncodingAreProblemJson() throws Exception {
        RawHttp.Answer tooLarge = RawHttp.send("POST " + api + "/meshes HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 20000000\r\n\r\n{");
        assertEquals(413, tooLarge.status(), tooLarge.toString());
        assertTrue(tooLarge.header("content-type").startsWith(PROBLEM), tooLarge.toString());
        assertTrue(tooLarge.body().contains("\"status\":413"), tooLarge.body());

        RawHttp.Answer tooLong = RawHttp.get(api + "/meshes?x=" + "a".repeat(6000));
        assertEquals(414, tooLong.status(), tooLong.toString());
        assertTrue(tooLong.header("content-type").startsWith(PROBLEM), tooLong.toString());
        assertTrue(tooLong.body().contains("\"status\":414"), tooLong.body());

        for (String target : List.of(api + "/meshes/%zz", api + "/audit?object=%", "/api/v1/tenants/%E")) {
            RawHttp.Answer badEncoding = RawHttp.get(target);
            assertEquals(400, badEncoding.status(), target + " " + badEncoding);
            assertTrue(badEncoding.header("content-type").startsWith(PROBLEM), badEncoding.toString());
            assertTrue(badEncoding.body().contains("%-encoding"), badEncoding.body());
        }
        RawHttp.Answer unknown = RawHttp.get("/api/v1/nothing-here");
        assertTrue(unknown.status() == 401 || unknown.status() == 404, unknown.toString());
        assertTrue(unknown.header("content-type").startsWith(PROBLEM), unknown.toString());
    }

    @Test
    void parserMessagesNameNoLibraryClasses() {
        String deep = "[".repeat(1500) + "]".repeat(1500);
        noInternals(as(admin).body(deep).post(api + "/meshes").then().statusCode(400).contentType(PROBLEM)
                .extract().asString());
        String json = "{\"apiVersion\":\"meshfleet.dev/v1\",\"kind\":\"Mesh\",\"metadata\":{\"name\":\"payments\"},"
                + "\"spec\":{\"resources\":[{\"apiVersion\":\"networking.istio.io/v1\",\"kind\":\"Sidecar\","
                + "\"metadata\":{\"name\":\"x\",\"namespace\":\"y\"},\"spec\":{\"a\":" + deep + "}}]}}";
        noInternals(as(admin).contentType(ContentType.JSON).body(json).put(mesh + "/intent").then().statusCode(400)
                .contentType(PROBLEM).body("detail", containsString("nested too deeply")).extract().asString());
        String yamlDeep = "apiVersion: meshfleet.dev/v1\nkind: Mesh\nmetadata: {name: payments}\nspec:\n  resources:\n"
                + "    - apiVersion: networking.istio.io/v1\n      kind: Sidecar\n      metadata: {name: x, namespace: y}\n"
                + "      spec: {a: " + deep + "}\n";
        noInternals(as(admin).contentType(YAML).body(yamlDeep).put(mesh + "/intent").then().statusCode(400)
                .contentType(PROBLEM).extract().asString());
        noInternals(as(admin).contentType(YAML).body("? {a: 1}\n: b\n").put(mesh + "/intent").then().statusCode(400)
                .contentType(PROBLEM).extract().asString());
        noInternals(as(admin).contentType(YAML).body(deep).put(mesh + "/intent").then().statusCode(400)
                .contentType(PROBLEM).extract().asString());
        noInternals(as(admin).contentType(YAML).body("\t- a").put(mesh + "/intent").then().statusCode(400)
                .contentType(PROBLEM).extract().asString());
        noInternals(as(admin).body("{\"name\": {\"a\": 1}}").post(api + "/meshes").then().statusCode(400)
                .contentType(PROBLEM).body("errors.path", hasItem("$.name")).extract().asString());
    }

    // ---- item 9: bounds ----

    @Test
    void clusterLabelsAreBoundedInNumberAndSize() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("k" + i, "v");
        }
        problem(as(admin).body(Map.of("name", "c-many", "labels", many)).post(api + "/clusters").then(), 400, "$.labels");
        problem(as(admin).body(Map.of("name", "c-long", "labels", Map.of("env", "v".repeat(64)))).post(api + "/clusters")
                .then(), 400, "$.labels.env");
        String prefix = "a".repeat(254);
        problem(as(admin).body(Map.of("name", "c-long", "labels", Map.of(prefix + "/env", "v"))).post(api + "/clusters")
                .then(), 400, "$.labels." + prefix + "/env");
        Map<String, String> sixtyFour = new HashMap<>();
        for (int i = 0; i < 64; i++) {
            sixtyFour.put("k" + i, "v");
        }
        as(admin).body(Map.of("name", "c-full", "labels", sixtyFour)).post(api + "/clusters").then().statusCode(201);
        problem(as(admin).contentType("application/merge-patch+json").body(Map.of("labels", Map.of("one-more", "v")))
                .patch(api + "/clusters/c-full").then(), 400, "$.labels");
    }

    @Test
    void agentVersionAtRegistrationIsBounded() {
        String token = tenant.registerCluster(Map.of("name", "c-reg")).extract().path("bootstrapToken");
        problem(given().contentType(ContentType.JSON).body(Map.of("bootstrapToken", token, "agentVersion", "v".repeat(65)))
                .post("/agent/v1/register").then(), 400, "$.agentVersion");
    }

    @Test
    void intentDocumentSizeIsBounded() {
        String huge = Seeds.PAYMENTS + "\n# " + "x".repeat(1024 * 1024) + "\n";
        as(admin).contentType(YAML).body(huge).put(mesh + "/intent").then().statusCode(413).contentType(PROBLEM)
                .body("detail", containsString("at most 1048576"));
    }

    @Test
    void unparsableParametersAre400NamingThem() {
        problem(as(admin).get(api + "/meshes?limit=9999999999").then(), 400, "limit");
        problem(as(admin).get(api + "/audit?limit=abc").then(), 400, "limit");
        problem(as(admin).get(api + "/clusters?limit=0").then(), 400, "limit");
        // a 1,000-cluster fleet fits one page of clusters (the console's largest page); other lists stop at 500
        problem(as(admin).get(api + "/clusters?limit=1001").then(), 400, "limit");
        as(admin).get(api + "/clusters?limit=1000").then().statusCode(200);
        problem(as(admin).get(api + "/meshes?limit=501").then(), 400, "limit");
        problem(as(admin).contentType(YAML).post(mesh + "/plan?revision=abc").then(), 400, "revision");
        problem(as(admin).get(mesh + "/revisions/abc").then(), 400, "number");
        problem(as(admin).get(mesh + "/revisions/x/diff/1").then(), 400, "from");
    }

    // ---- item 10: If-Match ----

    @Test
    void ifMatchRefusesWeakTagsAndStarKeepsLockingMandatory() {
        as(admin).contentType(YAML).body(Seeds.PAYMENTS).put(mesh + "/intent").then().statusCode(201);
        String changed = Seeds.PAYMENTS.replace("weight: 90", "weight: 80").replace("weight: 10", "weight: 20");
        problem(as(admin).contentType(YAML).header("If-Match", "W/\"1\"").body(changed).put(mesh + "/intent").then(),
                400, "If-Match").body("detail", containsString("strong"));
        problem(as(admin).contentType(YAML).header("If-Match", "*").body(changed).put(mesh + "/intent").then(),
                428, "If-Match");
        problem(as(admin).contentType(YAML).header("If-Match", "1").body(changed).put(mesh + "/intent").then(),
                400, "If-Match");
        problem(as(admin).header("If-Match", "*").post(mesh + "/revisions/1/restore").then(), 428, "If-Match");
        as(admin).get(mesh).then().statusCode(200).body("currentRevision", equalTo(1));
        // the strong tag still works; If-None-Match keeps weak comparison
        as(admin).contentType(YAML).header("If-Match", "\"1\"").body(changed).put(mesh + "/intent").then().statusCode(201);
        as(admin).header("If-None-Match", "W/\"2\"").get(mesh + "/intent").then().statusCode(304);
    }

    // ---- item 11: one PATCH convention ----

    @Test
    void meshAndClusterPatchBothTakeMergePatchAndJson() {
        as(admin).body(Map.of("name", "c-patch", "labels", Map.of("env", "prod"))).post(api + "/clusters").then()
                .statusCode(201);
        for (String type : List.of("application/merge-patch+json", "application/json")) {
            as(admin).contentType(type).body(Map.of("placement", Map.of("matchLabels", Map.of("env", "prod"))))
                    .patch(mesh).then().statusCode(200).body("placement.matchLabels.env", equalTo("prod"));
            as(admin).contentType(type).body(Map.of("labels", Map.of("tier", type.contains("merge") ? "a" : "b")))
                    .patch(api + "/clusters/c-patch").then().statusCode(200).body("labels.env", equalTo("prod"));
        }
        as(admin).contentType("text/plain").body("{}").patch(mesh).then().statusCode(415).contentType(PROBLEM);
        as(admin).contentType("text/plain").body("{}").patch(api + "/clusters/c-patch").then().statusCode(415)
                .contentType(PROBLEM).body(not(containsString("Exception")));
    }
}
