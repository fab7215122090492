package dev.meshfleet.gitops.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Each provider's signature with the vectors its documentation gives (GitHub's; Standard Webhooks' for GitLab's signing
 * tokens). Bitbucket, Gitea and Forgejo document the scheme (HMAC-SHA256 of the body, hex) but no vector: GitHub's
 * vector is checked in their header formats. Plus the attacks that belong to the verifier.
 */
class WebhookVerifierTest {
    static final String GITHUB_SECRET = "It's a Secret to Everybody";
    static final byte[] GITHUB_BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    static final String GITHUB_DIGEST = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    /** The example of the Standard Webhooks specification, the scheme GitLab's signing tokens follow. */
    static final String SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String SW_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long SW_TIMESTAMP = 1614265330;
    static final byte[] SW_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String SW_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    static Verdict verify(GitProvider provider, String secret, Map<String, String> headers, byte[] body, Instant now) {
        return WebhookVerifier.verify(provider, secret, WebhookHeaders.of(headers), body, now);
    }

    static Verdict verify(GitProvider provider, String secret, Map<String, String> headers, byte[] body) {
        return verify(provider, secret, headers, body, NOW);
    }

    @Test
    void githubsDocumentedVector() {
        assertEquals(GITHUB_DIGEST, HexFormat.of().formatHex(Hmacs.sha256(GITHUB_SECRET.getBytes(StandardCharsets.UTF_8),
                GITHUB_BODY)));
        assertTrue(verify(GitProvider.GITHUB, GITHUB_SECRET, Map.of("X-Hub-Signature-256", "sha256=" + GITHUB_DIGEST),
                GITHUB_BODY).verified());
        // header names are case-insensitive, hex digits too
        assertTrue(verify(GitProvider.GITHUB, GITHUB_SECRET, Map.of("x-hub-signature-256", "sha256="
                + GITHUB_DIGEST.toUpperCase(java.util.Locale.ROOT)), GITHUB_BODY).verified());
    }

    @Test
    void standardWebhooksVectorForGitlabSigningTokens() {
        Instant signedAt = Instant.ofEpochSecond(SW_TIMESTAMP);
        Map<String, String> headers = Map.of("webhook-id", SW_ID, "webhook-timestamp", Long.toString(SW_TIMESTAMP),
                "webhook-signature", SW_SIGNATURE);
        assertTrue(verify(GitProvider.GITLAB, SW_SECRET, headers, SW_BODY, signedAt).verified());
        assertTrue(verify(GitProvider.GITLAB, SW_SECRET, Map.of("webhook-id", SW_ID, "webhook-timestamp",
                Long.toString(SW_TIMESTAMP), "webhook-signature", "v1,bm90IGl0 " + SW_SIGNATURE), SW_BODY, signedAt)
                .verified(), "one of several signatures (key rotation)");
        assertTrue(verify(GitProvider.GITLAB, SW_SECRET, headers, SW_BODY, signedAt.plusSeconds(299)).verified());
        assertFalse(verify(GitProvider.GITLAB, SW_SECRET, headers, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8),
                signedAt).verified());
    }

    @Test
    void replayedGitlabSigningTimestampIsRefused() {
        Map<String, String> headers = Map.of("webhook-id", SW_ID, "webhook-timestamp", Long.toString(SW_TIMESTAMP),
                "webhook-signature", SW_SIGNATURE);
        Instant signedAt = Instant.ofEpochSecond(SW_TIMESTAMP);
        Verdict late = verify(GitProvider.GITLAB, SW_SECRET, headers, SW_BODY, signedAt.plusSeconds(301));
        assertFalse(late.verified());
        assertTrue(late.reason().contains("5 minutes"), late.reason());
        assertFalse(verify(GitProvider.GITLAB, SW_SECRET, headers, SW_BODY, signedAt.minusSeconds(301)).verified(),
                "from the future too");
    }

    @Test
    void gitlabSourceWithASigningTokenRefusesABareToken() {
        assertFalse(verify(GitProvider.GITLAB, SW_SECRET, Map.of("X-Gitlab-Token", SW_SECRET), SW_BODY).verified());
    }

    @Test
    void gitlabSecretToken() {
        String secret = "a-gitlab-token-of-some-length";
        assertTrue(verify(GitProvider.GITLAB, secret, Map.of("X-Gitlab-Token", secret), GITHUB_BODY).verified());
        assertFalse(verify(GitProvider.GITLAB, secret, Map.of("X-Gitlab-Token", secret + "x"), GITHUB_BODY).verified());
        assertFalse(verify(GitProvider.GITLAB, secret, Map.of("X-Gitlab-Token", ""), GITHUB_BODY).verified());
        assertFalse(verify(GitProvider.GITLAB, secret, Map.of(), GITHUB_BODY).verified());
    }

    @Test
    void bitbucketCloudAndServerSignSha256InXHubSignature() {
        for (GitProvider p : new GitProvider[] { GitProvider.BITBUCKET_CLOUD, GitProvider.BITBUCKET_SERVER }) {
            assertTrue(verify(p, GITHUB_SECRET, Map.of("X-Hub-Signature", "sha256=" + GITHUB_DIGEST), GITHUB_BODY)
                    .verified());
            Verdict sha1 = verify(p, GITHUB_SECRET, Map.of("X-Hub-Signature", "sha1=" + GITHUB_DIGEST.substring(0, 40)),
                    GITHUB_BODY);
            assertFalse(sha1.verified());
            assertTrue(sha1.reason().contains("SHA-1"), sha1.reason());
        }
    }

    @Test
    void giteaAndForgejoSignBareHexInTheirOwnHeaders() {
        assertTrue(verify(GitProvider.GITEA, GITHUB_SECRET, Map.of("X-Gitea-Signature", GITHUB_DIGEST), GITHUB_BODY)
                .verified());
        assertTrue(verify(GitProvider.FORGEJO, GITHUB_SECRET, Map.of("X-Forgejo-Signature", GITHUB_DIGEST), GITHUB_BODY)
                .verified());
        assertFalse(verify(GitProvider.FORGEJO, GITHUB_SECRET, Map.of("X-Gitea-Signature", GITHUB_DIGEST), GITHUB_BODY)
                .verified(), "a Forgejo source reads Forgejo's header");
    }

    @Test
    void genericHmacSha256() {
        assertTrue(verify(GitProvider.GENERIC, GITHUB_SECRET, Map.of("X-Signature", "sha256=" + GITHUB_DIGEST),
                GITHUB_BODY).verified());
        assertFalse(verify(GitProvider.GENERIC, GITHUB_SECRET, Map.of(), GITHUB_BODY).verified(),
                "the generic receiver always authenticates");
    }

    @Test
    void wrongSignatureIsRefused() {
        String wrong = GITHUB_DIGEST.substring(0, 63) + (GITHUB_DIGEST.endsWith("7") ? "8" : "7");
        assertFalse(verify(GitProvider.GITHUB, GITHUB_SECRET, Map.of("X-Hub-Signature-256", "sha256=" + wrong), GITHUB_BODY)
                .verified());
        assertFalse(verify(GitProvider.GITHUB, "another secret of length", Map.of("X-Hub-Signature-256", "sha256="
                + GITHUB_DIGEST), GITHUB_BODY).verified());
        for (String malformed : new String[] { "", "sha256=", "sha256=zz", "sha256=" + GITHUB_DIGEST + "00", GITHUB_DIGEST,
                "sha512=" + GITHUB_DIGEST }) {
            assertFalse(verify(GitProvider.GITHUB, GITHUB_SECRET, Map.of("X-Hub-Signature-256", malformed), GITHUB_BODY)
                    .verified(), malformed);
        }
    }

    @Test
    void sha1DowngradeIsRefused() {
        String sha1 = "sha1=" + HexFormat.of().formatHex(new byte[20]);
        Verdict v = verify(GitProvider.GITHUB, GITHUB_SECRET, Map.of("X-Hub-Signature", sha1), GITHUB_BODY);
        assertFalse(v.verified());
        assertTrue(v.reason().contains("SHA-1"), v.reason());
    }

    @Test
    void aGiteaDeliveryAtAGithubSourceAndViceVersaAreRefused() {
        // Gitea also sends X-Hub-Signature-256 (GitHub compatibility), but signed with the Gitea hook's secret
        String giteaSecret = "the gitea hook's own secret";
        String giteaDigest = HexFormat.of().formatHex(Hmacs.sha256(giteaSecret.getBytes(StandardCharsets.UTF_8),
                GITHUB_BODY));
        assertFalse(verify(GitProvider.GITHUB, GITHUB_SECRET, Map.of("X-Gitea-Signature", giteaDigest,
                "X-Hub-Signature-256", "sha256=" + giteaDigest, "X-Gogs-Signature", giteaDigest), GITHUB_BODY).verified());
        assertFalse(verify(GitProvider.GITHUB, GITHUB_SECRET, Map.of("X-Gitea-Signature", GITHUB_DIGEST), GITHUB_BODY)
                .verified(), "a GitHub source never reads Gitea's header");
        assertFalse(verify(GitProvider.GITEA, GITHUB_SECRET, Map.of("X-Hub-Signature-256", "sha256=" + GITHUB_DIGEST),
                GITHUB_BODY).verified(), "a Gitea source never reads GitHub's header");
    }

    @Test
    void aSourceWithoutASecretAcceptsNothing() {
        assertFalse(verify(GitProvider.GENERIC, "", Map.of("X-Signature", "sha256=" + GITHUB_DIGEST), GITHUB_BODY)
                .verified());
        assertFalse(verify(GitProvider.GITLAB, null, Map.of("X-Gitlab-Token", ""), GITHUB_BODY).verified());
    }
}
