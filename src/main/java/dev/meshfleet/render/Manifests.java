package dev.meshfleet.render;

import java.util.List;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Turns typed resources into manifests with a stable key order, and manifests into (multi-document) YAML. */
public final class Manifests {
    /** Leaves nulls out and sorts properties and map keys: the one mapper manifests are built with. */
    static final ObjectMapper TREE = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private Manifests() {
    }

    /** A typed resource as a manifest, at the cluster's Istio API version (see {@link IstioApiVersions}). */
    static RenderedResource of(HasMetadata resource, String istioApiVersion) {
        ObjectNode manifest = sorted(TREE.valueToTree(resource));
        String apiVersion = IstioApiVersions.of(resource, istioApiVersion);
        manifest.put("apiVersion", apiVersion);
        if (!manifest.has("spec")) {
            // An empty spec means something (deny-all): keep it rather than drop the key.
            manifest.putObject("spec");
        }
        ObjectNode ordered = TREE.createObjectNode();
        ordered.set("apiVersion", manifest.get("apiVersion"));
        ordered.set("kind", manifest.get("kind"));
        ordered.set("metadata", manifest.get("metadata"));
        ordered.set("spec", manifest.get("spec"));
        return new RenderedResource(apiVersion, resource.getKind(), resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(), ordered);
    }

    /** Sorts object keys recursively so output does not depend on insertion order. */
    static ObjectNode sorted(JsonNode node) {
        return (ObjectNode) sortNode(node);
    }

    private static JsonNode sortNode(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = TREE.createObjectNode();
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), sortNode(e.getValue())));
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            var out = TREE.createArrayNode();
            node.forEach(item -> out.add(sortNode(item)));
            return out;
        }
        if (node.isLong() && node.canConvertToInt()) {
            // fabric8 types ports as long; as JSON they are the same numbers, so keep one node type for comparisons
            return TREE.getNodeFactory().numberNode(node.intValue());
        }
        return node;
    }

    public static String toYaml(List<RenderedResource> resources) {
        StringBuilder out = new StringBuilder();
        for (RenderedResource r : resources) {
            out.append("---\n").append(toYaml(r.manifest()));
        }
        return out.toString();
    }

    public static String toYaml(JsonNode manifest) {
        try {
            return YAML.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
