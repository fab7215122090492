package dev.meshfleet.trust.store;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.meshfleet.common.crypto.SealedColumns;

/** Root CA keys, sealed per root ({@link TrustRoot#keyContext(java.util.UUID)}). */
@ApplicationScoped
public class TrustSealedColumns implements SealedColumns {
    @Override
    public List<Column> sealedColumns() {
        return List.of(new Column("trust_roots", "id", "sealed_key", TrustRoot.KEY_CONTEXT_PREFIX, ""));
    }
}
