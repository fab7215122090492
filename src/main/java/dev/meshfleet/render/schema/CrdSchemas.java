package dev.meshfleet.render.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.meshfleet.render.RenderedResource;

/**
 * Istio's own CRD schemas (istio/istio's crd-all.gen.yaml, shipped in the artifact as {@code istio/crd-all.gen.yaml})
 * indexed by group, version and kind. A rendered resource that does not validate is a renderer bug.
 */
public final class CrdSchemas {
    private static final String RESOURCE = "istio/crd-all.gen.yaml";
    private static volatile CrdSchemas bundled;

    private final Map<String, JsonNode> specSchemas;

    private CrdSchemas(Map<String, JsonNode> specSchemas) {
        this.specSchemas = Map.copyOf(specSchemas);
    }

    /** The schemas shipped with Meshfleet, loaded once. */
    public static CrdSchemas bundled() {
        CrdSchemas schemas = bundled;
        if (schemas == null) {
            synchronized (CrdSchemas.class) {
                if (bundled == null) {
                    bundled = resource(RESOURCE);
                }
                schemas = bundled;
            }
        }
        return schemas;
    }

    /** The CRDs of a resource in the artifact (read each time: callers cache). */
    static CrdSchemas resource(String name) {
        try (InputStream in = CrdSchemas.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the artifact");
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CrdSchemas load(InputStream crdYaml) throws IOException {
        Map<String, JsonNode> index = new HashMap<>();
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(crdYaml)) {
            while (docs.hasNext()) {
                JsonNode crd = docs.next();
                if (crd == null || !"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                    continue;
                }
                String group = crd.at("/spec/group").asText();
                String kind = crd.at("/spec/names/kind").asText();
                for (JsonNode version : crd.at("/spec/versions")) {
                    JsonNode spec = version.at("/schema/openAPIV3Schema/properties/spec");
                    if (!spec.isMissingNode()) {
                        index.put(key(group, version.path("name").asText(), kind), spec);
                    }
                }
            }
        }
        return new CrdSchemas(index);
    }

    private static String key(String group, String version, String kind) {
        return group + "/" + version + "/" + kind;
    }

    public Optional<JsonNode> specSchema(String apiVersion, String kind) {
        return Optional.ofNullable(specSchemas.get(apiVersion + "/" + kind));
    }

    /** Schema errors of a resource's spec ("spec.http[0].route: ..."); one error if Istio has no such kind/version. */
    public List<String> validate(RenderedResource resource) {
        List<String> errors = new ArrayList<>();
        Optional<JsonNode> schema = specSchema(resource.apiVersion(), resource.kind());
        if (schema.isEmpty()) {
            errors.add("Istio serves no " + resource.kind() + " at " + resource.apiVersion());
            return errors;
        }
        JsonNode spec = resource.manifest().get("spec");
        if (spec != null) {
            SchemaValidator.validate(spec, schema.get(), "spec", errors);
        }
        return errors;
    }

    public int size() {
        return specSchemas.size();
    }
}
