package dev.meshfleet.trust.service;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.common.crypto.Fingerprints;
import dev.meshfleet.common.crypto.Pem;
import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.delivery.AgentCredentials;
import dev.meshfleet.protocol.TrustCsr;
import dev.meshfleet.protocol.TrustDesired;
import dev.meshfleet.protocol.TrustIssued;
import dev.meshfleet.protocol.TrustReport;
import dev.meshfleet.trust.TrustConfig;
import dev.meshfleet.trust.core.CsrSigner;
import dev.meshfleet.trust.core.RootCa;
import dev.meshfleet.trust.core.TrustDomain;
import dev.meshfleet.trust.engine.RotationCommands;
import dev.meshfleet.trust.service.TrustLayouts.MeshTrust;
import dev.meshfleet.trust.store.TrustIntermediate;
import dev.meshfleet.trust.store.TrustRoot;
import dev.meshfleet.trust.store.TrustRotation;
import dev.meshfleet.trust.store.TrustStore;

/**
 * The agent's side of trust, each call authenticated by the cluster's credential: what {@code cacerts} should hold,
 * signing the cluster's CSR under the mesh's issuing root, and storing what the agent saw (a changed report is evidence
 * for the mesh's running rotation, which then judges again).
 */
@ApplicationScoped
public class AgentTrustService {
    static final int MAX_CSR = 16 * 1024;
    static final int MAX_TEXT = 2000;
    static final int MAX_CONFIG_MAP_HASHES = 1000;
    static final int MAX_LEAF_CHECKS = 10;

    private final AgentCredentials credentials;
    private final TrustLayouts layouts;
    private final TrustRootService roots;
    private final TrustStore store;
    private final TrustConfig config;
    private final RotationCommands commands;
    private final SecureRandom random = new SecureRandom();

    public AgentTrustService(AgentCredentials credentials, TrustLayouts layouts, TrustRootService roots, TrustStore store,
            TrustConfig config, RotationCommands commands) {
        this.credentials = credentials;
        this.layouts = layouts;
        this.store = store;
        this.roots = roots;
        this.config = config;
        this.commands = commands;
    }

    /** Empty when no mesh with roots places the cluster (Meshfleet leaves its cacerts alone). */
    @Transactional
    public Optional<TrustDesired> desired(String authorization) {
        Cluster cluster = credentials.authenticate(authorization);
        return layouts.forCluster(cluster).map(layouts::desired);
    }

    @Transactional
    public TrustIssued sign(String authorization, TrustCsr body) {
        Cluster cluster = credentials.authenticate(authorization);
        new Checks().present(body, "$").throwIfAny();
        new Checks().present(body.csr(), "$.csr").require(body.csr() == null || body.csr().length() <= MAX_CSR, "$.csr",
                "a CSR of at most " + MAX_CSR + " characters").throwIfAny();
        MeshTrust trust = layouts.forCluster(cluster).orElseThrow(() -> new NotFoundException(
                "Meshfleet does not manage the trust of cluster " + cluster.name + " (no mesh with a root places it)"));
        TrustRoot issuer = trust.issuer();
        RootCa ca = roots.open(issuer);
        Duration lifetime = config.intermediateLifetime().compareTo(CsrSigner.MAX_LIFETIME) > 0 ? CsrSigner.MAX_LIFETIME
                : config.intermediateLifetime();
        X509Certificate intermediate = TrustRootService.inField("$.", () -> new CsrSigner(random, lifetime)
                .sign(body.csr(), ca, new TrustDomain(trust.mesh().trustDomain), cluster.name, Instant.now()));
        TrustIntermediate row = new TrustIntermediate();
        row.id = UUID.randomUUID();
        row.meshId = trust.mesh().id;
        row.clusterId = cluster.id;
        row.rootId = issuer.id;
        row.certificatePem = Pem.encode(intermediate);
        row.sha256 = Fingerprints.of(intermediate);
        row.serial = intermediate.getSerialNumber().toString(16);
        row.notBefore = OffsetDateTime.ofInstant(intermediate.getNotBefore().toInstant(), ZoneOffset.UTC);
        row.notAfter = OffsetDateTime.ofInstant(intermediate.getNotAfter().toInstant(), ZoneOffset.UTC);
        row.issuedAt = OffsetDateTime.now();
        row.persist();
        return new TrustIssued(row.certificatePem, Pem.encodeAll(List.of(intermediate, ca.certificate())), issuer.sha256,
                row.notAfter.toInstant().toString());
    }

    @Transactional
    public void report(String authorization, TrustReport body) {
        Cluster cluster = credentials.authenticate(authorization);
        check(body);
        if (!store.saveReport(cluster.tenantId, cluster.id, body)) {
            return; // the same as before: no new evidence
        }
        layouts.forCluster(cluster).ifPresent(trust -> TrustRotation
                .<TrustRotation> list("meshId = ?1 and status = ?2", trust.mesh().id, TrustRotation.Status.RUNNING.name())
                .forEach(r -> commands.send(r.id, RotationCommands.EVIDENCE, Map.of("clusterId", cluster.id.toString()))));
    }

    private static void check(TrustReport body) {
        new Checks().present(body, "$").throwIfAny();
        Checks checks = new Checks();
        for (Map.Entry<String, String> text : Map.of("$.cacertsRootSha256", Objects.toString(body.cacertsRootSha256(), ""),
                "$.cacertsIntermediateSha256", Objects.toString(body.cacertsIntermediateSha256(), ""),
                "$.cacertsIssuerSha256", Objects.toString(body.cacertsIssuerSha256(), ""),
                "$.istiodIntermediateSha256", Objects.toString(body.istiodIntermediateSha256(), ""),
                "$.foreignOwner", Objects.toString(body.foreignOwner(), ""),
                "$.istioVersion", Objects.toString(body.istioVersion(), ""),
                "$.error", Objects.toString(body.error(), "")).entrySet()) {
            checks.require(text.getValue().length() <= MAX_TEXT, text.getKey(), "at most " + MAX_TEXT + " characters");
        }
        checks.require(body.configMapRoots() == null || body.configMapRoots().size() <= MAX_CONFIG_MAP_HASHES,
                "$.configMapRoots", "at most " + MAX_CONFIG_MAP_HASHES + " distinct bundles");
        checks.require(body.leafChecks() == null || body.leafChecks().size() <= MAX_LEAF_CHECKS, "$.leafChecks",
                "at most " + MAX_LEAF_CHECKS + " leaf checks");
        if (body.configMapRoots() != null) {
            body.configMapRoots().forEach((sha, count) -> checks.require(sha != null && sha.length() <= 64
                    && count != null && count >= 0, "$.configMapRoots", "SHA-256 hex keys and non-negative counts"));
        }
        if (body.leafChecks() != null) {
            for (int i = 0; i < body.leafChecks().size(); i++) {
                TrustReport.LeafCheck c = body.leafChecks().get(i);
                checks.require(c != null && (c.error() == null || c.error().length() <= MAX_TEXT), "$.leafChecks[" + i
                        + "]", "a leaf check with an error of at most " + MAX_TEXT + " characters");
            }
        }
        checks.throwIfAny();
    }
}
