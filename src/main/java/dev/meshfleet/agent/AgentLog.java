package dev.meshfleet.agent;

import java.util.List;
import java.util.Objects;

import org.jboss.logging.Logger;

import dev.meshfleet.protocol.Registered;
import dev.meshfleet.protocol.ResourceResult;

/**
 * What the agent tells whoever runs it: every change it makes (INFO), every failure (WARN), and changes of its
 * connections to Meshfleet and to the Kubernetes API server (once per change, not once per retry). Never a credential.
 */
final class AgentLog {
    private static final Logger LOG = Logger.getLogger("dev.meshfleet.agent");

    private volatile String streamProblem = "";
    private volatile String apiProblem = "";

    void registered(String server, Registered registered) {
        LOG.infof("registered with Meshfleet at %s as cluster %s of tenant %s", server, registered.cluster(),
                registered.tenant());
    }

    void connected() {
        if (streamProblem != null) {
            LOG.info("connected to Meshfleet: receiving the desired state");
            streamProblem = null;
        }
    }

    void disconnected(Exception e) {
        String problem = describe(e);
        if (!Objects.equals(problem, streamProblem)) {
            LOG.warnf("no connection to Meshfleet (%s); retrying with backoff", problem);
            streamProblem = problem;
        }
    }

    /** The server ended the stream on purpose and said why; the agent reconnects at once. */
    void streamEnded(String reason) {
        LOG.infof("Meshfleet ended the stream (%s); reconnecting", reason);
    }

    void revoked() {
        LOG.warn("Meshfleet refused this agent (HTTP 401: credential revoked, cluster deleted, or the bootstrap token "
                + "used, expired or replaced); it stops applying");
    }

    /** The API server's reachability, when it changes: null means reachable. */
    void apiServer(String problem) {
        if (Objects.equals(problem, apiProblem)) {
            return;
        }
        if (problem == null) {
            LOG.info("the Kubernetes API server is reachable");
        } else {
            LOG.warnf("cannot reach the Kubernetes API server: %s; nothing is applied until it is", problem);
        }
        apiProblem = problem;
    }

    void results(String mesh, int revision, List<ResourceResult> results) {
        for (ResourceResult r : results) {
            String what = r.kind() == null ? "" : r.kind() + " " + r.namespace() + "/" + r.name() + " ";
            switch (r.outcome()) {
                case "APPLIED" -> LOG.infof("applied %s(mesh %s, revision %d)", what, mesh, revision);
                case "PRUNED" -> LOG.infof("pruned %s(mesh %s, revision %d)", what, mesh, revision);
                case "UNCHANGED" -> LOG.debugf("unchanged %s(mesh %s, revision %d)", what, mesh, revision);
                case "CONFLICT" -> LOG.warnf("conflict applying %s(mesh %s, revision %d): %s", what, mesh, revision,
                        r.error());
                default -> LOG.warnf("failed %s(mesh %s, revision %d): %s", what.isEmpty() ? "" : "to apply " + what, mesh,
                        revision, r.error());
            }
        }
    }

    void syncFailed(String mesh, int revision, Exception e) {
        LOG.warnf("mesh %s revision %d: %s; retrying", mesh, revision, describe(e));
    }

    void pruneFailed(Exception e) {
        LOG.warnf("removing meshes this cluster no longer runs failed: %s; retrying", describe(e));
    }

    void reported(String mesh, int revision, List<ResourceResult> results) {
        long failed = results.stream().filter(r -> r.outcome().equals("FAILED") || r.outcome().equals("CONFLICT")).count();
        long changed = results.stream().filter(r -> r.outcome().equals("APPLIED") || r.outcome().equals("PRUNED")).count();
        String state = failed == 0 ? "APPLIED" : failed == results.size() ? "FAILED" : "PARTIAL";
        if (failed == 0) {
            LOG.infof("reported mesh %s revision %d: %s (%d resources, %d changed)", mesh, revision, state,
                    results.size(), changed);
        } else {
            LOG.warnf("reported mesh %s revision %d: %s (%d of %d failed)", mesh, revision, state, failed, results.size());
        }
    }

    void reportFailed(String mesh, int revision, Exception e) {
        LOG.warnf("could not report mesh %s revision %d to Meshfleet: %s", mesh, revision, describe(e));
    }

    /** A short reason: the first message in the cause chain; a refused connection (which often has none) says so. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return t.getMessage() == null || t.getMessage().isBlank() ? "connection refused" : t.getMessage();
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}
