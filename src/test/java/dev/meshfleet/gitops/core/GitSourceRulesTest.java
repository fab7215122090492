package dev.meshfleet.gitops.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.meshfleet.common.error.Checks;

class GitSourceRulesTest {
    static final GitSourceRules.Allowed HTTPS_ONLY = new GitSourceRules.Allowed(false, false);

    static List<String> errors(Consumer<Checks> rule) {
        Checks checks = new Checks();
        rule.accept(checks);
        return checks.errors().stream().map(e -> e.path() + ": " + e.message()).toList();
    }

    @Test
    void missingOrEmptySecretIsRefusedAtConfiguration() {
        assertEquals(1, errors(c -> GitSourceRules.webhookSecret("", GitProvider.GITHUB, "$.webhookSecret", c)).size());
        assertEquals(1, errors(c -> GitSourceRules.webhookSecret("   ", GitProvider.GITHUB, "$.webhookSecret", c)).size());
        assertEquals(1, errors(c -> GitSourceRules.webhookSecret("short", GitProvider.GITHUB, "$.webhookSecret", c)).size());
        assertEquals(1, errors(c -> GitSourceRules.webhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                GitProvider.GITHUB, "$.webhookSecret", c)).size(), "signing tokens only for GitLab");
        assertEquals(List.of(), errors(c -> GitSourceRules.webhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                GitProvider.GITLAB, "$.webhookSecret", c)));
        assertEquals(List.of(), errors(c -> GitSourceRules.webhookSecret(null, GitProvider.GITHUB, "$.webhookSecret", c)),
                "absent: one is generated");
        assertTrue(GitSourceRules.newSecret().length() >= GitSourceRules.MIN_SECRET_CHARS);
    }

    @Test
    void aPathOutsideTheRepositoryIsRefused() {
        for (String bad : new String[] { "../mesh.yaml", "/etc/mesh.yaml", "a/../../mesh.yaml", "a//b.yaml", "./m.yaml",
                "a\\..\\m.yaml", "dir/", "mesh.txt", "a/\u0000.yaml" }) {
            assertEquals(1, errors(c -> GitSourceRules.intentPath(bad, "$.path", c)).size(), bad);
        }
        assertEquals(List.of(), errors(c -> GitSourceRules.intentPath("meshes/payments.yaml", "$.path", c)));
        assertEquals(List.of(), errors(c -> GitSourceRules.intentPath("mesh.json", "$.path", c)));
    }

    @Test
    void repositoriesAreHttpsWithoutCredentialsUnlessTheInstallationAllowsMore() {
        assertEquals(List.of(), errors(c -> GitSourceRules.repository("https://git.example.com/team/mesh.git", HTTPS_ONLY,
                "$.repository", c)));
        for (String bad : new String[] { "http://git.example.com/a.git", "file:///srv/git/a.git",
                "https://user:token@git.example.com/a.git", "ftp://x/a", "not a url",
                "https:///a.git", "https://git.example.com/a.git?x=1", "ssh://git.example.com/a.git",
                "ssh://git:password@git.example.com/a.git" }) {
            assertEquals(1, errors(c -> GitSourceRules.repository(bad, HTTPS_ONLY, "$.repository", c)).size(), bad);
        }
        // SSH, with the user to log in as (the key and known hosts are checked with the whole source)
        for (String ssh : new String[] { "git@github.com:team/mesh.git", "ssh://git@git.example.com:2222/team/mesh.git",
                "git+ssh://git@git.example.com/team/mesh.git" }) {
            assertEquals(List.of(), errors(c -> GitSourceRules.repository(ssh, HTTPS_ONLY, "$.repository", c)), ssh);
        }
        assertEquals(new GitSourceRules.SshRemote("git.example.com", 2222, "git"),
                GitSourceRules.sshRemote("ssh://git@git.example.com:2222/team/mesh.git").orElseThrow());
        assertEquals(new GitSourceRules.SshRemote("github.com", 22, "git"),
                GitSourceRules.sshRemote("git@github.com:team/mesh.git").orElseThrow());
        var all = new GitSourceRules.Allowed(true, true);
        assertEquals(List.of(), errors(c -> GitSourceRules.repository("http://127.0.0.1:8080/a.git", all, "$.r", c)));
        assertEquals(List.of(), errors(c -> GitSourceRules.repository("file:///tmp/a.git", all, "$.r", c)));
    }

    @Test
    void branchesAreGitRefNames() {
        assertEquals(List.of(), errors(c -> GitSourceRules.branch("main", "$.branch", c)));
        assertEquals(List.of(), errors(c -> GitSourceRules.branch("release/1.2", "$.branch", c)));
        for (String bad : new String[] { "", "refs/heads/main", "a..b", "a b", "a~1", "-x/..", "x.lock" }) {
            assertEquals(1, errors(c -> GitSourceRules.branch(bad, "$.branch", c)).size(), bad);
        }
    }
}
