package dev.meshfleet.common.crypto;

/**
 * A key could not be sealed or opened: an unknown KEK id, a KEK of the wrong size, or a ciphertext that the KEK does not
 * open. A server-side fault, not bad input; its message names KEK ids only, never key bytes, and it carries no cause
 * (a provider's exception text is not ours to vouch for).
 */
public class KeyWrapException extends RuntimeException {
    public KeyWrapException(String message) {
        super(message);
    }
}
