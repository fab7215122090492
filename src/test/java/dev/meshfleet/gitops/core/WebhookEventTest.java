package dev.meshfleet.gitops.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.gitops.core.WebhookEvent.Kind;

class WebhookEventTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    static WebhookEvent event(GitProvider p, Map<String, String> headers, String body) throws Exception {
        JsonNode tree = JSON.readTree(body);
        return WebhookEvent.of(p, WebhookHeaders.of(headers), tree, "main");
    }

    @Test
    void pushesToTheBranchSyncAndAnyOtherBranchIsIgnored() throws Exception {
        String push = "{\"ref\":\"refs/heads/main\",\"after\":\"" + SHA + "\"}";
        String other = "{\"ref\":\"refs/heads/feature\",\"after\":\"" + SHA + "\"}";
        assertEquals(new WebhookEvent(Kind.SYNC, SHA, null), event(GitProvider.GITHUB, Map.of("X-GitHub-Event", "push"), push));
        assertEquals(Kind.IGNORED, event(GitProvider.GITHUB, Map.of("X-GitHub-Event", "push"), other).kind());
        assertEquals(Kind.PING, event(GitProvider.GITHUB, Map.of("X-GitHub-Event", "ping"), "{}").kind());
        assertEquals(Kind.IGNORED, event(GitProvider.GITHUB, Map.of("X-GitHub-Event", "issues"), push).kind());
        assertEquals(Kind.SYNC, event(GitProvider.GITLAB, Map.of("X-Gitlab-Event", "Push Hook"), push).kind());
        assertEquals(Kind.IGNORED, event(GitProvider.GITLAB, Map.of("X-Gitlab-Event", "Push Hook"), other).kind());
        assertEquals(Kind.SYNC, event(GitProvider.GITEA, Map.of("X-Gitea-Event", "push"), push).kind());
        assertEquals(Kind.SYNC, event(GitProvider.FORGEJO, Map.of("X-Forgejo-Event", "push"), push).kind());
        assertEquals(Kind.IGNORED, event(GitProvider.FORGEJO, Map.of("X-Gitea-Event", "push"), push).kind());
        assertEquals(Kind.SYNC, event(GitProvider.GENERIC, Map.of(), push).kind());
        assertEquals(Kind.SYNC, event(GitProvider.GENERIC, Map.of(), "{}").kind());
        assertEquals(Kind.IGNORED, event(GitProvider.GENERIC, Map.of(), other).kind());
        assertEquals(Kind.IGNORED, event(GitProvider.GITHUB, Map.of("X-GitHub-Event", "push"),
                "{\"ref\":\"refs/heads/main\",\"deleted\":true}").kind());
    }

    @Test
    void bitbucketShapes() throws Exception {
        String cloud = "{\"push\":{\"changes\":[{\"new\":{\"type\":\"branch\",\"name\":\"main\",\"target\":{\"hash\":\"" + SHA
                + "\"}}}]}}";
        assertEquals(new WebhookEvent(Kind.SYNC, SHA, null), event(GitProvider.BITBUCKET_CLOUD,
                Map.of("X-Event-Key", "repo:push"), cloud));
        assertEquals(Kind.IGNORED, event(GitProvider.BITBUCKET_CLOUD, Map.of("X-Event-Key", "repo:push"),
                cloud.replace("\"main\"", "\"dev\"")).kind());
        String server = "{\"changes\":[{\"ref\":{\"id\":\"refs/heads/main\"},\"type\":\"UPDATE\",\"toHash\":\"" + SHA + "\"}]}";
        assertEquals(new WebhookEvent(Kind.SYNC, SHA, null), event(GitProvider.BITBUCKET_SERVER,
                Map.of("X-Event-Key", "repo:refs_changed"), server));
        assertEquals(Kind.PING, event(GitProvider.BITBUCKET_SERVER, Map.of("X-Event-Key", "diagnostics:ping"), "{}").kind());
    }

    @Test
    void aCommitHintThatIsNotACommitIdIsDropped() throws Exception {
        assertNull(event(GitProvider.GITHUB, Map.of("X-GitHub-Event", "push"),
                "{\"ref\":\"refs/heads/main\",\"after\":\"--upload-pack=evil\"}").commitHint());
    }

    @Test
    void deliveryIdsComeFromEachProvidersHeader() {
        assertEquals(Optional.of("d1"), WebhookEvent.deliveryId(GitProvider.GITHUB, WebhookHeaders.of(Map.of(
                "X-GitHub-Delivery", "d1", "X-Gitea-Delivery", "d2"))));
        assertEquals(Optional.of("d2"), WebhookEvent.deliveryId(GitProvider.GITEA, WebhookHeaders.of(Map.of(
                "X-GitHub-Delivery", "d1", "X-Gitea-Delivery", "d2"))));
        assertEquals(Optional.of("m1"), WebhookEvent.deliveryId(GitProvider.GITLAB, WebhookHeaders.of(Map.of(
                "webhook-id", "m1", "X-Gitlab-Event-UUID", "u1"))));
        assertEquals(Optional.empty(), WebhookEvent.deliveryId(GitProvider.GENERIC, WebhookHeaders.of(Map.of())));
    }
}
