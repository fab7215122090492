package dev.meshfleet.intent.model;

import java.util.List;

/**
 * An entry in Istio's service registry (rendered as a networking.istio.io ServiceEntry of the same name): an external
 * API, a database on VMs, or workloads selected by label. The fields are Istio's, with its defaults: location
 * MESH_EXTERNAL, resolution NONE.
 */
public record ServiceEntry(String name, String namespace, List<String> hosts, List<String> addresses,
        List<ServiceEntryPort> ports, ServiceEntryLocation location, ServiceEntryResolution resolution,
        List<ServiceEntryEndpoint> endpoints, WorkloadSelector workloadSelector, List<String> exportTo,
        List<String> subjectAltNames) {

    public ServiceEntryResolution resolutionOrDefault() {
        return resolution == null ? ServiceEntryResolution.NONE : resolution;
    }
}
