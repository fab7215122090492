package dev.meshfleet.intent.validation;

import java.util.List;

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

    private void cipherSuites(List<String> suites, String path) {
        if (suites == null) {
            return;
        }
        if (suites.isEmpty()) {
            checks.error(path, "must name at least one cipher suite (or be left out)");
        }
        for (int i = 0; i < suites.size(); i++) {
            String suite = suites.get(i);
            if (suite.isBlank() || suite.contains(" ") || suite.contains(":")) {
                checks.error(path + "[" + i + "]", "must be one cipher suite name such as ECDHE-RSA-AES256-GCM-SHA384");
            }
        }
    }
}
