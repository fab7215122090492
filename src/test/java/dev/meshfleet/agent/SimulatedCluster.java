package dev.meshfleet.agent;

import java.util.HashMap;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/** One simulated cluster: a fabric8 mock API server in CRUD mode with the server-side-apply emulation. */
public final class SimulatedCluster implements AutoCloseable {
    public final KubernetesMockServer server;
    public final KubernetesClient client;

    public SimulatedCluster() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new ServerSideApplyDispatcher(),
                false);
        server.init();
        client = server.createClient();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
