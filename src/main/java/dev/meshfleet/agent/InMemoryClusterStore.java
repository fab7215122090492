package dev.meshfleet.agent;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A cluster kept in memory, for the fleet simulator and tests: applies replace a resource's spec, labels and
 * annotations (Istio's lists are atomic, so a whole-spec replace is what server-side apply does for a single manager);
 * unchanged content is reported UNCHANGED. Core objects the trust keeper reads (Secrets, ConfigMaps, Deployments' env,
 * DaemonSets) are kept too, with an in-memory istiod ({@link #istiod()}) that reloads {@code cacerts} as a real one does.
 */
public class InMemoryClusterStore implements ClusterStore {
    private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
    private final Map<String, ResourceRef> refs = new ConcurrentHashMap<>();
    private final IstioInfo istio;
    /** Core objects by "namespace/name": Secrets, ConfigMaps' data, Deployments' env, DaemonSets. */
    private final Map<String, StoredSecret> secrets = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> configMaps = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> deployments = new ConcurrentHashMap<>();
    private final Set<String> daemonSets = ConcurrentHashMap.newKeySet();
    private final InMemoryIstiod istiod = new InMemoryIstiod(this);

    public InMemoryClusterStore(IstioInfo istio) {
        this.istio = istio;
        deployments.put(key(InMemoryIstiod.NAMESPACE, "istiod"), Map.of());
    }

    @Override
    public ApplyResult apply(ObjectNode manifest, boolean force) {
        ResourceRef ref = ResourceRef.of(manifest);
        if (manifest.equals(objects.get(ref.identity()))) {
            return new ApplyResult(Outcome.UNCHANGED, null); // no copy: most of a bundle is unchanged from one change to the next
        }
        objects.put(ref.identity(), manifest.deepCopy());
        refs.put(ref.identity(), ref);
        return new ApplyResult(Outcome.APPLIED, null);
    }

    @Override
    public List<ResourceRef> list(Map<String, String> labels) {
        List<ResourceRef> out = new ArrayList<>();
        objects.forEach((id, object) -> {
            if (carries(object, labels)) {
                out.add(refs.get(id));
            }
        });
        return out;
    }

    @Override
    public Set<String> labelValues(Map<String, String> labels, String label) {
        Set<String> values = new HashSet<>();
        objects.values().forEach(object -> {
            JsonNode value = object.path("metadata").path("labels").get(label);
            if (value != null && value.isTextual() && carries(object, labels)) {
                values.add(value.asText());
            }
        });
        return values;
    }

    private static boolean carries(ObjectNode object, Map<String, String> labels) {
        JsonNode have = object.path("metadata").path("labels");
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!label.getValue().equals(have.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public ObjectNode get(ResourceRef ref) {
        ObjectNode object = objects.get(ref.identity());
        return object == null ? null : object.deepCopy();
    }

    @Override
    public void delete(ResourceRef ref) {
        objects.remove(ref.identity());
        refs.remove(ref.identity());
    }

    @Override
    public IstioInfo istio() {
        return istio;
    }

    @Override
    public void watchManaged(java.util.function.BiConsumer<ResourceRef, ObjectNode> onChange) {
        // nothing changes an in-memory store behind the agent's back
    }

    @Override
    public Optional<StoredSecret> secret(String namespace, String name) {
        return Optional.ofNullable(secrets.get(key(namespace, name)));
    }

    @Override
    public void applySecret(String namespace, String name, Map<String, String> labels, Map<String, String> data) {
        StoredSecret previous = secrets.get(key(namespace, name));
        Set<String> others = previous == null ? Set.of() : previous.dataManagers().stream()
                .filter(m -> !m.equals(FIELD_MANAGER)).collect(Collectors.toSet());
        if (!others.isEmpty()) {
            throw new IllegalStateException("Apply failed with conflicts: data of Secret " + namespace + "/" + name
                    + " is managed by " + others);
        }
        secrets.put(key(namespace, name), new StoredSecret("Opaque", labels, data, Set.of(FIELD_MANAGER)));
        if (namespace.equals(InMemoryIstiod.NAMESPACE) && name.equals(InMemoryIstiod.CACERTS)) {
            istiod.cacertsWritten(data);
        }
    }

    /** Puts a Secret as someone else would (cert-manager, helm, kubectl): the agent must leave it alone. */
    public void putSecret(String namespace, String name, StoredSecret secret) {
        secrets.put(key(namespace, name), secret);
        if (namespace.equals(InMemoryIstiod.NAMESPACE) && name.equals(InMemoryIstiod.CACERTS)) {
            istiod.cacertsWritten(secret.data());
        }
    }

    @Override
    public Map<String, Map<String, String>> configMaps(String name) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        configMaps.forEach((key, data) -> {
            if (key.substring(key.indexOf('/') + 1).equals(name)) {
                out.put(key.substring(0, key.indexOf('/')), data);
            }
        });
        return out;
    }

    @Override
    public Optional<Map<String, String>> configMap(String namespace, String name) {
        return Optional.ofNullable(configMaps.get(key(namespace, name)));
    }

    public void putConfigMap(String namespace, String name, Map<String, String> data) {
        configMaps.put(key(namespace, name), Map.copyOf(data));
    }

    @Override
    public Optional<Map<String, String>> deploymentEnv(String namespace, String name) {
        return Optional.ofNullable(deployments.get(key(namespace, name)));
    }

    /** A Deployment with these literal environment values in its containers (istiod's, for the multi-root check). */
    public void putDeployment(String namespace, String name, Map<String, String> env) {
        deployments.put(key(namespace, name), Map.copyOf(env));
    }

    @Override
    public boolean daemonSetExists(String namespace, String name) {
        return daemonSets.contains(key(namespace, name));
    }

    public void putDaemonSet(String namespace, String name) {
        daemonSets.add(key(namespace, name));
    }

    /** What istiod of this cluster serves (the address is ignored: there is one istiod). */
    @Override
    public Optional<X509Certificate> istiodCaCertificate(String address) throws IOException {
        return istiod.caCertificate();
    }

    /** This cluster's istiod: reloads when cacerts' bytes change, unless paused. */
    public InMemoryIstiod istiod() {
        return istiod;
    }

    /**
     * Sets what a root rotation needs of a sidecar mesh: istiod with {@code ISTIO_MULTIROOT_MESH=true} and proxies with
     * {@code PROXY_CONFIG_XDS_AGENT=true} in the mesh config.
     */
    public InMemoryClusterStore readyForMultiRoot() {
        putDeployment(InMemoryIstiod.NAMESPACE, "istiod", Map.of("ISTIO_MULTIROOT_MESH", "true"));
        putConfigMap(InMemoryIstiod.NAMESPACE, "istio", Map.of("mesh",
                "defaultConfig:\n  proxyMetadata:\n    PROXY_CONFIG_XDS_AGENT: \"true\"\n"));
        return this;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    public int size() {
        return objects.size();
    }

    public static InMemoryClusterStore currentIstio() {
        return new InMemoryClusterStore(new IstioInfo("1.24.1", Set.of("networking.istio.io/v1", "security.istio.io/v1",
                "networking.istio.io/v1beta1", "security.istio.io/v1beta1")));
    }
}
