package dev.meshfleet.intent.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.meshfleet.intent.model.Egress;
import dev.meshfleet.intent.model.MeshSpec;
import dev.meshfleet.intent.model.RawResource;
import dev.meshfleet.intent.model.Service;
import dev.meshfleet.intent.model.ServiceEntry;
import dev.meshfleet.intent.model.ServiceEntryLocation;
import dev.meshfleet.intent.model.ServiceEntryPort;
import dev.meshfleet.intent.model.ServiceEntryResolution;

/**
 * Service entries and egress, checked where Istio would accept the resources but traffic would not flow. Pure. Codes:
 * <ul>
 * <li>MF121 service-entry-no-endpoints (warning): resolution STATIC with neither endpoints nor a workloadSelector:
 * the service has no endpoints, so every call to it fails.</li>
 * <li>MF122 workload-selector-external (warning): a workloadSelector on a MESH_EXTERNAL entry; Istio applies it only
 * to MESH_INTERNAL ones.</li>
 * <li>MF123 egress-host-undeclared (warning): no service entry of this intent (typed or raw) declares the egress host,
 * so unless one exists outside this mesh's intent the gateway has nowhere to send it (istioctl analyze: IST0101).</li>
 * <li>MF221 egress-resolution-none (error): the service entry for an egress host has resolution NONE: the gateway
 * would send the traffic to itself in a loop ("Egress Gateways" task: DNS resolution must be used).</li>
 * <li>MF222 egress-port-undeclared (error): the service entry for an egress host has no port with the egress's
 * number, so there is no route from the gateway to the host on it.</li>
 * <li>MF223 egress-host-routed (error): a service of the intent routes the egress host too (as its host or one of
 * its further hosts); sidecars use one
 * VirtualService per host, so one of the two would be ignored.</li>
 * </ul>
 * Egress hosts also count as routed hosts for MF204 (another mesh on a shared cluster routing the same host).
 */
final class ExternalServiceAnalysis {
    private ExternalServiceAnalysis() {
    }

    static List<Finding> analyze(MeshSpec spec) {
        List<Finding> findings = new ArrayList<>();
        List<ServiceEntry> entries = spec.serviceEntries() == null ? List.of() : spec.serviceEntries();
        for (int i = 0; i < entries.size(); i++) {
            ServiceEntry e = entries.get(i);
            String p = "$.spec.serviceEntries[" + i + "]";
            boolean noEndpoints = isEmpty(e.endpoints()) && e.workloadSelector() == null;
            if (e.resolutionOrDefault() == ServiceEntryResolution.STATIC && noEndpoints) {
                findings.add(Finding.warning("MF121", p + ".resolution", "resolution STATIC without endpoints or a "
                        + "workloadSelector: " + e.name() + " has no endpoints, so every call to it fails"));
            }
            if (e.workloadSelector() != null && e.location() != ServiceEntryLocation.MESH_INTERNAL) {
                findings.add(Finding.warning("MF122", p + ".workloadSelector", "a workloadSelector selects mesh workloads: "
                        + "set location MESH_INTERNAL (Istio applies it only there)"));
            }
        }
        List<Egress> egress = spec.egress() == null ? List.of() : spec.egress();
        for (int i = 0; i < egress.size(); i++) {
            egress(egress.get(i), "$.spec.egress[" + i + "]", entries, spec.resources(), findings);
        }
        routedByServices(spec, egress, findings);
        return findings;
    }

    /** The egress hosts (each routed in-mesh by its VirtualService) to the path of each. */
    static Map<String, String> egressHosts(MeshSpec spec) {
        Map<String, String> hosts = new LinkedHashMap<>();
        for (int i = 0; spec.egress() != null && i < spec.egress().size(); i++) {
            hosts.putIfAbsent(spec.egress().get(i).host(), "$.spec.egress[" + i + "].host");
        }
        return hosts;
    }

    private static void routedByServices(MeshSpec spec, List<Egress> egress, List<Finding> findings) {
        if (spec.services() == null || egress.isEmpty()) {
            return;
        }
        Map<String, String> hosts = egressHosts(spec);
        for (int i = 0; i < spec.services().size(); i++) {
            Service s = spec.services().get(i);
            if (!ServiceHosts.routes(s)) {
                continue;
            }
            // the service's own host (when set; a bare name never equals an external host) and its further hosts
            ServiceHosts.written(s, "$.spec.services[" + i + "]").forEach((host, path) -> {
                if (hosts.containsKey(host) && !path.endsWith(".name")) {
                    findings.add(Finding.error("MF223", path, "host '" + host + "' is routed by this service and by the "
                            + "egress at " + hosts.get(host) + ": sidecars use one VirtualService per host, so one of "
                            + "the two would be ignored"));
                }
            });
        }
    }

    private static void egress(Egress e, String p, List<ServiceEntry> entries, List<RawResource> raw, List<Finding> findings) {
        ServiceEntry declaring = entries.stream().filter(se -> se.hosts() != null && se.hosts().contains(e.host()))
                .findFirst().orElse(null);
        if (declaring == null) {
            if (!declaredByRaw(e.host(), raw)) {
                findings.add(Finding.warning("MF123", p + ".host", "no service entry of this mesh declares '" + e.host()
                        + "': unless one exists outside this mesh's intent, the egress gateway cannot reach it"));
            }
            return;
        }
        int at = entries.indexOf(declaring);
        if (declaring.resolutionOrDefault() == ServiceEntryResolution.NONE) {
            findings.add(Finding.error("MF221", "$.spec.serviceEntries[" + at + "].resolution", "service entry "
                    + declaring.name() + " for egress host '" + e.host() + "' must resolve by DNS: with resolution NONE "
                    + "the egress gateway sends the traffic to itself in a loop"));
        }
        List<ServiceEntryPort> ports = declaring.ports() == null ? List.of() : declaring.ports();
        if (ports.stream().noneMatch(port -> e.port().equals(port.number()))) {
            findings.add(Finding.error("MF222", p + ".port", "service entry " + declaring.name() + " declares no port "
                    + e.port() + " for '" + e.host() + "', so the egress gateway has no route to it"));
        }
    }

    private static boolean declaredByRaw(String host, List<RawResource> raw) {
        if (raw == null) {
            return false;
        }
        return raw.stream().filter(r -> "ServiceEntry".equals(r.kind()) && r.spec() != null)
                .map(r -> r.spec().get("hosts")).anyMatch(hosts -> hosts instanceof List<?> list && list.contains(host));
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }
}
