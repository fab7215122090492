package dev.meshfleet.trust.core;

import java.util.Arrays;
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

    @Override
    public String toString() {
        return "WrappedKey[kid=" + kid + ", " + ciphertext.length + " bytes sealed]";
    }
}
