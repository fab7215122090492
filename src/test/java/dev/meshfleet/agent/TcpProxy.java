package dev.meshfleet.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the server, for what networks do to agents: cut (connections dropped, new ones refused),
 * restored, or frozen (bytes are taken in and never passed on, sockets stay open: a black hole, as a frozen process or
 * a path that drops packets without a reset looks to both ends).
 */
final class TcpProxy implements AutoCloseable {
    private record Link(Socket client, Socket server, boolean[] carriedStream) {
    }

    private final int target;
    private final ServerSocket listener;
    private final Set<Link> open = ConcurrentHashMap.newKeySet();
    private final Set<Link> frozen = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean freezeNew;
    private volatile boolean freezeNextReport;
    private volatile boolean closeNextReport;
    /** Agent report requests whose connection {@link #closeNextReport()} closed. */
    final AtomicInteger closedReports = new AtomicInteger();
    /** Agent report requests black-holed by {@link #freezeNextReport()}. */
    final AtomicInteger frozenReports = new AtomicInteger();
    /** Connections refused while cut. */
    final AtomicInteger refused = new AtomicInteger();
    /** Agent stream requests ({@code GET /agent/v1/stream}) passed on to the server. */
    final AtomicInteger streamRequests = new AtomicInteger();

    TcpProxy(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "proxy");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    void cut() {
        cut = true;
        for (Link link : List.copyOf(open)) {
            closeQuietly(link);
        }
    }

    /** Black-holes the connections that carry agent streams now; other connections and new ones pass as usual. */
    void freezeStreams() {
        open.stream().filter(link -> link.carriedStream()[0]).forEach(frozen::add);
    }

    /** Black-holes every connection, open now or made later, until {@link #restore()}. */
    void freezeAll() {
        freezeNew = true;
        frozen.addAll(open);
    }

    /**
     * Black-holes the connection that carries the next agent report ({@code POST /agent/v1/reports}), for good: the
     * request never reaches the server, no answer and no close ever reach the agent. Other connections pass.
     */
    void freezeNextReport() {
        freezeNextReport = true;
    }

    /**
     * Closes the connection that carries the next agent report as the request arrives, without passing it on: what an
     * agent sees when it reuses a kept-alive connection the other end has just closed.
     */
    void closeNextReport() {
        closeNextReport = true;
    }

    /** Ends a cut or a freeze; connections frozen so far are closed (their bytes are gone). */
    void restore() {
        cut = false;
        freezeNew = false;
        for (Link link : List.copyOf(frozen)) {
            closeQuietly(link);
        }
        frozen.clear();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (cut) {
                    client.close();
                    refused.incrementAndGet();
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                Link link = new Link(client, server, new boolean[1]);
                open.add(link);
                if (freezeNew) {
                    frozen.add(link);
                }
                pump(link, client, server);
                pump(link, server, client);
            } catch (IOException e) {
                // listener closed or a connection failed: keep serving others
            }
        }
    }

    private void pump(Link link, Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            // the streams are not closed here: closing one closes its socket, which a black hole must not do
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (from == link.client() && new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains("GET /agent/v1/stream ")) {
                        link.carriedStream()[0] = true;
                        streamRequests.incrementAndGet();
                    }
                    boolean report = (closeNextReport || freezeNextReport) && from == link.client()
                            && new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1)
                                    .contains("POST /agent/v1/reports ");
                    if (report && closeNextReport) {
                        closeNextReport = false;
                        closedReports.incrementAndGet();
                        closeQuietly(link);
                        return;
                    }
                    if (report && freezeNextReport) {
                        freezeNextReport = false;
                        frozen.add(link);
                        frozenReports.incrementAndGet();
                    }
                    if (!frozen.contains(link)) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // connection ended
            } finally {
                if (frozen.contains(link)) {
                    // a black hole passes no close on either: the other end keeps its socket (and this pump drains it)
                    closeQuietly(from);
                } else {
                    closeQuietly(link);
                }
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closed
        }
    }

    private void closeQuietly(Link link) {
        try {
            link.client().close();
            link.server().close();
        } catch (IOException e) {
            // closed
        }
        open.remove(link);
    }

    @Override
    public void close() throws IOException {
        cut();
        listener.close();
    }
}
