package dev.meshfleet.delivery.service;

import java.net.URI;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.cluster.service.ClusterService;
import dev.meshfleet.cluster.service.ClusterService.IssuedToken;
import dev.meshfleet.delivery.AgentConfig;
import dev.meshfleet.delivery.AgentInstallManifest;
import dev.meshfleet.delivery.AgentServerUrl;

/**
 * A cluster's agent install manifest, with the server URL its agent will dial (warning when that cannot work): without
 * a bootstrap token, or with a fresh one the cluster feature issues.
 */
@ApplicationScoped
public class AgentManifests {
    public static final String YAML = "application/yaml";
    private static final Logger LOG = Logger.getLogger(AgentManifests.class);

    private final AgentConfig config;
    private final ClusterService clusters;

    public AgentManifests(AgentConfig config, ClusterService clusters) {
        this.config = config;
        this.clusters = clusters;
    }

    /** Issues no token: the manifest carries a placeholder. requestBase: where the manifest was asked for. */
    public String withoutToken(UUID tenantId, String clusterName, URI requestBase) {
        return yaml(clusters.get(tenantId, clusterName), null, requestBase);
    }

    /** Issues a fresh one-time bootstrap token (the previous one stops working) and returns the manifest carrying it. */
    @Transactional
    public String withFreshToken(UUID tenantId, String clusterName, URI requestBase) {
        IssuedToken issued = clusters.issueManifestToken(tenantId, clusterName);
        return yaml(issued.cluster(), issued.bootstrapToken(), requestBase);
    }

    private String yaml(Cluster cluster, String bootstrapToken, URI requestBase) {
        AgentServerUrl server = AgentServerUrl.resolve(config.serverUrl(), requestBase);
        if (server.loopback()) {
            LOG.warnf("agent manifest for cluster %s: %s", cluster.name, server.warning());
        }
        return AgentInstallManifest.yaml(new AgentInstallManifest.Settings(server.url(), config.image(), cluster.name,
                bootstrapToken, server.loopback() ? server.warning() : null));
    }
}
