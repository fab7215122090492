package dev.meshfleet.gitops.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks a delivery's signature on its raw bytes, before anything parses them, with the method of the source's
 * configured provider (never one picked from the headers), comparing in constant time:
 * <ul>
 * <li>GitHub: {@code X-Hub-Signature-256: sha256=<hex>}; the SHA-1 {@code X-Hub-Signature} is refused, not a fallback.</li>
 * <li>GitLab: with a signing token ({@code whsec_<base64>}) the Standard Webhooks signature {@code webhook-signature:
 * v1,<base64>} of {@code <webhook-id>.<webhook-timestamp>.<body>}, the timestamp within 5 minutes of now (a bare token
 * is then refused: no downgrade); otherwise the secret token in {@code X-Gitlab-Token}.</li>
 * <li>Bitbucket Cloud and Server: {@code X-Hub-Signature: sha256=<hex>} (a {@code sha1=} one is refused).</li>
 * <li>Gitea {@code X-Gitea-Signature}, Forgejo {@code X-Forgejo-Signature}: bare hex.</li>
 * <li>generic: {@code X-Signature: sha256=<hex>}.</li>
 * </ul>
 */
public final class WebhookVerifier {
    /** How far a GitLab signing timestamp may be from now, either way. */
    public static final Duration TIMESTAMP_TOLERANCE = Duration.ofMinutes(5);
    /** GitLab's signing tokens, as Standard Webhooks writes secrets. */
    public static final String SIGNING_TOKEN_PREFIX = "whsec_";
    private static final int SHA256_BYTES = 32;

    private WebhookVerifier() {
    }

    public static Verdict verify(GitProvider provider, String secret, WebhookHeaders headers, byte[] body, Instant now) {
        if (secret == null || secret.isEmpty()) {
            // refused at configuration too; a source without a secret must never accept anything
            return Verdict.refused("the source has no webhook secret");
        }
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        return switch (provider) {
            case GITHUB -> headers.has("X-Hub-Signature-256")
                    ? prefixedHex("X-Hub-Signature-256", headers, key, body)
                    : Verdict.refused(headers.has("X-Hub-Signature")
                            ? "X-Hub-Signature (SHA-1) is not accepted: send X-Hub-Signature-256"
                            : "missing X-Hub-Signature-256");
            case BITBUCKET_CLOUD, BITBUCKET_SERVER -> prefixedHex("X-Hub-Signature", headers, key, body);
            case GITEA -> bareHex("X-Gitea-Signature", headers, key, body);
            case FORGEJO -> bareHex("X-Forgejo-Signature", headers, key, body);
            case GENERIC -> prefixedHex("X-Signature", headers, key, body);
            case GITLAB -> secret.startsWith(SIGNING_TOKEN_PREFIX)
                    ? standardWebhook(secret, headers, body, now)
                    : gitlabToken(key, headers);
        };
    }

    private static Verdict prefixedHex(String header, WebhookHeaders headers, byte[] key, byte[] body) {
        Optional<String> value = headers.get(header);
        if (value.isEmpty()) {
            return Verdict.refused("missing " + header);
        }
        String v = value.get().strip();
        if (!v.startsWith("sha256=")) {
            return Verdict.refused(header + " must be sha256=<hex> (" + (v.startsWith("sha1=") ? "SHA-1 is not accepted"
                    : "other algorithms are not accepted") + ")");
        }
        return hexMatches(header, v.substring("sha256=".length()), key, body);
    }

    private static Verdict bareHex(String header, WebhookHeaders headers, byte[] key, byte[] body) {
        return headers.get(header).map(v -> hexMatches(header, v.strip(), key, body))
                .orElseGet(() -> Verdict.refused("missing " + header));
    }

    private static Verdict hexMatches(String header, String hex, byte[] key, byte[] body) {
        Optional<byte[]> offered = Hmacs.hex(hex, SHA256_BYTES);
        if (offered.isEmpty()) {
            return Verdict.refused(header + " is not a SHA-256 hex digest");
        }
        return Hmacs.equal(Hmacs.sha256(key, body), offered.get()) ? Verdict.ok()
                : Verdict.refused(header + " does not match the body");
    }

    private static Verdict gitlabToken(byte[] key, WebhookHeaders headers) {
        Optional<String> token = headers.get("X-Gitlab-Token");
        if (token.isEmpty()) {
            return Verdict.refused("missing X-Gitlab-Token");
        }
        // digests of both, so that the comparison takes the same time whatever the offered token's length
        return Hmacs.equal(sha256(key), sha256(token.get().getBytes(StandardCharsets.UTF_8))) ? Verdict.ok()
                : Verdict.refused("X-Gitlab-Token does not match");
    }

    private static Verdict standardWebhook(String secret, WebhookHeaders headers, byte[] body, Instant now) {
        Optional<byte[]> key = Hmacs.base64(secret.substring(SIGNING_TOKEN_PREFIX.length()));
        if (key.isEmpty() || key.get().length == 0) {
            return Verdict.refused("the source's signing token is malformed");
        }
        Optional<String> id = headers.get("webhook-id");
        Optional<String> timestamp = headers.get("webhook-timestamp");
        Optional<String> signatures = headers.get("webhook-signature");
        if (id.isEmpty() || timestamp.isEmpty() || signatures.isEmpty()) {
            return Verdict.refused("a signed GitLab delivery needs webhook-id, webhook-timestamp and webhook-signature"
                    + (headers.has("X-Gitlab-Token") ? " (this source does not accept a bare token)" : ""));
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.get().strip());
        } catch (NumberFormatException e) {
            return Verdict.refused("webhook-timestamp is not a number of seconds");
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TIMESTAMP_TOLERANCE.toSeconds()) {
            return Verdict.refused("webhook-timestamp is more than 5 minutes from now (replayed or a skewed clock)");
        }
        byte[] expected = Hmacs.sha256(key.get(), (id.get() + "." + timestamp.get().strip() + ".")
                .getBytes(StandardCharsets.UTF_8), body);
        boolean matched = false;
        // several space-separated signatures are allowed (key rotation); every v1 one is compared, none skipped early
        for (String candidate : signatures.get().strip().split(" +")) {
            if (candidate.startsWith("v1,")) {
                Optional<byte[]> offered = Hmacs.base64(candidate.substring(3));
                matched |= offered.isPresent() && Hmacs.equal(expected, offered.get());
            }
        }
        return matched ? Verdict.ok() : Verdict.refused("webhook-signature does not match (v1 signatures only)");
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
