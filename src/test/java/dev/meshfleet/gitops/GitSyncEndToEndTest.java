package dev.meshfleet.gitops;

import static dev.meshfleet.gitops.Hooks.github;
import static dev.meshfleet.gitops.Hooks.pushBody;
import static dev.meshfleet.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshfleet.support.Await;
import dev.meshfleet.support.GitHttpServer;
import dev.meshfleet.support.GitRepo;
import dev.meshfleet.support.GitSshServer;
import dev.meshfleet.support.Seeds;
import dev.meshfleet.support.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;

/**
 * Pushes to a real git remote (git http-backend over HTTP with token authentication, and file://) drive syncs end to
 * end, through the webhook, the outbox, Kafka and the sync consumer, to new revisions with provenance; and the attacks
 * of issue 13 that end in the sync.
 */
@QuarkusTest
class GitSyncEndToEndTest {
    static final String FETCH_USER = "x-access-token";
    static final String FETCH_TOKEN = "fetch-token-" + UUID.randomUUID();
    static final String FIFTY_FIFTY = Seeds.PAYMENTS.replace("weight: 90", "weight: 50").replace("weight: 10", "weight: 50");
    static final String INVALID = Seeds.PAYMENTS.replace("weight: 10", "weight: 20");

    Path root;
    GitRepo repo;
    GitHttpServer server;
    TestTenant tenant;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(Path.of("target", "gitops-test", UUID.randomUUID().toString())).toAbsolutePath();
        repo = GitRepo.create(root, "mesh.git");
        server = new GitHttpServer(root, FETCH_USER, FETCH_TOKEN);
        tenant = TestTenant.create();
        tenant.createMesh("payments");
    }

    @AfterEach
    void tearDown() {
        server.close();
        repo.close();
    }

    Hooks.Source httpSource(Map<String, Object> more) {
        Map<String, Object> all = new java.util.HashMap<>(Map.of("credentials", Map.of("username", FETCH_USER, "token",
                FETCH_TOKEN)));
        all.putAll(more);
        return Hooks.create(tenant, "payments", "github", server.url("mesh.git"), all);
    }

    JsonPath source(Hooks.Source s) {
        return as(tenant.admin()).get(s.apiPath()).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the source's last sync read {@code commit} (null: any) and ended with {@code result}. */
    JsonPath awaitSync(Hooks.Source s, String commit, String result) {
        Await.until(s.name() + " " + result + " at " + commit, Duration.ofSeconds(30), () -> {
            JsonPath status = source(s);
            return result.equals(status.getString("status.lastResult"))
                    && (commit == null || commit.equals(status.getString("status.lastCommit")));
        });
        return source(s);
    }

    JsonPath revision(int number) {
        return as(tenant.admin()).get(tenant.mesh("payments") + "/revisions/" + number).then().statusCode(200).extract()
                .jsonPath();
    }

    int currentRevision() {
        return as(tenant.admin()).get(tenant.mesh("payments") + "/revisions").then().statusCode(200).extract()
                .jsonPath().getInt("items[0].number");
    }

    @Test
    void pushesOverHttpBecomeRevisionsWithProvenance() throws Exception {
        Hooks.Source s = httpSource(Map.of());
        // the source was created before anything was pushed: its first sync finds no branch
        JsonPath failed = awaitSync(s, null, "FAILED");
        assertTrue(failed.getString("status.lastError").contains("main"), failed.getString("status.lastError"));

        RevCommit first = repo.commit("mesh.yaml", Seeds.PAYMENTS, "Payments mesh, 90/10 canary", "Alice Example");
        repo.push(false);
        github(s, "push", pushBody("refs/heads/main", first.getName())).then().statusCode(202);
        JsonPath synced = awaitSync(s, first.getName(), "SYNCED");
        assertEquals(1, synced.getInt("status.syncedRevision"));

        RevCommit second = repo.commit("mesh.yaml", FIFTY_FIFTY, "Shift the canary to 50/50", "Bob Example");
        repo.push(false);
        github(s, "push", pushBody("refs/heads/main", second.getName())).then().statusCode(202);
        awaitSync(s, second.getName(), "SYNCED");
        JsonPath rev = revision(2);
        assertEquals("gitops", rev.getString("source"));
        assertEquals(second.getName(), rev.getString("sourceRef"));
        assertEquals("Bob Example <bob.example@example.com>", rev.getString("author"));
        assertEquals(Map.of("gitSource", s.name(), "repository", server.url("mesh.git"), "branch", "main", "path",
                "mesh.yaml", "commit", second.getName(), "author", "Bob Example <bob.example@example.com>", "message",
                "Shift the canary to 50/50"), rev.getMap("provenance"));
        assertEquals(50, rev.getInt("intent.spec.services[0].http[1].route[0].weight"));

        // a commit that leaves the intent as it is makes no revision
        RevCommit docs = repo.commit("README.md", "# mesh\n", "Docs only", "Alice Example");
        repo.push(false);
        github(s, "push", pushBody("refs/heads/main", docs.getName())).then().statusCode(202);
        assertEquals(2, awaitSync(s, docs.getName(), "UNCHANGED").getInt("status.syncedRevision"));
        assertEquals(2, currentRevision());

        List<Map<String, Object>> syncs = as(tenant.admin()).get(s.apiPath() + "/syncs").then().statusCode(200).extract()
                .jsonPath().getList("items");
        assertEquals(List.of("UNCHANGED", "SYNCED", "SYNCED", "FAILED"), syncs.stream().map(m -> m.get("result")).toList());
        assertEquals("Shift the canary to 50/50", syncs.get(1).get("message"));
        List<Map<String, Object>> audit = as(tenant.admin()).get(tenant.path() + "/audit?objectType=git-source").then()
                .statusCode(200).extract().jsonPath().getList("items");
        assertTrue(audit.stream().anyMatch(e -> "gitops.sync".equals(e.get("action"))
                && second.getName().equals(((Map<?, ?>) e.get("details")).get("commit"))), audit.toString());
        assertTrue(server.requests() > 0);
    }

    @Test
    void concurrentWebhooksForOneSourceEndAtTheNewestCommit() throws Exception {
        RevCommit first = repo.commit("mesh.yaml", Seeds.PAYMENTS, "Payments", "Alice Example");
        repo.push(false);
        Hooks.Source s = httpSource(Map.of());
        awaitSync(s, first.getName(), "SYNCED");
        List<RevCommit> pushed = new java.util.ArrayList<>();
        for (int weight = 20; weight <= 60; weight += 10) {
            pushed.add(repo.commit("mesh.yaml", Seeds.withCanaryWeight(Seeds.PAYMENTS, weight), "Canary at " + weight, "Alice Example"));
            repo.push(false);
        }
        // every push's webhook at once, in any order: serialised per source, the newest commit wins
        List<java.util.concurrent.CompletableFuture<Integer>> answers = pushed.stream().map(c -> java.util.concurrent
                .CompletableFuture.supplyAsync(() -> github(s, "push", pushBody("refs/heads/main", c.getName()))
                        .statusCode())).toList();
        answers.forEach(a -> assertEquals(202, a.join()));
        RevCommit newest = pushed.get(pushed.size() - 1);
        Await.until("the newest commit synced", Duration.ofSeconds(30),
                () -> newest.getName().equals(source(s).getString("status.syncedCommit")));
        int current = currentRevision();
        assertEquals(newest.getName(), revision(current).getString("sourceRef"));
        assertEquals(60, revision(current).getInt("intent.spec.services[0].http[1].route[1].weight"));
        String scraped = io.restassured.RestAssured.get(metrics).then().statusCode(200).extract().asString();
        assertTrue(scraped.contains("meshfleet_gitops_sync_duration_seconds_count{result=\"SYNCED\"}"), scraped);
    }

    @io.quarkus.test.common.http.TestHTTPResource(value = "metrics", management = true)
    java.net.URL metrics;

    @Test
    void fileRepositoriesAndManualSyncs() throws Exception {
        RevCommit first = repo.commit("meshes/payments.yaml", Seeds.PAYMENTS, "Payments", "Alice Example");
        repo.push(false);
        Hooks.Source s = Hooks.create(tenant, "payments", "generic", repo.fileUrl(), Map.of("path", "meshes/payments.yaml"));
        awaitSync(s, first.getName(), "SYNCED");
        RevCommit second = repo.commit("meshes/payments.yaml", FIFTY_FIFTY, "50/50", "Alice Example");
        repo.push(false);
        as(tenant.admin()).post(s.apiPath() + "/sync").then().statusCode(202);
        assertEquals(2, awaitSync(s, second.getName(), "SYNCED").getInt("status.syncedRevision"));
    }

    @Test
    void aRepositoryWhoseIntentFileIsInvalidMakesNoRevisionAndShowsItsFindings() throws Exception {
        RevCommit good = repo.commit("mesh.yaml", Seeds.PAYMENTS, "Payments", "Alice Example");
        repo.push(false);
        Hooks.Source s = httpSource(Map.of());
        awaitSync(s, good.getName(), "SYNCED");
        RevCommit bad = repo.commit("mesh.yaml", INVALID, "Weights that do not add up", "Mallory Example");
        repo.push(false);
        github(s, "push", pushBody("refs/heads/main", bad.getName())).then().statusCode(202);
        JsonPath status = awaitSync(s, bad.getName(), "INVALID");
        List<Map<String, String>> findings = status.getList("status.findings");
        assertFalse(findings.isEmpty());
        assertTrue(findings.stream().anyMatch(f -> f.get("path").contains("route") || f.get("message").contains("100")),
                findings.toString());
        assertEquals(1, currentRevision());
        assertEquals(good.getName(), status.getString("status.syncedCommit"));
    }

    @Test
    void aPathOutsideTheRepository() throws Exception {
        // refused when configured ...
        as(tenant.admin()).body(Map.of("name", "outside", "provider", "github", "repository", repo.fileUrl(),
                "branch", "main", "path", "../../etc/passwd.yaml")).post(tenant.mesh("payments") + "/git-sources")
                .then().statusCode(400).body("errors[0].path", org.hamcrest.Matchers.equalTo("$.path"));
        // ... and a symbolic link in the repository is not followed out of it
        RevCommit link = repo.commitSymlink("mesh.yaml", "../../../../../../etc/hostname", "Sneaky link");
        repo.push(false);
        Hooks.Source s = Hooks.create(tenant, "payments", "github", repo.fileUrl(), Map.of());
        JsonPath status = awaitSync(s, link.getName(), "INVALID");
        assertTrue(status.getString("status.findings[0].message").contains("symbolic link"), status.prettify());
        as(tenant.admin()).get(tenant.mesh("payments") + "/revisions").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.empty());
    }

    @Test
    void aPayloadNamingAnotherHostIsNeverContacted() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket otherHost = new ServerSocket(0)) {
            Thread accept = new Thread(() -> {
                while (!otherHost.isClosed()) {
                    try (Socket ignored = otherHost.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
            RevCommit first = repo.commit("mesh.yaml", Seeds.PAYMENTS, "Payments", "Alice Example");
            repo.push(false);
            Hooks.Source s = httpSource(Map.of());
            awaitSync(s, first.getName(), "SYNCED");
            String evil = "http://127.0.0.1:" + otherHost.getLocalPort();
            RevCommit second = repo.commit("mesh.yaml", FIFTY_FIFTY, "50/50", "Alice Example");
            repo.push(false);
            String payload = "{\"ref\":\"refs/heads/main\",\"after\":\"" + second.getName() + "\",\"repository\":{"
                    + "\"clone_url\":\"" + evil + "/mesh.git\",\"html_url\":\"" + evil + "\",\"url\":\"" + evil
                    + "\",\"git_url\":\"git://127.0.0.1:" + otherHost.getLocalPort() + "/mesh.git\"},\"compare\":\""
                    + evil + "/compare\"}";
            github(s, "push", payload).then().statusCode(202);
            awaitSync(s, second.getName(), "SYNCED");
        }
        assertEquals(0, connections.get(), "the host named in the payload was contacted");
    }

    @Test
    void anOlderCommitNeverOverwritesANewerOne() throws Exception {
        RevCommit older = repo.commit("mesh.yaml", Seeds.PAYMENTS, "Payments", "Alice Example");
        repo.push(false);
        Hooks.Source s = httpSource(Map.of());
        awaitSync(s, older.getName(), "SYNCED");
        RevCommit newer = repo.commit("mesh.yaml", FIFTY_FIFTY, "50/50", "Alice Example");
        repo.push(false);
        github(s, "push", pushBody("refs/heads/main", newer.getName())).then().statusCode(202);
        awaitSync(s, newer.getName(), "SYNCED");
        // the branch is forced back to the older commit (or a lagging mirror serves it): never synced over the newer
        repo.resetTo(older);
        repo.push(true);
        github(s, "push", pushBody("refs/heads/main", older.getName())).then().statusCode(202);
        JsonPath status = awaitSync(s, older.getName(), "STALE");
        assertEquals(newer.getName(), status.getString("status.syncedCommit"));
        assertEquals(2, currentRevision());
    }

    @Test
    void wrongFetchCredentialsFailWithoutShowingThem() throws Exception {
        repo.commit("mesh.yaml", Seeds.PAYMENTS, "Payments", "Alice Example");
        repo.push(false);
        Hooks.Source s = Hooks.create(tenant, "payments", "github", server.url("mesh.git"),
                Map.of("credentials", Map.of("username", FETCH_USER, "token", "wrong-token-value")));
        JsonPath status = awaitSync(s, null, "FAILED");
        assertFalse(status.prettify().contains("wrong-token-value"), status.prettify());
        assertNull(status.get("status.syncedRevision"));
    }

    @Test
    void aPollIntervalSyncsWithoutWebhooks() throws Exception {
        RevCommit first = repo.commit("mesh.yaml", Seeds.PAYMENTS, "Payments", "Alice Example");
        repo.push(false);
        Hooks.Source s = httpSource(Map.of("pollInterval", "1s"));
        awaitSync(s, first.getName(), "SYNCED");
        RevCommit second = repo.commit("mesh.yaml", FIFTY_FIFTY, "50/50", "Alice Example");
        repo.push(false);
        JsonPath status = awaitSync(s, second.getName(), "SYNCED");
        assertEquals(2, status.getInt("status.syncedRevision"));
        List<String> triggers = as(tenant.admin()).get(s.apiPath() + "/syncs").then().extract().jsonPath()
                .getList("items.trigger");
        assertEquals("poll", triggers.get(0));
        as(tenant.admin()).delete(s.apiPath()).then().statusCode(204); // its poll timer goes with it
    }

    /** An SSH source of the test's repository on {@code ssh}: fetched with {@code key}, trusting {@code knownHosts}. */
    Hooks.Source sshSource(GitSshServer ssh, java.security.KeyPair key, String knownHosts) throws Exception {
        return Hooks.create(tenant, "payments", "github", ssh.url("mesh.git"), Map.of("credentials", Map.of(
                "sshPrivateKey", GitSshServer.openSshPrivateKey(key)), "knownHosts", knownHosts));
    }

    @Test
    void pushesOverSshBecomeRevisionsWithProvenance() throws Exception {
        java.security.KeyPair deployKey = GitSshServer.newKey();
        try (GitSshServer ssh = new GitSshServer(root, deployKey.getPublic())) {
            RevCommit first = repo.commit("mesh.yaml", Seeds.PAYMENTS, "Payments mesh over ssh", "Alice Example");
            repo.push(false);
            Hooks.Source s = sshSource(ssh, deployKey, "# ssh-keyscan -p " + ssh.port() + " 127.0.0.1\n"
                    + ssh.knownHostsLine() + "\n");
            assertEquals(1, awaitSync(s, first.getName(), "SYNCED").getInt("status.syncedRevision"));
            RevCommit second = repo.commit("mesh.yaml", FIFTY_FIFTY, "Shift the canary to 50/50", "Bob Example");
            repo.push(false);
            github(s, "push", pushBody("refs/heads/main", second.getName())).then().statusCode(202);
            awaitSync(s, second.getName(), "SYNCED");
            JsonPath rev = revision(2);
            assertEquals(ssh.url("mesh.git"), rev.getString("provenance.repository"));
            assertEquals(second.getName(), rev.getString("provenance.commit"));
            assertEquals("Bob Example <bob.example@example.com>", rev.getString("provenance.author"));
            assertTrue(ssh.uploads() >= 2, "fetched over ssh");
            // the key is write-only and sealed at rest
            JsonPath shown = source(s);
            assertEquals("ssh-key", shown.getString("credentialsKind"));
            assertEquals(ssh.knownHostsLine(), shown.getString("knownHosts").lines().reduce((a, b) -> b).orElseThrow());
            assertFalse(shown.prettify().contains("PRIVATE KEY"), shown.prettify());
            String stored = (String) io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> em
                    .createNativeQuery("SELECT credential_ssh_key FROM git_sources WHERE hook_id = :h")
                    .setParameter("h", s.hookPath().substring("/hooks/".length())).getSingleResult());
            assertFalse(stored.contains("PRIVATE KEY") || stored.contains("BEGIN"), "the key is stored sealed");
        }
    }

    @Inject
    jakarta.persistence.EntityManager em;

    @Test
    void aWrongSshKeyIsRefused() throws Exception {
        try (GitSshServer ssh = new GitSshServer(root, GitSshServer.newKey().getPublic())) {
            repo.commit("mesh.yaml", Seeds.PAYMENTS, "Payments", "Alice Example");
            repo.push(false);
            Hooks.Source s = sshSource(ssh, GitSshServer.newKey(), ssh.knownHostsLine());
            JsonPath status = awaitSync(s, null, "FAILED");
            assertTrue(status.getString("status.lastError").toLowerCase(java.util.Locale.ROOT).contains("auth"),
                    status.getString("status.lastError"));
            assertTrue(ssh.authAttempts() > 0, "the client tried its key");
            assertEquals(0, ssh.uploads(), "nothing was served");
            assertNull(status.get("status.syncedRevision"));
        }
    }

    @Test
    void anUnknownSshHostKeyIsRefused() throws Exception {
        java.security.KeyPair deployKey = GitSshServer.newKey();
        try (GitSshServer ssh = new GitSshServer(root, deployKey.getPublic())) {
            repo.commit("mesh.yaml", Seeds.PAYMENTS, "Payments", "Alice Example");
            repo.push(false);
            // the known_hosts line names this server's address with another key: a server in the middle, as seen
            Hooks.Source s = sshSource(ssh, deployKey, ssh.knownHostsLine(GitSshServer.newKey().getPublic()));
            JsonPath status = awaitSync(s, null, "FAILED");
            assertTrue(status.getString("status.lastError").contains("host key"), status.getString("status.lastError"));
            assertTrue(ssh.sessions() > 0, "the client connected");
            assertEquals(0, ssh.authAttempts(), "the client never offered its key to an unknown server");
            assertEquals(0, ssh.uploads());
        }
    }

    @Test
    void sshSourcesNeedAKeyAndWellFormedKnownHostsForTheirHost() throws Exception {
        java.security.KeyPair key = GitSshServer.newKey();
        String pem = GitSshServer.openSshPrivateKey(key);
        String sources = tenant.mesh("payments") + "/git-sources";
        String line = "[127.0.0.1]:2222 " + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(key.getPublic());
        Map<String, Object> base = Map.of("name", "over-ssh", "provider", "github", "repository",
                "ssh://git@127.0.0.1:2222/mesh.git", "branch", "main", "path", "mesh.yaml", "pollInterval", "off");
        java.util.function.BiFunction<Map<String, Object>, String, String> refused = (more, field) -> {
            Map<String, Object> body = new java.util.HashMap<>(base);
            body.putAll(more);
            return as(tenant.admin()).body(body).post(sources).then().statusCode(400)
                    .contentType("application/problem+json").body("errors.path", org.hamcrest.Matchers.hasItem(field))
                    .extract().asString();
        };
        refused.apply(Map.of("credentials", Map.of("sshPrivateKey", pem)), "$.knownHosts");
        refused.apply(Map.of("credentials", Map.of("sshPrivateKey", pem), "knownHosts", "not a known_hosts line"),
                "$.knownHosts");
        refused.apply(Map.of("credentials", Map.of("sshPrivateKey", pem), "knownHosts", line.replace("2222", "2223")),
                "$.knownHosts");
        refused.apply(Map.of("knownHosts", line), "$.credentials.sshPrivateKey");
        String answer = refused.apply(Map.of("knownHosts", line, "credentials", Map.of("sshPrivateKey",
                pem.replace("b3BlbnNzaC1rZXktdjE", "AAAAAAAAAAAAAAAAAAA"))), "$.credentials.sshPrivateKey");
        assertFalse(answer.contains("AAAAAAAAAAAAAAAAAAA") || answer.contains("sshd"), answer);
        refused.apply(Map.of("knownHosts", line, "credentials", Map.of("username", "x", "token", "t0ken")),
                "$.credentials.token");
        refused.apply(Map.of("repository", "https://git.example.com/mesh.git", "knownHosts", line), "$.knownHosts");
        refused.apply(Map.of("repository", "ssh://git:secret@127.0.0.1:2222/mesh.git", "knownHosts", line,
                "credentials", Map.of("sshPrivateKey", pem)), "$.repository");
        // the scp-like form is accepted, port 22 named plainly
        Map<String, Object> scp = new java.util.HashMap<>(base);
        scp.putAll(Map.of("repository", "git@git.example.com:team/mesh.git", "knownHosts", "git.example.com "
                + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(key.getPublic()), "credentials",
                Map.of("sshPrivateKey", pem), "suspended", true));
        as(tenant.admin()).body(scp).post(sources).then().statusCode(201).body("source.credentialsKind",
                org.hamcrest.Matchers.equalTo("ssh-key"));
    }
}
