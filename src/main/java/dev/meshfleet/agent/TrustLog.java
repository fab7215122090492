package dev.meshfleet.agent;

import java.time.Instant;
import java.util.Objects;

import org.jboss.logging.Logger;

/**
 * What the trust keeper logs: each change it makes to {@code cacerts} (INFO) and each problem (WARN, once until it
 * changes, not once per pass). Hashes and reasons only: never a key or a certificate's text.
 */
final class TrustLog {
    private static final Logger LOG = Logger.getLogger("dev.meshfleet.agent.trust");

    private volatile String problem;
    private volatile String owner;

    void issued(String reason, String intermediateSha256, String issuerSha256, Instant notAfter) {
        LOG.infof("wrote a new intermediate %s (issued by root %s, expires %s) to istio-system/cacerts: %s",
                intermediateSha256, issuerSha256, notAfter, reason);
    }

    void bundleRewritten(String rootCertSha256) {
        LOG.infof("rewrote root-cert.pem of istio-system/cacerts to the desired bundle %s", rootCertSha256);
    }

    void foreignOwner(String who) {
        if (who != null && !Objects.equals(who, owner)) {
            LOG.warnf("istio-system/cacerts belongs to %s: Meshfleet leaves it alone and reports it", who);
        }
        owner = who;
    }

    void convergeFailed(String reason) {
        problem(reason);
    }

    void passFailed(Exception e) {
        problem("trust check failed: " + AgentLog.describe(e) + "; retrying");
    }

    void passOk() {
        if (problem != null) {
            LOG.info("trust check succeeded again");
            problem = null;
        }
    }

    private void problem(String text) {
        if (!Objects.equals(text, problem)) {
            LOG.warn(text);
            problem = text;
        }
    }
}
