package dev.meshfleet.gitops.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.common.crypto.SecretSeal;
import dev.meshfleet.gitops.GitopsConfig;
import dev.meshfleet.gitops.core.GitProvider;
import dev.meshfleet.gitops.core.RateLimiter;
import dev.meshfleet.gitops.core.Verdict;
import dev.meshfleet.gitops.core.WebhookEvent;
import dev.meshfleet.gitops.core.WebhookHeaders;
import dev.meshfleet.gitops.core.WebhookVerifier;
import dev.meshfleet.gitops.store.GitDeliveries;
import dev.meshfleet.gitops.store.GitSource;
import dev.meshfleet.gitops.sync.SyncCommands;
import dev.meshfleet.gitops.sync.SyncCommands.Trigger;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * A webhook delivery from receipt to answer: the source is found by its hook id (its provider chooses the verifier),
 * the rate limit is applied before the body is read, the signature is checked on the raw bytes before anything parses
 * them, and an accepted push becomes a sync job through the outbox in the transaction that records its delivery id (a
 * duplicate, also after a restart, is answered as one and starts nothing). Unverified deliveries write nothing.
 */
@ApplicationScoped
public class DeliveryService {
    private static final Logger LOG = Logger.getLogger(DeliveryService.class);

    private final SecretSeal seal;
    private final GitDeliveries deliveries;
    private final SyncCommands sync;
    private final ObjectMapper json;
    private final GitopsMetrics metrics;
    private final RateLimiter<UUID> limiter;

    public DeliveryService(SecretSeal seal, GitDeliveries deliveries, SyncCommands sync, ObjectMapper json,
            GitopsMetrics metrics, GitopsConfig config) {
        this.seal = seal;
        this.deliveries = deliveries;
        this.sync = sync;
        this.json = json;
        this.metrics = metrics;
        this.limiter = new RateLimiter<>(config.rateLimitPerMinute(), config.rateLimitBurst(), System::nanoTime);
    }

    /** What the receiver needs of a source before it reads a body: never its secret in clear until verification. */
    public record Receiving(UUID sourceId, UUID tenantId, GitProvider provider, String branch, String sealedSecret,
            String sealContext, boolean suspended) {
    }

    /** How a delivery is answered: status, a short result word, and a detail (problem detail when refused). */
    public record Answer(int status, String result, String detail, String deliveryId) {
        public boolean refused() {
            return status >= 400;
        }
    }

    /** The source behind a hook id, if there is one. */
    public Optional<Receiving> receiving(String hookId) {
        return QuarkusTransaction.requiringNew().call(() -> GitSource.findByHookId(hookId).map(s -> new Receiving(s.id,
                s.tenantId, GitProvider.of(s.provider).orElseThrow(), s.branch, s.webhookSecret,
                s.sealContext("webhook-secret"), s.suspended)));
    }

    /** 0 when the source may send now, else the seconds until it may (answered 429 with Retry-After). */
    public long rateLimited(Receiving source) {
        long wait = limiter.acquire(source.sourceId());
        if (wait > 0) {
            metrics.delivery(source.provider(), "rate-limited");
        }
        return wait;
    }

    public void forgetIdleSources() {
        limiter.forgetIdle();
    }

    /** Verifies, decides and records one delivery (its complete body, within the size limit). */
    public Answer deliver(Receiving source, Map<String, String> headerMap, byte[] body) {
        WebhookHeaders headers = WebhookHeaders.of(headerMap);
        String secret = seal.openText(dev.meshfleet.common.crypto.WrappedKey.decode(source.sealedSecret()),
                source.sealContext());
        Verdict verdict = WebhookVerifier.verify(source.provider(), secret, headers, body, Instant.now());
        if (!verdict.verified()) {
            metrics.delivery(source.provider(), "unauthorized");
            LOG.debugf("git source %s: delivery refused: %s", source.sourceId(), verdict.reason());
            return new Answer(401, "unauthorized", verdict.reason(), null);
        }
        if (source.suspended()) {
            metrics.delivery(source.provider(), "suspended");
            return new Answer(409, "suspended", "the git source is suspended", null);
        }
        JsonNode payload;
        try {
            payload = json.readTree(body);
        } catch (java.io.IOException | RuntimeException e) {
            metrics.delivery(source.provider(), "bad-request");
            return new Answer(400, "bad-request", "the body is not JSON", null);
        }
        if (payload == null || !payload.isObject()) {
            metrics.delivery(source.provider(), "bad-request");
            return new Answer(400, "bad-request", "the body must be a JSON object", null);
        }
        WebhookEvent event = WebhookEvent.of(source.provider(), headers, payload, source.branch());
        String deliveryId = WebhookEvent.deliveryId(source.provider(), headers).orElseGet(() -> "sha256:" + sha256(body));
        Answer answer = QuarkusTransaction.requiringNew().call(() -> record(source, event, deliveryId));
        metrics.delivery(source.provider(), answer.result());
        return answer;
    }

    private Answer record(Receiving source, WebhookEvent event, String deliveryId) {
        UUID id = source.sourceId();
        return switch (event.kind()) {
            case PING -> {
                deliveries.first(id, deliveryId, "pong");
                yield new Answer(200, "pong", "the source is reachable", deliveryId);
            }
            case IGNORED -> {
                deliveries.first(id, deliveryId, "ignored: " + event.reason());
                yield new Answer(200, "ignored", event.reason(), deliveryId);
            }
            case SYNC -> {
                if (!deliveries.first(id, deliveryId, "accepted")) {
                    yield new Answer(200, "duplicate", "delivery " + deliveryId + " was accepted before", deliveryId);
                }
                sync.request(id, Trigger.WEBHOOK, deliveryId, event.commitHint());
                yield new Answer(202, "accepted", "a sync of " + source.branch() + " is queued", deliveryId);
            }
        };
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
