package dev.meshfleet.intent.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of a mesh's cluster overrides apply to a cluster, and what its services become there. The one place that
 * decides it: the renderer applies exactly the overrides {@link #matching} selects, and the bundle cache key, the
 * cluster shape and the label-change check compare {@link #matching} results, so none of them can disagree with what
 * is rendered. Pure.
 */
public final class ClusterOverrides {

    private ClusterOverrides() {
    }

    /** The indexes, in order, of the intent's overrides whose cluster selector matches these labels (null: none). */
    public static List<Integer> matching(MeshIntent intent, Map<String, String> clusterLabels) {
        List<ClusterOverride> overrides = intent.spec() == null ? null : intent.spec().overrides();
        if (overrides == null || overrides.isEmpty()) {
            return List.of();
        }
        Map<String, String> labels = clusterLabels == null ? Map.of() : clusterLabels;
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < overrides.size(); i++) {
            if (overrides.get(i).clusters().toSelector().matches(labels)) {
                out.add(i);
            }
        }
        return List.copyOf(out);
    }

    /** The mesh's services by name (in the intent's order) as a cluster with these labels receives them. */
    public static Map<String, Service> services(MeshIntent intent, Map<String, String> clusterLabels) {
        return apply(intent, matching(intent, clusterLabels));
    }

    /**
     * The mesh's services by name (in the intent's order) with the overrides at these indexes applied in order: each
     * replaces the fields it sets, so a later override wins for the same field.
     */
    public static Map<String, Service> apply(MeshIntent intent, List<Integer> overrideIndexes) {
        Map<String, Service> services = new LinkedHashMap<>();
        if (intent.spec().services() != null) {
            intent.spec().services().forEach(s -> services.put(s.name(), s));
        }
        for (int index : overrideIndexes) {
            for (ServiceOverride so : intent.spec().overrides().get(index).services()) {
                services.put(so.name(), overridden(services.get(so.name()), so));
            }
        }
        return Collections.unmodifiableMap(services);
    }

    private static Service overridden(Service s, ServiceOverride so) {
        return new Service(s.name(), s.namespace(), s.host(), s.ports(), s.versions(),
                so.trafficPolicy() != null ? so.trafficPolicy() : s.trafficPolicy(),
                so.http() != null ? so.http() : s.http(), so.tcp() != null ? so.tcp() : s.tcp(),
                so.tls() != null ? so.tls() : s.tls(), s.exportTo(), s.names(), s.hosts());
    }
}
