package dev.meshfleet.trust.core;

import dev.meshfleet.common.crypto.Pem;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Test-side PKI: what an agent does in its cluster (keys, CSRs), what istiod does (leaves), and openssl's verdict. */
public final class TestPki {
    public static final SecureRandom RANDOM = new SecureRandom();

    private TestPki() {
    }

    public static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CSR as an agent would make it: a subject, no requested extensions. */
    public static String csr(KeyPair keys, String subject) {
        return Pem.encode(csrObject(keys, subject, null));
    }

    public static PKCS10CertificationRequest csrObject(KeyPair keys, String subject, Extensions requested) {
        try {
            JcaPKCS10CertificationRequestBuilder builder =
                    new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic());
            if (requested != null) {
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, requested);
            }
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A workload certificate as istiod issues it under the cluster's intermediate. */
    public static X509Certificate leaf(X509Certificate intermediate, PrivateKey intermediateKey, TrustDomain trustDomain,
            Instant now) {
        KeyPair keys = p256();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(intermediate,
                    new BigInteger(127, RANDOM), Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))),
                    new X500Name("O=" + trustDomain.name()), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectKeyIdentifier, false, X509Support.subjectKeyId(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, X509Support.authorityKeyId(intermediate))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(
                            GeneralName.uniformResourceIdentifier, trustDomain.spiffeId() + "/ns/default/sa/app")));
            return X509Support.sign(builder, intermediateKey);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** openssl's verdict on a chain: exit code and output of {@code openssl verify}. */
    public record Verdict(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * {@code openssl verify [flags] -CAfile <bundle> -untrusted <chain> <leaf>} on temporary files.
     */
    public static Verdict opensslVerify(String bundlePem, String untrustedPem, X509Certificate leaf, String... flags) {
        try {
            Path dir = Files.createTempDirectory("mf-trust");
            try {
                Path bundle = Files.writeString(dir.resolve("root.pem"), bundlePem);
                Path untrusted = Files.writeString(dir.resolve("intermediate.pem"), untrustedPem);
                Path leafFile = Files.writeString(dir.resolve("leaf.pem"), Pem.encode(leaf));
                List<String> command = new ArrayList<>(List.of("/usr/bin/openssl", "verify"));
                command.addAll(List.of(flags));
                command.addAll(List.of("-CAfile", bundle.toString(), "-untrusted", untrusted.toString(),
                        leafFile.toString()));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes());
                return new Verdict(process.waitFor(), output);
            } finally {
                for (String name : List.of("root.pem", "intermediate.pem", "leaf.pem")) {
                    Files.deleteIfExists(dir.resolve(name));
                }
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
