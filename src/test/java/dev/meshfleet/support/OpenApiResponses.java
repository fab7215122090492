package dev.meshfleet.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.report.ValidationReport.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Checks every response an API test receives against the committed specs (openapi/meshfleet-v1.yaml and
 * openapi/agent-v1.yaml): status documented for the operation, content type declared, body valid against the schema.
 * A mismatch fails the request with the validator's report.
 *
 * <p>The validator is Atlassian's swagger-request-validator (a well-kept, widely used library). Its schema validation is
 * JSON Schema draft 4, i.e. OpenAPI 3.0, and it does not support 3.1 documents; ours are 3.1 only by their version line
 * and {@code examples} arrays (the served document uses no other 3.1 feature), so it validates a 3.0 rendering made
 * here: version 3.0.3, {@code type: [X, "null"]} as {@code type: X, nullable: true}, schema {@code examples} as
 * {@code example}, {@code anyOf: [X, {type: "null"}]} as a nullable copy of X. Requests are not validated: tests send bad requests on purpose.
 *
 * <p>Installed as a global REST Assured filter for every {@code @QuarkusTest} class (see
 * {@link OpenApiResponsesCallback}), so {@code given()} calls are checked too. A test that must receive undocumented
 * answers (the fuzz test) opts out with {@link NoResponseValidation}.
 */
public final class OpenApiResponses implements Filter {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final OpenApiResponses INSTANCE = new OpenApiResponses();
    private static volatile boolean enabled = true;
    private final OpenApiInteractionValidator validator;

    private OpenApiResponses() {
        ObjectNode spec = read(Path.of("openapi/meshfleet-v1.yaml"));
        ObjectNode agent = read(Path.of("openapi/agent-v1.yaml"));
        ((ObjectNode) spec.get("paths")).setAll((ObjectNode) agent.get("paths"));
        String openApi30 = toOpenApi30(spec).toString();
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(openApi30)
                .withLevelResolver(LevelResolver.create()
                        // requests: bad ones are sent on purpose; unknown paths and methods are 404/405 tests
                        .withLevel("validation.request", Level.IGNORE)
                        .build())
                .build();
    }

    /** Adds the filter to REST Assured's global filters once; later calls only switch it on or off. */
    public static void install(boolean on) {
        enabled = on;
        if (!RestAssured.filters().contains(INSTANCE)) {
            RestAssured.filters(INSTANCE);
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext ctx) {
        Response response = ctx.next(request, responseSpec);
        if (!enabled) {
            return response;
        }
        String path = URI.create(request.getURI()).getRawPath();
        if (!path.startsWith("/api/") && !path.startsWith("/agent/")) {
            return response;
        }
        Request.Method method = Request.Method.valueOf(request.getMethod().toUpperCase(Locale.ROOT));
        ValidationReport report = validator.validateResponse(path, method, simple(response));
        if (report.hasErrors()) {
            throw new AssertionError("response of " + method + " " + path + " does not match the committed OpenAPI: "
                    + report.getMessages() + "\nstatus " + response.statusCode() + ", " + response.contentType()
                    + ", body: " + abbreviate(response.asString()));
        }
        return response;
    }

    private static com.atlassian.oai.validator.model.Response simple(Response response) {
        SimpleResponse.Builder b = SimpleResponse.Builder.status(response.statusCode());
        response.headers().forEach(h -> b.withHeader(h.getName(), h.getValue()));
        String body = response.asString();
        if (body != null && !body.isEmpty()) {
            b.withBody(body);
        }
        return b.build();
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 600 ? s : s.substring(0, 600) + "...";
    }

    private static ObjectNode read(Path file) {
        try {
            return (ObjectNode) YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 3.0 rendering described in the class comment; fails on any other 3.1-only keyword so nothing is skipped. */
    static ObjectNode toOpenApi30(ObjectNode spec) {
        spec.put("openapi", "3.0.3");
        JsonNode schemas = spec.get("components").get("schemas");
        convert(schemas, schemas);
        convert(spec.get("paths"), schemas);
        return spec;
    }

    private static JsonNode resolve(JsonNode schema, JsonNode schemas) {
        JsonNode ref = schema.get("$ref");
        return ref == null ? schema : resolve(schemas.get(ref.asText().substring("#/components/schemas/".length())), schemas);
    }

    private static void convert(JsonNode node, JsonNode schemas) {
        if (node instanceof ObjectNode o) {
            for (String only31 : new String[] { "const", "prefixItems", "$defs", "unevaluatedProperties", "$schema",
                    "contentMediaType", "dependentSchemas", "if" }) {
                if (o.has(only31) && o.has("type")) {
                    throw new IllegalStateException("the spec uses OpenAPI 3.1's '" + only31
                            + "'; extend OpenApiResponses.toOpenApi30 or pick a 3.1 validator");
                }
            }
            for (String union : new String[] { "anyOf", "oneOf" }) {
                // {anyOf: [{$ref: X}, {type: "null"}]}: 3.0 has no null type, and nullable next to a $ref or allOf is
                // not honoured, so X is inlined as a nullable copy
                if (o.get(union) instanceof ArrayNode alternatives && alternatives.size() == 2) {
                    for (int i = 0; i < 2; i++) {
                        JsonNode t = alternatives.get(i).get("type");
                        if (t != null && "null".equals(t.asText()) && alternatives.get(i).size() == 1) {
                            JsonNode other = alternatives.get(1 - i);
                            o.remove(union);
                            o.remove("type");
                            o.setAll((ObjectNode) resolve(other, schemas).deepCopy());
                            o.put("nullable", true);
                            break;
                        }
                    }
                }
            }
            if (o.get("type") instanceof ArrayNode types) {
                JsonNode nonNull = null;
                for (JsonNode t : types) {
                    if ("null".equals(t.asText())) {
                        o.put("nullable", true);
                    } else if (nonNull == null) {
                        nonNull = t;
                    } else {
                        throw new IllegalStateException("a union type " + types + " has no OpenAPI 3.0 form");
                    }
                }
                o.set("type", nonNull);
            }
            if (o.has("type") && o.get("examples") instanceof ArrayNode examples) {
                o.remove("examples");
                if (!examples.isEmpty()) {
                    o.set("example", examples.get(0));
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                convert(it.next().getValue(), schemas);
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(item -> convert(item, schemas));
        }
    }
}
