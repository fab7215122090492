package dev.meshfleet.gitops.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;
import java.util.Optional;

import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * An SSH private key as a caller gives it: OpenSSH ({@code -----BEGIN OPENSSH PRIVATE KEY-----}) or PEM (PKCS#1,
 * PKCS#8), RSA, ECDSA or Ed25519, not passphrase-protected (it is sealed at rest instead), exactly one key.
 */
public final class SshKeys {
    public static final int MAX_CHARS = 16384;
    private static final NamedResource NAME = NamedResource.ofName("git source key");

    private SshKeys() {
    }

    /** The key pair in {@code text}, or why there is none (in words that never repeat the key). */
    public static Result parse(String text) {
        if (text == null || text.isBlank()) {
            return Result.problem("is required");
        }
        if (text.length() > MAX_CHARS || !text.strip().startsWith("-----BEGIN ")) {
            return Result.problem("must be a private key in OpenSSH or PEM form (-----BEGIN ... PRIVATE KEY-----)");
        }
        if (text.contains("ENCRYPTED") || text.contains("Proc-Type: 4,ENCRYPTED")) {
            return Result.problem("must not be passphrase-protected (Meshfleet seals it at rest); export it without one");
        }
        try {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NAME,
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                return Result.problem("holds no private key");
            }
            KeyPair pair = it.next();
            if (it.hasNext()) {
                return Result.problem("must hold exactly one private key");
            }
            if (pair.getPublic() == null || pair.getPrivate() == null) {
                return Result.problem("holds no private key");
            }
            return new Result(Optional.of(pair), null);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // the library's message may quote key material or name its classes: say what is wrong in general terms
            return Result.problem(text.contains("ENCRYPTED") || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT)
                    .contains("password") ? "must not be passphrase-protected (Meshfleet seals it at rest)"
                    : "is not a readable RSA, ECDSA or Ed25519 private key");
        }
    }

    /** A parsed key, or why the text holds none. */
    public record Result(Optional<KeyPair> pair, String problem) {
        static Result problem(String problem) {
            return new Result(Optional.empty(), problem);
        }
    }

    /** The SHA-256 fingerprint of the key's public half (what a deploy key page shows). */
    public static String fingerprint(KeyPair pair) {
        return KeyUtils.getFingerPrint(pair.getPublic());
    }
}
