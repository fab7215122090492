package dev.meshfleet.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites rendered output for a cluster whose Istio lacks a field into the older field with the same meaning, so that
 * nothing is emitted that the cluster would refuse or drop. Only same-meaning rewrites happen here; what an older
 * release cannot express at all is left as is and refused by that release's schema ({@code IstioSchemaSets}), an
 * error for that cluster (MF301), never silent.
 * <ul>
 * <li>Before 1.19, a VirtualService route with one {@code mirrors} entry becomes {@code mirror} (its destination) plus
 * {@code mirrorPercentage} (its percentage, when set): both mean "copy this share of requests there". Several mirrors
 * stay and fail 1.18's schema.</li>
 * </ul>
 */
final class OlderIstio {

    private OlderIstio() {
    }

    /** Rewrites the resource in place for the cluster's Istio version. */
    static RenderedResource adapt(RenderedResource resource, String istioVersion) {
        if (IstioRelease.before(istioVersion, IstioRelease.MIRRORS_MINOR) && resource.kind().equals("VirtualService")) {
            JsonNode http = resource.manifest().path("spec").path("http");
            for (JsonNode route : http) {
                singleMirror((ObjectNode) route);
            }
        }
        return resource;
    }

    private static void singleMirror(ObjectNode route) {
        JsonNode mirrors = route.get("mirrors");
        if (mirrors == null || !mirrors.isArray() || mirrors.size() != 1 || route.has("mirror")) {
            return;
        }
        JsonNode only = mirrors.get(0);
        ObjectNode rewritten = Manifests.TREE.createObjectNode();
        route.fields().forEachRemaining(field -> {
            if (field.getKey().equals("mirrors")) {
                return;
            }
            rewritten.set(field.getKey(), field.getValue());
        });
        rewritten.set("mirror", only.get("destination"));
        if (only.hasNonNull("percentage")) {
            rewritten.set("mirrorPercentage", only.get("percentage"));
        }
        route.removeAll();
        Manifests.sorted(rewritten).fields().forEachRemaining(field -> route.set(field.getKey(), field.getValue()));
    }
}
