package dev.meshfleet.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSealTest {
    static final String KEK_A = Base64.getEncoder().encodeToString(KeyWrapTest.random(32));
    static final String KEK_B = Base64.getEncoder().encodeToString(KeyWrapTest.random(32));

    record Config(Optional<String> currentId, Map<String, String> keys, Optional<Path> file) implements KekConfig {
    }

    @Test
    void keysFromConfigurationAndFileTogether(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("keks");
        Files.writeString(file, "# mounted secret\nfile-1 = " + KEK_B + "\n\n");
        SecretSeal old = new SecretSeal(new Config(Optional.of("conf-1"), Map.of("conf-1", KEK_A), Optional.empty()));
        SecretSeal rotated = new SecretSeal(new Config(Optional.of("file-1"), Map.of("conf-1", KEK_A), Optional.of(file)));

        WrappedKey sealedOld = old.sealText("git token", "gitops/source/1");
        assertEquals("git token", rotated.openText(sealedOld, "gitops/source/1"));
        WrappedKey resealed = rotated.reseal(sealedOld, "gitops/source/1");
        assertEquals("file-1", resealed.kid());
        assertEquals("git token", rotated.openText(resealed, "gitops/source/1"));
    }

    @Test
    void storedTextRoundTripsAndMalformedTextIsNotEchoed() {
        SecretSeal seal = new SecretSeal(new Config(Optional.of("k.1"), Map.of("k.1", KEK_A), Optional.empty()));
        WrappedKey sealed = seal.sealText("secret", "ctx");
        String stored = sealed.encoded();
        assertTrue(stored.startsWith("v1:k.1:"), stored);
        assertFalse(stored.contains("secret"));
        assertEquals(sealed, WrappedKey.decode(stored));
        KeyWrapException bad = assertThrows(KeyWrapException.class, () -> WrappedKey.decode("v1:k.1:%%%:zz"));
        assertFalse(bad.getMessage().contains("%%%"));
        assertThrows(KeyWrapException.class, () -> WrappedKey.decode("v2:a:b:c"));
    }

    @Test
    void missingCurrentIdAndBadFileLinesNameTheProperty(@TempDir Path dir) throws IOException {
        KeyWrapException noId = assertThrows(KeyWrapException.class,
                () -> new SecretSeal(new Config(Optional.empty(), Map.of("a", KEK_A), Optional.empty())));
        assertTrue(noId.getMessage().contains("meshfleet.kek.current-id"), noId.getMessage());
        Path file = dir.resolve("keks");
        // A key pasted without its id: whatever the key's characters, the message names the line, not the key.
        String keyWithoutSymbols = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789AB".substring(0, 43) + "=";
        for (String pasted : new String[] {KEK_B, keyWithoutSymbols}) {
            Files.writeString(file, "# keys\n" + pasted + "\n");
            KeyWrapException badLine = assertThrows(KeyWrapException.class,
                    () -> new SecretSeal(new Config(Optional.of("a"), Map.of("a", KEK_A), Optional.of(file))));
            assertEquals("meshfleet.kek.file: line 2 is not <id>=<base64 of 32 bytes>", badLine.getMessage());
        }
    }
}
