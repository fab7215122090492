package dev.meshfleet.intent.model;

/** Session affinity: hash on exactly one of a header, a cookie, the source IP or a query parameter; the ring hash (default) or Maglev algorithm. */
public record ConsistentHash(String httpHeaderName, HashCookie httpCookie, Boolean useSourceIp, String httpQueryParameterName,
        Long minimumRingSize, RingHash ringHash, Maglev maglev) {
}
