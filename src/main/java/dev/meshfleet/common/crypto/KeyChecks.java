package dev.meshfleet.common.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;

/** Checks on key pairs that the server (imported roots) and the agent (its intermediate's key) both make. */
public final class KeyChecks {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyChecks() {
    }

    /**
     * Whether the private key belongs to the certificate, proven the way a verifier would: sign a random challenge
     * with the key and verify it with the certificate's public key.
     */
    public static boolean matches(X509Certificate certificate, PrivateKey key) {
        if (!key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())) {
            return false;
        }
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(algorithm, Pem.PROVIDER);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm, Pem.PROVIDER);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // a key this runtime cannot use: not a match either way
        }
    }
}
