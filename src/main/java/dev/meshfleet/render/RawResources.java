package dev.meshfleet.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshfleet.intent.model.RawResource;

/**
 * Raw passthrough: Istio resources the intent gives as they are (kinds the typed model does not cover), with their own
 * labels and annotations plus Meshfleet's marks, spec keys sorted. Like typed resources they are written at the
 * cluster's Istio API version: a resource written at {@code v1} goes to a cluster before Istio 1.22 at {@code v1beta1}
 * (Telemetry, which has no v1beta1, at {@code v1alpha1}), and one written at {@code v1beta1} to a current cluster at
 * {@code v1}. All of an Istio kind's versions share one schema. Alpha versions, which every supported Istio serves,
 * and kinds without the cluster's version (EnvoyFilter, ProxyConfig) stay as written.
 */
final class RawResources {
    /** The stable versions each kind is served at (by the bundled CRDs, which are Istio's). */
    private static final Map<String, Set<String>> STABLE_VERSIONS = Map.ofEntries(
            Map.entry("networking.istio.io/VirtualService", Set.of("v1", "v1beta1")),
            Map.entry("networking.istio.io/DestinationRule", Set.of("v1", "v1beta1")),
            Map.entry("networking.istio.io/Gateway", Set.of("v1", "v1beta1")),
            Map.entry("networking.istio.io/ServiceEntry", Set.of("v1", "v1beta1")),
            Map.entry("networking.istio.io/Sidecar", Set.of("v1", "v1beta1")),
            Map.entry("networking.istio.io/WorkloadEntry", Set.of("v1", "v1beta1")),
            Map.entry("networking.istio.io/WorkloadGroup", Set.of("v1", "v1beta1")),
            Map.entry("networking.istio.io/ProxyConfig", Set.of("v1beta1")),
            Map.entry("security.istio.io/PeerAuthentication", Set.of("v1", "v1beta1")),
            Map.entry("security.istio.io/AuthorizationPolicy", Set.of("v1", "v1beta1")),
            Map.entry("security.istio.io/RequestAuthentication", Set.of("v1", "v1beta1")),
            Map.entry("telemetry.istio.io/Telemetry", Set.of("v1")));
    /** Telemetry before Istio 1.22 exists only at v1alpha1. */
    private static final String TELEMETRY_BEFORE_V1 = "v1alpha1";

    private RawResources() {
    }

    static List<RenderedResource> render(List<RawResource> resources, ManagedMetadata marks, String istioApiVersion) {
        if (resources == null) {
            return List.of();
        }
        List<RenderedResource> out = new ArrayList<>();
        for (RawResource r : resources) {
            String apiVersion = apiVersion(r.apiVersion(), r.kind(), istioApiVersion);
            out.add(new RenderedResource(apiVersion, r.kind(), r.metadata().namespace(), r.metadata().name(),
                    manifest(r, apiVersion, marks)));
        }
        return out;
    }

    /** The apiVersion a raw resource is written at for a cluster serving {@code istioApiVersion} (v1 or v1beta1). */
    static String apiVersion(String written, String kind, String istioApiVersion) {
        int slash = written.indexOf('/');
        String group = written.substring(0, slash);
        String version = written.substring(slash + 1);
        Set<String> stable = STABLE_VERSIONS.get(group + "/" + kind);
        if (stable == null || !(version.equals("v1") || version.equals("v1beta1")) || version.equals(istioApiVersion)) {
            return written;
        }
        if (stable.contains(istioApiVersion)) {
            return group + "/" + istioApiVersion;
        }
        if (kind.equals("Telemetry") && istioApiVersion.equals("v1beta1")) {
            return group + "/" + TELEMETRY_BEFORE_V1;
        }
        return written;
    }

    private static ObjectNode manifest(RawResource r, String apiVersion, ManagedMetadata marks) {
        ObjectNode manifest = Manifests.TREE.createObjectNode();
        manifest.put("apiVersion", apiVersion);
        manifest.put("kind", r.kind());
        ObjectNode metadata = manifest.putObject("metadata");
        metadata.set("annotations", Manifests.TREE.valueToTree(marks.annotations(r.metadata().annotations())));
        metadata.set("labels", Manifests.TREE.valueToTree(marks.labels(r.metadata().labels())));
        metadata.put("name", r.metadata().name());
        metadata.put("namespace", r.metadata().namespace());
        manifest.set("spec", Manifests.sorted(Manifests.TREE.valueToTree(new TreeMap<>(r.spec()))));
        return manifest;
    }
}
