package dev.meshfleet.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

/**
 * Lists clusters matching a label selector in SQL (jsonb operators), so that selection and keyset paging happen in one
 * query however many clusters a tenant has.
 */
@ApplicationScoped
public class ClusterQueries {
    private final EntityManager entityManager;

    public ClusterQueries(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @SuppressWarnings("unchecked")
    public List<Cluster> select(UUID tenantId, LabelSelector selector, String afterName, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM clusters WHERE tenant_id = ?1 AND name > ?2");
        List<Object> params = new ArrayList<>(List.of(tenantId, afterName));
        for (LabelSelector.Requirement r : selector.requirements()) {
            params.add(r.key());
            int key = params.size();
            switch (r.operator()) {
                case EXISTS -> sql.append(" AND labels ? ?").append(key);
                case DOES_NOT_EXIST -> sql.append(" AND NOT labels ? ?").append(key);
                case IN, NOT_IN -> {
                    params.add(r.values().toArray(String[]::new));
                    int values = params.size();
                    sql.append(r.operator() == LabelSelector.Operator.IN
                            ? " AND labels ->> ?" + key + " = ANY(?" + values + ")"
                            : " AND NOT coalesce(labels ->> ?" + key + " = ANY(?" + values + "), false)");
                }
            }
        }
        sql.append(" ORDER BY name LIMIT ").append(limit);
        Query query = entityManager.createNativeQuery(sql.toString(), Cluster.class);
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        return query.getResultList();
    }
}
