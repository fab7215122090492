package dev.meshfleet.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * An open-loop HTTP/1.1 GET load generator that costs little CPU: requests are due on a fixed schedule, whatever the
 * server answers, and each is timed from when it was due (a stall shows in full: no coordinated omission). Each of a
 * fixed set of keep-alive connections takes the next due request as soon as it is free, so the schedule is kept
 * while fewer than that many requests are outstanding.
 *
 * <p>Why not the JDK's HttpClient: on our 2 shared cores it took 0.69 cores to offer 1,000 GETs a second (more than the
 * server took to answer them) and fell behind, so the latencies it printed were mostly its own. Plain blocking sockets
 * and a minimal response reader take a few hundredths of a core for the same load.
 */
final class OpenLoopHttp {
    /** The first request is due this long after the call: the connections open before it. */
    static final long LEAD_NANOS = 500_000_000L;

    private OpenLoopHttp() {
    }

    /** Latencies in microseconds, -1 for a request that failed or did not answer 200. */
    static long[] run(URI base, String authorization, int rate, int seconds, int connections, LongFunction<String> path)
            throws InterruptedException {
        long interval = 1_000_000_000L / rate;
        int total = seconds * rate;
        long[] latencies = new long[total];
        AtomicLong next = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime() + LEAD_NANOS;
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread worker = new Thread(() -> {
                Connection connection = null;
                try {
                    connection = new Connection(base);
                } catch (IOException e) {
                    // opened again at its first request, and counted there if it fails again
                }
                for (long n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
                    long due = start + n * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    try {
                        if (connection == null) {
                            connection = new Connection(base);
                        }
                        int status = connection.get(path.apply(n), authorization);
                        latencies[(int) n] = status == 200 ? (System.nanoTime() - due) / 1000 : -1;
                        if (status != 200 && failures.incrementAndGet() < 5) {
                            System.err.println("request answered " + status);
                        }
                    } catch (IOException e) {
                        latencies[(int) n] = -1;
                        if (failures.incrementAndGet() < 5) {
                            System.err.println("request failed: " + e);
                        }
                        connection = Connection.closeQuietly(connection);
                    }
                }
                Connection.closeQuietly(connection);
            }, "open-loop-" + c);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return latencies;
    }

    /** One keep-alive connection; reads responses with Content-Length or chunked bodies. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final String host;

        Connection(URI base) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            host = base.getHost() + ":" + base.getPort();
        }

        static Connection closeQuietly(Connection connection) {
            if (connection != null) {
                try {
                    connection.socket.close();
                } catch (IOException e) {
                    // closing a broken connection
                }
            }
            return null;
        }

        int get(String path, String authorization) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + authorization
                    + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                        size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used
                }
            } else if (length > 0) {
                skip(length);
            }
            return status;
        }

        private void skip(long bytes) throws IOException {
            for (long left = bytes; left > 0;) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("the connection closed within a response");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }
    }
}
