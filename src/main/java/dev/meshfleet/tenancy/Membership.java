package dev.meshfleet.tenancy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Grants a role in a tenant to a user (token subject) or to a group (token groups claim). */
@Entity
@Table(name = "memberships")
public class Membership extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public UUID tenantId;
    @Column(name = "principal_kind")
    public String principalKind;
    public String principal;
    @Convert(converter = RoleConverter.class)
    public Role role;
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    /** Every membership that applies to a caller in a tenant: the caller's own and those of its groups. */
    public static List<Membership> applicableTo(UUID tenantId, Caller caller) {
        return list("tenantId = ?1 and ((principalKind = 'user' and principal = ?2) or "
                + "(principalKind = 'group' and principal in ?3))",
                tenantId, caller.subject(), caller.groups().isEmpty() ? List.of("") : List.copyOf(caller.groups()));
    }

    public static long countAdmins(UUID tenantId) {
        return count("tenantId = ?1 and role = ?2", tenantId, Role.ADMIN);
    }
}
