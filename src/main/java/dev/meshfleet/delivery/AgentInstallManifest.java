package dev.meshfleet.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.meshfleet.protocol.AgentProtocol;
import dev.meshfleet.render.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The agent's install manifest: the Kustomize base {@code deploy/base/agent} (packaged on the classpath as
 * {@code deploy/agent/}), with the cluster's values filled in: the bootstrap Secret's server URL, cluster name and token,
 * and the agent container's image. The base is the one source of what the agent runs with: its namespace and service
 * account, least-privilege RBAC (Istio networking and security resources cluster-wide, and listing ConfigMaps for trust
 * evidence; in istio-system only the cacerts and previous-CA secrets, reading istiod, the mesh config and whether
 * ztunnel runs; in its own namespace only its credential secret), the bootstrap Secret, a hardened Deployment and its
 * NetworkPolicies. Pure (reads only the classpath).
 */
public final class AgentInstallManifest {
    public static final String NAMESPACE = "meshfleet-system";
    public static final String NAME = "meshfleet-agent";
    /** Where the pom packages deploy/base/agent. */
    static final String BASE = "deploy/agent/";
    private static final String CONTAINER = "agent";
    private static final ObjectMapper TREE = JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_EMPTY).build();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

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
        List<HasMetadata> resources = base();
        boolean secretFilled = false;
        boolean imageSet = false;
        for (HasMetadata r : resources) {
            if (r instanceof Secret secret && secret.getMetadata().getName().equals(NAME + "-bootstrap")) {
                Map<String, String> data = new LinkedHashMap<>();
                data.put("server-url", s.serverUrl());
                data.put("cluster", s.clusterName());
                data.put("bootstrap-token", s.tokenOrPlaceholder());
                secret.setStringData(data);
                secretFilled = true;
            } else if (r instanceof Deployment deployment && deployment.getMetadata().getName().equals(NAME)) {
                for (var container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                    if (container.getName().equals(CONTAINER)) {
                        container.setImage(s.image());
                        imageSet = true;
                    }
                }
            }
        }
        if (!secretFilled || !imageSet) {
            throw new IllegalStateException("deploy/base/agent lacks the Secret " + NAME + "-bootstrap or the Deployment "
                    + NAME + " with container " + CONTAINER);
        }
        return resources;
    }

    /** The base's resources in its kustomization's order, read afresh (the caller changes them). */
    static List<HasMetadata> base() {
        List<HasMetadata> out = new ArrayList<>();
        for (JsonNode file : read("kustomization.yaml").get(0).path("resources")) {
            for (JsonNode document : read(file.asText())) {
                out.add(KUBERNETES.convertValue(document, HasMetadata.class));
            }
        }
        return out;
    }

    private static List<JsonNode> read(String file) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (loader != null ? loader : AgentInstallManifest.class.getClassLoader())
                .getResourceAsStream(BASE + file)) {
            if (in == null) {
                throw new IllegalStateException("not on the classpath: " + BASE + file + " (deploy/base/agent)");
            }
            List<JsonNode> documents = new ArrayList<>();
            try (var parser = YAML.createParser(in)) {
                YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                    if (d != null && !d.isNull() && !d.isMissingNode()) {
                        documents.add(d);
                    }
                });
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
