package dev.meshfleet.common.web;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Documents the problem+json error answers that every API operation can give, so clients can rely on them:
 * 400/401/403/404 everywhere, 409 on creates and deletes, 413/415 where a body is taken, 412/428 where If-Match applies,
 * and 503 everywhere (overloaded: no database connection free within the pool's acquisition timeout).
 */
public class ProblemResponsesFilter implements OASFilter {
    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final String OVERLOADED = "Overloaded (no database connection free in time): retry after Retry-After seconds";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addSchema("FieldError", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.OBJECT))
                .addProperty("path", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
                .addProperty("message", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
                .addProperty("code", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING))
                        .description("the finding's stable code (MF...), for intent analysis findings")));
        Schema string = OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING));
        openAPI.getComponents().addSchema("Problem", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details")
                .addProperty("type", string).addProperty("title", string)
                .addProperty("status", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.INTEGER)))
                .addProperty("detail", string).addProperty("instance", string).addProperty("requestId", string)
                .addProperty("errors", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.ARRAY))
                        .items(OASFactory.createSchema().ref("#/components/schemas/FieldError"))));
        if (openAPI.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            if (path.getKey().startsWith("/agent/")) { // agents get problems too: bad input, bad credential, unknown
                for (Operation operation : path.getValue().getOperations().values()) {
                    add(operation, "400", "Invalid input; errors name the fields");
                    add(operation, "401", "No valid agent credential or bootstrap token");
                    add(operation, "404", "Not found, or not for this cluster");
                    add(operation, "503", OVERLOADED);
                }
                continue;
            }
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().getOperations().entrySet()) {
                Operation operation = op.getValue();
                add(operation, "400", "Invalid input; errors name the fields");
                add(operation, "401", "No valid bearer token");
                add(operation, "403", "The caller's role does not allow this");
                add(operation, "404", "Not found, or not visible to the caller");
                add(operation, "503", OVERLOADED);
                if (op.getKey() == PathItem.HttpMethod.POST || op.getKey() == PathItem.HttpMethod.DELETE
                        || op.getKey() == PathItem.HttpMethod.PATCH || op.getKey() == PathItem.HttpMethod.PUT) {
                    add(operation, "409", "Conflicts with the current state");
                }
                if (operation.getRequestBody() != null) {
                    add(operation, "413", "The body is larger than accepted (an intent document: 1 MiB; any body: "
                            + "quarkus.http.limits.max-body-size)");
                    add(operation, "415", "The body's media type is not one the operation takes");
                }
                if (path.getKey().endsWith("/intent") && op.getKey() == PathItem.HttpMethod.PUT
                        || path.getKey().endsWith("/restore")) {
                    add(operation, "412", "If-Match names another revision");
                    add(operation, "428", "If-Match is required once a revision exists");
                }
            }
        }
    }

    private static void add(Operation operation, String status, String description) {
        var existing = operation.getResponses().getAPIResponse(status);
        // SmallRye adds a bare "400 Bad Request" next to explicit @APIResponse annotations: give it the problem body
        if (existing != null && existing.getContent() != null && !existing.getContent().getMediaTypes().isEmpty()) {
            return;
        }
        operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType("application/problem+json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)))));
    }
}
