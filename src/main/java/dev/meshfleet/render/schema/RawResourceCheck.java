package dev.meshfleet.render.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshfleet.intent.analysis.Finding;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.intent.model.RawResource;
import dev.meshfleet.render.RenderedResource;

/**
 * The intent's raw Istio resources (the passthrough for what the model does not cover) against Istio's CRD schemas:
 * MF205 for every field that fails, named by its path in the intent. Pure.
 */
public final class RawResourceCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RawResourceCheck() {
    }

    public static List<Finding> check(MeshIntent intent) {
        List<RawResource> resources = intent.spec() == null ? null : intent.spec().resources();
        if (resources == null) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        CrdSchemas schemas = CrdSchemas.bundled();
        for (int i = 0; i < resources.size(); i++) {
            RawResource r = resources.get(i);
            var manifest = JSON.valueToTree(Map.of("spec", r.spec()));
            RenderedResource resource = new RenderedResource(r.apiVersion(), r.kind(), r.metadata().namespace(),
                    r.metadata().name(), (ObjectNode) manifest);
            for (String error : schemas.validate(resource)) {
                findings.add(Finding.error("MF205", "$.spec.resources[" + i + "]." + error.substring(0, error.indexOf(':')),
                        r.kind() + " " + r.metadata().name() + " fails Istio's schema:" + error.substring(error.indexOf(':') + 1)));
            }
        }
        return findings;
    }
}
