package dev.meshfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.meshfleet.delivery.AgentInstallManifest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * The production checklist of issue 16, over every object of deploy/rendered read strictly into fabric8's types: for
 * every workload probes, requests and limits, the restricted security context, a grace period above the drain time and
 * NetworkPolicies (default deny plus explicit allows); the HA overlay's spread, budget and autoscaler; scraping; and
 * alerts that each have a runbook in docs/operations.md. The agent's rendered base is what the API serves.
 */
class ProductionChecklistTest {
    static final List<String> ISSUE_ALERTS = List.of("MeshfleetRolloutFailed", "MeshfleetRolloutStuck",
            "MeshfleetAgentDisconnected", "MeshfleetApplyFailures", "MeshfleetDrift", "MeshfleetCertificateExpiresIn30Days",
            "MeshfleetCertificateExpiresIn7Days", "MeshfleetCertificateExpiresIn1Day", "MeshfleetWebhookSignatureFailures",
            "MeshfleetOutboxBacklog", "MeshfleetKafkaConsumerLag");

    @Test
    void everyObjectParsesStrictlyIntoItsType() {
        for (Path file : RenderedManifests.files()) {
            List<HasMetadata> objects = RenderedManifests.objects(file);
            assertFalse(objects.isEmpty(), file + " is empty");
        }
    }

    @Test
    void everyWorkloadMeetsTheChecklist() {
        int workloads = 0;
        for (Path file : RenderedManifests.files()) {
            List<HasMetadata> objects = RenderedManifests.objects(file);
            for (Deployment d : RenderedManifests.ofType(objects, Deployment.class)) {
                checklist(file + ": Deployment " + d.getMetadata().getName(), d, objects);
                workloads++;
            }
        }
        assertEquals(4, workloads, "server (base, ha, dev) and agent");
    }

    private static void checklist(String what, Deployment d, List<HasMetadata> objects) {
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        var podSecurity = pod.getSecurityContext();
        assertNotNull(podSecurity, what + ": pod securityContext");
        for (Container c : pod.getContainers()) {
            String container = what + " container " + c.getName();
            assertNotNull(c.getImage(), container + ": image");
            var s = c.getSecurityContext();
            assertNotNull(s, container + ": securityContext");
            assertEquals(Boolean.TRUE, first(s.getRunAsNonRoot(), podSecurity.getRunAsNonRoot()), container + ": runAsNonRoot");
            Long user = first(s.getRunAsUser(), podSecurity.getRunAsUser());
            assertTrue(user != null && user > 0, container + ": runs as a non-zero user id");
            assertEquals(Boolean.TRUE, s.getReadOnlyRootFilesystem(), container + ": readOnlyRootFilesystem");
            assertEquals(Boolean.FALSE, s.getAllowPrivilegeEscalation(), container + ": allowPrivilegeEscalation false");
            assertTrue(s.getPrivileged() == null || !s.getPrivileged(), container + ": not privileged");
            assertEquals(List.of("ALL"), s.getCapabilities().getDrop(), container + ": drops all capabilities");
            assertTrue(s.getCapabilities().getAdd() == null || s.getCapabilities().getAdd().isEmpty(), container + ": adds none");
            var seccomp = first(s.getSeccompProfile(), podSecurity.getSeccompProfile());
            assertEquals("RuntimeDefault", seccomp == null ? null : seccomp.getType(), container + ": seccomp RuntimeDefault");
            for (String resource : List.of("cpu", "memory")) {
                assertNotNull(c.getResources().getRequests().get(resource), container + ": requests " + resource);
                assertNotNull(c.getResources().getLimits().get(resource), container + ": limits " + resource);
            }
            assertNotNull(c.getLivenessProbe(), container + ": liveness probe");
            assertNotNull(c.getReadinessProbe(), container + ": readiness probe");
            if (isServer(d)) {
                serverProbes(container, c);
            }
        }
        Long grace = pod.getTerminationGracePeriodSeconds();
        assertNotNull(grace, what + ": terminationGracePeriodSeconds");
        long drain = isServer(d) ? serverDrainSeconds(pod, objects) : 10;
        assertTrue(grace > drain, what + ": terminationGracePeriodSeconds " + grace + " must exceed the drain time " + drain + " s");
        networkPolicies(what, d, objects);
    }

    private static boolean isServer(Deployment d) {
        return "meshfleet".equals(d.getMetadata().getLabels().get("app.kubernetes.io/name"));
    }

    /** Probes on /q/health/* on the management port, the one application.properties configures. */
    private static void serverProbes(String container, Container c) {
        int management = managementPort();
        ContainerPort port = c.getPorts().stream().filter(p -> p.getContainerPort() == management).findFirst()
                .orElseThrow(() -> new AssertionError(container + ": no container port " + management + " (management)"));
        for (Probe probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
            assertNotNull(probe, container + ": startup, liveness and readiness probes");
            assertTrue(probe.getHttpGet().getPath().startsWith("/q/health/"), container + ": probe path " + probe.getHttpGet().getPath());
            var target = probe.getHttpGet().getPort();
            assertTrue(port.getName().equals(target.getStrVal()) || Objects.equals(management, target.getIntVal()),
                    container + ": probe on the management port, not " + target);
        }
        assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath());
    }

    static int managementPort() {
        Matcher m = Pattern.compile("(?m)^quarkus\\.management\\.port=\\$\\{MESHFLEET_MANAGEMENT_PORT:(\\d+)}")
                .matcher(RenderedManifests.read(Path.of("src/main/resources/application.properties")));
        assertTrue(m.find(), "quarkus.management.port in application.properties");
        return Integer.parseInt(m.group(1));
    }

    /** preStop sleep plus Quarkus's shutdown timeout (from the ConfigMap the container reads). */
    private static long serverDrainSeconds(PodSpec pod, List<HasMetadata> objects) {
        Container c = pod.getContainers().get(0);
        long preStop = c.getLifecycle() == null || c.getLifecycle().getPreStop() == null ? 0
                : c.getLifecycle().getPreStop().getSleep().getSeconds();
        String configMap = c.getEnvFrom().get(0).getConfigMapRef().getName();
        String timeout = RenderedManifests.ofType(objects, ConfigMap.class).stream()
                .filter(m -> m.getMetadata().getName().equals(configMap)).findFirst()
                .orElseThrow(() -> new AssertionError("ConfigMap " + configMap)).getData().get("QUARKUS_SHUTDOWN_TIMEOUT");
        assertNotNull(timeout, "QUARKUS_SHUTDOWN_TIMEOUT is set (Quarkus's default waits for nothing)");
        return preStop + Duration.parse("PT" + timeout.toUpperCase(Locale.ROOT)).toSeconds();
    }

    /** A default deny (all pods, both directions, no rules) and a policy for the workload's pods in its namespace. */
    private static void networkPolicies(String what, Deployment d, List<HasMetadata> objects) {
        String namespace = d.getMetadata().getNamespace();
        List<NetworkPolicy> policies = RenderedManifests.ofType(objects, NetworkPolicy.class).stream()
                .filter(p -> namespace.equals(p.getMetadata().getNamespace())).toList();
        assertTrue(policies.stream().anyMatch(p -> p.getSpec().getPodSelector().getMatchLabels().isEmpty()
                && p.getSpec().getPodSelector().getMatchExpressions().isEmpty()
                && Set.copyOf(p.getSpec().getPolicyTypes()).equals(Set.of("Ingress", "Egress"))
                && p.getSpec().getIngress().isEmpty() && p.getSpec().getEgress().isEmpty()),
                what + ": a default-deny NetworkPolicy in namespace " + namespace);
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        List<NetworkPolicy> allows = policies.stream().filter(p -> !p.getSpec().getPodSelector().getMatchLabels().isEmpty()
                && podLabels.entrySet().containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet())).toList();
        assertFalse(allows.isEmpty(), what + ": a NetworkPolicy allowing its traffic");
        Set<Integer> egress = new HashSet<>();
        Set<Integer> ingress = new HashSet<>();
        allows.forEach(p -> {
            p.getSpec().getEgress().forEach(r -> r.getPorts().forEach(port -> egress.add(port(port))));
            p.getSpec().getIngress().forEach(r -> r.getPorts().forEach(port -> ingress.add(port(port))));
        });
        assertTrue(egress.contains(53), what + ": DNS egress");
        if (isServer(d)) {
            // API, agents and webhooks on the HTTP port; scraping on the management port; Postgres, Kafka, the IdP
            assertTrue(ingress.containsAll(List.of(8080, managementPort())), what + ": ingress " + ingress);
            assertTrue(egress.containsAll(List.of(5432, 9092, 443)), what + ": egress " + egress);
        } else {
            assertTrue(egress.containsAll(List.of(443, 6443, 15012)), what + ": egress " + egress);
        }
    }

    private static int port(NetworkPolicyPort port) {
        return port.getPort().getIntVal();
    }

    @Test
    void haOverlaySpreadsReplicasKeepsABudgetAndScales() {
        List<HasMetadata> ha = RenderedManifests.objects(RenderedManifests.file("server-ha"));
        Deployment d = RenderedManifests.ofType(ha, Deployment.class).get(0);
        assertEquals(3, d.getSpec().getReplicas());
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        var anti = d.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity();
        assertTrue(anti.getRequiredDuringSchedulingIgnoredDuringExecution().stream().anyMatch(t ->
                t.getTopologyKey().equals("kubernetes.io/hostname") && podLabels.entrySet()
                        .containsAll(t.getLabelSelector().getMatchLabels().entrySet())), "required anti-affinity on hostname");
        assertTrue(anti.getPreferredDuringSchedulingIgnoredDuringExecution().stream().anyMatch(t ->
                t.getPodAffinityTerm().getTopologyKey().equals("topology.kubernetes.io/zone")), "preferred spread over zones");
        PodDisruptionBudget pdb = RenderedManifests.ofType(ha, PodDisruptionBudget.class).get(0);
        assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));
        assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal(), "a drain takes one replica at a time");
        HorizontalPodAutoscaler hpa = RenderedManifests.ofType(ha, HorizontalPodAutoscaler.class).get(0);
        assertEquals(d.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertTrue(hpa.getSpec().getMinReplicas() >= 3, "the autoscaler never goes below the HA replicas");
        int partitions = Integer.parseInt(RenderedManifests.ofType(ha, ConfigMap.class).get(0).getData()
                .get("MESHFLEET_KAFKA_PARTITIONS"));
        assertTrue(hpa.getSpec().getMaxReplicas() <= partitions, "more replicas than partitions would leave engines idle");
    }

    @Test
    void theServerTakesEverySecretByReferenceAndCreatesNone() {
        for (String name : List.of("server", "server-ha", "server-dev")) {
            List<HasMetadata> objects = RenderedManifests.objects(RenderedManifests.file(name));
            if (!name.equals("server-dev")) { // the dev overlay brings throwaway values of its own
                assertTrue(RenderedManifests.ofType(objects, io.fabric8.kubernetes.api.model.Secret.class).isEmpty(),
                        name + ": secrets are referenced, never shipped");
            }
            PodSpec pod = RenderedManifests.ofType(objects, Deployment.class).get(0).getSpec().getTemplate().getSpec();
            Container server = pod.getContainers().get(0);
            Set<String> keyRefs = new HashSet<>();
            server.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .forEach(e -> keyRefs.add(unhashed(e.getValueFrom().getSecretKeyRef().getName()) + "/" + e.getName()));
            assertTrue(keyRefs.containsAll(List.of("meshfleet-db/MESHFLEET_DB_USER", "meshfleet-db/MESHFLEET_DB_PASSWORD",
                    "meshfleet-oidc/MESHFLEET_CONSOLE_SESSION_SECRET")), name + ": " + keyRefs);
            assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getSecret() != null
                    && unhashed(v.getSecret().getSecretName()).equals("meshfleet-kek")), name + ": the KEK is mounted from its Secret");
            // Kafka's client settings in KAFKA_* form, which every Kafka client of the server takes (KafkaCredentialsTest)
            assertTrue(server.getEnvFrom().stream().anyMatch(e -> e.getSecretRef() != null
                    && e.getSecretRef().getName().equals("meshfleet-kafka") && Boolean.TRUE.equals(e.getSecretRef().getOptional())),
                    name + ": Kafka credentials from the optional Secret meshfleet-kafka");
        }
    }

    /** A Secret's name without the content hash kustomize's secretGenerator appends (the dev overlay's). */
    private static String unhashed(String name) {
        return name.replaceFirst("-[a-z0-9]{10}$", "");
    }

    @Test
    void theServiceMonitorScrapesTheManagementPort() {
        for (String name : List.of("server", "server-ha", "server-dev")) {
            List<HasMetadata> objects = RenderedManifests.objects(RenderedManifests.file(name));
            ServiceMonitor monitor = RenderedManifests.ofType(objects, ServiceMonitor.class).get(0);
            var endpoint = monitor.getSpec().getEndpoints().get(0);
            assertEquals("/q/metrics", endpoint.getPath());
            Service service = RenderedManifests.ofType(objects, Service.class).stream().filter(s -> s.getMetadata().getLabels()
                    .entrySet().containsAll(monitor.getSpec().getSelector().getMatchLabels().entrySet())).findFirst()
                    .orElseThrow(() -> new AssertionError(name + ": the ServiceMonitor selects no Service"));
            var port = service.getSpec().getPorts().stream().filter(p -> p.getName().equals(endpoint.getPort())).findFirst()
                    .orElseThrow(() -> new AssertionError(name + ": Service " + service.getMetadata().getName() + " has no port "
                            + endpoint.getPort()));
            Container c = RenderedManifests.ofType(objects, Deployment.class).get(0).getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
            assertTrue(c.getPorts().stream().anyMatch(p -> p.getName().equals(port.getTargetPort().getStrVal())
                    && p.getContainerPort() == managementPort()), name + ": scrapes the management port");
        }
    }

    @Test
    void theIssuesAlertsExistEachWithSeverityAndARunbook() throws Exception {
        String guide = Files.readString(Path.of("docs", "operations.md"));
        Set<String> anchors = new HashSet<>();
        guide.lines().filter(l -> l.startsWith("#")).forEach(l -> anchors.add(anchor(l.replaceFirst("^#+\\s*", ""))));
        List<HasMetadata> objects = RenderedManifests.objects(RenderedManifests.file("server"));
        List<String> alerts = new ArrayList<>();
        for (PrometheusRule rules : RenderedManifests.ofType(objects, PrometheusRule.class)) {
            for (var group : rules.getSpec().getGroups()) {
                for (Rule rule : group.getRules()) {
                    alerts.add(rule.getAlert());
                    assertTrue(Set.of("info", "warning", "critical").contains(rule.getLabels().get("severity")), rule.getAlert());
                    assertNotNull(rule.getAnnotations().get("summary"), rule.getAlert() + ": summary");
                    String runbook = rule.getAnnotations().get("runbook_url");
                    assertTrue(runbook != null && runbook.contains("docs/operations.md#"), rule.getAlert() + ": runbook_url");
                    String anchor = runbook.substring(runbook.indexOf('#') + 1);
                    assertTrue(anchors.contains(anchor), rule.getAlert() + ": docs/operations.md has no heading for #" + anchor);
                }
            }
        }
        assertTrue(alerts.containsAll(ISSUE_ALERTS), "missing: " + ISSUE_ALERTS.stream().filter(a -> !alerts.contains(a)).toList());
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String heading) {
        return heading.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    @Test
    void theAgentsRenderedBaseIsWhatTheApiServes() {
        List<HasMetadata> rendered = RenderedManifests.objects(RenderedManifests.file("agent"));
        var secret = RenderedManifests.ofType(rendered, io.fabric8.kubernetes.api.model.Secret.class).get(0).getStringData();
        String image = RenderedManifests.ofType(rendered, Deployment.class).get(0).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage();
        List<HasMetadata> served = AgentInstallManifest.resources(new AgentInstallManifest.Settings(secret.get("server-url"),
                image, secret.get("cluster"), null, null));
        // kustomize orders objects by kind; the API keeps the base's order: compare them by kind, namespace and name
        assertEquals(byKey(rendered).keySet(), byKey(served).keySet());
        byKey(rendered).forEach((key, object) -> assertTrue(object.equals(byKey(served).get(key)),
                key + " differs between deploy/rendered/agent.yaml and the manifest the API serves"));
        // and what the API fills in lands where the base has its placeholders
        List<HasMetadata> forCluster = AgentInstallManifest.resources(new AgentInstallManifest.Settings(
                "https://mf.example.org", "registry.example.org/meshfleet:1.2.3", "prod-eu-1", "mfb_token", null));
        var filled = RenderedManifests.ofType(forCluster, io.fabric8.kubernetes.api.model.Secret.class).get(0).getStringData();
        assertEquals(Map.of("server-url", "https://mf.example.org", "cluster", "prod-eu-1", "bootstrap-token", "mfb_token"), filled);
        assertEquals("registry.example.org/meshfleet:1.2.3", RenderedManifests.ofType(forCluster, Deployment.class).get(0)
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals(rendered.size(), forCluster.size());
    }

    private static Map<String, HasMetadata> byKey(List<HasMetadata> objects) {
        Map<String, HasMetadata> out = new java.util.TreeMap<>();
        objects.forEach(o -> out.put(o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(), o));
        return out;
    }

    static <T> T first(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
