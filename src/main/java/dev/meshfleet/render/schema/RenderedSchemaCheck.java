package dev.meshfleet.render.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.intent.RenderabilityCheck;
import dev.meshfleet.render.ClusterShape;
import dev.meshfleet.render.MeshRenderer;
import dev.meshfleet.render.RenderedResource;
import dev.meshfleet.intent.analysis.Finding;

/**
 * Renders an intent once per cluster shape of a fleet and checks every resource against the schema of the cluster's
 * Istio release ({@link IstioSchemaSets}; a feature an old cluster lacks is an error for it): a renderer bug
 * (or an intent the validator let through) must never be stored, planned as valid or pushed. The one check behind
 * plans, intent changes, restores, placement and label changes, so that they cannot disagree. Pure (a bean only so
 * that intent can call it through {@link RenderabilityCheck} without importing render).
 * <p>
 * Two rendered resources with one identity (kind, namespace, name) are an MF302 error, whatever part of the intent
 * gave them the name. MF301 findings name the first cluster of the shape, the resource and the field:
 * {@code eu-prod/security.istio.io/AuthorizationPolicy/production/allow.spec.rules[0].to[0].operation.methods[0]}.
 */
@ApplicationScoped
public class RenderedSchemaCheck implements RenderabilityCheck {
    private static final Logger LOG = Logger.getLogger(RenderedSchemaCheck.class);

    @Override
    public List<Finding> checkRawResources(MeshIntent intent) {
        return RawResourceCheck.check(intent);
    }

    @Override
    public List<Finding> check(MeshIntent intent, String meshName, int revision, List<ClusterFacts> clusters) {
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<ClusterShape, List<ClusterFacts>> shape : ClusterShape.group(intent, clusters).entrySet()) {
            ClusterFacts first = shape.getValue().get(0);
            CrdSchemas schemas = IstioSchemaSets.forIstio(first.istioVersion());
            String schemaName = schemas == CrdSchemas.bundled() ? "Istio's schema"
                    : "the schema of Istio " + first.istioVersion() + " (that cluster's release)";
            String where = clustersNamed(shape.getValue());
            List<RenderedResource> rendered;
            try {
                rendered = MeshRenderer.render(intent, meshName, revision, first);
            } catch (RuntimeException e) {
                // the renderer takes validated intent; a stored revision from before a validator fix may not be
                LOG.errorf(e, "mesh %s cannot be rendered for cluster %s", meshName, first.name());
                findings.add(Finding.error("MF301", first.name(), "the intent cannot be rendered for " + where
                        + " (a Meshfleet bug, please report it)"));
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (RenderedResource r : rendered) {
                if (!seen.add(r.key())) {
                    // the backstop to the analysis's name checks (MF206): whatever gave two parts one name, only one
                    // of them would survive the apply
                    findings.add(Finding.error("MF302", first.name() + "/" + r.key(), "two parts of the intent render "
                            + r.kind() + " " + r.namespace() + "/" + r.name() + " for " + where
                            + ": one would replace the other on apply (never pushed)"));
                }
                for (String error : schemas.validate(r)) {
                    int colon = error.indexOf(": ");
                    String field = colon < 0 ? "" : "." + error.substring(0, colon);
                    findings.add(Finding.error("MF301", first.name() + "/" + r.key() + field, "rendered " + r.kind()
                            + " " + r.name() + " for " + where + " fails " + schemaName + ": "
                            + (colon < 0 ? error : error.substring(colon + 2)) + " (never pushed)"));
                }
            }
        }
        return findings;
    }

    private static String clustersNamed(List<ClusterFacts> clusters) {
        String first = "cluster " + clusters.get(0).name();
        return clusters.size() == 1 ? first : first + " and " + (clusters.size() - 1) + " other(s) of the same shape";
    }
}
