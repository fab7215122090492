package dev.meshfleet.render;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import dev.meshfleet.intent.model.Gateway;
import dev.meshfleet.intent.model.GatewayServer;
import io.fabric8.istio.api.api.networking.v1alpha3.Port;
import io.fabric8.istio.api.api.networking.v1alpha3.Server;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettingsTLSProtocol;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettingsTLSmode;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** An ingress Gateway: the gateway pods it selects and its servers (port, hosts, TLS). Its routes are VirtualServices. */
final class Gateways {
    private final ManagedMetadata marks;

    Gateways(ManagedMetadata marks) {
        this.marks = marks;
    }

    HasMetadata of(Gateway g) {
        var spec = new io.fabric8.istio.api.api.networking.v1alpha3.Gateway();
        spec.setSelector(new TreeMap<>(g.selector()));
        List<Server> servers = new ArrayList<>();
        for (GatewayServer s : g.servers()) {
            Server server = new Server();
            server.setName(s.name());
            Port port = new Port();
            port.setNumber(s.port().number().longValue());
            port.setName(s.port().name());
            port.setProtocol(s.port().protocol().name());
            server.setPort(port);
            server.setHosts(s.hosts());
            if (s.tls() != null) {
                ServerTLSSettings tls = new ServerTLSSettings();
                if (s.tls().mode() != null) {
                    tls.setMode(ServerTLSSettingsTLSmode.valueOf(s.tls().mode().name()));
                }
                tls.setCredentialName(s.tls().credentialName());
                tls.setHttpsRedirect(s.tls().httpsRedirect());
                if (s.tls().subjectAltNames() != null) {
                    tls.setSubjectAltNames(s.tls().subjectAltNames());
                }
                if (s.tls().minProtocolVersion() != null) {
                    tls.setMinProtocolVersion(ServerTLSSettingsTLSProtocol.valueOf(s.tls().minProtocolVersion().name()));
                }
                tls.setServerCertificate(s.tls().serverCertificate());
                tls.setPrivateKey(s.tls().privateKey());
                tls.setCaCertificates(s.tls().caCertificates());
                if (s.tls().maxProtocolVersion() != null) {
                    tls.setMaxProtocolVersion(ServerTLSSettingsTLSProtocol.valueOf(s.tls().maxProtocolVersion().name()));
                }
                if (s.tls().cipherSuites() != null) {
                    tls.setCipherSuites(s.tls().cipherSuites());
                }
                server.setTls(tls);
            }
            servers.add(server);
        }
        spec.setServers(servers);
        var gateway = new io.fabric8.istio.api.networking.v1.Gateway();
        gateway.setMetadata(marks.of(g.name(), g.namespaceOrDefault()));
        gateway.setSpec(spec);
        return gateway;
    }
}
