package dev.meshfleet.agent;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * fabric8's CRUD mock server does not implement server-side apply (fabric8io/mockwebserver#76). This extends its
 * dispatcher with a small approximation of it, for PATCH with {@code application/apply-patch+yaml}:
 * <ul>
 * <li>absent object: created from the applied configuration;</li>
 * <li>present object: the applied fields are merged in; fields this manager applied before and now omits are dropped
 * (unless another manager also owns them);</li>
 * <li>a field another manager owns with a different value is a 409 conflict, unless {@code force=true}, which takes it
 * over;</li>
 * <li>nothing changed: 200 with the object as it is (same resourceVersion).</li>
 * </ul>
 * What it approximates: ownership is tracked per leaf field under spec, metadata.labels and metadata.annotations, with
 * lists atomic (as Istio's CRDs declare most of theirs); managedFields entries keep {@code fieldsV1} as
 * {@code {"paths": [JSON pointers]}} instead of Kubernetes' f:/k: trie. Good enough to exercise apply, prune, conflict
 * and drift behaviour against one API server per simulated cluster.
 */
class ServerSideApplyDispatcher extends KubernetesCrudDispatcher {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        if (type == null || !type.contains("apply-patch")) {
            return super.handlePatch(request);
        }
        try {
            return apply(request);
        } catch (Exception e) {
            return status(500, "InternalError", "apply emulation failed: " + e);
        }
    }

    private synchronized MockResponse apply(RecordedRequest request) throws Exception {
        String[] pathAndQuery = request.getPath().split("\\?", 2);
        String path = pathAndQuery[0];
        Map<String, String> query = query(pathAndQuery.length > 1 ? pathAndQuery[1] : "");
        String manager = query.getOrDefault("fieldManager", "unknown");
        boolean force = "true".equals(query.get("force"));
        ObjectNode applied = (ObjectNode) YAML.readTree(request.getUtf8Body());
        Map<String, JsonNode> appliedLeaves = leaves(applied);

        MockResponse existing = handleGet(path);
        if (existing.code() == 404) {
            ObjectNode created = applied.deepCopy();
            setOwners(created, Map.of(manager, appliedLeaves.keySet()));
            String collection = path.substring(0, path.lastIndexOf('/'));
            return handleCreate(request(HttpMethod.POST, collection, created));
        }
        ObjectNode current = (ObjectNode) YAML.readTree(existing.getBody().readUtf8());
        Map<String, JsonNode> currentLeaves = leaves(current);
        Map<String, Set<String>> owners = owners(current);

        List<String> conflicts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> leaf : appliedLeaves.entrySet()) {
            boolean differs = !leaf.getValue().equals(currentLeaves.get(leaf.getKey()));
            owners.forEach((other, paths) -> {
                if (!other.equals(manager) && differs && paths.contains(leaf.getKey())) {
                    conflicts.add("conflict with \"" + other + "\": " + leaf.getKey());
                }
            });
        }
        if (!conflicts.isEmpty() && !force) {
            return status(409, "Conflict", "Apply failed with " + conflicts.size() + " conflict(s): " + String.join("; ", conflicts));
        }
        ObjectNode merged = current.deepCopy();
        Set<String> mine = owners.getOrDefault(manager, Set.of());
        for (String path2 : mine) {
            boolean ownedByOthers = owners.entrySet().stream()
                    .anyMatch(e -> !e.getKey().equals(manager) && e.getValue().contains(path2));
            if (!appliedLeaves.containsKey(path2) && !ownedByOthers) {
                remove(merged, path2);
            }
        }
        appliedLeaves.forEach((p, v) -> set(merged, p, v));
        Map<String, Set<String>> newOwners = new LinkedHashMap<>();
        owners.forEach((other, paths) -> {
            if (!other.equals(manager)) {
                Set<String> kept = new LinkedHashSet<>(paths);
                // forced or equal: the applier now owns those fields; equal values stay shared, forced ones move
                appliedLeaves.forEach((p, v) -> {
                    if (!v.equals(currentLeaves.get(p))) {
                        kept.remove(p);
                    }
                });
                if (!kept.isEmpty()) {
                    newOwners.put(other, kept);
                }
            }
        });
        newOwners.put(manager, appliedLeaves.keySet());
        setOwners(merged, newOwners);
        if (withoutBookkeeping(merged).equals(withoutBookkeeping(current))
                && owners(merged).equals(owners(current))) {
            return new MockResponse().setResponseCode(200)
                    .setBody(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(current));
        }
        return handleUpdate(request(HttpMethod.PUT, path, merged));
    }

    private static JsonNode withoutBookkeeping(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        ObjectNode metadata = (ObjectNode) copy.get("metadata");
        if (metadata != null) {
            metadata.remove(List.of("managedFields", "resourceVersion", "generation", "creationTimestamp", "uid"));
        }
        copy.remove("status");
        return copy;
    }

    /** Leaf fields (lists atomic) under spec, metadata.labels and metadata.annotations, as JSON pointers. */
    static Map<String, JsonNode> leaves(ObjectNode object) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        collect(object.get("spec"), "/spec", out);
        collect(object.at("/metadata/labels"), "/metadata/labels", out);
        collect(object.at("/metadata/annotations"), "/metadata/annotations", out);
        return out;
    }

    private static void collect(JsonNode node, String pointer, Map<String, JsonNode> out) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (node.isObject() && node.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                collect(field.getValue(), pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"), out);
            }
        } else {
            out.put(pointer, node);
        }
    }

    private static Map<String, Set<String>> owners(ObjectNode object) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        JsonNode entries = object.at("/metadata/managedFields");
        if (entries.isArray()) {
            for (JsonNode entry : entries) {
                Set<String> paths = new LinkedHashSet<>();
                entry.at("/fieldsV1/paths").forEach(p -> paths.add(p.asText()));
                out.put(entry.path("manager").asText(), paths);
            }
        }
        return out;
    }

    private static void setOwners(ObjectNode object, Map<String, Set<String>> owners) {
        ObjectNode metadata = object.with("metadata");
        ArrayNode entries = YAML.createArrayNode();
        Map<String, String> times = new HashMap<>();
        object.at("/metadata/managedFields").forEach(e -> times.put(e.path("manager").asText(), e.path("time").asText()));
        owners.forEach((manager, paths) -> {
            ObjectNode entry = entries.addObject();
            entry.put("manager", manager);
            entry.put("operation", "Apply");
            entry.put("apiVersion", object.path("apiVersion").asText());
            entry.put("time", times.getOrDefault(manager, Instant.now().toString()));
            entry.put("fieldsType", "FieldsV1");
            ArrayNode list = entry.putObject("fieldsV1").putArray("paths");
            paths.forEach(list::add);
        });
        metadata.set("managedFields", entries);
    }

    private static void set(ObjectNode root, String pointer, JsonNode value) {
        JsonPointer p = JsonPointer.compile(pointer);
        ObjectNode parent = root;
        while (!p.tail().matches()) {
            parent = parent.with(p.getMatchingProperty());
            p = p.tail();
        }
        parent.set(p.getMatchingProperty(), value);
    }

    private static void remove(ObjectNode root, String pointer) {
        JsonPointer p = JsonPointer.compile(pointer);
        JsonNode parent = root.at(p.head());
        if (parent instanceof ObjectNode object) {
            object.remove(p.last().getMatchingProperty());
        }
    }

    private static Map<String, String> query(String query) {
        Map<String, String> out = new HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static RecordedRequest request(HttpMethod method, String path, JsonNode body) throws Exception {
        byte[] bytes = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(body);
        Headers headers = Headers.builder().add("Content-Type", "application/json").build();
        return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer(bytes));
    }

    private static MockResponse status(int code, String reason, String message) {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"code\":" + code
                + ",\"reason\":\"" + reason + "\",\"message\":" + quote(message) + "}";
        return new MockResponse().setResponseCode(code).setBody(body);
    }

    private static String quote(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        } catch (Exception e) {
            return "\"\"";
        }
    }
}
