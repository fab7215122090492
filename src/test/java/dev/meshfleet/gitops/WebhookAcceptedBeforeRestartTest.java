package dev.meshfleet.gitops;

import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.meshfleet.support.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The first run of the restart pair: accepts a delivery and hands it to {@link WebhookRedeliveryAfterRestartTest}. */
@QuarkusTest
@TestProfile(RedeliveryAcrossRestart.Run1.class)
class WebhookAcceptedBeforeRestartTest {
    @Test
    void aDeliveryIsAcceptedBeforeTheRestart() {
        TestTenant tenant = TestTenant.create();
        tenant.createMesh("payments");
        Hooks.Source source = Hooks.create(tenant, "payments", "github", "http://127.0.0.1:1/unused.git",
                Map.of("suspended", false));
        String delivery = UUID.randomUUID().toString();
        Hooks.github(source, source.secret(), "push", delivery, WebhookReceiverTest.PUSH).then().statusCode(202)
                .body("result", equalTo("accepted"));
        RedeliveryAcrossRestart.publish(source, delivery);
    }
}
