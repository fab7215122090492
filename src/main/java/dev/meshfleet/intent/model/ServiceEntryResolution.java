package dev.meshfleet.intent.model;

/**
 * How the proxy finds a service entry's endpoints: NONE (the address the application connected to), STATIC (the
 * endpoints' IPs), DNS and DNS_ROUND_ROBIN (resolving the endpoints, or else the hosts). DYNAMIC_DNS is left out: the
 * older Istio versions Meshfleet serves do not have it.
 */
public enum ServiceEntryResolution {
    NONE, STATIC, DNS, DNS_ROUND_ROBIN
}
