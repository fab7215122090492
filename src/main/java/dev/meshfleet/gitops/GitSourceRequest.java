package dev.meshfleet.gitops;

import java.time.Duration;
import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.meshfleet.common.error.Checks;
import dev.meshfleet.gitops.core.GitProvider;
import dev.meshfleet.gitops.core.GitSourceRules;
import dev.meshfleet.gitops.core.KnownHosts;
import dev.meshfleet.gitops.core.SshKeys;
import dev.meshfleet.gitops.core.PollIntervals;

/**
 * A git source as a caller writes it (create: all required fields; update: only those to change). Credentials and the
 * webhook secret are write-only: no answer ever carries them.
 */
@Schema(name = "GitSourceRequest")
public record GitSourceRequest(
        @Schema(description = "DNS label, unique in the mesh (create only)") String name,
        @Schema(description = "github, gitlab, bitbucket-cloud, bitbucket-server, gitea, forgejo or generic: chooses how "
                + "webhooks are verified") String provider,
        @Schema(description = "the repository: https://host/owner/repo.git, or over SSH ssh://git@host[:port]/owner/repo.git "
                + "or git@host:owner/repo.git (no credentials in it)") String repository,
        @Schema(description = "branch to follow, e.g. main") String branch,
        @Schema(description = "path of the intent file in the repository, e.g. meshes/payments.yaml") String path,
        @Schema(description = "credentials for fetching: a token (https) or a private key (ssh); write-only")
        Credentials credentials,
        @Schema(description = "ssh repositories: the host keys to trust, as known_hosts lines (e.g. the output of "
                + "ssh-keyscan -p <port> <host>); a server showing another key is refused") String knownHosts,
        @Schema(description = "webhook secret (16-256 printable characters, or a GitLab whsec_ signing token); "
                + "generated when left out; write-only") String webhookSecret,
        @Schema(description = "how often to fetch without a webhook: 30s, 5m, 1h or off") String pollInterval,
        @Schema(description = "a suspended source accepts no deliveries and does not sync") Boolean suspended) {

    /** HTTPS credentials (a token or password and the user name to send it with) or an SSH private key. */
    public record Credentials(@Schema(description = "user name sent with the token (e.g. x-access-token, oauth2)") String username,
            @Schema(description = "access token for https; with sshPrivateKey null too, removes the credentials") String token,
            @Schema(description = "private key for ssh (OpenSSH or PEM; RSA, ECDSA or Ed25519; no passphrase): a deploy "
                    + "key with read access") String sshPrivateKey) {
    }

    /** Checks the fields given (all required ones when {@code creating}); throws one problem naming each bad field. */
    public void check(boolean creating, GitopsConfig config) {
        Checks checks = new Checks();
        GitSourceRules.Allowed allowed = new GitSourceRules.Allowed(config.allowPlainHttp(), config.allowLocalRepositories());
        if (creating) {
            checks.dnsLabel(name, "$.name");
        } else {
            checks.require(name == null, "$.name", "cannot be changed (create a new source)");
            checks.require(webhookSecret == null, "$.webhookSecret", "is changed with POST .../webhook-secret");
        }
        if (creating || provider != null) {
            checks.require(GitProvider.of(provider).isPresent(), "$.provider", "must be one of " + GitProvider.names());
        }
        if (creating || repository != null) {
            GitSourceRules.repository(repository, allowed, "$.repository", checks);
        }
        if (creating || branch != null) {
            GitSourceRules.branch(branch, "$.branch", checks);
        }
        if (creating || path != null) {
            GitSourceRules.intentPath(path, "$.path", checks);
        }
        if (credentials != null) {
            checks.require(credentials.token() == null || credentials.sshPrivateKey() == null, "$.credentials",
                    "give either a token (https) or an sshPrivateKey (ssh), not both");
            if (credentials.sshPrivateKey() != null) {
                var key = SshKeys.parse(credentials.sshPrivateKey());
                if (key.problem() != null) {
                    checks.add("$.credentials.sshPrivateKey", key.problem());
                }
            }
            if (credentials.token() != null) {
                checks.require(!credentials.token().isBlank() && credentials.token().length() <= 4096
                        && credentials.token().chars().noneMatch(c -> c < 0x20), "$.credentials.token",
                        "must be 1-4096 characters without control characters");
                checks.require(credentials.username() != null && !credentials.username().isBlank()
                        && credentials.username().length() <= 255 && credentials.username().chars().noneMatch(c -> c < 0x20),
                        "$.credentials.username", "is required with a token (1-255 characters)");
            }
        }
        if (knownHosts != null && !knownHosts.isBlank()) {
            String problem = KnownHosts.parse(knownHosts).problem();
            if (problem != null) {
                checks.add("$.knownHosts", problem);
            }
        }
        GitSourceRules.webhookSecret(webhookSecret, GitProvider.of(provider).orElse(GitProvider.GENERIC), "$.webhookSecret",
                checks);
        if (pollInterval != null) {
            Optional<Duration> poll = PollIntervals.parse(pollInterval);
            if (poll == null) {
                checks.add("$.pollInterval", "must be a duration such as 30s, 5m or 1h, or off");
            } else {
                checks.require(poll.isEmpty() || poll.get().compareTo(config.minPollInterval()) >= 0, "$.pollInterval",
                        "must be at least " + config.minPollInterval().toSeconds() + "s");
            }
        }
        checks.throwIfAny();
    }

    /** The poll interval in seconds (null: off) this request sets, the installation's default when left out. */
    public Integer pollSeconds(GitopsConfig config) {
        Optional<Duration> poll = pollInterval == null
                ? Optional.of(config.defaultPollInterval()).filter(d -> !d.isZero())
                : PollIntervals.parse(pollInterval);
        return poll.map(d -> (int) d.toSeconds()).orElse(null);
    }
}
