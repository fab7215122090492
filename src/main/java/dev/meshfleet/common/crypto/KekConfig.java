package dev.meshfleet.common.crypto;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The key-encryption keys that seal secrets at rest (root CA keys, git credentials, webhook secrets). Keys come from
 * configuration ({@code meshfleet.kek.keys.<id>}), from a file of {@code <id>=<base64>} lines (a mounted Kubernetes
 * Secret), or both; {@code current-id} names the one new secrets are sealed with. Rotating: add a key, make it current,
 * re-wrap, then remove the old one.
 */
@ConfigMapping(prefix = "meshfleet.kek")
public interface KekConfig {
    /** The id of the key-encryption key that seals new secrets; it must be among the configured keys. */
    Optional<String> currentId();

    /** Key-encryption keys by id, each base64 of 32 random bytes ({@code openssl rand -base64 32}). */
    Map<String, String> keys();

    /** A file of {@code <id>=<base64>} lines with more keys (for a mounted secret); read at startup. */
    Optional<Path> file();
}
