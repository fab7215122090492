package dev.meshfleet.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real SSH git server for tests: Apache MINA sshd (the SSH library JGit's transport uses, here as the server) on a
 * free port of 127.0.0.1 with its own ECDSA host key, public-key authentication against one authorised key, and
 * {@code git-upload-pack '<repo>'} served by JGit's UploadPack from the bare repositories under a root directory. It
 * counts what clients got to: key exchanges, public-key authentications (accepted or not) and upload-packs run.
 */
public final class GitSshServer implements AutoCloseable {
    private final SshServer server;
    private final KeyPair hostKey;
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger authAttempts = new AtomicInteger();
    private final AtomicInteger uploads = new AtomicInteger();

    public GitSshServer(Path root, PublicKey authorized) throws IOException, GeneralSecurityException {
        hostKey = newKey();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) -> {
            authAttempts.incrementAndGet();
            return "git".equals(user) && KeyUtils.compareKeys(authorized, key);
        });
        server.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
            @Override
            public void sessionCreated(org.apache.sshd.common.session.Session session) {
                sessions.incrementAndGet();
            }
        });
        server.setCommandFactory((channel, command) -> new UploadPackCommand(root, command));
        server.start();
    }

    /** A fresh ECDSA P-256 key pair (host or client key). */
    public static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** The private key as {@code ssh-keygen} writes it (OpenSSH format, no passphrase). */
    public static String openSshPrivateKey(KeyPair key) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "meshfleet-test", null, out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    public int port() {
        return server.getPort();
    }

    /** {@code ssh://git@127.0.0.1:<port>/<name>} */
    public String url(String name) {
        return "ssh://git@127.0.0.1:" + port() + "/" + name;
    }

    /** The known_hosts line for this server, as {@code ssh-keyscan -p <port> 127.0.0.1} prints it. */
    public String knownHostsLine() {
        return knownHostsLine(hostKey.getPublic());
    }

    /** A known_hosts line naming this server's address with another key. */
    public String knownHostsLine(PublicKey key) {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key);
    }

    public int sessions() {
        return sessions.get();
    }

    public int authAttempts() {
        return authAttempts.get();
    }

    public int uploads() {
        return uploads.get();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** {@code git-upload-pack '/name'}: JGit's UploadPack over the channel's streams, on a thread of its own. */
    private final class UploadPackCommand implements Command {
        private final Path root;
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        UploadPackCommand(Path root, String command) {
            this.root = root;
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread thread = new Thread(this::run, "git-ssh-upload-pack");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            String prefix = "git-upload-pack ";
            if (!command.startsWith(prefix)) {
                fail("only git-upload-pack is served");
                return;
            }
            String name = command.substring(prefix.length()).replace("'", "").replaceFirst("^/+", "");
            Path dir = root.resolve(name).normalize();
            if (!dir.startsWith(root) || !dir.toFile().isDirectory()) {
                fail("no repository " + name);
                return;
            }
            uploads.incrementAndGet();
            try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build()) {
                new UploadPack(repo).upload(in, out, err);
                out.flush();
                exit.onExit(0);
            } catch (IOException | RuntimeException e) {
                fail(String.valueOf(e.getMessage()));
            }
        }

        private void fail(String message) {
            try {
                err.write((message + "\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
            } catch (IOException ignored) {
                // the client went away
            }
            exit.onExit(1, message);
        }

        @Override
        public void destroy(ChannelSession channel) {
            // the upload ends with its streams
        }
    }
}
