package dev.meshfleet.intent.model;

/** Connection pool limits (TCP and HTTP). */
public record ConnectionPool(TcpPool tcp, HttpPool http) {
}
