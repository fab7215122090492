package dev.meshfleet.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Looks at the certificate chain istiod serves on its CA/xDS port (15012): its second certificate is the intermediate
 * istiod signs workload certificates with now, which is the evidence that it loaded {@code cacerts}. The handshake
 * trusts any chain because nothing is sent over it: the connection is closed as soon as the chain is seen.
 */
final class IstiodTls {
    private static final int TIMEOUT_MILLIS = 5_000;

    private IstiodTls() {
    }

    static Optional<X509Certificate> caCertificate(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || !address.substring(colon + 1).matches("[0-9]{1,5}")) {
            throw new IOException("the istiod address must be host:port, not '" + address + "'");
        }
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] { new ObserveOnly() }, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime offers no TLS", e);
        }
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            plain.setSoTimeout(TIMEOUT_MILLIS);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setApplicationProtocols(new String[] { "h2" }); // istiod's gRPC server expects ALPN h2
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                Certificate[] chain = socket.getSession().getPeerCertificates();
                Certificate ca = chain.length > 1 ? chain[1] : chain.length == 1 ? chain[0] : null;
                return ca instanceof X509Certificate x509 ? Optional.of(x509) : Optional.empty();
            }
        }
    }

    /**
     * Accepts any server chain: the chain is the observation, not a credential. Extended, so that the JDK adds no
     * checks of its own around it (a plain X509TrustManager gets wrapped in some).
     */
    private static final class ObserveOnly extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
