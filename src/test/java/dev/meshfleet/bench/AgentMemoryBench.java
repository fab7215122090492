package dev.meshfleet.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Helper of scripts/bench-agent-memory. {@code setup URL}: a tenant with one cluster and a mesh of the seed scaled to 500
 * services (1,006 resources); prints "tenant bootstrapToken". {@code wait URL TENANT}: waits until the cluster reports
 * the revision applied, printing how long it took.
 */
public final class AgentMemoryBench {
    private AgentMemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        dev.meshfleet.support.QuietJdkLogging.apply(); // before any HTTP client is made
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = System.getenv("MESHFLEET_TOKEN");
        String base = args[1];
        if (args[0].equals("setup")) {
            String tenant = "agentmem-" + System.currentTimeMillis() % 100000;
            FleetBench.send(http, token, "POST", base + "/api/v1/tenants", "{\"name\":\"" + tenant + "\"}", null, 201);
            String api = base + "/api/v1/tenants/" + tenant;
            FleetBench.send(http, token, "POST", api + "/meshes", "{\"name\":\"payments\",\"trustDomain\":\"cluster.local\"}",
                    null, 201);
            YAMLMapper yaml = new YAMLMapper();
            ObjectNode doc = (ObjectNode) yaml.readTree(Files.readString(Path.of("deploy/examples/payments-mesh.yaml")));
            ArrayNode services = (ArrayNode) doc.at("/spec/services");
            for (int i = 1; i < 500; i++) {
                services.add(((ObjectNode) services.get(0).deepCopy()).put("name", "payment-service-" + i));
            }
            FleetBench.send(http, token, "PUT", api + "/meshes/payments/intent", yaml.writeValueAsString(doc), null, 201);
            String bootstrap = FleetBench.send(http, token, "POST", api + "/clusters", "{\"name\":\"big\"}", null, 201)
                    .path("bootstrapToken").asText();
            System.out.println(tenant + " " + bootstrap);
        } else {
            String status = base + "/api/v1/tenants/" + args[2] + "/meshes/payments/status";
            long start = System.nanoTime();
            while (System.nanoTime() - start < Duration.ofSeconds(300).toNanos()) {
                JsonNode s = FleetBench.send(http, token, "GET", status, null, null, 200);
                if ("APPLIED".equals(s.at("/clusters/0/state").asText())) {
                    System.out.printf("agent applied 1,006 resources in %.1f s (from its start)%n",
                            (System.nanoTime() - start) / 1e9);
                    return;
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("the agent did not apply the revision in time");
        }
    }
}
