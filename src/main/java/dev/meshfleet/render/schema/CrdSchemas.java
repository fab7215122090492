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

    /**
     * These schemas without some fields: {@code fields} maps "group/version/kind" to field paths of its spec such as
     * {@code spec.http[].mirrors} ({@code []} steps into items, {@code {}} into map values). The schemas of an older
     * release, derived from newer ones (see {@link IstioSchemaSets}); a path these schemas lack is ignored.
     */
    CrdSchemas without(Map<String, List<String>> fields) {
        Map<String, JsonNode> index = new HashMap<>(specSchemas);
        fields.forEach((kindKey, paths) -> {
            JsonNode spec = index.get(kindKey);
            if (spec == null) {
                return;
            }
            JsonNode copy = spec.deepCopy();
            for (String path : paths) {
                remove(copy, path);
            }
            index.put(kindKey, copy);
        });
        return new CrdSchemas(index);
    }

    private static void remove(JsonNode spec, String path) {
        String[] steps = path.split("\\.");
        JsonNode node = spec;
        for (int i = 1; i < steps.length && node != null; i++) {
            String step = steps[i];
            String name = step.replaceAll("(\\[]|\\{})+$", "");
            JsonNode properties = node.get("properties");
            if (i == steps.length - 1) {
                if (properties instanceof com.fasterxml.jackson.databind.node.ObjectNode props) {
                    props.remove(name);
                }
                return;
            }
            node = properties == null ? null : properties.get(name);
            for (int at = name.length(); node != null && at < step.length(); at += 2) {
                node = node.get(step.charAt(at) == '[' ? "items" : "additionalProperties");
            }
        }
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
