package dev.meshfleet.delivery;

import java.util.ArrayList;
import java.util.List;

import dev.meshfleet.common.error.Checks;
import dev.meshfleet.protocol.Drift;
import dev.meshfleet.protocol.Register;
import dev.meshfleet.protocol.Report;
import dev.meshfleet.protocol.ResourceResult;

/**
 * Bounds of what an agent may send: every free string is stored (cluster facts, delivery status), so each has a maximum
 * length and each list a maximum size. Identity fields that are too long are refused with their path; an error text
 * from the cluster (diagnostics, possibly long Kubernetes messages) is cut to {@link #MAX_ERROR} instead, so a report
 * is never lost over the length of a message.
 */
public final class ReportChecks {
    static final int MAX_VERSION = 64;
    static final int MAX_API_VERSIONS = 16;
    static final int MAX_RESULTS = 20_000;
    static final int MAX_ERROR = 4_000;
    static final int MAX_DRIFT_FIELDS = 1_000;
    static final int MAX_ROLLOUTS = 100;

    private ReportChecks() {
    }

    public static void register(Register body) {
        Checks checks = new Checks();
        version(body.agentVersion(), "$.agentVersion", checks);
        checks.require(body.idempotencyKey() == null || body.idempotencyKey().matches("[A-Za-z0-9_-]{16,128}"),
                "$.idempotencyKey", "must be 16-128 letters, digits, '-' or '_'");
        checks.throwIfAny();
    }

    /** Checks the bounds and returns the report with over-long error texts cut. */
    public static Report report(Report body) {
        Checks checks = new Checks();
        checks.require(body.mesh() == null || body.mesh().length() <= 63, "$.mesh", "is longer than 63 characters");
        version(body.agentVersion(), "$.agentVersion", checks);
        version(body.istioVersion(), "$.istioVersion", checks);
        if (body.istioApiVersions() != null) {
            checks.require(body.istioApiVersions().size() <= MAX_API_VERSIONS, "$.istioApiVersions",
                    "has more than " + MAX_API_VERSIONS + " entries");
            for (int i = 0; i < Math.min(body.istioApiVersions().size(), MAX_API_VERSIONS + 1); i++) {
                version(body.istioApiVersions().get(i), "$.istioApiVersions[" + i + "]", checks);
            }
        }
        List<ResourceResult> results = null;
        if (body.results() != null) {
            checks.require(body.results().size() <= MAX_RESULTS, "$.results", "has more than " + MAX_RESULTS + " entries");
            results = new ArrayList<>(body.results().size());
            for (int i = 0; i < body.results().size() && checks.ok(); i++) {
                ResourceResult r = body.results().get(i);
                String p = "$.results[" + i + "]";
                if (r == null) {
                    checks.add(p, "must not be null");
                    continue;
                }
                resourceRef(r.apiVersion(), r.kind(), r.namespace(), r.name(), p, checks);
                bounded(r.outcome(), 16, p + ".outcome", checks);
                results.add(new ResourceResult(r.apiVersion(), r.kind(), r.namespace(), r.name(), r.outcome(), cut(r.error())));
            }
        }
        if (body.drift() != null) {
            checks.require(body.drift().size() <= MAX_RESULTS, "$.drift", "has more than " + MAX_RESULTS + " entries");
            for (int i = 0; i < body.drift().size() && checks.ok(); i++) {
                Drift d = body.drift().get(i);
                String p = "$.drift[" + i + "]";
                if (d == null) {
                    checks.add(p, "must not be null");
                    continue;
                }
                resourceRef(d.apiVersion(), d.kind(), d.namespace(), d.name(), p, checks);
                bounded(d.manager(), 128, p + ".manager", checks);
                if (d.fields() != null) {
                    checks.require(d.fields().size() <= MAX_DRIFT_FIELDS, p + ".fields",
                            "has more than " + MAX_DRIFT_FIELDS + " entries");
                    for (int f = 0; f < Math.min(d.fields().size(), MAX_DRIFT_FIELDS + 1); f++) {
                        bounded(d.fields().get(f), 1024, p + ".fields[" + f + "]", checks);
                    }
                }
            }
        }
        checks.require(body.rollouts() == null || body.rollouts().size() <= MAX_ROLLOUTS, "$.rollouts",
                "has more than " + MAX_ROLLOUTS + " entries");
        checks.throwIfAny();
        return results == null ? body : new Report(body.mesh(), body.revision(), body.istioVersion(),
                body.istioApiVersions(), body.agentVersion(), results, body.drift(), body.rollouts());
    }

    private static void resourceRef(String apiVersion, String kind, String namespace, String name, String p, Checks checks) {
        bounded(apiVersion, 253, p + ".apiVersion", checks);
        bounded(kind, 63, p + ".kind", checks);
        bounded(namespace, 63, p + ".namespace", checks);
        bounded(name, 253, p + ".name", checks);
    }

    private static void version(String value, String path, Checks checks) {
        bounded(value, MAX_VERSION, path, checks);
        checks.require(value == null || value.chars().noneMatch(Character::isISOControl), path,
                "must not contain control characters");
    }

    private static void bounded(String value, int max, String path, Checks checks) {
        checks.require(value == null || value.length() <= max, path, "is longer than " + max + " characters");
    }

    private static String cut(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR - 3) + "...";
    }
}
