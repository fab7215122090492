package dev.meshfleet.common.http;

import static dev.meshfleet.support.Api.as;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.meshfleet.support.TestTenant;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A read carries no body, so whatever Content-Type a client sends with it (many send their default on every request)
 * must not turn it into a 415: only requests with a body are held to a media type.
 */
@QuarkusTest
class ContentTypeOnReadsTest {
    @Test
    void readsIgnoreTheContentTypeAClientSends() {
        TestTenant tenant = TestTenant.create();
        tenant.registerCluster("c1", Map.of("env", "prod"));
        tenant.createMesh("payments");
        for (String path : List.of(tenant.path(), tenant.path() + "/members", tenant.clusters(), tenant.clusters() + "/c1",
                tenant.meshes(), tenant.mesh("payments"), tenant.mesh("payments") + "/rollouts")) {
            for (String type : List.of("application/yaml", "text/plain", "application/json")) {
                as(tenant.admin()).contentType(type).get(path).then().statusCode(200);
            }
        }
    }

    @Test
    void aBodyOfTheWrongTypeIsStillRefused() {
        TestTenant tenant = TestTenant.create();
        as(tenant.admin()).contentType("text/plain").body("name: payments").post(tenant.meshes()).then().statusCode(415);
    }
}
