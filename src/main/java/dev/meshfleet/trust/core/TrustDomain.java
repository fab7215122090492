package dev.meshfleet.trust.core;

import java.util.regex.Pattern;

import dev.meshfleet.common.error.ValidationException;

/**
 * A SPIFFE trust domain name (SPIFFE-ID spec, section 2.1): lowercase letters, digits, dots, dashes and underscores,
 * at most 255 characters. Anything else, a scheme, a port or userinfo included, is refused rather than normalised, so
 * the name in a certificate is exactly the name the operator typed.
 */
public record TrustDomain(String name) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1,255}");

    public TrustDomain {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ValidationException.of("trustDomain", "trust domain '" + name + "' is not a SPIFFE trust domain name"
                    + " (1-255 of lowercase letters, digits, '.', '-', '_'; no scheme, port or userinfo)");
        }
    }

    /** The SPIFFE ID of the trust domain itself, the URI SAN of its CA certificates. */
    public String spiffeId() {
        return "spiffe://" + name;
    }

    @Override
    public String toString() {
        return name;
    }
}
