package dev.meshfleet.tenancy;

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
}
