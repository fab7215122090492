package dev.meshfleet.trust.service;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.meshfleet.common.crypto.Fingerprints;
import dev.meshfleet.common.crypto.Pem;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.trust.TrustConfig;
import dev.meshfleet.trust.core.SpiffeBundle;
import dev.meshfleet.trust.service.TrustLayouts.MeshTrust;

/** A mesh's SPIFFE bundle: the roots its clusters trust now, with the bundle's sequence. */
@ApplicationScoped
public class SpiffeBundles {
    private final TrustLayouts layouts;
    private final TrustConfig config;

    public SpiffeBundles(TrustLayouts layouts, TrustConfig config) {
        this.layouts = layouts;
        this.config = config;
    }

    public record Bundle(Map<String, Object> body, String etag, String cacheControl) {
    }

    @Transactional
    public Bundle bundle(String meshId) {
        UUID id;
        try {
            id = UUID.fromString(meshId);
        } catch (IllegalArgumentException e) {
            throw NotFoundException.of("trust bundle", meshId);
        }
        Mesh mesh = Mesh.findById(id);
        MeshTrust trust = mesh == null ? null : layouts.forMesh(mesh).orElse(null);
        if (trust == null) {
            throw NotFoundException.of("trust bundle", meshId);
        }
        List<X509Certificate> roots = trust.bundleRoots().stream()
                .map(r -> Pem.certificates("certificate", r.certificatePem).get(0)).toList();
        long hint = config.bundleRefreshHint().toSeconds();
        String etag = trust.state().sequence + "-" + Fingerprints.sha256(trust.rootCertPem()).substring(0, 16);
        return new Bundle(SpiffeBundle.of(roots, trust.state().sequence, hint), etag, "public, max-age=" + hint);
    }
}
