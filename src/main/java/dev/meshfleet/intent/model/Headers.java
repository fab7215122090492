package dev.meshfleet.intent.model;

/** Header changes on the request before it is forwarded and on the response before it is returned (Istio's Headers). */
public record Headers(HeaderOperations request, HeaderOperations response) {
}
