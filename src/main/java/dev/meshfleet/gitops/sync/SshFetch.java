package dev.meshfleet.gitops.sync;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

import dev.meshfleet.gitops.core.KnownHosts;
import dev.meshfleet.gitops.core.SshKeys;

/**
 * One fetch over SSH (JGit's Apache MINA sshd transport) with the source's own key and known hosts, and nothing of the
 * server's: no ~/.ssh keys, config, agent or known_hosts file is read (the session's home is an empty directory of the
 * cache). The server must show a host key listed for the repository's host; any other key ends the connection before
 * the client authenticates, and is never learned.
 */
final class SshFetch implements AutoCloseable {
    private final SshdSessionFactory factory;
    private final AtomicReference<PublicKey> refused = new AtomicReference<>();

    /** The key or known hosts stored with a source cannot be used (they were checked when saved: only if edited since). */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message, null, false, false);
        }
    }

    private SshFetch(KeyPair key, KnownHosts hosts, Path home) {
        ServerKeyDatabase trusted = new ServerKeyDatabase() {
            @Override
            public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
                HostPort target = HostPort.of(connectAddress, remoteAddress);
                return hosts.keysOf(target.host(), target.port());
            }

            @Override
            public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
                    Configuration config, CredentialsProvider provider) {
                HostPort target = HostPort.of(connectAddress, remoteAddress);
                boolean known = hosts.accepts(target.host(), target.port(), serverKey);
                if (!known) {
                    refused.set(serverKey);
                }
                return known;
            }
        };
        this.factory = new SshdSessionFactoryBuilder().setHomeDirectory(home.toFile())
                .setSshDirectory(home.resolve(".ssh").toFile())
                .setConfigFile(dir -> home.resolve("no-ssh-config").toFile())
                .setDefaultIdentities(dir -> List.of())
                .setDefaultKeysProvider(dir -> List.of(key))
                .setDefaultKnownHostsFiles(dir -> List.of())
                .setServerKeyDatabase((h, s) -> trusted)
                .setPreferredAuthentications("publickey")
                .setConnectorFactory(null)
                .build(null);
    }

    static SshFetch of(String privateKey, String knownHosts, Path workDir) throws Unusable {
        var key = SshKeys.parse(privateKey);
        if (key.pair().isEmpty()) {
            throw new Unusable("the source's SSH key " + key.problem());
        }
        var hosts = KnownHosts.parse(knownHosts);
        if (hosts.hosts().isEmpty()) {
            throw new Unusable("the source's knownHosts " + hosts.problem());
        }
        Path home = workDir.resolve("ssh-home");
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new Unusable("cannot prepare the SSH session directory: " + e.getMessage());
        }
        return new SshFetch(key.pair().get(), hosts.hosts().get(), home);
    }

    void configure(Transport transport) {
        if (transport instanceof SshTransport ssh) {
            ssh.setSshSessionFactory(factory);
        }
    }

    /** The host key the server showed and the known hosts did not list, if that is why the fetch failed. */
    String refusedKey() {
        PublicKey key = refused.get();
        return key == null ? null : KnownHosts.fingerprint(key);
    }

    @Override
    public void close() {
        factory.close();
    }

    /** The host and port a session connects to: JGit names them {@code host} (port 22) or {@code [host]:port}. */
    private record HostPort(String host, int port) {
        static HostPort of(String connectAddress, InetSocketAddress remote) {
            if (connectAddress != null && connectAddress.startsWith("[") && connectAddress.contains("]:")) {
                int end = connectAddress.indexOf("]:");
                try {
                    return new HostPort(connectAddress.substring(1, end), Integer.parseInt(connectAddress.substring(end + 2)));
                } catch (NumberFormatException e) {
                    // fall through to the remote address
                }
            }
            if (connectAddress != null && !connectAddress.isEmpty() && !connectAddress.contains(":")) {
                return new HostPort(connectAddress, remote != null ? remote.getPort() : 22);
            }
            return new HostPort(remote.getHostString(), remote.getPort());
        }
    }
}
