package dev.meshfleet.intent.model;

import java.util.Map;

/**
 * One endpoint of a service entry (Istio's WorkloadEntry inline): an IP, a DNS name or a {@code unix://} socket, its
 * port numbers by service port name, labels, network, locality, load-balancing weight and service account.
 */
public record ServiceEntryEndpoint(String address, Map<String, Integer> ports, Map<String, String> labels, String network,
        String locality, Integer weight, String serviceAccount) {
}
