package dev.meshfleet.intent.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.meshfleet.intent.model.Service;

/**
 * A service's further hosts ({@code services[].hosts}), routed by its VirtualService after its own host. Each is a host as
 * Istio reads it in a VirtualService: a fully qualified name or a short name (qualified with the service's namespace),
 * optionally starting with {@code *.}; {@code *} alone is refused (Istio refuses it for a VirtualService bound to the
 * sidecars, which a service's is). No host may appear twice, counting a short name and its qualified form as one, and
 * none may repeat the service's own host.
 */
final class ServiceHostRules {
    private final PathChecks checks;

    ServiceHostRules(PathChecks checks) {
        this.checks = checks;
    }

    void check(Service s, String p) {
        List<String> hosts = s.hosts();
        if (hosts == null) {
            return;
        }
        String own = s.host() != null ? s.host() : s.name();
        Map<String, Integer> seen = new HashMap<>();
        if (own != null && s.namespace() != null) {
            seen.put(Service.qualifiedHost(own, s.namespace()), -1);
        }
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            String hp = p + ".hosts[" + i + "]";
            if (host == null) {
                checks.error(hp, "must not be null");
            } else if ("*".equals(host)) {
                checks.error(hp, "'*' cannot be a host of a service's VirtualService: Istio refuses it for routes "
                        + "bound to the sidecars (mesh)");
            } else if (host.isEmpty()) {
                checks.error(hp, "must be a DNS name, optionally starting with '*.'");
            } else {
                checks.host(host, hp);
                duplicate(s, own, seen, i, hp);
            }
        }
    }

    private void duplicate(Service s, String own, Map<String, Integer> seen, int i, String hp) {
        if (s.namespace() == null) {
            return;
        }
        String host = s.hosts().get(i);
        Integer first = seen.putIfAbsent(Service.qualifiedHost(host, s.namespace()), i);
        if (first != null && first < 0) {
            checks.error(hp, "'" + host + "' is the service's own host (" + own + "), which is always the first host "
                    + "of its VirtualService");
        } else if (first != null) {
            checks.error(hp, "'" + host + "' repeats hosts[" + first + "] ('" + s.hosts().get(first)
                    + "'; a short name is qualified with the namespace " + s.namespace() + ")");
        }
    }
}
