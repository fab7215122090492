package dev.meshfleet.common.crypto;

import java.util.List;

/**
 * Where a feature stores secrets sealed with {@link SecretSeal} ({@link WrappedKey#encoded()} text columns), so that
 * {@link SecretRewrap} can seal them again under a new key-encryption key. Implemented by a bean per feature.
 */
public interface SealedColumns {
    /**
     * A sealed column: its table, the id column, the column, and the seal context of a row: {@code contextPrefix + id +
     * contextSuffix}. Names are code constants, never input (they are written into SQL).
     */
    record Column(String table, String idColumn, String column, String contextPrefix, String contextSuffix) {
        String context(Object id) {
            return contextPrefix + id + contextSuffix;
        }
    }

    List<Column> sealedColumns();
}
