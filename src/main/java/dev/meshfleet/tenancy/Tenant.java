package dev.meshfleet.tenancy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An organisation; everything else belongs to exactly one tenant. */
@Entity
@Table(name = "tenants")
public class Tenant extends PanacheEntityBase {
    @Id
    public UUID id;
    public String name;
    @Column(name = "display_name")
    public String displayName;
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    public static Optional<Tenant> findByName(String name) {
        return find("name", name).firstResultOptional();
    }

    /** A tenant found by name with the highest role its memberships give a caller there (none: not a member). */
    public record WithRole(Tenant tenant, Optional<Role> role) {
    }

    /**
     * The tenant of that name and the caller's highest role in it (its own membership or its groups'), in one round
     * trip and without entity management: every tenant-scoped request asks this first. The tenant is detached, as
     * it would be anyway for the transactions the request runs afterwards.
     */
    public static Optional<WithRole> findWithRole(String name, Caller caller) {
        return getSession().doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT t.id, t.display_name, t.created_at,
                           (SELECT m.role FROM memberships m
                             WHERE m.tenant_id = t.id AND ((m.principal_kind = 'user' AND m.principal = ?)
                                   OR (m.principal_kind = 'group' AND m.principal = ANY (?)))
                             ORDER BY CASE m.role WHEN 'admin' THEN 3 WHEN 'operator' THEN 2 ELSE 1 END DESC
                             LIMIT 1) AS role
                    FROM tenants t WHERE t.name = ?""")) {
                statement.setString(1, caller.subject());
                statement.setArray(2, connection.createArrayOf("text", caller.groups().toArray()));
                statement.setString(3, name);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? Optional.of(read(row, name)) : Optional.<WithRole> empty();
                }
            }
        });
    }

    private static WithRole read(ResultSet row, String name) throws SQLException {
        Tenant tenant = new Tenant();
        tenant.id = row.getObject("id", UUID.class);
        tenant.name = name;
        tenant.displayName = row.getString("display_name");
        tenant.createdAt = row.getObject("created_at", OffsetDateTime.class);
        String role = row.getString("role");
        return new WithRole(tenant, role == null ? Optional.empty() : Optional.of(new RoleConverter().convertToEntityAttribute(role)));
    }
}
