package dev.meshfleet.gitops.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

import org.eclipse.jgit.lib.Repository;

import dev.meshfleet.common.error.Checks;

/**
 * What a git source's configuration must be: a repository Meshfleet may fetch (HTTPS, no credentials in the URL;
 * plain HTTP and local {@code file://} repositories only where the installation allows them), a valid branch name, an
 * intent file path that stays inside the repository, and a webhook secret that is never empty or weak.
 */
public final class GitSourceRules {
    public static final int MIN_SECRET_CHARS = 16;
    public static final int MAX_SECRET_CHARS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the installation allows beyond HTTPS (local repositories are the server's own files: tests only). */
    public record Allowed(boolean plainHttp, boolean localFiles) {
    }

    private GitSourceRules() {
    }

    /** A fresh webhook secret: 256 random bits, URL-safe, usable as every provider's secret or token. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The path of the unguessable receiver: 192 random bits, URL-safe. */
    public static String newHookId() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static void repository(String url, Allowed allowed, String path, Checks checks) {
        if (url == null || url.isBlank()) {
            checks.add(path, "is required");
            return;
        }
        if (url.length() > 2000) {
            checks.add(path, "at most 2000 characters");
            return;
        }
        if (SCP_LIKE.matcher(url).matches()) {
            ssh(url, path, checks); // git@host:owner/repo.git is no URI
            return;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            checks.add(path, "is not a URL (https://host/owner/repo.git)");
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "https" -> remote(uri, path, checks);
            case "http" -> {
                checks.require(allowed.plainHttp(), path, "plain http is not allowed here (meshfleet.gitops.allow-plain-http); use https");
                remote(uri, path, checks);
            }
            case "file" -> checks.require(allowed.localFiles(), path,
                    "local repositories are not allowed here (meshfleet.gitops.allow-local-repositories)");
            case "ssh", "git+ssh" -> ssh(url, path, checks);
            default -> {
                if (SCP_LIKE.matcher(url).matches()) {
                    ssh(url, path, checks);
                } else {
                    checks.add(path, "must be an https:// URL, or ssh://user@host/path or user@host:path");
                }
            }
        }
    }

    /** {@code user@host:path}, as git writes SSH remotes without a scheme. */
    private static final java.util.regex.Pattern SCP_LIKE = java.util.regex.Pattern.compile("[^/@:\\s]+@[^/:\\s]+:[^/\\s].*");

    /** Where an SSH repository lives: its host, port (22 unless given) and the user to log in as. */
    public record SshRemote(String host, int port, String user) {
    }

    /** The SSH remote {@code url} names, if it is an ssh:// or user@host:path repository. */
    public static java.util.Optional<SshRemote> sshRemote(String url) {
        if (url == null) {
            return java.util.Optional.empty();
        }
        String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT) : "";
        if (!(scheme.equals("ssh") || scheme.equals("git+ssh") || scheme.isEmpty() && SCP_LIKE.matcher(url).matches())) {
            return java.util.Optional.empty();
        }
        try {
            org.eclipse.jgit.transport.URIish uri = new org.eclipse.jgit.transport.URIish(url);
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new SshRemote(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 22, uri.getUser()));
        } catch (URISyntaxException e) {
            return java.util.Optional.empty();
        }
    }

    private static void ssh(String url, String path, Checks checks) {
        var remote = sshRemote(url);
        if (remote.isEmpty()) {
            checks.add(path, "is not an SSH repository URL (ssh://git@host[:port]/owner/repo.git or git@host:owner/repo.git)");
            return;
        }
        String user = remote.get().user();
        int start = url.contains("://") ? url.indexOf("://") + 3 : 0;
        int at = url.indexOf('@', start);
        if (user == null || user.isEmpty() || at < 0) {
            checks.add(path, "must name the user to log in as (e.g. ssh://git@host/owner/repo.git)");
        } else {
            checks.require(!url.substring(start, at).contains(":"), path,
                    "must not carry credentials; give the key in credentials.sshPrivateKey");
        }
    }

    /**
     * The source as a whole: an ssh repository fetches with a private key and trusts the host keys listed for its host
     * (and port); an https one takes a token, not a key, and no known_hosts. Throws one problem naming each bad field.
     */
    public static void consistent(String repository, boolean hasToken, boolean hasSshKey, String knownHosts) {
        Checks checks = new Checks();
        var ssh = sshRemote(repository);
        if (ssh.isPresent()) {
            checks.require(!hasToken, "$.credentials.token", "an ssh repository is fetched with credentials.sshPrivateKey, "
                    + "not a token");
            checks.require(hasSshKey, "$.credentials.sshPrivateKey", "is required for an ssh repository");
            var hosts = KnownHosts.parse(knownHosts);
            if (hosts.problem() != null) {
                checks.add("$.knownHosts", hosts.problem());
            } else if (!hosts.hosts().orElseThrow().names(ssh.get().host(), ssh.get().port())) {
                String name = ssh.get().port() == 22 ? ssh.get().host() : "[" + ssh.get().host() + "]:" + ssh.get().port();
                checks.add("$.knownHosts", "lists no key for " + name + ", the repository's host");
            }
        } else {
            checks.require(!hasSshKey, "$.credentials.sshPrivateKey", "is for ssh repositories (ssh://... or git@host:path)");
            checks.require(knownHosts == null, "$.knownHosts", "is for ssh repositories (ssh://... or git@host:path)");
        }
        checks.throwIfAny();
    }

    private static void remote(URI uri, String path, Checks checks) {
        checks.require(uri.getHost() != null && !uri.getHost().isEmpty(), path, "names no host");
        checks.require(uri.getRawUserInfo() == null, path, "must not carry credentials; give them in credentials");
        checks.require(uri.getRawQuery() == null && uri.getRawFragment() == null, path, "must have no query or fragment");
    }

    public static void branch(String branch, String path, Checks checks) {
        if (branch == null || branch.isBlank()) {
            checks.add(path, "is required");
        } else if (branch.length() > 255 || branch.startsWith("refs/") || !Repository.isValidRefName("refs/heads/" + branch)) {
            checks.add(path, "must be a branch name as git allows it (e.g. main; without refs/heads/)");
        }
    }

    /** A relative path inside the repository: no leading '/', no '.' or '..' segments, no backslashes, YAML or JSON. */
    public static void intentPath(String file, String path, Checks checks) {
        if (file == null || file.isBlank()) {
            checks.add(path, "is required");
            return;
        }
        if (file.length() > 1024 || file.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')
                || file.startsWith("/") || file.endsWith("/")) {
            checks.add(path, "must be a relative file path inside the repository (e.g. meshes/payments.yaml)");
            return;
        }
        for (String segment : file.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                checks.add(path, "must stay inside the repository: no empty, '.' or '..' segments");
                return;
            }
        }
        String lower = file.toLowerCase(Locale.ROOT);
        checks.require(lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json"), path,
                "must be a .yaml, .yml or .json file");
    }

    /** A secret given by the caller (else one is generated): never empty, not short, GitLab signing tokens well formed. */
    public static void webhookSecret(String secret, GitProvider provider, String path, Checks checks) {
        if (secret == null) {
            return;
        }
        if (secret.isBlank()) {
            checks.add(path, "must not be empty (leave it out to have one generated)");
        } else if (secret.length() < MIN_SECRET_CHARS || secret.length() > MAX_SECRET_CHARS) {
            checks.add(path, "must have " + MIN_SECRET_CHARS + " to " + MAX_SECRET_CHARS + " characters");
        } else if (!StandardCharsets.US_ASCII.newEncoder().canEncode(secret) || secret.chars().anyMatch(c -> c <= 0x20)) {
            checks.add(path, "must be printable ASCII without spaces");
        } else if (secret.startsWith(WebhookVerifier.SIGNING_TOKEN_PREFIX)) {
            var key = Hmacs.base64(secret.substring(WebhookVerifier.SIGNING_TOKEN_PREFIX.length()));
            checks.require(provider == GitProvider.GITLAB, path, "a whsec_ signing token is for gitlab sources");
            checks.require(key.isPresent() && key.get().length >= 16, path,
                    "a whsec_ signing token must be whsec_ and the base64 of at least 16 bytes");
        }
    }
}
