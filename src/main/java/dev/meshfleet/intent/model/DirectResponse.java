package dev.meshfleet.intent.model;

/** Answer the request with this status and body instead of forwarding it. */
public record DirectResponse(Integer status, DirectResponseBody body) {
}
