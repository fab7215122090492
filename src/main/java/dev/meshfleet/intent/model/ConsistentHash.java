package dev.meshfleet.intent.model;

/** Session affinity: hash on exactly one of a header, a cookie, the source IP or a query parameter. */
public record ConsistentHash(String httpHeaderName, HashCookie httpCookie, Boolean useSourceIp, String httpQueryParameterName) {
}
