package dev.meshfleet.intent.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.meshfleet.intent.model.Protocol;
import dev.meshfleet.intent.model.ServiceEntry;
import dev.meshfleet.intent.model.ServiceEntryEndpoint;
import dev.meshfleet.intent.model.ServiceEntryPort;
import dev.meshfleet.intent.model.ServiceEntryResolution;

/**
 * A service entry, refused where Istio would refuse it: the CRD's rules (x-kubernetes-validations of
 * networking.istio.io ServiceEntry) and istiod's validation webhook ({@code ValidateServiceEntry} in
 * istio/istio pilot/pkg/config/validation). Each rule names the field it is about.
 */
final class ServiceEntryRules {
    private static final Pattern ENDPOINT_PORT_NAME = Pattern.compile("[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?");
    private static final Pattern EXPORT_TO = Pattern.compile("\\.|\\*|~|[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern FQDN = Pattern.compile(
            "[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*\\.?");
    private static final String UNIX = "unix://";

    private final PathChecks checks;

    ServiceEntryRules(PathChecks checks) {
        this.checks = checks;
    }

    void check(ServiceEntry e, String p) {
        checks.dnsLabel(e.name(), p + ".name");
        checks.dnsLabel(e.namespace(), p + ".namespace");
        ServiceEntryResolution resolution = e.resolutionOrDefault();
        hosts(e, resolution, p);
        boolean cidr = false;
        for (int i = 0; e.addresses() != null && i < e.addresses().size(); i++) {
            String a = e.addresses().get(i);
            cidr |= a.contains("/");
            if (!IpAddresses.isIpOrCidr(a)) {
                checks.error(p + ".addresses[" + i + "]", "must be an IP address or a CIDR block (e.g. 192.192.192.192/24)");
            }
        }
        if (cidr && resolution != ServiceEntryResolution.NONE && resolution != ServiceEntryResolution.STATIC) {
            checks.error(p + ".addresses", "CIDR addresses are allowed only with resolution NONE or STATIC");
        }
        Set<String> portNames = ports(e, p);
        if (e.workloadSelector() != null && e.endpoints() != null) {
            checks.error(p + ".workloadSelector", "give endpoints or a workloadSelector, not both");
        }
        if (e.workloadSelector() != null) {
            workloadSelector(e.workloadSelector().labels(), p + ".workloadSelector.labels");
        }
        endpoints(e, resolution, portNames, p);
        exportTo(e.exportTo(), p + ".exportTo");
    }

    private void hosts(ServiceEntry e, ServiceEntryResolution resolution, String p) {
        if (checks.required(e.hosts(), p + ".hosts") && e.hosts().isEmpty()) {
            checks.error(p + ".hosts", "needs at least one host");
        }
        if (e.hosts() == null) {
            return;
        }
        for (int i = 0; i < e.hosts().size(); i++) {
            String h = e.hosts().get(i);
            String hp = p + ".hosts[" + i + "]";
            if ("*".equals(h)) {
                checks.error(hp, "must not be '*' (a service entry names its hosts; '*.example.com' is allowed)");
                continue;
            }
            checks.host(h, hp);
            boolean wildcard = h.startsWith("*");
            boolean dns = resolution == ServiceEntryResolution.DNS || resolution == ServiceEntryResolution.DNS_ROUND_ROBIN;
            if (wildcard && dns && (e.endpoints() == null || e.endpoints().isEmpty()
                    || resolution == ServiceEntryResolution.DNS_ROUND_ROBIN)) {
                checks.error(hp, "a wildcard host cannot be resolved: resolution " + resolution
                        + " needs fully qualified hosts" + (resolution == ServiceEntryResolution.DNS ? " (or endpoints)" : ""));
            }
        }
        if (resolution != ServiceEntryResolution.NONE && e.hosts().size() > 1 && e.ports() != null
                && e.ports().stream().anyMatch(port -> port.protocol() != null && !httpOrTls(port.protocol()))) {
            checks.error(p + ".hosts", "several hosts on a non-HTTP, non-TLS port cannot be told apart: use one host, "
                    + "or resolution NONE");
        }
    }

    private static boolean httpOrTls(Protocol protocol) {
        return protocol != Protocol.TCP && protocol != Protocol.MONGO;
    }

    private Set<String> ports(ServiceEntry e, String p) {
        Set<String> names = new HashSet<>();
        Set<Integer> numbers = new HashSet<>();
        checks.each(e.ports(), p + ".ports", (port, pp) -> {
            if (checks.required(port.number(), pp + ".number")) {
                checks.range(port.number(), 1, 65535, pp + ".number");
                if (!numbers.add(port.number())) {
                    checks.error(pp + ".number", "duplicate port " + port.number());
                }
            }
            checks.range(port.targetPort(), 1, 65535, pp + ".targetPort");
            if (checks.required(port.name(), pp + ".name")) {
                String name = port.name();
                if (name.length() > 63 || !PathChecks.PORT_NAME.matcher(name).matches() || name.contains(".")) {
                    checks.error(pp + ".name", "must be a DNS label (lower-case letters, digits, '-')");
                } else if (!names.add(port.name())) {
                    checks.error(pp + ".name", "duplicate port name '" + port.name() + "'");
                }
            }
        });
        return names;
    }

    private void endpoints(ServiceEntry e, ServiceEntryResolution resolution, Set<String> portNames, String p) {
        List<ServiceEntryEndpoint> endpoints = e.endpoints();
        if (endpoints == null) {
            return;
        }
        if (resolution == ServiceEntryResolution.NONE) {
            checks.error(p + ".endpoints", "resolution NONE takes no endpoints (use STATIC or DNS)");
            return;
        }
        if (resolution == ServiceEntryResolution.DNS_ROUND_ROBIN && endpoints.size() > 1) {
            checks.error(p + ".endpoints", "resolution DNS_ROUND_ROBIN takes at most one endpoint");
        }
        boolean unix = false;
        for (int i = 0; i < endpoints.size(); i++) {
            ServiceEntryEndpoint ep = endpoints.get(i);
            String ep_ = p + ".endpoints[" + i + "]";
            unix |= endpoint(ep, resolution, portNames, ep_);
        }
        if (unix && (e.ports() == null || e.ports().size() != 1)) {
            checks.error(p + ".ports", "unix socket endpoints need exactly one port");
        }
    }

    /** Checks one endpoint; true when it is a unix socket. */
    private boolean endpoint(ServiceEntryEndpoint ep, ServiceEntryResolution resolution, Set<String> portNames, String p) {
        String address = ep.address();
        if (address == null) {
            if (ep.network() == null) {
                checks.error(p + ".address", "is required (or a network, for an endpoint reached through its network's gateway)");
            }
        } else if (address.startsWith(UNIX)) {
            if (resolution != ServiceEntryResolution.STATIC) {
                checks.error(p + ".address", "unix socket endpoints need resolution STATIC");
            }
            String path = address.substring(UNIX.length());
            if (!(path.startsWith("/") || path.startsWith("@")) || path.endsWith("/") || path.length() < 2) {
                checks.error(p + ".address", "a unix socket must be an absolute path (unix:///var/run/socket) or an "
                        + "abstract socket (unix://@name), not a directory");
            }
            if (ep.ports() != null) {
                checks.error(p + ".ports", "a unix socket endpoint takes no ports");
            }
        } else if (resolution == ServiceEntryResolution.STATIC) {
            if (!IpAddresses.isIp(address)) {
                checks.error(p + ".address", "resolution STATIC needs an IP address (or unix:// socket)");
            }
        } else if (!IpAddresses.isIp(address) && (address.startsWith("*") || !fqdn(address))) {
            checks.error(p + ".address", "must be a fully qualified DNS name or an IP address");
        }
        if (ep.ports() != null) {
            for (Map.Entry<String, Integer> port : ep.ports().entrySet()) {
                String pp = p + ".ports." + port.getKey();
                if (!portNames.contains(port.getKey())) {
                    checks.error(pp, "names no port of the service entry");
                } else if (port.getKey().length() >= 63 || !ENDPOINT_PORT_NAME.matcher(port.getKey()).matches()) {
                    checks.error(pp, "is not a valid port name");
                }
                if (port.getValue() == null) {
                    checks.error(pp, "must not be null");
                } else {
                    checks.range(port.getValue(), 1, 65535, pp);
                }
            }
        }
        checks.labels(ep.labels(), p + ".labels");
        checks.range(ep.weight(), 0, Integer.MAX_VALUE, p + ".weight");
        if (ep.serviceAccount() != null && ep.serviceAccount().length() > 253) {
            checks.error(p + ".serviceAccount", "must be at most 253 characters");
        }
        if (ep.locality() != null && (ep.locality().isEmpty() || ep.locality().contains("*")
                || List.of(ep.locality().split("/", -1)).contains(""))) {
            checks.error(p + ".locality", "must be region[/zone[/subzone]] without empty parts or '*'");
        }
        return address != null && address.startsWith(UNIX);
    }

    private static boolean fqdn(String name) {
        return name.length() <= 255 && FQDN.matcher(name).matches();
    }

    private void workloadSelector(Map<String, String> labels, String p) {
        if (labels == null) {
            return;
        }
        checks.labels(labels, p);
        labels.forEach((k, v) -> {
            if (v != null && v.contains("*")) {
                checks.error(p + "." + k, "wildcards are not supported in a selector");
            }
        });
    }

    void exportTo(List<String> exportTo, String p) {
        if (exportTo == null) {
            return;
        }
        for (int i = 0; i < exportTo.size(); i++) {
            if (!EXPORT_TO.matcher(exportTo.get(i)).matches()) {
                checks.error(p + "[" + i + "]", "must be '.', '*', '~' or a namespace name");
            }
        }
    }
}
