package dev.meshfleet.agent;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;

/**
 * fabric8's CRUD mock server does not implement server-side apply (fabric8io/mockwebserver#76) nor field management.
 * This dispatcher adds both, following https://kubernetes.io/docs/reference/using-api/server-side-apply/ (the rules
 * themselves are in {@link FieldManager}, the schema choices in {@link SsaSchema}):
 * <ul>
 * <li>PATCH {@code application/apply-patch+yaml}: apply as {@code ?fieldManager=} (required), creating the object
 * when absent; conflicts are a 409 Status naming each manager and field, unless {@code force=true};</li>
 * <li>POST, PUT, merge patch, strategic merge patch (as a merge patch: custom resources have no patch strategy) and
 * JSON patch: recorded as {@code Update} operations of {@code ?fieldManager=}, by default of the client's
 * user-agent up to its first {@code /} (as the API server derives it), e.g. {@code fabric8-kubernetes-client};</li>
 * <li>every write's object carries {@code metadata.managedFields} (FieldsV1), visible on GET and watch;</li>
 * <li>a write that changes nothing (object and managedFields) is answered with the object as it is: same
 * resourceVersion, no watch event.</li>
 * </ul>
 * The stored write itself (resourceVersion check, generation, events) is the CRUD dispatcher's.
 */
class ServerSideApplyDispatcher extends KubernetesCrudDispatcher {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public synchronized MockResponse handlePatch(RecordedRequest request) {
        Target target = Target.of(request);
        String type = String.valueOf(request.getHeader("Content-Type"));
        if (target.subresource()) {
            return super.handlePatch(request);
        }
        try {
            if (type.contains("apply-patch")) {
                return apply(request, target);
            }
            if (target.force()) {
                return status(422, "Invalid", "force: Forbidden: may not be specified for non-apply patch");
            }
            ObjectNode live = live(target.path());
            if (live == null) {
                return status(404, "NotFound", "the object at " + target.path() + " does not exist");
            }
            JsonNode patch = JSON.readTree(request.getUtf8Body());
            JsonNode patched;
            try {
                patched = type.contains("json-patch") ? JsonPatch.apply(patch, live) : ObjectEdits.mergePatch(live, patch);
            } catch (RuntimeException e) {
                return status(422, "Invalid", "the patch could not be applied: " + e.getMessage());
            }
            if (!patched.isObject()) {
                return status(422, "Invalid", "the patch does not leave an object");
            }
            return write(live, FieldManager.update(live, (ObjectNode) patched, target.manager(request)), target.path());
        } catch (Exception e) {
            return status(400, "BadRequest", "the request could not be read: " + e.getMessage());
        }
    }

    @Override
    public synchronized MockResponse handleUpdate(RecordedRequest request) {
        Target target = Target.of(request);
        ObjectNode live = target.subresource() ? null : live(target.path());
        if (live == null) {
            return super.handleUpdate(request); // a status write, or an object that is not there: the CRUD dispatcher's
        }
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(request.getUtf8Body());
            FieldManager.Result result = FieldManager.update(live, body, target.manager(request));
            String sent = body.at("/metadata/resourceVersion").asText("");
            if (!result.changed() && !sent.isEmpty() && !sent.equals(live.at("/metadata/resourceVersion").asText())) {
                return super.handleUpdate(request); // a stale resourceVersion: its 409
            }
            return write(live, result, target.path());
        } catch (Exception e) {
            return status(400, "BadRequest", "the request could not be read: " + e.getMessage());
        }
    }

    @Override
    public synchronized MockResponse handleCreate(RecordedRequest request) {
        Target target = Target.of(request);
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(request.getUtf8Body());
            ObjectNode created = FieldManager.update(null, body, target.manager(request)).object();
            return super.handleCreate(request(HttpMethod.POST, target.path(), created));
        } catch (Exception e) {
            return super.handleCreate(request); // not an object: the CRUD dispatcher's answer
        }
    }

    private MockResponse apply(RecordedRequest request, Target target) throws Exception {
        String manager = target.query().get("fieldManager");
        if (manager == null || manager.isBlank()) {
            return status(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
                    + "is required for apply patch");
        }
        JsonNode applied = YAML.readTree(request.getUtf8Body());
        if (!(applied instanceof ObjectNode config)) {
            return status(400, "BadRequest", "an apply patch is an object");
        }
        if (!config.at("/metadata/managedFields").isMissingNode() && !config.at("/metadata/managedFields").isNull()) {
            return status(400, "BadRequest", "metadata.managedFields must be nil");
        }
        ObjectNode live = live(target.path());
        FieldManager.Result result;
        try {
            result = FieldManager.apply(live, config, manager, target.force());
        } catch (FieldManager.ConflictException e) {
            return conflict(e);
        }
        if (live == null) {
            String collection = target.path().substring(0, target.path().lastIndexOf('/'));
            return super.handleCreate(request(HttpMethod.POST, collection, result.object()));
        }
        return write(live, result, target.path());
    }

    /** Stores the result through the CRUD dispatcher (resourceVersion check, generation, event), unless unchanged. */
    private MockResponse write(ObjectNode live, FieldManager.Result result, String path) throws Exception {
        if (!result.changed()) {
            return new MockResponse().setResponseCode(200).setBody(JSON.writeValueAsString(live));
        }
        return super.handleUpdate(request(HttpMethod.PUT, path, result.object()));
    }

    private ObjectNode live(String path) {
        MockResponse existing = handleGet(path);
        if (existing.code() != 200) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(existing.getBody().readUtf8());
            return node instanceof ObjectNode o && !"List".equals(o.path("kind").asText()) && !o.has("items") ? o : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Kubernetes' apply conflict: reason Conflict, one FieldManagerConflict cause per field. */
    private static MockResponse conflict(FieldManager.ConflictException e) throws Exception {
        ObjectNode body = statusBody(409, "Conflict", e.getMessage());
        ArrayNode causes = body.putObject("details").putArray("causes");
        for (FieldManager.Conflict c : e.conflicts) {
            causes.addObject().put("reason", "FieldManagerConflict").put("message", "conflict with " + c.owner().printed())
                    .put("field", FieldSets.print(c.path()));
        }
        return new MockResponse().setResponseCode(409).setBody(JSON.writeValueAsString(body));
    }

    private static MockResponse status(int code, String reason, String message) {
        try {
            return new MockResponse().setResponseCode(code).setBody(JSON.writeValueAsString(statusBody(code, reason, message)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode statusBody(int code, String reason, String message) {
        ObjectNode body = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        body.putObject("metadata");
        return body.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
    }

    private static RecordedRequest request(HttpMethod method, String path, JsonNode body) throws Exception {
        Headers headers = Headers.builder().add("Content-Type", "application/json").build();
        return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer(JSON.writeValueAsBytes(body)));
    }

    /** A request's path (without query), query parameters, and whether it addresses a subresource. */
    private record Target(String path, Map<String, String> query) {
        static Target of(RecordedRequest request) {
            String[] parts = request.getPath().split("\\?", 2);
            Map<String, String> query = new HashMap<>();
            if (parts.length > 1) {
                for (String pair : parts[1].split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            return new Target(parts[0], query);
        }

        boolean force() {
            return "true".equals(query.get("force"));
        }

        boolean subresource() {
            return path.endsWith("/status") || path.endsWith("/scale");
        }

        /** {@code ?fieldManager=}, else the user-agent's product token, as the API server defaults it. */
        String manager(RecordedRequest request) {
            String given = query.get("fieldManager");
            if (given != null && !given.isBlank()) {
                return given;
            }
            String agent = request.getHeader("User-Agent");
            String prefix = agent == null ? "" : agent.split("/", 2)[0].trim();
            return prefix.isEmpty() ? "unknown" : prefix.substring(0, Math.min(128, prefix.length()));
        }
    }
}
