package dev.meshfleet.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.cluster.SecretTokens;
import dev.meshfleet.common.error.ServiceUnavailableException;
import dev.meshfleet.common.error.UnauthorizedException;

/**
 * Agents authenticate with their cluster credential ({@code Authorization: Bearer mfc_...}), which they get once in
 * exchange for the cluster's one-time bootstrap token. Only hashes are stored; a revoked credential or a deleted
 * cluster finds no row, so its agent gets 401.
 */
@ApplicationScoped
public class AgentCredentials {
    public static final String CREDENTIAL_PREFIX = "mfc_";

    private final DataSource dataSource;

    public AgentCredentials(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The id of the cluster holding this credential hash, or empty: one indexed query on a pooled connection in
     * autocommit, outside any transaction. Every agent calls in alive every contact interval (10,000 agents: 1,000
     * calls a second); a JTA transaction and a Hibernate query per call were a fifth of a replica's CPU.
     */
    public Optional<UUID> clusterId(String credentialHash) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT id FROM clusters WHERE credential_hash = ?")) {
            query.setString(1, credentialHash);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getObject(1, UUID.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new ServiceUnavailableException("the database could not be reached; call again later");
        }
    }

    public Cluster authenticate(String authorization) {
        return Cluster.findByCredentialHash(credentialHash(authorization)).orElseThrow(AgentCredentials::unknown);
    }

    /** The stored form of the credential an Authorization header carries; 401 when it carries none. */
    public static String credentialHash(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer " + CREDENTIAL_PREFIX)) {
            throw new UnauthorizedException("an agent credential is required (Authorization: Bearer mfc_...)");
        }
        return SecretTokens.hash(authorization.substring("Bearer ".length()));
    }

    public static UnauthorizedException unknown() {
        return new UnauthorizedException("unknown or revoked agent credential");
    }

    /** How long a registration may be retried (with its idempotency key) when its first stream has not opened. */
    static final java.time.Duration REGISTRATION_RETRY_WINDOW = java.time.Duration.ofMinutes(10);

    /**
     * Exchanges a bootstrap token for a new credential; the token works once and only until it expires. An agent that
     * sends an idempotency key may try again with the same token and key when the answer was lost (a timeout under
     * load): until the credential's first stream opens, for at most {@link #REGISTRATION_RETRY_WINDOW}, it gets a new
     * credential (the one it never received stops working). Without the key, the token could be used once only, and an
     * agent whose answer was lost was refused for good (20 of 10,000 agents connecting at once).
     */
    public Issued register(String bootstrapToken, String idempotencyKey) {
        if (bootstrapToken == null || bootstrapToken.isBlank()) {
            throw new UnauthorizedException("a bootstrap token is required");
        }
        String retryHash = idempotencyKey == null ? null : SecretTokens.hash(bootstrapToken + "\n" + idempotencyKey);
        Cluster cluster = Cluster.findByBootstrapTokenHash(SecretTokens.hash(bootstrapToken)).orElse(null);
        if (cluster == null) {
            Cluster retried = retryHash == null ? null : Cluster.findByBootstrapRetryHash(retryHash)
                    .filter(c -> c.bootstrapRetryUntil.isAfter(OffsetDateTime.now())).orElse(null);
            if (retried == null) {
                throw new UnauthorizedException("unknown or already used bootstrap token");
            }
            return new Issued(retried, issue(retried));
        }
        if (cluster.bootstrapExpiresAt.isBefore(OffsetDateTime.now())) {
            throw new UnauthorizedException("the bootstrap token expired; issue a new one for cluster " + cluster.name);
        }
        cluster.bootstrapTokenHash = null;
        cluster.bootstrapExpiresAt = null;
        cluster.bootstrapRetryHash = retryHash;
        cluster.bootstrapRetryUntil = retryHash == null ? null : OffsetDateTime.now().plus(REGISTRATION_RETRY_WINDOW);
        return new Issued(cluster, issue(cluster));
    }

    /** A new credential for the cluster; the previous one stops working at once. */
    public String issue(Cluster cluster) {
        String credential = SecretTokens.newToken(CREDENTIAL_PREFIX);
        cluster.credentialHash = SecretTokens.hash(credential);
        cluster.credentialIssuedAt = OffsetDateTime.now();
        return credential;
    }

    public record Issued(Cluster cluster, String credential) {
    }
}
