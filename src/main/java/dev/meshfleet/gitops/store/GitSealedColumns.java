package dev.meshfleet.gitops.store;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.meshfleet.common.crypto.SealedColumns;

/** A git source's webhook secret and fetch token or SSH key, sealed per source and secret ({@link GitSource#sealContext}). */
@ApplicationScoped
public class GitSealedColumns implements SealedColumns {
    @Override
    public List<Column> sealedColumns() {
        return List.of(new Column("git_sources", "id", "webhook_secret", GitSource.CONTEXT_PREFIX, "/webhook-secret"),
                new Column("git_sources", "id", "credential_token", GitSource.CONTEXT_PREFIX, "/token"),
                new Column("git_sources", "id", "credential_ssh_key", GitSource.CONTEXT_PREFIX, "/ssh-key"));
    }
}
