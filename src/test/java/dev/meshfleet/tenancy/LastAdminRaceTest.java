package dev.meshfleet.tenancy;

import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.meshfleet.support.Api;
import dev.meshfleet.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Two admins taking away each other's admin role at the same moment: exactly one wins, the tenant keeps an admin. The
 * loser gets 409 (the last admin stays), or, when the winner committed before the loser's own access was checked, the
 * answer for a caller who is no longer a member (404) or no longer an admin (403).
 */
@QuarkusTest
class LastAdminRaceTest {
    private static final int ROUNDS = 6;
    private static final Set<Integer> LOST = Set.of(409, 404, 403);

    private record Pair(String tenant, String a, String b, String aId, String bId) {
        String member(String id) {
            return "/api/v1/tenants/" + tenant + "/members/" + id;
        }
    }

    private static Pair twoAdmins() {
        String a = Api.uniqueName("admin-a");
        String b = Api.uniqueName("admin-b");
        String tenant = Api.tenantWithAdmin(a);
        Api.addMember(tenant, b, "admin");
        JsonPath members = as(TestTokens.platformAdmin()).get("/api/v1/tenants/" + tenant + "/members").then()
                .statusCode(200).extract().jsonPath();
        return new Pair(tenant, a, b, members.getString("items.find { it.subject == '" + a + "' }.id"),
                members.getString("items.find { it.subject == '" + b + "' }.id"));
    }

    /** Runs both calls released together by one latch; returns their statuses. */
    private static List<Integer> together(Pair p, Function<Pair, Response> first, Function<Pair, Response> second)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> calls = new ArrayList<>();
            for (Function<Pair, Response> call : List.of(first, second)) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return call.apply(p).statusCode();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : calls) {
                statuses.add(f.get(30, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long admins(Pair p) {
        List<String> roles = as(TestTokens.platformAdmin()).get("/api/v1/tenants/" + p.tenant() + "/members").then()
                .statusCode(200).extract().jsonPath().getList("items.role");
        return roles.stream().filter("admin"::equals).count();
    }

    @Test
    void twoAdminsRemovingEachOtherLeaveOne() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Pair p = twoAdmins();
            List<Integer> statuses = together(p,
                    q -> as(TestTokens.user(q.a())).delete(q.member(q.bId())),
                    q -> as(TestTokens.user(q.b())).delete(q.member(q.aId())));
            assertEquals(1, statuses.stream().filter(s -> s == 204).count(), "round " + round + ": " + statuses);
            assertEquals(1, statuses.stream().filter(LOST::contains).count(), "round " + round + ": " + statuses);
            assertEquals(1, admins(p), "round " + round);
        }
    }

    @Test
    void aDemotionRacingARemovalLeavesOne() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Pair p = twoAdmins();
            List<Integer> statuses = round % 2 == 0
                    ? together(p,
                            q -> as(TestTokens.user(q.a())).body(Map.of("role", "viewer")).patch(q.member(q.bId())),
                            q -> as(TestTokens.user(q.b())).delete(q.member(q.aId())))
                    : together(p,
                            q -> as(TestTokens.user(q.a())).body(Map.of("role", "operator")).patch(q.member(q.bId())),
                            q -> as(TestTokens.user(q.b())).body(Map.of("role", "viewer")).patch(q.member(q.aId())));
            assertEquals(1, statuses.stream().filter(LOST::contains).count(), "round " + round + ": " + statuses);
            assertEquals(1, statuses.stream().filter(s -> s == 200 || s == 204).count(), "round " + round + ": " + statuses);
            assertEquals(1, admins(p), "round " + round);
        }
    }
}
