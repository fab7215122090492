package dev.meshfleet.intent.model;

import java.util.List;

/** TLS on a gateway listener: SIMPLE/MUTUAL termination with a credential (a Secret) or files mounted in the gateway pod, PASSTHROUGH, or an HTTP to HTTPS redirect. */
public record ServerTls(ServerTlsMode mode, String credentialName, Boolean httpsRedirect, List<String> subjectAltNames, TlsProtocolVersion minProtocolVersion,
        String serverCertificate, String privateKey, String caCertificates, TlsProtocolVersion maxProtocolVersion,
        List<String> cipherSuites) {
}
