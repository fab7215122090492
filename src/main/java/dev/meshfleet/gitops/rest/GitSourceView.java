package dev.meshfleet.gitops.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.gitops.core.PollIntervals;
import dev.meshfleet.gitops.store.GitDeliveries;
import dev.meshfleet.gitops.store.GitSource;
import dev.meshfleet.gitops.store.GitSync;

/** A git source as the API shows it: its configuration without secrets, its webhook path, and its status. */
public record GitSourceView(String name, String mesh, String provider, String repository, String branch, String path,
        @Schema(description = "30s, 5m, 1h or off") String pollInterval, boolean suspended,
        @Schema(description = "where the provider must POST its webhooks (append to Meshfleet's public URL)") String webhookPath,
        @Schema(description = "the user name of the fetch credentials, if any (the token is never shown)", nullable = true)
        String credentialsUsername,
        boolean hasCredentials,
        @Schema(description = "token (https), ssh-key (ssh) or none; the secret itself is never shown") String credentialsKind,
        @Schema(nullable = true, description = "ssh repositories: the known_hosts lines whose keys the server must show")
        String knownHosts,
        OffsetDateTime createdAt, OffsetDateTime updatedAt, Status status) {

    /** What happened last: the last delivery, the last sync and its findings, and what is synced now. */
    public record Status(@Schema(nullable = true) OffsetDateTime lastDeliveryAt,
            @Schema(nullable = true) String lastDeliveryId,
            @Schema(nullable = true, description = "accepted, duplicate, ignored: <why>, ping") String lastDeliveryResult,
            @Schema(nullable = true) OffsetDateTime lastSyncAt,
            @Schema(nullable = true, description = "SYNCED, UNCHANGED, INVALID, FAILED or STALE") String lastResult,
            @Schema(nullable = true, description = "the commit the last sync read") String lastCommit,
            @Schema(nullable = true) String lastError,
            @Schema(description = "why the last commit was refused (INVALID), or its warnings") List<FieldError> findings,
            @Schema(nullable = true, description = "the newest commit whose intent is the mesh's (or was, when synced)")
            String syncedCommit,
            @Schema(nullable = true) Integer syncedRevision) {
    }

    /** One sync: what it read and what it made of it. */
    public record SyncView(long id, String trigger, String result, @Schema(nullable = true) String commit,
            @Schema(nullable = true) String author, @Schema(nullable = true) String message,
            @Schema(nullable = true) Integer revision, List<FieldError> findings, @Schema(nullable = true) String error,
            long durationMs, OffsetDateTime at) {
        static SyncView of(GitSync s) {
            return new SyncView(s.id, s.trigger, s.result, s.commitId, s.author, s.message, s.revision,
                    s.findings == null ? List.of() : s.findings, s.error, s.durationMs, s.at);
        }
    }

    /** A source with its webhook secret, shown once: at creation and when the secret is rotated. */
    public record WithSecret(GitSourceView source,
            @Schema(description = "the webhook secret: configure it at the provider now, it is never shown again")
            String webhookSecret) {
    }

    static GitSourceView of(GitSource s, String mesh, Optional<GitDeliveries.Last> last) {
        return new GitSourceView(s.name, mesh, s.provider, s.repository, s.branch, s.path, PollIntervals.format(s.pollSeconds),
                s.suspended, "/hooks/" + s.hookId, s.credentialUsername, s.credentialToken != null || s.credentialSshKey != null,
                s.credentialToken != null ? "token" : s.credentialSshKey != null ? "ssh-key" : "none", s.knownHosts,
                s.createdAt,
                s.updatedAt, new Status(last.map(GitDeliveries.Last::at).orElse(null),
                        last.map(GitDeliveries.Last::id).orElse(null), last.map(GitDeliveries.Last::result).orElse(null),
                        s.lastSyncAt,
                        s.lastResult, s.lastCommit, s.lastError, s.lastFindings == null ? List.of() : s.lastFindings,
                        s.syncedCommit, s.syncedRevision));
    }
}
