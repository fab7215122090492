package dev.meshfleet.cluster;

import dev.meshfleet.common.labels.LabelSelector;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.hibernate.jpa.HibernateHints;

/**
 * Lists clusters matching a label selector in SQL (jsonb operators), so that selection and keyset paging happen in one
 * query however many clusters a tenant has. The clusters come back read-only: every caller reads them (listing, plans,
 * status, the checks of an intent change, rollout waves, trust layouts), and a fleet of thousands loaded as managed
 * entities cost a snapshot each and a dirty check of each at the transaction's flush; with 10,000 clusters that made
 * every cluster registration (whose checks select the fleet) slower than the last. A cluster this transaction already
 * holds stays as it was (a registration's or patch's own cluster remains writable).
 */
@ApplicationScoped
public class ClusterQueries {
    private final EntityManager entityManager;

    public ClusterQueries(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @SuppressWarnings("unchecked")
    public List<Cluster> select(UUID tenantId, LabelSelector selector, String afterName, int limit) {
        // jsonb_exists() rather than the ? operator, which JDBC would take for a parameter.
        StringBuilder sql = new StringBuilder("SELECT * FROM clusters WHERE tenant_id = :tenant AND name > :after");
        Map<String, Object> params = new HashMap<>(Map.of("tenant", tenantId, "after", afterName));
        List<LabelSelector.Requirement> requirements = selector.requirements();
        for (int i = 0; i < requirements.size(); i++) {
            LabelSelector.Requirement r = requirements.get(i);
            String key = "k" + i;
            String values = "v" + i;
            params.put(key, r.key());
            switch (r.operator()) {
                case EXISTS -> sql.append(" AND jsonb_exists(labels, :").append(key).append(")");
                case DOES_NOT_EXIST -> sql.append(" AND NOT jsonb_exists(labels, :").append(key).append(")");
                case IN -> sql.append(" AND labels ->> :").append(key).append(" IN (:").append(values).append(")");
                case NOT_IN -> sql.append(" AND coalesce(labels ->> :").append(key).append(" NOT IN (:").append(values)
                        .append("), true)");
            }
            if (r.operator() == LabelSelector.Operator.IN || r.operator() == LabelSelector.Operator.NOT_IN) {
                params.put(values, List.copyOf(r.values()));
            }
        }
        sql.append(" ORDER BY name LIMIT ").append(limit);
        Query query = entityManager.createNativeQuery(sql.toString(), Cluster.class)
                .setHint(HibernateHints.HINT_READ_ONLY, true);
        params.forEach(query::setParameter);
        return query.getResultList();
    }
}
