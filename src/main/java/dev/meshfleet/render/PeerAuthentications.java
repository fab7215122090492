package dev.meshfleet.render;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.meshfleet.intent.model.Mtls;
import dev.meshfleet.intent.model.MtlsMode;
import io.fabric8.istio.api.api.security.v1beta1.PeerAuthenticationMutualTLS;
import io.fabric8.istio.api.api.security.v1beta1.PeerAuthenticationMutualTLSMode;
import io.fabric8.istio.api.api.type.v1beta1.WorkloadSelector;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** PeerAuthentications: the mesh-wide mTLS mode, one default per namespace, and per-workload (and per-port) modes. */
final class PeerAuthentications {
    /** Istio's root namespace: a PeerAuthentication named default there applies mesh-wide. */
    static final String ROOT_NAMESPACE = "istio-system";

    private final ManagedMetadata marks;

    PeerAuthentications(ManagedMetadata marks) {
        this.marks = marks;
    }

    void render(Mtls mtls, List<HasMetadata> out) {
        if (mtls.mode() != null) {
            out.add(peerAuthentication("default", ROOT_NAMESPACE, null, mtls.mode(), null));
        }
        if (mtls.namespaces() != null) {
            mtls.namespaces().forEach(n -> out.add(peerAuthentication("default", n.namespace(), null, n.mode(), null)));
        }
        if (mtls.workloads() != null) {
            mtls.workloads().forEach(w -> out.add(peerAuthentication(w.name(), w.namespace(), w.selector(), w.mode(),
                    w.portLevelMtls())));
        }
    }

    private HasMetadata peerAuthentication(String name, String namespace, Map<String, String> selector, MtlsMode mode,
            Map<Integer, MtlsMode> portLevel) {
        var spec = new io.fabric8.istio.api.api.security.v1beta1.PeerAuthentication();
        if (selector != null) {
            spec.setSelector(new WorkloadSelector(new TreeMap<>(selector)));
        }
        if (mode != null) {
            spec.setMtls(new PeerAuthenticationMutualTLS(PeerAuthenticationMutualTLSMode.valueOf(mode.name())));
        }
        if (portLevel != null && !portLevel.isEmpty()) {
            Map<String, PeerAuthenticationMutualTLS> ports = new TreeMap<>(Comparator.comparingInt(Integer::parseInt));
            portLevel.forEach((port, m) -> ports.put(Integer.toString(port),
                    new PeerAuthenticationMutualTLS(PeerAuthenticationMutualTLSMode.valueOf(m.name()))));
            spec.setPortLevelMtls(ports);
        }
        var pa = new io.fabric8.istio.api.security.v1.PeerAuthentication();
        pa.setMetadata(marks.of(name, namespace));
        pa.setSpec(spec);
        return pa;
    }
}
