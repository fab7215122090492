package dev.meshfleet.common.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import dev.meshfleet.common.error.ValidationException;

/**
 * PEM in and out. Errors name the field and what was found, never the text: a private key pasted into the wrong field
 * must not come back in an error message or a log line.
 */
public final class Pem {
    /** One BouncyCastle provider by instance, never installed globally (the JVM's providers stay as they are). */
    public static final java.security.Provider PROVIDER = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private static final JcaX509CertificateConverter CERTIFICATES = new JcaX509CertificateConverter();

    private Pem() {
    }

    public static String encode(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey key) {
                // PKCS#8 ("PRIVATE KEY") for every key type, not BC's default of SEC1 for EC
                writer.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot PEM-encode a " + object.getClass().getSimpleName(), e);
        }
        return out.toString();
    }

    /** The PEM of several certificates, in order (a bundle or a chain). */
    public static String encodeAll(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        certificates.forEach(certificate -> out.append(encode(certificate)));
        return out.toString();
    }

    /** Every certificate in the text; anything else in it (a key, a CSR) is refused. */
    public static List<X509Certificate> certificates(String field, String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : objects(field, pem)) {
            if (!(object instanceof X509CertificateHolder holder)) {
                throw ValidationException.of(field, field + " holds a " + describe(object) + ", expected only certificates");
            }
            try {
                certificates.add(CERTIFICATES.getCertificate(holder));
            } catch (CertificateException e) {
                throw ValidationException.of(field, field + " holds a certificate the JDK cannot read");
            }
        }
        if (certificates.isEmpty()) {
            throw ValidationException.of(field, field + " holds no PEM certificate");
        }
        return certificates;
    }

    public static PrivateKey privateKey(String field, String pem) {
        List<Object> objects = objects(field, pem);
        if (objects.size() != 1) {
            throw ValidationException.of(field, field + " must hold exactly one PEM private key, found " + objects.size()
                    + " PEM objects");
        }
        Object object = objects.get(0);
        try {
            if (object instanceof PEMKeyPair pair) {
                return privateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PrivateKeyInfo info) {
                return privateKey(info);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw ValidationException.of(field, field + " holds a private key of a type this service cannot use");
        }
        if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw ValidationException.of(field, field + " is an encrypted private key; decrypt it before importing");
        }
        throw ValidationException.of(field, field + " holds a " + describe(object) + ", expected a private key");
    }

    /**
     * Keys are made by BouncyCastle's key factories (by instance; its PEM converters would look one up by OID in the
     * installed providers, where there is none), so signing with them needs no conversion.
     */
    static PrivateKey privateKey(PrivateKeyInfo info) throws IOException, GeneralSecurityException {
        String algorithm = keyAlgorithm(info.getPrivateKeyAlgorithm().getAlgorithm());
        if (algorithm.equals("EC") && info.getPrivateKeyAlgorithm().getParameters() == null) {
            // a SEC1 "EC PRIVATE KEY" (openssl ecparam) names its curve inside the key; the JDK wants it outside
            ECPrivateKey sec1 = ECPrivateKey.getInstance(info.parsePrivateKey());
            info = new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                    sec1.getParametersObject()), sec1);
        }
        return KeyFactory.getInstance(algorithm, PROVIDER).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    }

    public static PublicKey publicKey(SubjectPublicKeyInfo info) throws IOException, GeneralSecurityException {
        String algorithm = keyAlgorithm(info.getAlgorithm().getAlgorithm());
        return KeyFactory.getInstance(algorithm, PROVIDER).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
    }

    private static String keyAlgorithm(ASN1ObjectIdentifier oid) throws NoSuchAlgorithmException {
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            return "EC";
        }
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            return "RSA";
        }
        throw new NoSuchAlgorithmException("only EC and RSA keys");
    }

    public static PKCS10CertificationRequest csr(String field, String pem) {
        List<Object> objects = objects(field, pem);
        if (objects.size() != 1 || !(objects.get(0) instanceof PKCS10CertificationRequest csr)) {
            throw ValidationException.of(field, field + " must hold exactly one PEM certificate signing request");
        }
        return csr;
    }

    private static List<Object> objects(String field, String pem) {
        if (pem == null || pem.isBlank()) {
            throw ValidationException.of(field, field + " is empty");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            // BouncyCastle's messages may quote the input; this one does not
            throw ValidationException.of(field, field + " is not well-formed PEM");
        }
        if (objects.isEmpty()) {
            throw ValidationException.of(field, field + " holds no PEM object");
        }
        return objects;
    }

    private static String describe(Object object) {
        if (object instanceof X509CertificateHolder) {
            return "certificate";
        }
        if (object instanceof PKCS10CertificationRequest) {
            return "certificate signing request";
        }
        if (object instanceof PEMKeyPair || object instanceof PrivateKeyInfo || object instanceof PEMEncryptedKeyPair
                || object instanceof PKCS8EncryptedPrivateKeyInfo) {
            return "private key";
        }
        return "PEM object of another kind";
    }
}
