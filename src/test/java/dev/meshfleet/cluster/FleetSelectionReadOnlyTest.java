package dev.meshfleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.hibernate.Session;
import org.junit.jupiter.api.Test;

import dev.meshfleet.common.labels.LabelSelector;
import dev.meshfleet.support.TestTenant;
import dev.meshfleet.tenancy.Tenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Fleet selections come back read-only (no snapshot, no dirty check at flush, which with thousands of clusters made
 * every registration slower than the last), while a cluster the transaction already holds stays writable.
 */
@QuarkusTest
class FleetSelectionReadOnlyTest {
    @Inject
    ClusterQueries queries;

    @Test
    void selectedClustersAreReadOnlyAndAClusterAlreadyHeldStaysWritable() {
        TestTenant tenant = TestTenant.create();
        tenant.registerCluster("a", Map.of("env", "prod"));
        tenant.registerCluster("b", Map.of("env", "prod"));
        UUID tenantId = QuarkusTransaction.requiringNew().call(() -> Tenant.findByName(tenant.name()).orElseThrow().id);
        LabelSelector prod = LabelSelector.parse("env=prod");

        QuarkusTransaction.requiringNew().run(() -> {
            Cluster held = Cluster.findByName(tenantId, "a").orElseThrow();
            List<Cluster> selected = queries.select(tenantId, prod, "", 100);
            assertEquals(List.of("a", "b"), selected.stream().map(c -> c.name).toList());
            Session session = Cluster.getEntityManager().unwrap(Session.class);
            assertTrue(selected.get(0) == held && !session.isReadOnly(held), "the transaction's own cluster stays writable");
            assertTrue(session.isReadOnly(selected.get(1)));
            held.prometheusUrl = "http://prometheus.a:9090";
            selected.get(1).prometheusUrl = "http://prometheus.b:9090";
        });
        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals("http://prometheus.a:9090", Cluster.findByName(tenantId, "a").orElseThrow().prometheusUrl);
            assertFalse("http://prometheus.b:9090".equals(Cluster.findByName(tenantId, "b").orElseThrow().prometheusUrl),
                    "a change to a selected cluster is never written");
        });
    }
}
