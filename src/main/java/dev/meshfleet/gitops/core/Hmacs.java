package dev.meshfleet.gitops.core;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and the constant-time comparisons every verifier uses. */
public final class Hmacs {
    private Hmacs() {
    }

    public static byte[] sha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // an empty key is refused at configuration; SecretKeySpec refuses one too, so never reach it with one
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    /** Constant time in the length of the expected value ({@link MessageDigest#isEqual} does not stop early). */
    public static boolean equal(byte[] expected, byte[] offered) {
        return MessageDigest.isEqual(expected, offered);
    }

    /** Lower- or upper-case hex of exactly {@code bytes} bytes, or empty: a malformed header is simply not a match. */
    public static Optional<byte[]> hex(String text, int bytes) {
        if (text == null || text.length() != bytes * 2) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(HexFormat.of().parseHex(text));
    }

    public static Optional<byte[]> base64(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
