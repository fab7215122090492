package dev.meshfleet.intent.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.meshfleet.intent.model.ClusterOverride;
import dev.meshfleet.intent.model.MeshSpec;
import dev.meshfleet.intent.model.Service;
import dev.meshfleet.intent.model.ServiceOverride;

/**
 * The hosts a service's VirtualService routes: its own host (the name unless {@code host} is set), then its further
 * {@code hosts}. They count wherever hosts are compared (MF204 across meshes, MF223 against egress). Pure. Codes:
 * <ul>
 * <li>MF131 service-hosts-unrouted (warning): a service lists further hosts but has routes neither of its own nor from
 * any override, so no VirtualService is rendered for it and the hosts are not routed (Istio refuses a VirtualService
 * without routes).</li>
 * <li>MF207 service-host-conflict (error): two services of this mesh route one host (short names qualified with the
 * service's namespace): sidecars take one VirtualService per host, so one of the two would be ignored.</li>
 * </ul>
 */
final class ServiceHosts {
    private ServiceHosts() {
    }

    /** Whether the service renders a VirtualService (it has routes of its own). */
    static boolean routes(Service s) {
        return notEmpty(s.http()) || notEmpty(s.tcp()) || notEmpty(s.tls());
    }

    /** Every host the service's VirtualService names, as written, to the path that declares it. */
    static Map<String, String> written(Service s, String p) {
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put(s.host() != null ? s.host() : s.name(), p + (s.host() != null ? ".host" : ".name"));
        if (s.hosts() != null) {
            for (int j = 0; j < s.hosts().size(); j++) {
                hosts.putIfAbsent(s.hosts().get(j), p + ".hosts[" + j + "]");
            }
        }
        return hosts;
    }

    /** The same hosts fully qualified (a short name with the service's namespace), to the path of each. */
    static Map<String, String> qualified(Service s, String p) {
        Map<String, String> hosts = new LinkedHashMap<>();
        written(s, p).forEach((host, path) -> hosts.putIfAbsent(Service.qualifiedHost(host, s.namespace()), path));
        return hosts;
    }

    static List<Finding> analyze(MeshSpec spec) {
        List<Finding> findings = new ArrayList<>();
        List<Service> services = spec.services() == null ? List.of() : spec.services();
        Map<String, String> claimed = new HashMap<>();
        for (int i = 0; i < services.size(); i++) {
            Service s = services.get(i);
            String p = "$.spec.services[" + i + "]";
            boolean extra = notEmpty(s.hosts());
            if (extra && !routes(s) && !routedByOverride(spec, s.name())) {
                findings.add(Finding.warning("MF131", p + ".hosts", "service " + s.name() + " has no http, tcp or tls "
                        + "routes (nor does any override give it some), so no VirtualService is rendered for it and these "
                        + "hosts are not routed"));
            }
            if (!routes(s)) {
                continue;
            }
            qualified(s, p).forEach((host, path) -> {
                String first = claimed.putIfAbsent(host, path);
                if (first != null) {
                    findings.add(Finding.error("MF207", path, "host '" + host + "' is routed by the services at " + first
                            + " and " + path + ": sidecars use one VirtualService per host, so one of the two would be "
                            + "ignored"));
                }
            });
        }
        return findings;
    }

    private static boolean routedByOverride(MeshSpec spec, String service) {
        if (spec.overrides() == null) {
            return false;
        }
        for (ClusterOverride o : spec.overrides()) {
            for (ServiceOverride so : o.services() == null ? List.<ServiceOverride>of() : o.services()) {
                if (service.equals(so.name()) && (notEmpty(so.http()) || notEmpty(so.tcp()) || notEmpty(so.tls()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }
}
