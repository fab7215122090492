package dev.meshfleet.intent.validation;

import java.util.HashSet;
import java.util.Set;

import dev.meshfleet.intent.model.Mtls;

/** mTLS: per-namespace modes (one per namespace) and per-workload policies (selector, mode and port-level modes). */
final class MtlsRules {
    private final PathChecks checks;

    MtlsRules(PathChecks checks) {
        this.checks = checks;
    }

    void check(Mtls m, String p) {
        Set<String> namespaces = new HashSet<>();
        checks.each(m.namespaces(), p + ".namespaces", (n, np) -> {
            checks.dnsLabel(n.namespace(), np + ".namespace");
            checks.required(n.mode(), np + ".mode");
            if (n.namespace() != null && !namespaces.add(n.namespace())) {
                checks.error(np + ".namespace", "duplicate namespace '" + n.namespace() + "'");
            }
        });
        Set<String> workloads = new HashSet<>();
        checks.each(m.workloads(), p + ".workloads", (w, wp) -> {
            checks.dnsLabel(w.name(), wp + ".name");
            checks.dnsLabel(w.namespace(), wp + ".namespace");
            if (w.name() != null && !workloads.add(w.namespace() + "/" + w.name())) {
                checks.error(wp + ".name", "duplicate workload policy '" + w.name() + "'");
            }
            if (checks.required(w.selector(), wp + ".selector") && w.selector().isEmpty()) {
                checks.error(wp + ".selector", "must select workloads with at least one label");
            }
            checks.labels(w.selector(), wp + ".selector");
            if (w.mode() == null && (w.portLevelMtls() == null || w.portLevelMtls().isEmpty())) {
                checks.error(wp + ".mode", "give a mode, port-level modes or both");
            }
            if (w.portLevelMtls() != null) {
                w.portLevelMtls().forEach((port, mode) -> {
                    checks.range(port, 1, 65535, wp + ".portLevelMtls." + port);
                    if (mode == null) {
                        checks.error(wp + ".portLevelMtls." + port, "must be a mode");
                    }
                });
            }
        });
    }
}
