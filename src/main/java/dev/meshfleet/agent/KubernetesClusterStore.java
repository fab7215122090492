package dev.meshfleet.agent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import dev.meshfleet.protocol.MeshfleetLabels;

/**
 * A real cluster through fabric8: server-side apply with field manager {@code meshfleet} (forcing conflicts only when
 * the mesh's policy says so), label-selected listing across the Istio kinds, and Istio version discovery.
 */
public class KubernetesClusterStore implements ClusterStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final List<io.fabric8.kubernetes.client.informers.SharedIndexInformer<GenericKubernetesResource>> informers =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** For reachability checks: the client's connection and credentials, but no retries, so a probe answers soon. */
    private final io.fabric8.kubernetes.client.http.HttpClient probe;

    public KubernetesClusterStore(KubernetesClient client) {
        this.client = client;
        this.probe = client.getHttpClient().newBuilder().tag(new RequestConfigBuilder(
                client.getConfiguration().getRequestConfig()).withRequestRetryBackoffLimit(0).build()).build();
    }

    /** Any answer of the API server but 401 and 5xx counts (even 404 or 403 on /version: the server is there). */
    @Override
    public java.util.Optional<String> unreachable() {
        String server = client.getMasterUrl().toString();
        try {
            int code = probe.sendAsync(probe.newHttpRequestBuilder().uri(server.replaceAll("/$", "") + "/version")
                    .timeout(3, TimeUnit.SECONDS).build(), String.class).get(5, TimeUnit.SECONDS).code();
            if (code == 401) {
                return java.util.Optional.of(server + " refused the agent's credentials (HTTP 401)");
            }
            return code >= 500 ? java.util.Optional.of(server + " answers HTTP " + code) : java.util.Optional.empty();
        } catch (ExecutionException e) {
            return java.util.Optional.of(server + ": " + AgentLog.describe(e.getCause()));
        } catch (TimeoutException e) {
            return java.util.Optional.of(server + ": no answer within 5 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.of(server + ": interrupted");
        } catch (RuntimeException e) {
            return java.util.Optional.of(server + ": " + AgentLog.describe(e));
        }
    }

    public KubernetesClient client() {
        return client;
    }

    @Override
    public ApplyResult apply(ObjectNode manifest, boolean force) {
        ResourceRef ref = ResourceRef.of(manifest);
        IstioKinds.Kind kind = IstioKinds.of(ref.group(), ref.kind()).orElse(null);
        if (kind == null) {
            return new ApplyResult(Outcome.FAILED, "not an Istio kind the agent manages: " + ref.apiVersion() + " " + ref.kind());
        }
        String version = ref.apiVersion().substring(ref.apiVersion().indexOf('/') + 1);
        var resources = client.genericKubernetesResources(kind.at(version)).inNamespace(ref.namespace());
        try {
            GenericKubernetesResource existing = resources.withName(ref.name()).get();
            GenericKubernetesResource desired = JSON.convertValue(manifest, GenericKubernetesResource.class);
            var apply = resources.resource(desired).fieldManager(FIELD_MANAGER);
            GenericKubernetesResource applied = force ? apply.forceConflicts().serverSideApply() : apply.serverSideApply();
            boolean unchanged = existing != null && applied != null && Objects.equals(
                    existing.getMetadata().getResourceVersion(), applied.getMetadata().getResourceVersion());
            return new ApplyResult(unchanged ? Outcome.UNCHANGED : Outcome.APPLIED, null);
        } catch (KubernetesClientException e) {
            // no HTTP answer at all (code 0): the reason is in the cause (e.g. a refused connection)
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : e.getCode() == 0 && e.getCause() != null ? AgentLog.describe(e.getCause()) : e.getMessage();
            return new ApplyResult(e.getCode() == 409 ? Outcome.CONFLICT : Outcome.FAILED, "HTTP " + e.getCode() + ": " + message);
        }
    }

    @Override
    public List<ResourceRef> list(Map<String, String> labels) {
        List<ResourceRef> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        eachLabelled(labels, (ref, live) -> {
            if (seen.add(ref.identity())) {
                out.add(ref);
            }
        });
        return out;
    }

    @Override
    public Set<String> labelValues(Map<String, String> labels, String label) {
        Set<String> values = new HashSet<>();
        eachLabelled(labels, (ref, live) -> {
            Map<String, String> have = live.getMetadata().getLabels();
            if (have != null && have.get(label) != null) {
                values.add(have.get(label));
            }
        });
        return values;
    }

    /** One label-selected list per Istio kind, at the first version the cluster serves it at. */
    private void eachLabelled(Map<String, String> labels,
            java.util.function.BiConsumer<ResourceRef, GenericKubernetesResource> visit) {
        for (IstioKinds.Kind kind : IstioKinds.ALL) {
            for (String version : List.of("v1", "v1beta1")) {
                try {
                    for (GenericKubernetesResource r : client.genericKubernetesResources(kind.at(version)).inAnyNamespace()
                            .withLabels(labels).list().getItems()) {
                        visit.accept(new ResourceRef(kind.group() + "/" + version, kind.kind(), r.getMetadata().getNamespace(),
                                r.getMetadata().getName()), r);
                    }
                    break; // the kind is served at this version; both versions name the same objects
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
            }
        }
    }

    @Override
    public ObjectNode get(ResourceRef ref) {
        IstioKinds.Kind kind = IstioKinds.of(ref.group(), ref.kind()).orElseThrow();
        String version = ref.apiVersion().substring(ref.apiVersion().indexOf('/') + 1);
        GenericKubernetesResource live = client.genericKubernetesResources(kind.at(version)).inNamespace(ref.namespace())
                .withName(ref.name()).get();
        return live == null ? null : JSON.valueToTree(live);
    }

    @Override
    public void delete(ResourceRef ref) {
        IstioKinds.Kind kind = IstioKinds.of(ref.group(), ref.kind()).orElseThrow();
        String version = ref.apiVersion().substring(ref.apiVersion().indexOf('/') + 1);
        client.genericKubernetesResources(kind.at(version)).inNamespace(ref.namespace()).withName(ref.name()).delete();
    }

    /** Informers on every managed Istio kind (list + watch, label-selected), started once. */
    @Override
    public void watchManaged(java.util.function.BiConsumer<ResourceRef, ObjectNode> onChange) {
        for (IstioKinds.Kind kind : IstioKinds.ALL) {
            for (String version : List.of("v1", "v1beta1")) {
                try {
                    var informer = client.genericKubernetesResources(kind.at(version)).inAnyNamespace()
                            .withLabel(MeshfleetLabels.MANAGED_BY_LABEL, MeshfleetLabels.MANAGED_BY).runnableInformer(0);
                    // Once running, a failed watch (a dropped or garbled stream) is retried for as long as the agent
                    // runs: fabric8's default gives up on most of them, which would silently end drift reports for the
                    // kind. A failure to start still throws, so a kind the cluster does not serve falls back below.
                    informer.exceptionHandler((started, failure) -> started);
                    informer.addEventHandler(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<GenericKubernetesResource>() {
                                @Override
                                public void onAdd(GenericKubernetesResource r) {
                                    // adds are our own applies (or a restore of what we manage): nothing to report
                                }

                                @Override
                                public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                                    onChange.accept(ref(kind, version, after), JSON.valueToTree(after));
                                }

                                @Override
                                public void onDelete(GenericKubernetesResource r, boolean unknownFinalState) {
                                    onChange.accept(ref(kind, version, r), null);
                                }
                            });
                    informer.run();
                    informers.add(informer);
                    break;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
            }
        }
    }

    @Override
    public void stopWatching() {
        informers.forEach(io.fabric8.kubernetes.client.informers.SharedIndexInformer::stop);
        informers.clear();
    }

    private static ResourceRef ref(IstioKinds.Kind kind, String version, GenericKubernetesResource r) {
        return new ResourceRef(kind.group() + "/" + version, kind.kind(), r.getMetadata().getNamespace(),
                r.getMetadata().getName());
    }

    @Override
    public IstioInfo istio() {
        Set<String> versions = new HashSet<>();
        for (String group : List.of("networking.istio.io", "security.istio.io")) {
            try {
                APIGroup api = client.getApiGroup(group);
                if (api != null) {
                    api.getVersions().forEach(v -> versions.add(v.getGroupVersion()));
                }
            } catch (KubernetesClientException e) {
                // not served or not allowed: the server then renders for the version we report, if any
            }
        }
        String version = null;
        try {
            Deployment istiod = client.apps().deployments().inNamespace("istio-system").withName("istiod").get();
            if (istiod != null) {
                String image = istiod.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
                version = image.substring(image.lastIndexOf(':') + 1);
            }
        } catch (RuntimeException e) {
            // unknown Istio version: rendering falls back to the API versions
        }
        return new IstioInfo(version, Set.copyOf(versions));
    }

    @Override
    public java.util.Optional<StoredSecret> secret(String namespace, String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            return java.util.Optional.empty();
        }
        Map<String, String> data = new java.util.HashMap<>();
        Objects.requireNonNullElse(secret.getData(), Map.<String, String> of()).forEach((key, value) -> data.put(key,
                new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        Set<String> dataManagers = new HashSet<>();
        for (ManagedFieldsEntry entry : Objects.requireNonNullElse(secret.getMetadata().getManagedFields(),
                List.<ManagedFieldsEntry> of())) {
            Map<String, Object> fields = entry.getFieldsV1() == null ? Map.of() : entry.getFieldsV1().getAdditionalProperties();
            if (fields.containsKey("f:data") || fields.containsKey("f:stringData")) {
                dataManagers.add(entry.getManager());
            }
        }
        return java.util.Optional.of(new StoredSecret(secret.getType(),
                Objects.requireNonNullElse(secret.getMetadata().getLabels(), Map.of()), data, dataManagers));
    }

    @Override
    public void applySecret(String namespace, String name, Map<String, String> labels, Map<String, String> data) {
        Map<String, String> encoded = new java.util.TreeMap<>();
        data.forEach((key, value) -> encoded.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        Secret secret = new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels)
                .endMetadata().withType("Opaque").withData(encoded).build();
        client.secrets().inNamespace(namespace).resource(secret).fieldManager(FIELD_MANAGER).serverSideApply();
    }

    @Override
    public Map<String, Map<String, String>> configMaps(String name) {
        Map<String, Map<String, String>> out = new java.util.TreeMap<>();
        // a field selector, not a client-side filter: a cluster may have thousands of ConfigMaps
        for (ConfigMap map : client.configMaps().inAnyNamespace().withField("metadata.name", name).list().getItems()) {
            if (name.equals(map.getMetadata().getName())) { // servers that ignore the selector (test doubles) still answer right
                out.put(map.getMetadata().getNamespace(), Objects.requireNonNullElse(map.getData(), Map.of()));
            }
        }
        return out;
    }

    @Override
    public java.util.Optional<Map<String, String>> configMap(String namespace, String name) {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
        return map == null ? java.util.Optional.empty()
                : java.util.Optional.of(Objects.requireNonNullElse(map.getData(), Map.of()));
    }

    @Override
    public java.util.Optional<Map<String, String>> deploymentEnv(String namespace, String name) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (deployment == null) {
            return java.util.Optional.empty();
        }
        Map<String, String> env = new java.util.HashMap<>();
        for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
            for (EnvVar variable : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar> of())) {
                if (variable.getValue() != null) { // valueFrom (a ConfigMap or field reference) is not a literal
                    env.put(variable.getName(), variable.getValue());
                }
            }
        }
        return java.util.Optional.of(env);
    }

    @Override
    public boolean daemonSetExists(String namespace, String name) {
        return client.apps().daemonSets().inNamespace(namespace).withName(name).get() != null;
    }
}
