package dev.meshfleet.intent.model;

/** Port protocols Istio understands. */
public enum Protocol {
    HTTP, HTTPS, HTTP2, GRPC, TCP, TLS, MONGO
}
