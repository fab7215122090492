package dev.meshfleet.gitops.core;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * The host keys an SSH git source trusts, as OpenSSH's known_hosts lines ({@code host[,host...] type base64}, hosts as
 * {@code name}, {@code [name]:port} or hashed {@code |1|salt|hash}, e.g. the output of {@code ssh-keyscan -p 22 host}).
 * A fetch goes on only if the server shows one of the keys listed for the host it connects to; an unknown key is
 * refused, never learned. Markers ({@code @cert-authority}, {@code @revoked}) are refused: name the keys themselves.
 */
public final class KnownHosts {
    public static final int MAX_CHARS = 16384;

    private record Entry(KnownHostEntry entry, PublicKey key) {
    }

    private final List<Entry> entries;

    private KnownHosts(List<Entry> entries) {
        this.entries = entries;
    }

    /** The parsed lines, or the first problem as words naming the line. Blank lines and # comments are skipped. */
    public static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return Parsed.problem("is required for an ssh repository (e.g. the output of ssh-keyscan for its host)");
        }
        if (text.length() > MAX_CHARS) {
            return Parsed.problem("at most " + MAX_CHARS + " characters");
        }
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "line " + (i + 1) + ": ";
            if (line.startsWith("@")) {
                return Parsed.problem(where + "markers (@cert-authority, @revoked) are not supported; list the host's keys");
            }
            KnownHostEntry entry;
            PublicKey key;
            try {
                entry = KnownHostEntry.parseKnownHostEntry(line);
                key = entry == null || entry.getKeyEntry() == null ? null
                        : entry.getKeyEntry().resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                key = null;
                entry = null;
            }
            if (entry == null || key == null) {
                return Parsed.problem(where + "is not a known_hosts line (host[,host...] key-type base64-key)");
            }
            if (line.split("\\s+")[0].matches(".*[*?!].*")) {
                return Parsed.problem(where + "host patterns with wildcards or negation are not accepted; name the host");
            }
            entries.add(new Entry(entry, key));
        }
        if (entries.isEmpty()) {
            return Parsed.problem("has no known_hosts line");
        }
        return new Parsed(Optional.of(new KnownHosts(entries)), null);
    }

    /** Parsed lines or why they are refused. */
    public record Parsed(Optional<KnownHosts> hosts, String problem) {
        static Parsed problem(String problem) {
            return new Parsed(Optional.empty(), problem);
        }
    }

    /** Whether some line names {@code host} at {@code port} (22: the plain name; any other: {@code [host]:port}). */
    public boolean names(String host, int port) {
        return entries.stream().anyMatch(e -> e.entry().isHostMatch(host, port));
    }

    /** The keys listed for {@code host} at {@code port}. */
    public List<PublicKey> keysOf(String host, int port) {
        return entries.stream().filter(e -> e.entry().isHostMatch(host, port)).map(Entry::key).toList();
    }

    /** Whether {@code key} is one of the keys listed for {@code host} at {@code port}. */
    public boolean accepts(String host, int port, PublicKey key) {
        return keysOf(host, port).stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
    }

    /** The SHA-256 fingerprint of a key, as ssh-keygen -l shows it. */
    public static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(key);
    }
}
