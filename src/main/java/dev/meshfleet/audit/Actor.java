package dev.meshfleet.audit;

import java.util.UUID;

/**
 * Who made a change and through what: a person's token subject with the request's source (api, console, gitops) and
 * id, or a named part of Meshfleet itself. The audit log takes it as a value, so it needs to know nothing of how
 * callers are identified.
 */
public record Actor(String name, String source, String requestId) {

    /** Meshfleet itself (e.g. the rollout engine), outside any request: the name says which part. */
    public static Actor system(String name) {
        return new Actor(name, "engine", "engine-" + UUID.randomUUID());
    }
}
