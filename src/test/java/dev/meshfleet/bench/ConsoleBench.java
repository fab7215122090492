package dev.meshfleet.bench;

import static dev.meshfleet.bench.FleetBench.pct;
import static dev.meshfleet.bench.FleetBench.send;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.remote.RemoteWebDriver;

import dev.meshfleet.support.Browser;
import dev.meshfleet.support.KeycloakServer.User;

/**
 * Console benchmark (issue 14), in headless Chromium against the packaged server (scripts/bench-console), logged in at
 * Keycloak: (1) the fleet page of a 1,000-cluster fleet, all on one page (limit=1000, with every cluster's
 * per-mesh state) from navigation to the table drawn; (2) the mesh editor's plan of an intent rendering 5,000
 * resources on a cluster, from the plan request to the diff drawn; (3) rollout events from the engine's commit (the
 * event's own timestamp) to their line in the open page's timeline. Times come from the page's performance marks.
 */
public class ConsoleBench {
    private static final int CLUSTERS = 1000;
    private static final int PLAN_SERVICES = 2500;   // a VirtualService and a DestinationRule each: 5,000 resources

    public static void main(String[] args) throws Exception {
        dev.meshfleet.support.QuietJdkLogging.apply(); // before any HTTP client is made
        String base = args[0];
        String token = System.getenv("MESHFLEET_TOKEN");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        System.out.printf("Meshfleet console benchmark: %d clusters, a %d-resource plan, rollout events; %d cores%n",
                CLUSTERS, PLAN_SERVICES * 2, Runtime.getRuntime().availableProcessors());
        String tenant = "console-" + (System.currentTimeMillis() % 100000);
        String api = base + "/api/v1/tenants/" + tenant;
        send(http, token, "POST", base + "/api/v1/tenants", "{\"name\":\"" + tenant + "\"}", null, 201);
        send(http, token, "POST", api + "/members", "{\"subject\":\"" + User.ALICE.subject + "\",\"role\":\"admin\"}", null, 201);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> registered = new ArrayList<>();
        for (int i = 0; i < CLUSTERS; i++) {
            // c0000 takes the big plan, c0001 the measured rollout: meshes routing one host must not share a cluster
            String labels = i == 0 ? "{\"plan\":\"target\"}" : i == 1 ? "{\"rollout\":\"target\"}"
                    : "{\"env\":\"prod\",\"index\":\"" + i + "\"}";
            String body = String.format("{\"name\":\"c%04d\",\"labels\":%s}", i, labels);
            registered.add(pool.submit(() -> send(http, token, "POST", api + "/clusters", body, null, 201)));
        }
        for (Future<?> f : registered) {
            f.get();
        }
        pool.shutdown();
        String seed = Files.readString(Path.of("deploy/examples/payments-mesh.yaml"));
        send(http, token, "POST", api + "/meshes", "{\"name\":\"payments\",\"trustDomain\":\"cluster.local\","
                + "\"placement\":{\"matchLabels\":{\"env\":\"prod\"}}}", null, 201);
        send(http, token, "PUT", api + "/meshes/payments/intent", seed, null, 201);
        send(http, token, "POST", api + "/meshes", "{\"name\":\"big\",\"trustDomain\":\"cluster.local\","
                + "\"placement\":{\"matchLabels\":{\"plan\":\"target\"}}}", null, 201);
        send(http, token, "POST", api + "/meshes", "{\"name\":\"steps\",\"trustDomain\":\"cluster.local\","
                + "\"placement\":{\"matchLabels\":{\"rollout\":\"target\"}}}", null, 201);
        send(http, token, "PUT", api + "/meshes/steps/intent", seed.replace("name: payments", "name: steps"), null, 201);
        StringBuilder steps = new StringBuilder("[");
        for (int i = 0; i < 21; i++) {
            steps.append("{\"pause\":{}},");
        }
        steps.append("{\"setWeight\":100}");
        String rollout = send(http, token, "POST", api + "/meshes/steps/rollouts", "{\"services\":[\"payment-service\"],"
                + "\"stableVersion\":\"v1\",\"canaryVersion\":\"v2\",\"steps\":" + steps + "]}", null, 201).path("id").asText();

        RemoteWebDriver driver = Browser.open();
        try {
            String console = base.replace("127.0.0.1", "localhost") + "/console/";
            logIn(driver, console + "fleet.html?tenant=" + tenant);
            fleet(driver, console + "fleet.html?tenant=" + tenant + "&limit=1000");
            plan(driver, console + "mesh.html?tenant=" + tenant + "&mesh=big");
            topology(driver, console + "topology.html?tenant=" + tenant + "&mesh=big", http, token, api);
            events(driver, console + "rollouts.html?tenant=" + tenant + "&mesh=steps&rollout=" + rollout, http, token,
                    api + "/meshes/steps/rollouts/" + rollout + "/resume");
        } finally {
            driver.quit();
        }
    }

    private static void logIn(RemoteWebDriver driver, String url) {
        driver.get(url);
        Browser.awaitVisible(driver, By.id("username")).sendKeys(User.ALICE.username);
        driver.findElement(By.id("password")).sendKeys(User.ALICE.password());
        driver.findElement(By.id("kc-login")).click();
        awaitLoaded(driver);
    }

    private static void awaitLoaded(RemoteWebDriver driver) {
        Browser.await(driver, Duration.ofSeconds(60), d -> "true".equals(js(d, "return document.body.dataset.loaded")));
    }

    private static Object js(org.openqa.selenium.WebDriver driver, String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    private static void fleet(RemoteWebDriver driver, String url) {
        List<Double> drawn = new ArrayList<>();
        List<Double> fcp = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            driver.get(url);
            awaitLoaded(driver);
            Object rows = js(driver, "return document.querySelectorAll('#clusters tbody tr').length");
            if (number(rows) != CLUSTERS) {
                throw new IllegalStateException("the fleet page shows " + rows + " rows, not " + CLUSTERS);
            }
            if (round == 0) {
                continue;   // the first load warms the server's and the browser's caches
            }
            drawn.add(number(js(driver, "return performance.getEntriesByName('meshfleet-fleet-drawn')[0].startTime")));
            fcp.add(number(js(driver, "return (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: 0}).startTime")));
        }
        print("fleet page, all 1,000 clusters on one page: navigation -> table drawn (ms)", drawn);
        print("fleet page: first contentful paint (ms)", fcp);
    }

    private static void plan(RemoteWebDriver driver, String url) {
        driver.get(url);
        awaitLoaded(driver);
        List<Double> planned = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            StringBuilder yaml = new StringBuilder("apiVersion: meshfleet.dev/v1\nkind: Mesh\nmetadata:\n  name: big\nspec:\n  services:\n");
            for (int i = 0; i < PLAN_SERVICES; i++) {
                yaml.append("    - {name: s").append(i).append(", namespace: bench, ports: [{number: ").append(8080 + round)
                        .append(", name: http, protocol: HTTP}], versions: [{name: v1, labels: {version: v1}}], http: [{route: [{version: v1}]}]}\n");
            }
            Object before = js(driver, "return performance.getEntriesByName('meshfleet-plan-drawn').length");
            js(driver, "const e = document.getElementById('intent'); e.value = arguments[0];"
                    + " e.dispatchEvent(new Event('input', {bubbles: true}));", yaml.toString());
            Browser.await(driver, Duration.ofSeconds(120), d -> number(js(d,
                    "return performance.getEntriesByName('meshfleet-plan-drawn').length")) > number(before));
            String summary = (String) js(driver, "return document.querySelector('#plan-clusters summary').textContent");
            if (!summary.contains((PLAN_SERVICES * 2) + " to create")) {
                throw new IllegalStateException("unexpected plan: " + summary);
            }
            if (round > 0) {
                planned.add(number(js(driver, "const a = performance.getEntriesByName('meshfleet-plan-asked');"
                        + " const d = performance.getEntriesByName('meshfleet-plan-drawn');"
                        + " return d[d.length - 1].startTime - a[a.length - 1].startTime")));
            }
        }
        print("plan diff of 5,000 resources on one cluster: request -> diff drawn (ms)", planned);
    }

    /** 1,000 services, each allowed to be called by the one before it (POST /api): the graph's load, layout and draw. */
    private static void topology(RemoteWebDriver driver, String url, HttpClient http, String token, String api)
            throws Exception {
        StringBuilder yaml = new StringBuilder("apiVersion: meshfleet.dev/v1\nkind: Mesh\nmetadata:\n  name: big\nspec:\n  services:\n");
        for (int i = 0; i < 1000; i++) {
            yaml.append("    - {name: s").append(i).append(", namespace: ns").append(i % 20)
                    .append(", ports: [{number: 8080, name: http, protocol: HTTP}], versions: [{name: v1, labels: {version: v1}}],"
                            + " http: [{route: [{version: v1}]}]}\n");
        }
        yaml.append("  authorization:\n    policies:\n");
        for (int i = 1; i < 1000; i++) {
            yaml.append("      - {name: p").append(i).append(", namespace: ns").append(i % 20).append(", selector: {app: s").append(i)
                    .append("}, action: ALLOW, rules: [{from: [{principals: [cluster.local/ns/ns").append((i - 1) % 20)
                    .append("/sa/s").append(i - 1).append("]}], to: [{methods: [POST], paths: [/api]}]}]}\n");
        }
        send(http, token, "PUT", api + "/meshes/big/intent", yaml.toString(), null, 201);
        List<Double> drawn = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            driver.get(url);
            awaitLoaded(driver);
            if (round > 0) {
                drawn.add(number(js(driver, "return performance.getEntriesByName('meshfleet-topology-drawn')[0].startTime")));
            }
        }
        Object nodes = js(driver, "return document.querySelectorAll('#canvas .node').length");
        print("topology of " + nodes + " nodes: navigation -> graph drawn (ms)", drawn);
    }

    @SuppressWarnings("unchecked")
    private static void events(RemoteWebDriver driver, String url, HttpClient http, String token, String resume)
            throws Exception {
        driver.get(url);
        awaitLoaded(driver);
        Browser.await(driver, Duration.ofSeconds(30), d -> "open".equals(js(d, "return document.body.dataset.stream")));
        Browser.await(driver, Duration.ofSeconds(30), d -> "PAUSED".equals(js(d, "return document.body.dataset.phase")));
        int shown = (int) number(js(driver, "return performance.getEntriesByName('meshfleet-event-shown').length"));
        for (int i = 0; i < 20; i++) {
            send(http, token, "POST", resume, "{}", null, 202);
            int expected = shown;
            Browser.await(driver, Duration.ofSeconds(30), d -> number(js(d,
                    "return performance.getEntriesByName('meshfleet-event-shown').length")) > expected);
            Browser.await(driver, Duration.ofSeconds(30), d -> "PAUSED".equals(js(d, "return document.body.dataset.phase")));
            shown = (int) number(js(driver, "return performance.getEntriesByName('meshfleet-event-shown').length"));
        }
        List<Map<String, Object>> marks = (List<Map<String, Object>>) js(driver,
                "return performance.getEntriesByName('meshfleet-event-shown').map(m => ({at: m.detail.at,"
                        + " shown: performance.timeOrigin + m.startTime}))");
        List<Double> latencies = new ArrayList<>();
        // the first events were replayed when the page opened; the live ones are those after it
        for (Map<String, Object> m : marks.subList(marks.size() - Math.min(marks.size(), 40), marks.size())) {
            double committed = OffsetDateTime.parse((String) m.get("at")).toInstant().toEpochMilli();
            latencies.add(number(m.get("shown")) - committed);
        }
        print("rollout event: engine commit -> line on screen (ms)", latencies);
    }

    private static void print(String what, List<Double> values) {
        long[] sorted = values.stream().mapToLong(Math::round).sorted().toArray();
        System.out.printf("%-75s n=%d p50=%d p95=%d max=%d (goal <= 1000)%n", what, sorted.length, pct(sorted, 50),
                pct(sorted, 95), sorted[sorted.length - 1]);
    }
}
