package dev.meshfleet.tenancy;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TenantFixture;
import dev.meshfleet.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Object-level isolation: tenant A's admin, on A's own paths, names tenant B's objects (B's cluster and mesh names,
 * B's member and rollout ids, even under a mesh both tenants call "payments"). Every such call is a 404 problem, and
 * B's objects are unchanged afterwards.
 */
@QuarkusTest
class CrossTenantObjectsTest {

    @Test
    void anotherTenantsObjectsAreNotFoundThroughOwnPaths() {
        TenantFixture a = TenantFixture.create();
        TenantFixture b = TenantFixture.create();
        String bAdmin = TestTokens.user(b.admin());
        as(bAdmin).body(Map.of("name", "b-cluster", "labels", Map.of("env", "prod"))).post(b.base() + "/clusters").then()
                .statusCode(201);
        as(bAdmin).body(Map.of("name", "b-mesh", "trustDomain", "cluster.local")).post(b.base() + "/meshes").then()
                .statusCode(201);
        String bRollout = b.rollout();
        String bMember = b.viewerMemberId();

        String aMeshes = a.base() + "/meshes/";
        String aCluster = a.base() + "/clusters/b-cluster";
        String aMesh = aMeshes + "b-mesh";
        String aRollout = aMeshes + "payments/rollouts/" + bRollout;
        String aMember = a.base() + "/members/" + bMember;
        record Call(String what, Function<RequestSpecification, Response> call) {
        }
        List<Call> calls = List.of(
                new Call("GET " + aCluster, s -> s.get(aCluster)),
                new Call("PATCH " + aCluster, s -> s.body(Map.of("labels", Map.of("env", "dev"))).patch(aCluster)),
                new Call("DELETE " + aCluster, s -> s.delete(aCluster)),
                new Call("bootstrap-token " + aCluster, s -> s.post(aCluster + "/bootstrap-token")),
                new Call("revoke " + aCluster, s -> s.post(aCluster + "/credential/revoke")),
                new Call("agent.yaml " + aCluster, s -> s.accept("application/yaml").get(aCluster + "/agent.yaml")),
                new Call("POST agent.yaml " + aCluster, s -> s.accept("application/yaml").post(aCluster + "/agent.yaml")),
                new Call("rendered for B's cluster", s -> s.accept("application/yaml")
                        .get(aMeshes + "payments/rendered?cluster=b-cluster")),
                new Call("GET " + aMesh, s -> s.get(aMesh)),
                new Call("PATCH " + aMesh, s -> s.body(Map.of("placement", Map.of("matchLabels", Map.of("x", "y"))))
                        .patch(aMesh)),
                new Call("DELETE " + aMesh, s -> s.delete(aMesh)),
                new Call("GET intent " + aMesh, s -> s.get(aMesh + "/intent")),
                new Call("PUT intent " + aMesh, s -> s.contentType("application/yaml").header("If-Match", "\"1\"")
                        .body(Seeds.PAYMENTS.replace("name: payments", "name: b-mesh")).put(aMesh + "/intent")),
                new Call("plan " + aMesh, s -> s.contentType("application/yaml").body(Seeds.PAYMENTS).post(aMesh + "/plan")),
                new Call("revisions " + aMesh, s -> s.get(aMesh + "/revisions")),
                new Call("revision 1 " + aMesh, s -> s.get(aMesh + "/revisions/1")),
                new Call("diff " + aMesh, s -> s.get(aMesh + "/revisions/1/diff/1")),
                new Call("restore " + aMesh, s -> s.header("If-Match", "\"1\"").post(aMesh + "/revisions/1/restore")),
                new Call("status " + aMesh, s -> s.get(aMesh + "/status")),
                new Call("rollouts " + aMesh, s -> s.get(aMesh + "/rollouts")),
                new Call("start rollout " + aMesh, s -> s.body(TenantFixture.ROLLOUT).post(aMesh + "/rollouts")),
                new Call("GET " + aRollout, s -> s.get(aRollout)),
                new Call("events " + aRollout, s -> s.accept("text/event-stream").head(aRollout + "/events")),
                new Call("pause " + aRollout, s -> s.body(Map.of()).post(aRollout + "/pause")),
                new Call("abort " + aRollout, s -> s.body(Map.of()).post(aRollout + "/abort")),
                new Call("promote " + aRollout, s -> s.body(Map.of()).post(aRollout + "/promote")),
                new Call("PATCH " + aMember, s -> s.body(Map.of("role", "admin")).patch(aMember)),
                new Call("DELETE " + aMember, s -> s.delete(aMember)));

        List<String> leaks = new ArrayList<>();
        for (Call call : calls) {
            Response r = call.call().apply(as(TestTokens.user(a.admin())));
            boolean head = call.what().startsWith("events");
            if (r.statusCode() != 404 || !head && !"application/problem+json".equals(r.contentType())) {
                leaks.add(call.what() + " -> " + r.statusCode() + " " + r.asString());
            }
        }
        assertEquals(List.of(), leaks, "tenant A reached tenant B's objects");

        // B's objects are as they were
        as(bAdmin).get(b.base() + "/clusters/b-cluster").then().statusCode(200)
                .body("labels.env", org.hamcrest.Matchers.equalTo("prod"));
        as(bAdmin).get(b.base() + "/meshes/b-mesh").then().statusCode(200).body("placement.matchLabels.x",
                org.hamcrest.Matchers.nullValue());
        as(bAdmin).get(b.base() + "/meshes/b-mesh/revisions").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.empty());
        as(bAdmin).get(b.base() + "/members").then().statusCode(200)
                .body("items.find { it.id == '" + bMember + "' }.role", org.hamcrest.Matchers.equalTo("viewer"));
        String phase = as(bAdmin).get(b.base() + "/meshes/payments/rollouts/" + bRollout).then().statusCode(200)
                .extract().path("phase");
        assertTrue(phase.matches("PENDING|PROGRESSING"), "B's rollout was acted on: " + phase);
        // and A's own payments mesh has no rollout of B's
        as(TestTokens.user(a.admin())).get(aMeshes + "payments/rollouts?status=all").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.empty());
    }
}
