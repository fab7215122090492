package dev.meshfleet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The committed output under deploy/rendered, read into fabric8's typed model. Strict: a kind fabric8 has no type for
 * (a typo in apiVersion or kind) and any field the type does not know (it would land in additionalProperties, which
 * Kubernetes would refuse or silently drop) are errors.
 */
final class RenderedManifests {
    static final Path RENDERED = Path.of("deploy", "rendered");
    static final String HEADER_PREFIX = "# GENERATED from ";
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private RenderedManifests() {
    }

    static List<Path> files() {
        try (Stream<Path> files = Files.list(RENDERED)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path file(String name) {
        return RENDERED.resolve(name + ".yaml");
    }

    /** The kustomization directory the file's header names. */
    static String source(Path file) {
        String first = read(file).lines().findFirst().orElse("");
        if (!first.startsWith(HEADER_PREFIX)) {
            throw new AssertionError(file + " lacks the header '" + HEADER_PREFIX + "<dir> by scripts/render-deploy'");
        }
        return first.substring(HEADER_PREFIX.length(), first.indexOf(' ', HEADER_PREFIX.length()));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> documents(Path file) {
        List<JsonNode> out = new ArrayList<>();
        try (var parser = YAML.createParser(file.toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    out.add(d);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Every object of the file as its fabric8 type; fails on an untyped kind or an unknown field. */
    static List<HasMetadata> objects(Path file) {
        List<HasMetadata> out = new ArrayList<>();
        for (JsonNode document : documents(file)) {
            HasMetadata object = KUBERNETES.convertValue(document, HasMetadata.class);
            String name = file.getFileName() + ": " + document.path("kind").asText() + " " + document.path("metadata").path("name").asText();
            if (object instanceof GenericKubernetesResource) {
                throw new AssertionError(name + ": fabric8 has no type for " + document.path("apiVersion").asText() + " "
                        + document.path("kind").asText());
            }
            List<String> unknown = new ArrayList<>();
            unknownFields(object, "", unknown);
            if (!unknown.isEmpty()) {
                throw new AssertionError(name + ": fields its type does not know: " + unknown);
            }
            out.add(object);
        }
        return out;
    }

    static <T extends HasMetadata> List<T> ofType(Collection<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Walks the typed object: whatever sits in a model object's additionalProperties was not a field of its type. */
    private static void unknownFields(Object value, String path, List<String> unknown) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value.getClass().isEnum()) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class
                    || java.lang.reflect.Modifier.isStatic(getter.getModifiers())) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue; // a computed getter (e.g. Quantity's numerical amount of an unusual format): not a field
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add((path.isEmpty() ? "" : path + ".") + extra.keySet());
                }
            } else {
                unknownFields(field, path + "." + Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4), unknown);
            }
        }
    }
}
