package dev.meshfleet.trust.store;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An intermediate issued to a cluster from its CSR (certificate only: its key never left the cluster). */
@Entity
@Table(name = "trust_intermediates")
public class TrustIntermediate extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "mesh_id")
    public UUID meshId;
    @Column(name = "cluster_id")
    public UUID clusterId;
    @Column(name = "root_id")
    public UUID rootId;
    @Column(name = "certificate_pem")
    public String certificatePem;
    public String sha256;
    public String serial;
    @Column(name = "not_before")
    public OffsetDateTime notBefore;
    @Column(name = "not_after")
    public OffsetDateTime notAfter;
    @Column(name = "issued_at")
    public OffsetDateTime issuedAt;
}
