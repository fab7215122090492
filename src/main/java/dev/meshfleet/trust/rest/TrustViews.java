package dev.meshfleet.trust.rest;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.meshfleet.trust.service.RotationProgress;
import dev.meshfleet.trust.store.TrustIntermediate;
import dev.meshfleet.trust.store.TrustRoot;
import dev.meshfleet.trust.store.TrustRotation;
import dev.meshfleet.trust.store.TrustStore;

/** What the trust API shows. Never a private key: roots are shown by their certificate only. */
public final class TrustViews {
    private TrustViews() {
    }

    /** Expiry warnings at 30, 7 and 1 days (and once expired). */
    static String expiryWarning(OffsetDateTime notAfter, OffsetDateTime now) {
        Duration left = Duration.between(now, notAfter);
        if (left.isNegative() || left.isZero()) {
            return "expired at " + notAfter;
        }
        for (int days : new int[] {1, 7, 30}) {
            if (left.compareTo(Duration.ofDays(days)) <= 0) {
                return "expires within " + days + (days == 1 ? " day" : " days") + " (at " + notAfter + ")";
            }
        }
        return null;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RootView(UUID id, String sha256, String subject, String serial, String algorithm, String source,
            String state, OffsetDateTime notBefore, OffsetDateTime notAfter,
            @Schema(description = "whole days until notAfter") long expiresInDays,
            @Schema(description = "set within 30, 7 and 1 days of expiry") String expiryWarning, boolean issuing,
            @Schema(description = "times the root appears in root-cert.pem (0: not trusted yet or any more)") int inBundle,
            boolean hasKey, String createdBy, OffsetDateTime createdAt, OffsetDateTime retireAfter,
            OffsetDateTime retiredAt, String certificatePem, List<String> warnings) {
        static RootView of(TrustRoot r, boolean issuing, int inBundle, List<String> warnings) {
            OffsetDateTime now = OffsetDateTime.now();
            return new RootView(r.id, r.sha256, r.subject, r.serial, r.algorithm, r.source, r.state, r.notBefore,
                    r.notAfter, Duration.between(now, r.notAfter).toDays(), TrustViews.expiryWarning(r.notAfter, now), issuing,
                    inBundle, r.sealedKey != null, r.createdBy, r.createdAt, r.retireAfter, r.retiredAt, r.certificatePem,
                    warnings.isEmpty() ? null : warnings);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TrustView(String trustDomain, UUID issuerRootId, List<UUID> bundle, String rootCertSha256,
            long sequence, String bundleEndpoint, List<RootView> roots) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IntermediateView(String cluster, UUID rootId, String sha256, String serial, OffsetDateTime notBefore,
            OffsetDateTime notAfter, long expiresInDays, String expiryWarning, OffsetDateTime issuedAt,
            @Schema(description = "cert-chain.pem: the intermediate, then the root that issued it") String certChainPem) {
        static IntermediateView of(String cluster, TrustIntermediate i, TrustRoot root) {
            OffsetDateTime now = OffsetDateTime.now();
            return new IntermediateView(cluster, i.rootId, i.sha256, i.serial, i.notBefore, i.notAfter,
                    Duration.between(now, i.notAfter).toDays(), TrustViews.expiryWarning(i.notAfter, now), i.issuedAt,
                    i.certificatePem + (root == null ? "" : root.certificatePem));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClusterProgressView(String cluster, boolean shown, List<String> waiting, String blocked,
            OffsetDateTime reportedAt, OffsetDateTime confirmedAt) {
        static ClusterProgressView of(RotationProgress.ClusterProgress p) {
            return new ClusterProgressView(p.cluster().name, p.evidence().shown(), p.evidence().waiting(),
                    p.evidence().blocked(), p.reportedAt(), p.confirmedAt());
        }
    }

    public record EventView(long id, String type, String phase, String detail, OffsetDateTime at) {
        static EventView of(TrustStore.Event e) {
            return new EventView(e.id(), e.type(), e.phase(), e.detail(), e.at());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RotationView(UUID id, UUID fromRoot, UUID toRoot, String direction, String phase, String status,
            OffsetDateTime phaseStartedAt, String createdBy, OffsetDateTime createdAt, OffsetDateTime finishedAt,
            @Schema(description = "per cluster, whether it shows what the current phase asks (while the rotation runs)")
            List<ClusterProgressView> clusters, List<EventView> events) {
        static RotationView of(TrustRotation r, List<RotationProgress.ClusterProgress> progress,
                List<TrustStore.Event> events) {
            return new RotationView(r.id, r.fromRootId, r.toRootId, r.direction, r.phase, r.status, r.phaseStartedAt,
                    r.createdBy, r.createdAt, r.finishedAt,
                    progress == null ? null : progress.stream().map(ClusterProgressView::of).toList(),
                    events == null ? null : events.stream().map(EventView::of).toList());
        }
    }
}
