package dev.meshfleet.agent;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A simulated cluster as its own process, for measuring the real agent process (scripts/bench-agent-memory): starts
 * the mock API server with the server-side-apply emulation and writes a kubeconfig pointing at it.
 */
public final class MockClusterMain {
    private MockClusterMain() {
    }

    public static void main(String[] args) throws Exception {
        SimulatedCluster cluster = new SimulatedCluster();
        String url = cluster.client.getMasterUrl().toString();
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: mock, user: {token: mock}}]
                contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: default}}]
                current-context: mock
                """.formatted(url);
        Path tmp = Path.of(args[0] + ".tmp");
        Files.writeString(tmp, kubeconfig);
        Files.move(tmp, Path.of(args[0]));
        Thread.currentThread().join();
    }
}
