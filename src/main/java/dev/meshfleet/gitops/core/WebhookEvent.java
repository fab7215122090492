package dev.meshfleet.gitops.core;

import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a verified delivery asks for: a sync (a push to the source's branch; its commit only a hint, since the sync
 * fetches the branch from the configured repository), a ping to answer, or nothing (another event, another branch).
 * Decided per provider from its event header and payload shape; read only after the signature was verified.
 */
public record WebhookEvent(Kind kind, String commitHint, String reason) {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    public enum Kind {
        SYNC, PING, IGNORED
    }

    static WebhookEvent sync(String commit) {
        return new WebhookEvent(Kind.SYNC, commit != null && COMMIT.matcher(commit).matches() ? commit : null, null);
    }

    static WebhookEvent ping() {
        return new WebhookEvent(Kind.PING, null, null);
    }

    static WebhookEvent ignored(String reason) {
        return new WebhookEvent(Kind.IGNORED, null, reason);
    }

    /** The event of a verified delivery to a source following {@code branch}. */
    public static WebhookEvent of(GitProvider provider, WebhookHeaders headers, JsonNode body, String branch) {
        String ref = "refs/heads/" + branch;
        return switch (provider) {
            case GITHUB -> switch (headers.get("X-GitHub-Event").orElse("")) {
                case "ping" -> ping();
                case "push" -> refPush(body, ref);
                default -> ignored("event '" + headers.get("X-GitHub-Event").orElse("") + "' is not a push");
            };
            case GITLAB -> headers.get("X-Gitlab-Event").orElse("").equals("Push Hook") ? refPush(body, ref)
                    : ignored("event '" + headers.get("X-Gitlab-Event").orElse("") + "' is not a Push Hook");
            case GITEA -> giteaLike(headers.get("X-Gitea-Event").orElse(""), body, ref);
            case FORGEJO -> giteaLike(headers.get("X-Forgejo-Event").orElse(""), body, ref);
            case BITBUCKET_CLOUD -> bitbucketCloud(headers.get("X-Event-Key").orElse(""), body, branch);
            case BITBUCKET_SERVER -> bitbucketServer(headers.get("X-Event-Key").orElse(""), body, ref);
            case GENERIC -> body.path("ref").isTextual() && !body.path("ref").asText().equals(ref)
                    && !body.path("ref").asText().equals(branch)
                            ? ignored("ref '" + body.path("ref").asText() + "' is not " + ref)
                            : sync(body.path("after").asText(null));
        };
    }

    /** The provider's id of this delivery, the same on a redelivery, when it sends one. */
    public static Optional<String> deliveryId(GitProvider provider, WebhookHeaders headers) {
        return (switch (provider) {
            case GITHUB -> headers.get("X-GitHub-Delivery");
            case GITLAB -> headers.get("webhook-id").or(() -> headers.get("X-Gitlab-Event-UUID"));
            case GITEA -> headers.get("X-Gitea-Delivery");
            case FORGEJO -> headers.get("X-Forgejo-Delivery");
            case BITBUCKET_CLOUD -> headers.get("X-Request-UUID");
            case BITBUCKET_SERVER -> headers.get("X-Request-Id");
            case GENERIC -> headers.get("X-Delivery-Id").or(() -> headers.get("webhook-id"));
        }).map(String::strip).filter(id -> !id.isEmpty() && id.length() <= 200);
    }

    private static WebhookEvent refPush(JsonNode body, String ref) {
        String pushed = body.path("ref").asText("");
        if (!pushed.equals(ref)) {
            return ignored("push to '" + abbreviate(pushed) + "', not " + ref);
        }
        if (body.path("deleted").asBoolean(false)) {
            return ignored("the branch was deleted");
        }
        return sync(body.path("after").asText(null));
    }

    private static WebhookEvent giteaLike(String event, JsonNode body, String ref) {
        return event.equals("push") ? refPush(body, ref) : ignored("event '" + abbreviate(event) + "' is not a push");
    }

    private static WebhookEvent bitbucketCloud(String event, JsonNode body, String branch) {
        if (!event.equals("repo:push")) {
            return ignored("event '" + abbreviate(event) + "' is not repo:push");
        }
        for (JsonNode change : body.path("push").path("changes")) {
            JsonNode target = change.path("new");
            if (target.path("type").asText("").equals("branch") && target.path("name").asText("").equals(branch)) {
                return sync(target.path("target").path("hash").asText(null));
            }
        }
        return ignored("no change to branch " + branch);
    }

    private static WebhookEvent bitbucketServer(String event, JsonNode body, String ref) {
        if (event.equals("diagnostics:ping")) {
            return ping();
        }
        if (!event.equals("repo:refs_changed")) {
            return ignored("event '" + abbreviate(event) + "' is not repo:refs_changed");
        }
        for (JsonNode change : body.path("changes")) {
            if (change.path("ref").path("id").asText("").equals(ref) && !change.path("type").asText("").equals("DELETE")) {
                return sync(change.path("toHash").asText(null));
            }
        }
        return ignored("no change to " + ref);
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
