package dev.meshfleet.gitops.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.meshfleet.gitops.core.GitProvider;

/**
 * GitOps metrics (management port): {@code meshfleet_gitops_deliveries_total{provider,result}} (accepted, duplicate,
 * ignored, pong, unauthorized, bad-request, too-large, rate-limited, ...) and {@code meshfleet_gitops_sync_duration_seconds
 * {result}} (fetch, read, checks and commit of one sync), and {@code meshfleet_gitops_body_bytes_total}: webhook body
 * bytes the receiver took off connections (it stops at the size limit, so an oversized body shows as at most the limit).
 */
@ApplicationScoped
public class GitopsMetrics {
    private final MeterRegistry registry;

    public GitopsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void delivery(GitProvider provider, String result) {
        Counter.builder("meshfleet.gitops.deliveries").description("Webhook deliveries by provider and result")
                .tags("provider", provider.wireName(), "result", result).register(registry).increment();
    }

    /** A delivery refused before its source was known (no such hook, wrong method or media type). */
    public void unknownDelivery(String result) {
        Counter.builder("meshfleet.gitops.deliveries").description("Webhook deliveries by provider and result")
                .tags("provider", "unknown", "result", result).register(registry).increment();
    }

    public void bodyRead(int bytes) {
        Counter.builder("meshfleet.gitops.body.bytes").description("Webhook body bytes read off connections")
                .register(registry).increment(bytes);
    }

    public void sync(String result, Duration took) {
        Timer.builder("meshfleet.gitops.sync.duration").description("Duration of a git source's sync by result")
                .tags("result", result).publishPercentiles(0.5, 0.99).register(registry).record(took);
    }
}
