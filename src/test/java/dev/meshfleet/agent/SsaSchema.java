package dev.meshfleet.agent;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The little schema knowledge server-side apply needs, for the kinds the simulated clusters hold. A real API server
 * takes it from the OpenAPI schema ({@code x-kubernetes-list-type}, {@code x-kubernetes-list-map-keys},
 * {@code additionalProperties}); the mock server has none, so this names it:
 * <ul>
 * <li>Lists are <b>atomic</b> unless listed here. That is what Kubernetes does for CRD lists without
 * {@code x-kubernetes-list-type}, which is the case of Istio's CRDs (VirtualService {@code http}, {@code hosts},
 * DestinationRule {@code subsets}, ...): an applier owns the whole list and replaces it as a whole.</li>
 * <li>Associative lists ({@code k:{...}} in fieldsV1) of core types: {@code metadata.ownerReferences} by uid, a pod
 * template's containers, init containers, env, volumes and volume mounts by name (as in apps/v1 and core/v1).</li>
 * <li>Set lists ({@code v:...}): {@code metadata.finalizers}.</li>
 * <li>Granular maps (per key; fieldsV1 marks a map created by an update with {@code .}): labels, annotations,
 * matchLabels, ConfigMap/Secret data. Every other object is a struct (per field).</li>
 * </ul>
 * Paths here are field names joined with dots, list items left out ({@code spec.template.spec.containers.env}).
 */
final class SsaSchema {
    /** Fields Kubernetes never tracks (fieldmanager's stripMeta, plus status: reset on the main resource). */
    static final Set<String> UNTRACKED_TOP = Set.of("apiVersion", "kind", "status");
    static final Set<String> UNTRACKED_METADATA = Set.of("name", "namespace", "uid", "resourceVersion", "generation",
            "creationTimestamp", "managedFields", "selfLink", "clusterName", "deletionTimestamp",
            "deletionGracePeriodSeconds");

    private static final Map<String, List<String>> MAP_LISTS = Map.of(
            "metadata.ownerReferences", List.of("uid"),
            "spec.template.spec.containers", List.of("name"),
            "spec.template.spec.initContainers", List.of("name"),
            "spec.template.spec.volumes", List.of("name"),
            "spec.template.spec.containers.env", List.of("name"),
            "spec.template.spec.containers.volumeMounts", List.of("mountPath"),
            "spec.containers", List.of("name"),
            "spec.containers.env", List.of("name"));
    private static final Set<String> SET_LISTS = Set.of("metadata.finalizers");
    private static final Set<String> MAP_NAMES = Set.of("labels", "annotations", "matchLabels");
    private static final Set<String> TOP_MAPS = Set.of("data", "binaryData", "stringData");

    private SsaSchema() {
    }

    /** The key fields of an associative list at this path; null when the list is not one. */
    static List<String> listKeys(String path) {
        return MAP_LISTS.get(path);
    }

    static boolean isSetList(String path) {
        return SET_LISTS.contains(path);
    }

    /** Whether the object at this path is a granular map (keys are data, not schema fields). */
    static boolean isMap(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? TOP_MAPS.contains(path) : MAP_NAMES.contains(path.substring(dot + 1));
    }

    static boolean tracked(String parentPath, String field) {
        if (parentPath.isEmpty()) {
            return !UNTRACKED_TOP.contains(field);
        }
        return !parentPath.equals("metadata") || !UNTRACKED_METADATA.contains(field);
    }
}
