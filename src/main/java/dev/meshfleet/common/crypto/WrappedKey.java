package dev.meshfleet.common.crypto;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A private key (PKCS#8 DER) sealed with AES-256-GCM under the key-encryption key {@code kid}. Safe to store; still
 * kept out of logs: {@link #toString()} names the KEK and the size, never the bytes.
 *
 * @param kid        the id of the key-encryption key that sealed it
 * @param nonce      the 96-bit GCM nonce, fresh per wrap
 * @param ciphertext the sealed key followed by the 128-bit tag
 */
public record WrappedKey(String kid, byte[] nonce, byte[] ciphertext) {
    public WrappedKey {
        Objects.requireNonNull(kid, "kid");
        nonce = nonce.clone();
        ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WrappedKey that && kid.equals(that.kid) && Arrays.equals(nonce, that.nonce)
                && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kid, Arrays.hashCode(nonce), Arrays.hashCode(ciphertext));
    }

    /** One storable text: {@code v1:<kid>:<base64url nonce>:<base64url ciphertext>}. */
    public String encoded() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return "v1:" + kid + ":" + b64.encodeToString(nonce) + ":" + b64.encodeToString(ciphertext);
    }

    /** The inverse of {@link #encoded()}; a malformed text is a {@link KeyWrapException} that does not echo it. */
    public static WrappedKey decode(String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split(":", -1);
        if (parts.length != 4 || !parts[0].equals("v1")) {
            throw new KeyWrapException("a stored sealed secret is malformed");
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            return new WrappedKey(parts[1], b64.decode(parts[2]), b64.decode(parts[3]));
        } catch (IllegalArgumentException e) {
            throw new KeyWrapException("a stored sealed secret is malformed");
        }
    }

    @Override
    public String toString() {
        return "WrappedKey[kid=" + kid + ", " + ciphertext.length + " bytes sealed]";
    }
}
