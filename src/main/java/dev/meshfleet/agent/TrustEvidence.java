package dev.meshfleet.agent;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.meshfleet.common.crypto.Fingerprints;
import dev.meshfleet.common.crypto.Pem;
import dev.meshfleet.protocol.TrustDesired;
import dev.meshfleet.protocol.TrustReport;

/**
 * What the cluster shows of its trust, as a {@link TrustReport}: hashes of what {@code cacerts} holds, of the bundles
 * istiod published in {@code istio-ca-root-cert} ConfigMaps and of the intermediate istiod serves with; while a rotation
 * verifies, throw-away leaves under the current and the previous intermediate checked against the live bundle; and the
 * facts that make a root rotation unsafe (Istio version, ambient mode, multi-root settings). Only hashes and verdicts
 * leave the cluster, never a key.
 */
final class TrustEvidence {
    static final String ROOT_CONFIG_MAP = "istio-ca-root-cert";
    private static final YAMLMapper YAML = new YAMLMapper();

    private final ClusterStore store;
    private final String istiodAddress;
    private final Clock clock;

    TrustEvidence(ClusterStore store, String istiodAddress, Clock clock) {
        this.store = store;
        this.istiodAddress = istiodAddress;
        this.clock = clock;
    }

    /** {@code foreignOwner}: set when cacerts is someone else's (then no leaf is signed with its key). */
    TrustReport collect(TrustDesired desired, String foreignOwner, String problem) {
        List<String> problems = new ArrayList<>();
        if (problem != null) {
            problems.add(problem);
        }
        Map<String, String> cacerts = read("Secret istio-system/cacerts", () -> store.secret(TrustKeeper.NAMESPACE,
                TrustKeeper.CACERTS).map(ClusterStore.StoredSecret::data).orElse(Map.of()), Map.of(), problems);
        String rootSha = cacerts.containsKey(TrustKeeper.ROOT_CERT) ? Fingerprints.sha256(cacerts.get(TrustKeeper.ROOT_CERT))
                : null;
        X509Certificate intermediate = certificate(cacerts.get(TrustKeeper.CA_CERT), problems, "cacerts " + TrustKeeper.CA_CERT);
        List<X509Certificate> cacertsBundle = certificates(cacerts.get(TrustKeeper.ROOT_CERT));
        String issuerSha = intermediate == null ? null
                : AgentPki.issuer(intermediate, cacertsBundle).map(Fingerprints::of).orElse(null);

        Map<String, Integer> configMapRoots = new TreeMap<>();
        read("the " + ROOT_CONFIG_MAP + " ConfigMaps", () -> store.configMaps(ROOT_CONFIG_MAP), Map.<String, Map<String,
                String>> of(), problems).values().forEach(data -> {
            String root = data.get(TrustKeeper.ROOT_CERT);
            if (root != null) {
                configMapRoots.merge(Fingerprints.sha256(root), 1, Integer::sum);
            }
        });

        String istiodSha = null;
        try {
            istiodSha = store.istiodCaCertificate(istiodAddress).map(Fingerprints::of).orElse(null);
        } catch (IOException | RuntimeException e) {
            problems.add("istiod at " + istiodAddress + ": " + AgentLog.describe(e));
        }

        List<TrustReport.LeafCheck> leafChecks = null;
        if (desired.probeLeaves() && foreignOwner == null) {
            leafChecks = probeLeaves(desired, cacerts, problems);
        }

        Optional<Map<String, String>> istiodEnv = read("Deployment istio-system/istiod",
                () -> store.deploymentEnv(TrustKeeper.NAMESPACE, "istiod"), Optional.empty(), problems);
        return new TrustReport(rootSha, intermediate == null ? null : Fingerprints.of(intermediate), issuerSha,
                configMapRoots, istiodSha, leafChecks, foreignOwner,
                read("istiod's version", () -> store.istio().version(), null, problems),
                read("DaemonSet istio-system/ztunnel", () -> store.daemonSetExists(TrustKeeper.NAMESPACE, "ztunnel"), null,
                        problems),
                istiodEnv.map(env -> "true".equalsIgnoreCase(env.get("ISTIO_MULTIROOT_MESH"))).orElse(null),
                xdsAgent(problems), problems.isEmpty() ? null : limit(String.join("; ", problems)));
    }

    /**
     * A one-hour leaf under the current intermediate and one under the previous (if kept), each verified like a peer
     * verifies it: against the roots istiod published in {@code istio-system}'s {@code istio-ca-root-cert}.
     */
    private List<TrustReport.LeafCheck> probeLeaves(TrustDesired desired, Map<String, String> cacerts, List<String> problems) {
        Optional<Map<String, String>> live = read("ConfigMap istio-system/" + ROOT_CONFIG_MAP,
                () -> store.configMap(TrustKeeper.NAMESPACE, ROOT_CONFIG_MAP), Optional.empty(), problems);
        List<X509Certificate> liveRoots = certificates(live.map(data -> data.get(TrustKeeper.ROOT_CERT)).orElse(null));
        if (liveRoots.isEmpty()) {
            problems.add("no live bundle to probe leaves against: " + TrustKeeper.NAMESPACE + "/" + ROOT_CONFIG_MAP
                    + " holds no " + TrustKeeper.ROOT_CERT);
        }
        List<X509Certificate> knownRoots = new ArrayList<>(certificates(desired.rootCertPem()));
        knownRoots.addAll(liveRoots);
        List<TrustReport.LeafCheck> checks = new ArrayList<>();
        checks.add(probe(cacerts, liveRoots, knownRoots, desired.trustDomain(), "current"));
        read("Secret istio-system/" + TrustKeeper.PREVIOUS_CA, () -> store.secret(TrustKeeper.NAMESPACE,
                TrustKeeper.PREVIOUS_CA), Optional.<ClusterStore.StoredSecret> empty(), problems)
                .ifPresent(previous -> checks.add(probe(previous.data(), liveRoots, knownRoots,
                        desired.trustDomain(), "previous")));
        checks.removeIf(check -> check == null);
        return checks;
    }

    private TrustReport.LeafCheck probe(Map<String, String> ca, List<X509Certificate> liveRoots,
            List<X509Certificate> knownRoots, String trustDomain, String which) {
        if (!ca.containsKey(TrustKeeper.CA_CERT) || !ca.containsKey(TrustKeeper.CA_KEY)) {
            return null;
        }
        AgentPki.CaFiles files;
        try {
            files = AgentPki.CaFiles.of(ca);
        } catch (RuntimeException e) {
            return new TrustReport.LeafCheck(null, null, false, "the " + which + " intermediate cannot be read: "
                    + AgentLog.describe(e));
        }
        X509Certificate intermediate = files.certificate();
        String intermediateSha = Fingerprints.of(intermediate);
        String issuerSha = AgentPki.issuer(intermediate, knownRoots).map(Fingerprints::of).orElse(null);
        try {
            KeyPair leafKey = AgentPki.newKey();
            X509Certificate leaf = AgentPki.leaf(intermediate, files.key(), leafKey.getPublic(),
                    "spiffe://" + trustDomain + "/ns/meshfleet/sa/probe", List.of(), Duration.ofHours(1),
                    clock.instant());
            Optional<String> failure = AgentPki.verify(leaf, intermediate, liveRoots, clock.instant());
            return new TrustReport.LeafCheck(intermediateSha, issuerSha, failure.isEmpty(), failure.map(TrustEvidence::limit)
                    .orElse(null));
        } catch (RuntimeException e) {
            return new TrustReport.LeafCheck(intermediateSha, issuerSha, false, limit(AgentLog.describe(e)));
        }
    }

    /** Whether the mesh config sets {@code PROXY_CONFIG_XDS_AGENT=true} for every proxy; null when unreadable. */
    private Boolean xdsAgent(List<String> problems) {
        Optional<Map<String, String>> mesh = read("ConfigMap istio-system/istio", () -> store.configMap(
                TrustKeeper.NAMESPACE, "istio"), null, problems);
        if (mesh == null) {
            return null;
        }
        if (mesh.isEmpty() || mesh.get().get("mesh") == null) {
            return false;
        }
        try {
            JsonNode config = YAML.readTree(mesh.get().get("mesh"));
            JsonNode value = config == null ? null : config.at("/defaultConfig/proxyMetadata/PROXY_CONFIG_XDS_AGENT");
            return value != null && value.asText("").equalsIgnoreCase("true");
        } catch (IOException e) {
            problems.add(TrustKeeper.NAMESPACE + "/istio: its mesh config is not YAML");
            return null;
        }
    }

    /**
     * One read of the cluster: a refusal (RBAC) or an outage becomes a problem in the report, so that what could be
     * read is still reported.
     */
    private static <T> T read(String what, java.util.function.Supplier<T> read, T otherwise, List<String> problems) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            problems.add("cannot read " + what + ": " + AgentLog.describe(e));
            return otherwise;
        }
    }

    /** Reasons are for people and bounded by the server (2,000 characters): a long one is cut, not refused. */
    static String limit(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }

    private static X509Certificate certificate(String pem, List<String> problems, String what) {
        if (pem == null) {
            return null;
        }
        try {
            return Pem.certificates(what, pem).get(0);
        } catch (RuntimeException e) {
            problems.add(AgentLog.describe(e));
            return null;
        }
    }

    private static List<X509Certificate> certificates(String pem) {
        if (pem == null) {
            return List.of();
        }
        try {
            return Pem.certificates(TrustKeeper.ROOT_CERT, pem);
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
