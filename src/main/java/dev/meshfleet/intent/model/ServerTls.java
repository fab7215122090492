package dev.meshfleet.intent.model;

import java.util.List;

/** TLS on a gateway listener: SIMPLE/MUTUAL termination with a credential, PASSTHROUGH, or an HTTP to HTTPS redirect. */
public record ServerTls(ServerTlsMode mode, String credentialName, Boolean httpsRedirect, List<String> subjectAltNames, TlsProtocolVersion minProtocolVersion) {
}
