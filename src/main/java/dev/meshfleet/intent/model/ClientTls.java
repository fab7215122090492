package dev.meshfleet.intent.model;

import java.util.List;

/** TLS that the calling sidecar originates towards the service. */
public record ClientTls(ClientTlsMode mode, String sni, String credentialName, List<String> subjectAltNames) {
}
