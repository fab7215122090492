package dev.meshfleet.intent.model;

import java.util.Map;

/** The mTLS mode of the workloads a selector picks in a namespace, with per-port overrides. */
public record WorkloadMtls(String name, String namespace, Map<String, String> selector, MtlsMode mode, Map<Integer, MtlsMode> portLevelMtls) {
}
