package dev.meshfleet.intent.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.meshfleet.intent.model.GatewayServer;
import dev.meshfleet.intent.model.Protocol;
import dev.meshfleet.intent.model.ServerTls;
import dev.meshfleet.intent.model.ServerTlsMode;
import dev.meshfleet.intent.model.TlsProtocolVersion;

/**
 * TLS of a gateway server: a mode that fits the protocol; for SIMPLE/MUTUAL termination the certificate from a Secret
 * (credentialName) or from files mounted in the gateway pod (serverCertificate and privateKey, plus caCertificates for
 * MUTUAL), never both; protocol versions in order; an HTTP-to-HTTPS redirect only on HTTP servers.
 */
final class ServerTlsRules {
    /** istio/istio pkg/config/security ValidCipherSuites (BoringSSL's names without PSK). */
    static final List<String> SUPPORTED_CIPHER_SUITES = List.of("ECDHE-ECDSA-AES128-GCM-SHA256",
            "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES128-SHA",
            "ECDHE-RSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES256-SHA", "AES128-GCM-SHA256",
            "AES256-GCM-SHA384", "AES128-SHA", "AES256-SHA", "DES-CBC3-SHA");

    private final PathChecks checks;

    ServerTlsRules(PathChecks checks) {
        this.checks = checks;
    }

    void check(GatewayServer s, String sp) {
        ServerTls tls = s.tls();
        Protocol protocol = s.port() == null ? null : s.port().protocol();
        boolean tlsProtocol = protocol == Protocol.HTTPS || protocol == Protocol.TLS;
        if (tls == null) {
            if (tlsProtocol) {
                checks.error(sp + ".tls", "is required for protocol " + protocol);
            }
            return;
        }
        String p = sp + ".tls";
        if (Boolean.TRUE.equals(tls.httpsRedirect())) {
            if (protocol != Protocol.HTTP) {
                checks.error(p + ".httpsRedirect", "only applies to HTTP servers");
            }
            return;
        }
        boolean files = tls.serverCertificate() != null || tls.privateKey() != null || tls.caCertificates() != null;
        if (tls.credentialName() != null && files) {
            checks.error(p + ".credentialName", "give credentialName or the file paths (serverCertificate, privateKey, "
                    + "caCertificates), not both");
        }
        if (tlsProtocol && checks.required(tls.mode(), p + ".mode")) {
            boolean terminates = tls.mode() == ServerTlsMode.SIMPLE || tls.mode() == ServerTlsMode.MUTUAL
                    || tls.mode() == ServerTlsMode.OPTIONAL_MUTUAL;
            if (terminates && tls.credentialName() == null && !files) {
                checks.error(p + ".credentialName", "is required for " + tls.mode()
                        + " (the Secret with the certificate), or give serverCertificate and privateKey (mounted files)");
            }
            if (terminates && tls.credentialName() == null && files) {
                checks.required(tls.serverCertificate(), p + ".serverCertificate");
                checks.required(tls.privateKey(), p + ".privateKey");
                if (tls.mode() != ServerTlsMode.SIMPLE) {
                    checks.required(tls.caCertificates(), p + ".caCertificates");
                }
            }
            if (!terminates && files) {
                checks.error(p + ".serverCertificate", "certificate files only apply to SIMPLE, MUTUAL and OPTIONAL_MUTUAL");
            }
            if (tls.mode() == ServerTlsMode.PASSTHROUGH && protocol != Protocol.TLS) {
                checks.error(p + ".mode", "PASSTHROUGH needs protocol TLS");
            }
        }
        path(tls.serverCertificate(), p + ".serverCertificate");
        path(tls.privateKey(), p + ".privateKey");
        path(tls.caCertificates(), p + ".caCertificates");
        TlsProtocolVersion min = tls.minProtocolVersion();
        TlsProtocolVersion max = tls.maxProtocolVersion();
        if (min != null && max != null && min != TlsProtocolVersion.TLS_AUTO && max != TlsProtocolVersion.TLS_AUTO
                && min.compareTo(max) > 0) {
            checks.error(p + ".maxProtocolVersion", "must not be below minProtocolVersion " + min);
        }
        cipherSuites(tls.cipherSuites(), p + ".cipherSuites");
    }

    private void path(String file, String path) {
        if (file != null && !file.startsWith("/")) {
            checks.error(path, "must be an absolute path in the gateway pod, e.g. /etc/istio/ingressgateway-certs/tls.crt");
        }
    }

    /**
     * Istio drops cipher suites Envoy does not support, and duplicates, without a word (istio/istio
     * pkg/config/security FilterCipherSuites): both are refused here so that what is written is what runs. Entries
     * starting with an operator ('-', '+', '!', '[') pass through as Istio passes them.
     */
    private void cipherSuites(List<String> suites, String path) {
        if (suites == null) {
            return;
        }
        if (suites.isEmpty()) {
            checks.error(path, "must name at least one cipher suite (or be left out)");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < suites.size(); i++) {
            String suite = suites.get(i);
            boolean operator = !suite.isEmpty() && !Character.isLetterOrDigit(suite.charAt(0));
            if (!operator && !suite.equals("ALL") && !SUPPORTED_CIPHER_SUITES.contains(suite)) {
                checks.error(path + "[" + i + "]", "is not a cipher suite Istio's gateways support (Istio would drop it): "
                        + String.join(", ", SUPPORTED_CIPHER_SUITES));
            } else if (!seen.add(suite)) {
                checks.error(path + "[" + i + "]", "duplicate cipher suite '" + suite + "'");
            }
        }
    }
}
