package dev.meshfleet.agent;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshfleet.protocol.MeshfleetLabels;

/**
 * What the agent needs of a cluster. The real agent uses a Kubernetes API server (server-side apply with field manager
 * {@code meshfleet}); the fleet simulator uses in-memory stores behind the same interface, so both run the same
 * reconcile, prune and report code.
 */
public interface ClusterStore {
    /** The server-side-apply field manager: the name Meshfleet's resources are labelled as managed by. */
    String FIELD_MANAGER = MeshfleetLabels.MANAGED_BY;

    enum Outcome {
        APPLIED, UNCHANGED, PRUNED, CONFLICT, FAILED
    }

    record ApplyResult(Outcome outcome, String error) {
    }

    record IstioInfo(String version, Set<String> apiVersions) {
    }

    /** Server-side applies a manifest; {@code force} takes fields another manager owns instead of failing. */
    ApplyResult apply(ObjectNode manifest, boolean force);

    /** Every resource carrying all of these labels, across the Istio kinds the cluster serves. */
    List<ResourceRef> list(java.util.Map<String, String> labels);

    /**
     * The values one label has across every resource carrying all of these labels: from the same listing as
     * {@link #list}, with no read per resource (the agent asks on every sync which meshes it still has resources of).
     */
    Set<String> labelValues(java.util.Map<String, String> labels, String label);

    /** The live manifest, or null when absent. */
    ObjectNode get(ResourceRef ref);

    void delete(ResourceRef ref);

    IstioInfo istio();

    /**
     * Calls back with the live manifest whenever a Meshfleet-managed resource changes (null manifest and its ref on
     * deletion). Stores that cannot be changed behind the agent's back may do nothing.
     */
    void watchManaged(java.util.function.BiConsumer<ResourceRef, ObjectNode> onChange);

    /**
     * Why the cluster's API server cannot be used right now (unreachable, refusing the agent's credentials), or empty
     * when it answers. Stores that are always there answer empty.
     */
    default java.util.Optional<String> unreachable() {
        return java.util.Optional.empty();
    }

    /** Stops watching. */
    default void stopWatching() {
    }

    // What the trust keeper reads and writes: istio-system/cacerts, istiod's ConfigMaps, Deployment and DaemonSet.

    /**
     * A Secret as the trust keeper sees it: type, labels, data as UTF-8 text, and the field managers that own any of its
     * data (from managedFields; the keeper leaves a Secret alone when another manager owns part of it).
     */
    record StoredSecret(String type, Map<String, String> labels, Map<String, String> data,
            Set<String> dataManagers) {
        public StoredSecret {
            labels = Map.copyOf(labels);
            data = Map.copyOf(data);
            dataManagers = Set.copyOf(dataManagers);
        }

        @Override
        public String toString() {
            return "StoredSecret[type=" + type + ", keys=" + new TreeSet<>(data.keySet()) + "]"; // never the data
        }
    }

    /** The Secret, or empty when there is none. */
    Optional<StoredSecret> secret(String namespace, String name);

    /**
     * Server-side applies an {@code Opaque} Secret holding exactly these labels and data, as field manager
     * {@value #FIELD_MANAGER}, without forcing: a field another manager owns makes it throw.
     */
    void applySecret(String namespace, String name, Map<String, String> labels,
            Map<String, String> data);

    /** The data of every ConfigMap of this name, per namespace (istiod writes {@code istio-ca-root-cert} into each). */
    Map<String, Map<String, String>> configMaps(String name);

    /** One ConfigMap's data, or empty when there is none. */
    Optional<Map<String, String>> configMap(String namespace, String name);

    /** The literal environment values of a Deployment's containers (name to value), or empty when it does not exist. */
    Optional<Map<String, String>> deploymentEnv(String namespace, String name);

    boolean daemonSetExists(String namespace, String name);

    /**
     * The CA certificate istiod presents at {@code host:port} (the one it signs workload certificates with), observed
     * with a TLS handshake that trusts anything: it is only looked at, never relied on. Empty when it presents none.
     */
    default Optional<X509Certificate> istiodCaCertificate(String address)
            throws IOException {
        return IstiodTls.caCertificate(address);
    }
}
