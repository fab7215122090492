package dev.meshfleet.intent.model;

import java.util.List;

/** Peer authentication: the mesh-wide mode, then namespace and workload overrides. */
public record Mtls(MtlsMode mode, List<NamespaceMtls> namespaces, List<WorkloadMtls> workloads) {
}
