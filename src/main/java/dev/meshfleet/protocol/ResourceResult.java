package dev.meshfleet.protocol;

/**
 * One applied (or not) resource. outcome: APPLIED, UNCHANGED, PRUNED, CONFLICT, FAILED. Without kind and name it is an
 * outcome for the whole cluster (e.g. its API server away).
 */
public record ResourceResult(String apiVersion, String kind, String namespace, String name, String outcome,
        String error) {
}
