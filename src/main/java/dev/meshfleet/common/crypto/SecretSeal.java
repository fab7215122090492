package dev.meshfleet.common.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The server's one {@link KeyWrap}, built from {@link KekConfig}: seals secrets before they are stored and opens them
 * when they are used. Misconfiguration fails on first use with a message naming the property, never a key.
 */
@ApplicationScoped
public class SecretSeal {
    private final KeyWrap keyWrap;

    public SecretSeal(KekConfig config) {
        this.keyWrap = build(config);
    }

    static KeyWrap build(KekConfig config) {
        Map<String, byte[]> keks = new LinkedHashMap<>();
        config.keys().forEach((kid, base64) -> keks.put(kid, KeyWrap.decodeKek(kid, base64)));
        config.file().ifPresent(file -> {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new KeyWrapException("meshfleet.kek.file: cannot read " + file);
            }
            for (int number = 1; number <= lines.size(); number++) {
                String line = lines.get(number - 1).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                // A bad line is named by its number only: a pasted bare key's '=' padding would make the key itself
                // look like an id, and neither may reach a message.
                String malformed = "meshfleet.kek.file: line " + number + " is not <id>=<base64 of 32 bytes>";
                int equals = line.indexOf('=');
                String kid = equals <= 0 ? "" : line.substring(0, equals).strip();
                if (!KeyWrap.isKid(kid)) {
                    throw new KeyWrapException(malformed);
                }
                try {
                    keks.put(kid, KeyWrap.decodeKek(kid, line.substring(equals + 1)));
                } catch (KeyWrapException e) {
                    throw new KeyWrapException(malformed);
                }
            }
        });
        String current = config.currentId()
                .orElseThrow(() -> new KeyWrapException("meshfleet.kek.current-id is not set: secrets cannot be sealed"));
        return new KeyWrap(current, keks, new SecureRandom());
    }

    /** Seals {@code secret}, bound to {@code context} (what it belongs to, e.g. {@code root/<id>}). */
    public WrappedKey seal(byte[] secret, String context) {
        return keyWrap.wrap(secret, context);
    }

    public byte[] open(WrappedKey sealed, String context) {
        return keyWrap.unwrap(sealed, context);
    }

    /** Sealed again under the current KEK (unchanged if it already is): what a KEK rotation does to each stored secret. */
    public WrappedKey reseal(WrappedKey sealed, String context) {
        return keyWrap.rewrap(sealed, context);
    }

    public String currentKid() {
        return keyWrap.currentKid();
    }

    public WrappedKey sealText(String secret, String context) {
        return seal(secret.getBytes(StandardCharsets.UTF_8), context);
    }

    public String openText(WrappedKey sealed, String context) {
        return new String(open(sealed, context), StandardCharsets.UTF_8);
    }
}
