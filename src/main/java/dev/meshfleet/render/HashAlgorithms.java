package dev.meshfleet.render;

import java.util.Map;
import java.util.TreeMap;

import dev.meshfleet.intent.model.ConsistentHash;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLB;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBMagLev_;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBMaglev;

/** The hash algorithm of consistent hashing: the deprecated minimumRingSize, ringHash or maglev. */
final class HashAlgorithms {
    private HashAlgorithms() {
    }

    static void apply(ConsistentHash h, LoadBalancerSettingsConsistentHashLB hash) {
        hash.setMinimumRingSize(h.minimumRingSize());
        if (h.ringHash() != null) {
            // fabric8 7.5's typed RingHash wraps itself (no minimumRingSize field), so the field is written as a map
            Map<String, Object> ringHash = new TreeMap<>();
            if (h.ringHash().minimumRingSize() != null) {
                ringHash.put("minimumRingSize", h.ringHash().minimumRingSize());
            }
            hash.setAdditionalProperty("ringHash", ringHash);
        } else if (h.maglev() != null) {
            hash.setHashAlgorithm(new LoadBalancerSettingsConsistentHashLBMaglev(
                    new LoadBalancerSettingsConsistentHashLBMagLev_(h.maglev().tableSize())));
        }
    }
}
