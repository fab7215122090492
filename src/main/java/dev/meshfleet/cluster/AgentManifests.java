package dev.meshfleet.cluster;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/** Builds a cluster's install manifest with the server URL its agent will dial, warning when that cannot work. */
@ApplicationScoped
public class AgentManifests {
    public static final String YAML = "application/yaml";
    private static final Logger LOG = Logger.getLogger(AgentManifests.class);

    private final AgentConfig config;

    public AgentManifests(AgentConfig config) {
        this.config = config;
    }

    /** bootstrapToken: null for a manifest with a placeholder instead. requestBase: where the manifest was asked for. */
    public String yaml(Cluster cluster, String bootstrapToken, URI requestBase) {
        AgentServerUrl server = AgentServerUrl.resolve(config.serverUrl(), requestBase);
        if (server.loopback()) {
            LOG.warnf("agent manifest for cluster %s: %s", cluster.name, server.warning());
        }
        return AgentInstallManifest.yaml(new AgentInstallManifest.Settings(server.url(), config.image(), cluster.name,
                bootstrapToken, server.loopback() ? server.warning() : null));
    }
}
