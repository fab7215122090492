package dev.meshfleet.common.crypto;




import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class KeyWrapTest {
    final byte[] kek1 = random(32);
    final byte[] kek2 = random(32);
    final byte[] privateKey = ecPrivateKey();

    static final SecureRandom RANDOM = new SecureRandom();

    static byte[] ecPrivateKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair().getPrivate().getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Test
    void roundTrip() {
        KeyWrap wrap = new KeyWrap("k1", Map.of("k1", kek1), RANDOM);

        WrappedKey sealed = wrap.wrap(privateKey, "root-42");

        assertEquals("k1", sealed.kid());
        assertEquals(12, sealed.nonce().length);
        assertEquals(privateKey.length + 16, sealed.ciphertext().length);
        assertArrayEquals(privateKey, wrap.unwrap(sealed, "root-42"));
        assertNotEquals(sealed, wrap.wrap(privateKey, "root-42"), "a fresh nonce per wrap");
        assertEquals(sealed, new WrappedKey("k1", sealed.nonce(), sealed.ciphertext()));
    }

    @Test
    void wrongKidWrongKekWrongContextOrAlteredBytesAreRefused() {
        KeyWrap wrap = new KeyWrap("k1", Map.of("k1", kek1), RANDOM);
        WrappedKey sealed = wrap.wrap(privateKey, "root-42");

        KeyWrapException unknown = assertThrows(KeyWrapException.class,
                () -> wrap.unwrap(new WrappedKey("k9", sealed.nonce(), sealed.ciphertext()), "root-42"));
        assertTrue(unknown.getMessage().contains("no key-encryption key with id 'k9'"), unknown.getMessage());

        KeyWrap impostor = new KeyWrap("k1", Map.of("k1", kek2), RANDOM);
        assertThrows(KeyWrapException.class, () -> impostor.unwrap(sealed, "root-42"));
        assertThrows(KeyWrapException.class, () -> wrap.unwrap(sealed, "root-43"));
        byte[] altered = sealed.ciphertext();
        altered[3] ^= 1;
        assertThrows(KeyWrapException.class, () -> wrap.unwrap(new WrappedKey("k1", sealed.nonce(), altered), "root-42"));
        // relabelled with another configured kid: the kid is bound into the associated data
        KeyWrap both = new KeyWrap("k2", Map.of("k1", kek1, "k2", kek1), RANDOM);
        assertThrows(KeyWrapException.class,
                () -> both.unwrap(new WrappedKey("k2", sealed.nonce(), sealed.ciphertext()), "root-42"));
    }

    @Test
    void rewrapMovesAKeyToTheNewKekWithoutLosingIt() {
        WrappedKey old = new KeyWrap("k1", Map.of("k1", kek1), RANDOM).wrap(privateKey, "root-42");
        KeyWrap rotated = new KeyWrap("k2", Map.of("k1", kek1, "k2", kek2), RANDOM);

        WrappedKey renewed = rotated.rewrap(old, "root-42");

        assertEquals("k2", renewed.kid());
        assertArrayEquals(privateKey, rotated.unwrap(renewed, "root-42"));
        assertArrayEquals(privateKey, rotated.unwrap(old, "root-42"), "old wraps still open until re-wrapped");
        assertSame(renewed, rotated.rewrap(renewed, "root-42"));
        KeyWrap retired = new KeyWrap("k2", Map.of("k2", kek2), RANDOM);
        assertArrayEquals(privateKey, retired.unwrap(renewed, "root-42"));
        assertThrows(KeyWrapException.class, () -> retired.unwrap(old, "root-42"));
    }

    @Test
    void keksAreCheckedWithoutEchoingThem() {
        String shortKey = Base64.getEncoder().encodeToString(random(16));
        KeyWrapException tooShort = assertThrows(KeyWrapException.class, () -> KeyWrap.decodeKek("k1", shortKey));
        assertFalse(tooShort.getMessage().contains(shortKey), tooShort.getMessage());
        assertThrows(KeyWrapException.class, () -> KeyWrap.decodeKek("k1", "not base64!"));
        assertArrayEquals(kek1, KeyWrap.decodeKek("k1", " " + Base64.getEncoder().encodeToString(kek1) + "\n"));
        assertThrows(KeyWrapException.class, () -> new KeyWrap("k1", Map.of("k1", random(31)), RANDOM));
        assertThrows(KeyWrapException.class, () -> new KeyWrap("k2", Map.of("k1", kek1), RANDOM));
        assertThrows(KeyWrapException.class, () -> new KeyWrap("bad kid", Map.of("bad kid", kek1), RANDOM));
    }

    @Test
    void noKeyMaterialInToStringOrErrors() {
        KeyWrap wrap = new KeyWrap("k1", Map.of("k1", kek1), RANDOM);
        WrappedKey sealed = wrap.wrap(privateKey, "root-42");
        KeyWrap impostor = new KeyWrap("k1", Map.of("k1", kek2), RANDOM);
        String wrongKek = assertThrows(KeyWrapException.class, () -> impostor.unwrap(sealed, "root-42")).getMessage();
        String badSize = assertThrows(KeyWrapException.class,
                () -> new KeyWrap("k1", Map.of("k1", random(31)), RANDOM)).getMessage();

        List<byte[]> secrets = List.of(kek1, kek2, privateKey, sealed.ciphertext(), sealed.nonce());
        for (String text : List.of(sealed.toString(), wrap.toString(), wrongKek, badSize)) {
            for (byte[] secret : secrets) {
                for (String encoded : List.of(Base64.getEncoder().encodeToString(secret),
                        Base64.getUrlEncoder().withoutPadding().encodeToString(secret), HexFormat.of().formatHex(secret))) {
                    assertFalse(text.contains(encoded.substring(0, 12)), text);
                }
            }
            assertFalse(text.contains("[B@"), text);
        }
        assertEquals("WrappedKey[kid=k1, " + sealed.ciphertext().length + " bytes sealed]", sealed.toString());
    }
}
