package dev.meshfleet.render;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import dev.meshfleet.intent.model.ServiceEntry;
import dev.meshfleet.intent.model.ServiceEntryEndpoint;
import dev.meshfleet.intent.model.ServiceEntryPort;
import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryLocation;
import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryResolution;
import io.fabric8.istio.api.api.networking.v1alpha3.ServicePort;
import io.fabric8.istio.api.api.networking.v1alpha3.WorkloadEntry;
import io.fabric8.istio.api.api.networking.v1alpha3.WorkloadSelector;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** A service entry as Istio's ServiceEntry, field for field; what the intent leaves out is left out. */
final class ServiceEntries {
    private final ManagedMetadata marks;

    ServiceEntries(ManagedMetadata marks) {
        this.marks = marks;
    }

    HasMetadata of(ServiceEntry e) {
        var spec = new io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntry();
        spec.setHosts(e.hosts());
        if (e.addresses() != null) {
            spec.setAddresses(e.addresses());
        }
        if (e.ports() != null) {
            List<ServicePort> ports = new ArrayList<>();
            for (ServiceEntryPort p : e.ports()) {
                ServicePort port = new ServicePort();
                port.setNumber(p.number().longValue());
                port.setName(p.name());
                if (p.protocol() != null) {
                    port.setProtocol(p.protocol().name());
                }
                if (p.targetPort() != null) {
                    // fabric8's ServicePort has no targetPort property (Istio added it in 1.17); the CRD has it
                    port.setAdditionalProperty("targetPort", p.targetPort());
                }
                ports.add(port);
            }
            spec.setPorts(ports);
        }
        if (e.location() != null) {
            spec.setLocation(ServiceEntryLocation.valueOf(e.location().name()));
        }
        if (e.resolution() != null) {
            spec.setResolution(ServiceEntryResolution.valueOf(e.resolution().name()));
        }
        if (e.endpoints() != null) {
            spec.setEndpoints(e.endpoints().stream().map(ServiceEntries::endpoint).toList());
        }
        if (e.workloadSelector() != null) {
            WorkloadSelector selector = new WorkloadSelector();
            if (e.workloadSelector().labels() != null) {
                selector.setLabels(new TreeMap<>(e.workloadSelector().labels()));
            }
            spec.setWorkloadSelector(selector);
        }
        if (e.exportTo() != null) {
            spec.setExportTo(e.exportTo());
        }
        if (e.subjectAltNames() != null) {
            spec.setSubjectAltNames(e.subjectAltNames());
        }
        var entry = new io.fabric8.istio.api.networking.v1.ServiceEntry();
        entry.setMetadata(marks.of(e.name(), e.namespace()));
        entry.setSpec(spec);
        return entry;
    }

    private static WorkloadEntry endpoint(ServiceEntryEndpoint ep) {
        WorkloadEntry out = new WorkloadEntry();
        out.setAddress(ep.address());
        if (ep.ports() != null) {
            TreeMap<String, Long> ports = new TreeMap<>();
            ep.ports().forEach((name, number) -> ports.put(name, number.longValue()));
            out.setPorts(ports);
        }
        if (ep.labels() != null) {
            out.setLabels(new TreeMap<>(ep.labels()));
        }
        out.setNetwork(ep.network());
        out.setLocality(ep.locality());
        if (ep.weight() != null) {
            out.setWeight(ep.weight().longValue());
        }
        out.setServiceAccount(ep.serviceAccount());
        return out;
    }
}
