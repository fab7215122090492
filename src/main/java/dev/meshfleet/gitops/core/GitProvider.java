package dev.meshfleet.gitops.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a source's webhooks come from. Chosen when the source is configured and the only thing that selects how a
 * delivery is verified: headers never do (a Gitea delivery also carries GitHub's and Gogs's headers).
 */
public enum GitProvider {
    GITHUB("github"),
    GITLAB("gitlab"),
    BITBUCKET_CLOUD("bitbucket-cloud"),
    BITBUCKET_SERVER("bitbucket-server"),
    GITEA("gitea"),
    FORGEJO("forgejo"),
    /** Any sender that signs the body with HMAC-SHA256 in {@code X-Signature: sha256=<hex>}. */
    GENERIC("generic");

    private final String wireName;

    GitProvider(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<GitProvider> of(String wireName) {
        if (wireName == null) {
            return Optional.empty();
        }
        String wanted = wireName.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.wireName.equals(wanted)).findFirst();
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(GitProvider::wireName).toList());
    }
}
