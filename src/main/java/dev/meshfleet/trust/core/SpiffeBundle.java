package dev.meshfleet.trust.core;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SPIFFE trust bundle as a JWK Set (SPIFFE Trust Domain and Bundle, section 4): one JWK per CA certificate with
 * {@code use: x509-svid} and {@code x5c} holding exactly that certificate, no {@code kid}; {@code spiffe_sequence}
 * increases whenever the bundle changes, {@code spiffe_refresh_hint} says how often to look again (seconds).
 */
public final class SpiffeBundle {
    private SpiffeBundle() {
    }

    public static Map<String, Object> of(List<X509Certificate> roots, long sequence, long refreshHintSeconds) {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (X509Certificate root : roots) {
            keys.add(jwk(root));
        }
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("keys", keys);
        bundle.put("spiffe_sequence", sequence);
        bundle.put("spiffe_refresh_hint", refreshHintSeconds);
        return bundle;
    }

    static Map<String, Object> jwk(X509Certificate certificate) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("use", "x509-svid");
        PublicKey key = certificate.getPublicKey();
        if (key instanceof ECPublicKey ec) {
            int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            jwk.put("kty", "EC");
            jwk.put("crv", switch (size) {
                case 32 -> "P-256";
                case 48 -> "P-384";
                case 66 -> "P-521";
                default -> throw new IllegalArgumentException("unsupported EC curve of " + size + " bytes");
            });
            jwk.put("x", base64Url(fixed(ec.getW().getAffineX(), size)));
            jwk.put("y", base64Url(fixed(ec.getW().getAffineY(), size)));
        } else if (key instanceof RSAPublicKey rsa) {
            jwk.put("kty", "RSA");
            jwk.put("n", base64Url(unsigned(rsa.getModulus())));
            jwk.put("e", base64Url(unsigned(rsa.getPublicExponent())));
        } else {
            throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
        }
        try {
            jwk.put("x5c", List.of(Base64.getEncoder().encodeToString(certificate.getEncoded())));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded", e);
        }
        return jwk;
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static byte[] fixed(BigInteger value, int size) {
        byte[] bytes = unsigned(value);
        byte[] out = new byte[size];
        System.arraycopy(bytes, 0, out, size - bytes.length, bytes.length);
        return out;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
