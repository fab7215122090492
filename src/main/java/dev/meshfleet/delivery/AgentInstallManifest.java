package dev.meshfleet.delivery;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.meshfleet.protocol.AgentProtocol;
import dev.meshfleet.protocol.MeshfleetLabels;
import dev.meshfleet.render.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;

/**
 * The agent's install manifest: its own namespace and service account, least-privilege RBAC (Istio networking and
 * security resources cluster-wide, and listing ConfigMaps for trust evidence; in istio-system only the cacerts and
 * previous-CA secrets, reading istiod, the mesh config and whether ztunnel runs; in its own
 * namespace only its credential secret), the bootstrap Secret and a hardened Deployment. Pure.
 */
public final class AgentInstallManifest {
    public static final String NAMESPACE = "meshfleet-system";
    public static final String NAME = "meshfleet-agent";
    /** A small JVM for the agent: serial GC, C1 only, bounded heap, metaspace and code cache. */
    public static final String AGENT_JVM_OPTIONS = "-XX:+UseSerialGC -Xms16m -Xmx32m -Xss256k -XX:MaxMetaspaceSize=64m "
            + "-XX:ReservedCodeCacheSize=16m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:MaxDirectMemorySize=8m";
    private static final ObjectMapper TREE = JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_EMPTY).build();

    /**
     * bootstrapToken: null for a manifest without one (the Secret then holds
     * {@link AgentProtocol#TOKEN_PLACEHOLDER}, to be replaced by a token from POST .../bootstrap-token); warning: a
     * comment put on top (e.g. a loopback server URL), or null.
     */
    public record Settings(String serverUrl, String image, String clusterName, String bootstrapToken, String warning) {
        String tokenOrPlaceholder() {
            return bootstrapToken == null ? AgentProtocol.TOKEN_PLACEHOLDER : bootstrapToken;
        }
    }

    private AgentInstallManifest() {
    }

    public static List<HasMetadata> resources(Settings s) {
        Map<String, String> labels = Map.of("app.kubernetes.io/name", NAME, MeshfleetLabels.MANAGED_BY_LABEL, MeshfleetLabels.MANAGED_BY);
        var namespace = new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).withLabels(labels).endMetadata().build();
        var account = new ServiceAccountBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE)
                .withLabels(labels).endMetadata().build();
        var istioRole = new ClusterRoleBuilder().withNewMetadata().withName(NAME).withLabels(labels).endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups("networking.istio.io")
                        .withResources("virtualservices", "destinationrules", "gateways", "serviceentries", "sidecars",
                                "workloadentries", "workloadgroups", "envoyfilters", "proxyconfigs")
                        .withVerbs("get", "list", "watch", "create", "update", "patch", "delete").build(),
                        new PolicyRuleBuilder().withApiGroups("security.istio.io")
                                .withResources("peerauthentications", "authorizationpolicies", "requestauthentications")
                                .withVerbs("get", "list", "watch", "create", "update", "patch", "delete").build(),
                        new PolicyRuleBuilder().withApiGroups("telemetry.istio.io").withResources("telemetries")
                                .withVerbs("get", "list", "watch", "create", "update", "patch", "delete").build(),
                        // trust evidence: istiod's istio-ca-root-cert in every namespace (RBAC cannot narrow a list by name)
                        new PolicyRuleBuilder().withApiGroups("").withResources("configmaps").withVerbs("list").build())
                .build();
        var istioBinding = new ClusterRoleBindingBuilder().withNewMetadata().withName(NAME).withLabels(labels).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", NAME)
                .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(NAMESPACE).endSubject().build();
        var istioSystemRole = new RoleBuilder().withNewMetadata().withName(NAME).withNamespace("istio-system")
                .withLabels(labels).endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("secrets").withResourceNames("cacerts")
                        .withVerbs("get", "update", "patch").build(),
                        new PolicyRuleBuilder().withApiGroups("").withResources("secrets").withVerbs("create").build(),
                        new PolicyRuleBuilder().withApiGroups("").withResources("secrets")
                                .withResourceNames("meshfleet-previous-ca").withVerbs("get", "update", "patch").build(),
                        new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
                                .withResourceNames("istio", "istio-ca-root-cert").withVerbs("get").build(),
                        new PolicyRuleBuilder().withApiGroups("apps").withResources("deployments").withResourceNames("istiod")
                                .withVerbs("get").build(),
                        new PolicyRuleBuilder().withApiGroups("apps").withResources("daemonsets").withResourceNames("ztunnel")
                                .withVerbs("get").build())
                .build();
        var istioSystemBinding = new RoleBindingBuilder().withNewMetadata().withName(NAME).withNamespace("istio-system")
                .withLabels(labels).endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", NAME)
                .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(NAMESPACE).endSubject().build();
        var ownRole = new RoleBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE).withLabels(labels).endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("secrets")
                        .withResourceNames(NAME + "-credential").withVerbs("get", "update", "patch").build(),
                        new PolicyRuleBuilder().withApiGroups("").withResources("secrets").withVerbs("create").build())
                .build();
        var ownBinding = new RoleBindingBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE).withLabels(labels)
                .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", NAME)
                .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(NAMESPACE).endSubject().build();
        var bootstrap = new SecretBuilder().withNewMetadata().withName(NAME + "-bootstrap").withNamespace(NAMESPACE)
                .withLabels(labels).endMetadata().withType("Opaque")
                .withStringData(Map.of("server-url", s.serverUrl(), "cluster", s.clusterName(), "bootstrap-token",
                        s.tokenOrPlaceholder()))
                .build();
        var deployment = new DeploymentBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE)
                .withLabels(labels).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app.kubernetes.io/name", NAME))
                .endSelector().withNewStrategy().withType("Recreate").endStrategy()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withServiceAccountName(NAME).withAutomountServiceAccountToken(true)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(65532L).withFsGroup(65532L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewContainer().withName("agent").withImage(s.image()).withArgs("agent")
                .addNewEnv().withName("MESHFLEET_SERVER_URL").withNewValueFrom().withNewSecretKeyRef("server-url",
                        NAME + "-bootstrap", false).endValueFrom().endEnv()
                .addNewEnv().withName("MESHFLEET_BOOTSTRAP_TOKEN").withNewValueFrom().withNewSecretKeyRef("bootstrap-token",
                        NAME + "-bootstrap", false).endValueFrom().endEnv()
                .addNewEnv().withName("MESHFLEET_CREDENTIAL_SECRET").withValue(NAMESPACE + "/" + NAME + "-credential").endEnv()
                // measured by scripts/bench-agent-memory: ~122 MiB RSS managing 1,006 resources
                .addNewEnv().withName("JAVA_TOOL_OPTIONS").withValue(AGENT_JVM_OPTIONS).endEnv()
                .addNewEnv().withName("MALLOC_ARENA_MAX").withValue("2").endEnv()
                .withNewResources().withRequests(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("128Mi")))
                .withLimits(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi"))).endResources()
                .addNewPort().withName("health").withContainerPort(8081).endPort()
                .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString("health")).endHttpGet()
                .withPeriodSeconds(20).withFailureThreshold(3).endLivenessProbe()
                .withNewReadinessProbe().withNewHttpGet().withPath("/readyz").withPort(new IntOrString("health")).endHttpGet()
                .withPeriodSeconds(10).endReadinessProbe()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().endTemplate().endSpec().build();
        return List.of(namespace, account, istioRole, istioBinding, istioSystemRole, istioSystemBinding, ownRole,
                ownBinding, bootstrap, deployment);
    }

    public static String yaml(Settings s) {
        StringBuilder out = new StringBuilder("# Meshfleet agent for cluster " + s.clusterName() + ".\n");
        if (s.bootstrapToken() == null) {
            out.append("# No bootstrap token: reading this manifest never issues one. Either POST to this URL for the\n")
                    .append("# manifest with a fresh one-time token, or POST .../clusters/").append(s.clusterName())
                    .append("/bootstrap-token and put\n# its token in place of ").append(AgentProtocol.TOKEN_PLACEHOLDER)
                    .append(" below (Secret ").append(NAME).append("-bootstrap).\n");
        } else {
            out.append("# The bootstrap token works once and expires; apply this soon. Do not store or share it.\n");
        }
        if (s.warning() != null) {
            out.append("# ").append(s.warning()).append('\n');
        }
        for (HasMetadata r : resources(s)) {
            out.append("---\n").append(Manifests.toYaml(TREE.valueToTree(r)));
        }
        return out.toString();
    }
}
