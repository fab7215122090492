package dev.meshfleet.agent;

import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.meshfleet.common.crypto.Pem;

/**
 * istiod of an {@link InMemoryClusterStore}, as far as trust goes: when the bytes of {@code istio-system/cacerts}
 * change it reloads them, writes {@code istio-ca-root-cert} (the loaded {@code root-cert.pem}) into every namespace it
 * watches, and serves {@code ca-cert.pem} as its CA certificate. Bytes that did not change are not reloaded (the reason
 * for Istio's A+B+B trick). Paused, it reacts to nothing (a stuck istiod); resumed, it loads what it missed.
 */
public final class InMemoryIstiod {
    static final String NAMESPACE = "istio-system";
    static final String CACERTS = "cacerts";
    static final String ROOT_CONFIG_MAP = "istio-ca-root-cert";

    private final InMemoryClusterStore store;
    private final Set<String> namespaces = new LinkedHashSet<>(List.of(NAMESPACE));
    private final AtomicInteger reloads = new AtomicInteger();
    private Map<String, String> pending;
    private Map<String, String> loaded;
    private volatile X509Certificate serving;
    private boolean paused;

    InMemoryIstiod(InMemoryClusterStore store) {
        this.store = store;
    }

    /** Also writes {@code istio-ca-root-cert} into these namespaces (istiod does into every one). */
    public synchronized InMemoryIstiod namespaces(String... more) {
        namespaces.addAll(List.of(more));
        if (loaded != null) {
            publish(loaded);
        }
        return this;
    }

    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        if (pending != null) {
            cacertsWritten(pending);
        }
    }

    /** How many times it loaded new {@code cacerts} bytes. */
    public int reloads() {
        return reloads.get();
    }

    /** The {@code root-cert.pem} it loaded last, or empty before the first load. */
    public synchronized Optional<String> loadedRootCertPem() {
        return loaded == null ? Optional.empty() : Optional.ofNullable(loaded.get("root-cert.pem"));
    }

    Optional<X509Certificate> caCertificate() {
        return Optional.ofNullable(serving);
    }

    synchronized void cacertsWritten(Map<String, String> data) {
        if (paused) {
            pending = data;
            return;
        }
        pending = null;
        if (data.equals(loaded)) {
            return;
        }
        X509Certificate ca;
        try {
            ca = Pem.certificates("ca-cert.pem", data.get("ca-cert.pem")).get(0);
        } catch (RuntimeException e) {
            return; // istiod logs the bad plug-in CA and keeps serving what it had
        }
        loaded = Map.copyOf(data);
        serving = ca;
        publish(loaded);
        reloads.incrementAndGet();
    }

    private void publish(Map<String, String> data) {
        String root = data.get("root-cert.pem");
        if (root != null) {
            namespaces.forEach(ns -> store.putConfigMap(ns, ROOT_CONFIG_MAP, Map.of("root-cert.pem", root)));
        }
    }
}
