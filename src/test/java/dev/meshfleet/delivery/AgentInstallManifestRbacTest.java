package dev.meshfleet.delivery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;

/**
 * The install manifest grants the agent what its trust keeper reads and writes (a real API server would refuse it
 * otherwise, and the simulated clusters do not enforce RBAC), and nothing in istio-system beyond named objects.
 */
class AgentInstallManifestRbacTest {
    record Access(String namespace, String group, String resource, String name, String verb) {
    }

    static final List<Access> TRUST_NEEDS = List.of(
            new Access("istio-system", "", "secrets", "cacerts", "get"),
            new Access("istio-system", "", "secrets", "cacerts", "patch"),
            new Access("istio-system", "", "secrets", "meshfleet-previous-ca", "get"),
            new Access("istio-system", "", "secrets", "meshfleet-previous-ca", "patch"),
            new Access("istio-system", "", "secrets", null, "create"),
            new Access("istio-system", "", "configmaps", "istio", "get"),
            new Access("istio-system", "", "configmaps", "istio-ca-root-cert", "get"),
            new Access("istio-system", "apps", "deployments", "istiod", "get"),
            new Access("istio-system", "apps", "daemonsets", "ztunnel", "get"),
            new Access(null, "", "configmaps", null, "list"));

    @Test
    void grantsWhatTheTrustKeeperNeeds() {
        List<HasMetadata> resources = AgentInstallManifest.resources(new AgentInstallManifest.Settings(
                "https://meshfleet.example.com", "image", "c1", null, null));
        for (Access need : TRUST_NEEDS) {
            boolean granted = resources.stream().anyMatch(r -> rules(r, need.namespace()).stream()
                    .anyMatch(rule -> grants(rule, need)));
            assertTrue(granted, "not granted: " + need);
        }
        for (HasMetadata r : resources) {
            if (r instanceof Role role && "istio-system".equals(role.getMetadata().getNamespace())) {
                for (PolicyRule rule : role.getRules()) {
                    assertTrue(!rule.getResourceNames().isEmpty() || rule.getVerbs().equals(List.of("create")),
                            "istio-system access must name its objects: " + rule);
                }
            }
        }
    }

    private static List<PolicyRule> rules(HasMetadata r, String namespace) {
        if (r instanceof ClusterRole cluster) {
            return cluster.getRules();
        }
        if (r instanceof Role role && namespace != null && namespace.equals(role.getMetadata().getNamespace())) {
            return role.getRules();
        }
        return List.of();
    }

    private static boolean grants(PolicyRule rule, Access need) {
        return rule.getApiGroups().contains(need.group()) && rule.getResources().contains(need.resource())
                && rule.getVerbs().contains(need.verb())
                && (rule.getResourceNames().isEmpty() || need.name() != null && rule.getResourceNames().contains(need.name()));
    }
}
