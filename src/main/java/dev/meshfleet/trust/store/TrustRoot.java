package dev.meshfleet.trust.store;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A root CA of a mesh's trust domain. The key is sealed ({@code sealedKey}); nothing reads it but the signer. */
@Entity
// only changed columns are written: a sync or rotation saving the row must not undo a concurrent KEK re-wrap
@org.hibernate.annotations.DynamicUpdate
@Table(name = "trust_roots")
public class TrustRoot extends PanacheEntityBase {
    public enum State {
        ACTIVE, RETIRING, RETIRED
    }

    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public UUID tenantId;
    @Column(name = "mesh_id")
    public UUID meshId;
    @Column(name = "trust_domain")
    public String trustDomain;
    @Column(name = "certificate_pem")
    public String certificatePem;
    public String sha256;
    @Column(name = "sealed_key")
    public String sealedKey;
    public String algorithm;
    public String source;
    public String subject;
    public String serial;
    @Column(name = "not_before")
    public OffsetDateTime notBefore;
    @Column(name = "not_after")
    public OffsetDateTime notAfter;
    public String state;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "retire_after")
    public OffsetDateTime retireAfter;
    @Column(name = "retired_at")
    public OffsetDateTime retiredAt;

    public static List<TrustRoot> ofMesh(UUID meshId) {
        return list("meshId = ?1 order by createdAt, id", meshId);
    }

    /** The context a root's sealed key is bound to: a sealed key copied to another row does not open. */
    public String keyContext() {
        return keyContext(id);
    }

    /** Seal contexts of root keys start with this, then the root's id. */
    public static final String KEY_CONTEXT_PREFIX = "trust-root/";

    public static String keyContext(UUID id) {
        return KEY_CONTEXT_PREFIX + id;
    }

    @Override
    public String toString() {
        return "TrustRoot[" + id + ", " + subject + ", " + state + "]";
    }
}
