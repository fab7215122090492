package dev.meshfleet.intent;

import static dev.meshfleet.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTenant;
import io.quarkus.test.junit.QuarkusTest;

/** Two writers that read the same revision race: exactly one wins, the other gets 412, and no update is lost. */
@QuarkusTest
class ConcurrentIntentTest {

    @Test
    void sameIfMatchRacesHaveExactlyOneWinner() throws Exception {
        TestTenant tenant = TestTenant.create();
        String admin = tenant.admin();
        tenant.createMesh("payments");
        String intent = tenant.mesh("payments") + "/intent";
        tenant.putFirstIntent("payments", Seeds.PAYMENTS);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 10; round++) {
                int current = round + 1;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> results = new ArrayList<>();
                List<Integer> weights = Collections.synchronizedList(new ArrayList<>());
                for (int writer = 0; writer < 8; writer++) {
                    int weight = 1 + writer + round * 8; // every writer sends a different intent
                    results.add(pool.submit(() -> {
                        start.await();
                        int status = as(admin).contentType("application/yaml").header("If-Match", "\"" + current + "\"")
                                .body(Seeds.withCanaryWeight(Seeds.PAYMENTS, weight))
                                .put(intent).statusCode();
                        if (status == 201) {
                            weights.add(weight);
                        }
                        return status;
                    }));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : results) {
                    statuses.add(f.get());
                }
                assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "round " + round + ": " + statuses);
                assertEquals(7, statuses.stream().filter(s -> s == 412).count(), "round " + round + ": " + statuses);
                // the winner's intent is what is stored: no lost update
                as(admin).get(intent).then().statusCode(200).header("ETag", "\"" + (current + 1) + "\"")
                        .body("spec.services[0].http[1].route[1].weight", equalTo(weights.get(0)));
            }
        } finally {
            pool.shutdownNow();
        }
        as(admin).queryParam("limit", 100).get(tenant.mesh("payments") + "/revisions").then()
                .body("items.size()", equalTo(11));
    }
}
