package dev.meshfleet.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import dev.meshfleet.common.crypto.Fingerprints;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * istiod with a plugged-in CA, for one {@link SimulatedCluster}, as far as trust goes. It watches
 * {@code istio-system/cacerts}; when its bytes change it reloads: writes ConfigMap {@code istio-ca-root-cert}
 * ({@code root-cert.pem} = cacerts' {@code root-cert.pem}) into {@code istio-system} and the app namespaces named, and
 * serves TLS on a localhost port with a short-lived serving certificate signed by {@code ca-cert.pem}/{@code ca-key.pem}
 * (chain: serving certificate, ca-cert), so the agent's TLS probe sees the intermediate it really uses. Bytes that did
 * not change are not reloaded, as in istiod (hence Istio's A+B+B trick). {@link #pause()} makes it react to nothing (a
 * stuck istiod); {@link #resume()} loads what it missed. The in-memory equivalent is {@link InMemoryClusterStore#istiod()}.
 */
public final class SimulatedIstiod implements AutoCloseable {
    /** The field manager of istiod's ConfigMap writes. */
    public static final String FIELD_MANAGER = "pilot-discovery";

    private final KubernetesClient client;
    private final Set<String> namespaces = new LinkedHashSet<>(List.of(TrustKeeper.NAMESPACE));
    private final ServerSocket tls;
    private final Thread acceptor;
    private final SharedIndexInformer<Secret> informer;
    private final AtomicInteger reloads = new AtomicInteger();
    private volatile SSLContext serving;
    private volatile X509Certificate servedCa;
    private Map<String, String> loaded;
    private Map<String, String> pending;
    private boolean paused;

    /** Starts watching and serving; {@code appNamespaces} also get {@code istio-ca-root-cert} on every reload. */
    public SimulatedIstiod(KubernetesClient client, String... appNamespaces) {
        this.client = client;
        namespaces.addAll(List.of(appNamespaces));
        try {
            tls = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on a localhost port", e);
        }
        acceptor = new Thread(this::serve, "simulated-istiod-tls");
        acceptor.setDaemon(true);
        acceptor.start();
        informer = client.secrets().inNamespace(TrustKeeper.NAMESPACE).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Secret secret) {
                seen(secret);
            }

            @Override
            public void onUpdate(Secret before, Secret after) {
                seen(after);
            }

            @Override
            public void onDelete(Secret secret, boolean unknownFinalState) {
                // istiod keeps serving what it loaded
            }
        });
    }

    /** Where the agent finds it: {@code --istiod-address}. */
    public String address() {
        return "127.0.0.1:" + tls.getLocalPort();
    }

    /** How many times it loaded new {@code cacerts} bytes. */
    public int reloads() {
        return reloads.get();
    }

    /** The {@code root-cert.pem} it loaded last. */
    public synchronized Optional<String> loadedRootCertPem() {
        return loaded == null ? Optional.empty() : Optional.ofNullable(loaded.get(TrustKeeper.ROOT_CERT));
    }

    /** SHA-256 of the intermediate it serves with (what the agent should report as istiodIntermediateSha256). */
    public Optional<String> servedIntermediateSha256() {
        return Optional.ofNullable(servedCa).map(Fingerprints::of);
    }

    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        if (pending != null) {
            load(pending);
        }
    }

    private void seen(Secret secret) {
        if (!TrustKeeper.CACERTS.equals(secret.getMetadata().getName())) {
            return;
        }
        Map<String, String> data = new HashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> data.put(key,
                    new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        }
        synchronized (this) {
            if (paused) {
                pending = data;
            } else {
                load(data);
            }
        }
    }

    private synchronized void load(Map<String, String> data) {
        pending = null;
        if (data.equals(loaded)) {
            return;
        }
        AgentPki.CaFiles ca;
        try {
            ca = AgentPki.CaFiles.of(data);
        } catch (RuntimeException e) {
            return; // istiod logs a bad plug-in CA and keeps what it had
        }
        serving = context(ca.certificate(), ca.key());
        servedCa = ca.certificate();
        String root = data.get(TrustKeeper.ROOT_CERT);
        for (String namespace : namespaces) {
            client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                    .withNamespace(namespace).withName(TrustEvidence.ROOT_CONFIG_MAP).endMetadata()
                    .withData(Map.of(TrustKeeper.ROOT_CERT, root)).build())
                    .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        }
        loaded = Map.copyOf(data);
        reloads.incrementAndGet();
    }

    /** A TLS server context presenting a one-hour serving certificate issued by the plugged-in intermediate. */
    private static SSLContext context(X509Certificate ca, PrivateKey caKey) {
        try {
            KeyPair keys = AgentPki.newKey();
            X509Certificate cert = AgentPki.leaf(ca, caKey, keys.getPublic(), null,
                    List.of("istiod.istio-system.svc"), Duration.ofHours(1), Instant.now());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "simulated".toCharArray();
            store.setKeyEntry("istiod", keys.getPrivate(), password, new Certificate[] { cert, ca });
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build istiod's serving context", e);
        }
    }

    private void serve() {
        while (!tls.isClosed()) {
            try (Socket socket = tls.accept()) {
                SSLContext context = serving;
                if (context == null) {
                    continue; // nothing loaded yet: the connection closes without a handshake
                }
                socket.setSoTimeout(5_000);
                try (SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, null,
                        socket.getPort(), false)) {
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                }
            } catch (IOException e) {
                // a probe that went away mid-handshake, or the server closing
            }
        }
    }

    @Override
    public void close() {
        informer.stop();
        try {
            tls.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
