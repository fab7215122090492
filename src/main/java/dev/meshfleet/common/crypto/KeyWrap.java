package dev.meshfleet.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of private keys at rest: AES-256-GCM under a key-encryption key (KEK) chosen by id. New keys are
 * sealed with the current KEK; older ones still open with theirs, so adding a KEK and re-wrapping stored keys one by
 * one ({@link #rewrap}) needs no downtime, and the old KEK can go once nothing is sealed under it.
 *
 * <p>The associated data binds each ciphertext to its KEK id and to a caller-chosen context (e.g. the root's id), so a
 * sealed key copied onto another row or relabelled with another kid does not open.
 */
public final class KeyWrap {
    public static final int KEK_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final String currentKid;
    private final Map<String, SecretKeySpec> keks = new HashMap<>();
    private final SecureRandom random;

    /**
     * @param currentKid the KEK new wraps use
     * @param keks       every KEK by id (the current one and those older keys may still be sealed under), 32 bytes each
     */
    public KeyWrap(String currentKid, Map<String, byte[]> keks, SecureRandom random) {
        keks.forEach((kid, key) -> {
            checkKid(kid);
            if (key == null || key.length != KEK_BYTES) {
                throw new KeyWrapException("key-encryption key '" + kid + "' must be " + KEK_BYTES + " bytes, was "
                        + (key == null ? 0 : key.length));
            }
            this.keks.put(kid, new SecretKeySpec(key, "AES"));
        });
        if (!this.keks.containsKey(currentKid)) {
            throw new KeyWrapException("the current key-encryption key id '" + currentKid + "' has no key");
        }
        this.currentKid = currentKid;
        this.random = random;
    }

    /** A KEK as configured: base64 of 32 bytes. The message of a bad one names its id, never its value. */
    public static byte[] decodeKek(String kid, String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64 == null ? "" : base64.strip());
        } catch (IllegalArgumentException e) {
            throw new KeyWrapException("key-encryption key '" + kid + "' is not valid base64");
        }
        if (key.length != KEK_BYTES) {
            throw new KeyWrapException("key-encryption key '" + kid + "' must decode to " + KEK_BYTES + " bytes, was "
                    + key.length);
        }
        return key;
    }

    public String currentKid() {
        return currentKid;
    }

    public WrappedKey wrap(byte[] privateKeyDer, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, currentKid, nonce, context);
            return new WrappedKey(currentKid, nonce, cipher.doFinal(privateKeyDer));
        } catch (GeneralSecurityException e) {
            throw new KeyWrapException("cannot seal a key under key-encryption key '" + currentKid + "'");
        }
    }

    public byte[] unwrap(WrappedKey wrapped, String context) {
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, wrapped.kid(), wrapped.nonce(), context);
            return cipher.doFinal(wrapped.ciphertext());
        } catch (GeneralSecurityException e) {
            throw new KeyWrapException("key-encryption key '" + wrapped.kid() + "' does not open this sealed key (another"
                    + " key under the same id, another context, or altered bytes)");
        }
    }

    /** The key sealed again under the current KEK; unchanged if it already is. */
    public WrappedKey rewrap(WrappedKey wrapped, String context) {
        if (wrapped.kid().equals(currentKid)) {
            return wrapped;
        }
        byte[] plain = unwrap(wrapped, context);
        try {
            return wrap(plain, context);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private Cipher cipher(int mode, String kid, byte[] nonce, String context) throws GeneralSecurityException {
        SecretKeySpec kek = keks.get(kid);
        if (kek == null) {
            throw new KeyWrapException("no key-encryption key with id '" + kid + "' is configured");
        }
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, kek, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(("meshfleet/key-wrap/v1\0" + kid + "\0" + context).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** Whether {@code kid} is a well-formed KEK id (so a message may name it without echoing something else). */
    public static boolean isKid(String kid) {
        return kid != null && KID.matcher(kid).matches();
    }

    private static void checkKid(String kid) {
        if (!isKid(kid)) {
            throw new KeyWrapException("a key-encryption key id must be 1-64 of letters, digits, '.', '-', '_'");
        }
    }

    @Override
    public String toString() {
        return "KeyWrap[current=" + currentKid + ", kids=" + keks.keySet() + "]";
    }
}
