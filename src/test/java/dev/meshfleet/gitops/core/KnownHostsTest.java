package dev.meshfleet.gitops.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;

import dev.meshfleet.support.GitSshServer;

/** known_hosts lines as OpenSSH writes them: plain, with a port, hashed; what is refused, and which keys are accepted. */
class KnownHostsTest {
    final KeyPair key = newKey();
    final KeyPair other = newKey();
    final String entry = PublicKeyEntry.toString(key.getPublic());

    static KeyPair newKey() {
        try {
            return GitSshServer.newKey();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void plainPortedAndHashedHostsName() throws Exception {
        KnownHosts hosts = KnownHosts.parse("# from ssh-keyscan\ngit.example.com,10.0.0.7 " + entry + "\n\n[git.example.com]:2222 "
                + entry + "\n" + hashed("hidden.example.com") + " " + entry + "\n").hosts().orElseThrow();
        assertTrue(hosts.names("git.example.com", 22));
        assertTrue(hosts.names("10.0.0.7", 22));
        assertTrue(hosts.names("git.example.com", 2222));
        assertFalse(hosts.names("git.example.com", 2223));
        assertTrue(hosts.names("hidden.example.com", 22));
        assertFalse(hosts.names("other.example.com", 22));
        assertTrue(hosts.accepts("git.example.com", 2222, key.getPublic()));
        assertFalse(hosts.accepts("git.example.com", 2222, other.getPublic()), "another key for a known host");
        assertFalse(hosts.accepts("other.example.com", 22, key.getPublic()), "a known key for another host");
    }

    @Test
    void whatIsRefusedSaysWhy() {
        assertTrue(KnownHosts.parse(null).problem().contains("required"));
        assertTrue(KnownHosts.parse("# only a comment\n").problem().contains("no known_hosts line"));
        assertTrue(KnownHosts.parse("git.example.com ssh-ed25519").problem().startsWith("line 1:"));
        assertTrue(KnownHosts.parse("git.example.com " + entry + "\nnot a line at all").problem().startsWith("line 2:"));
        assertTrue(KnownHosts.parse("*.example.com " + entry).problem().contains("wildcards"));
        assertTrue(KnownHosts.parse("@cert-authority *.example.com " + entry).problem().contains("markers"));
        String garbled = entry.substring(0, entry.indexOf(' ') + 10) + "!!!";
        assertEquals(false, KnownHosts.parse("git.example.com " + garbled).hosts().isPresent());
    }

    /** |1|salt|HMAC-SHA1(salt, host), as ssh-keygen -H writes it. */
    static String hashed(String host) throws Exception {
        byte[] salt = "twenty bytes of salt".getBytes(StandardCharsets.US_ASCII);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        byte[] hash = mac.doFinal(host.getBytes(StandardCharsets.US_ASCII));
        return "|1|" + Base64.getEncoder().encodeToString(salt) + "|" + Base64.getEncoder().encodeToString(hash);
    }
}
