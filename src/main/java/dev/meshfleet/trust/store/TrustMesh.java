package dev.meshfleet.trust.store;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * What every cluster a mesh places should hold in {@code cacerts}: the issuing root and the bundle's roots in order (a
 * root may repeat). Exists once the mesh has a root; {@code sequence} counts bundle changes (SPIFFE's spiffe_sequence).
 */
@Entity
@Table(name = "trust_meshes")
public class TrustMesh extends PanacheEntityBase {
    @Id
    @Column(name = "mesh_id")
    public UUID meshId;
    @Column(name = "tenant_id")
    public UUID tenantId;
    @Column(name = "issuer_root_id")
    public UUID issuerRootId;
    /** Root ids as strings, in bundle order. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> bundle;
    @Column(name = "probe_leaves")
    public boolean probeLeaves;
    public long sequence;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public List<UUID> bundleRoots() {
        return bundle.stream().map(UUID::fromString).toList();
    }
}
