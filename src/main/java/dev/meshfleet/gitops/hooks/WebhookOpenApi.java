package dev.meshfleet.gitops.hooks;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents {@code POST /hooks/{hookId}} in the served OpenAPI document: the receiver is a route on the Vert.x router
 * (so that it owns the body stream, see {@link WebhookReceiver}), which the annotation scan does not see.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class WebhookOpenApi implements OASFilter {
    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final String ANSWER = "#/components/schemas/WebhookAnswer";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addSchema("WebhookAnswer", OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("what was made of a verified delivery")
                .addProperty("result", string().description("accepted, duplicate, ignored or pong")
                        .enumeration(List.of("accepted", "duplicate", "ignored", "pong")))
                .addProperty("detail", string())
                .addProperty("deliveryId", string().description("the provider's delivery id (or sha256: of the body)"))
                .required(List.of("result", "detail")));
        Operation receive = OASFactory.createOperation().operationId("receiveWebhook").addTag("gitops")
                .summary("Receive a git provider's webhook for one git source")
                .description("The path is the source's webhookPath (an unguessable id, one per source). The source's "
                        + "provider chooses the verifier, never the headers: GitHub X-Hub-Signature-256 (sha256 only), "
                        + "GitLab X-Gitlab-Token or signing tokens (webhook-id, webhook-timestamp within 5 minutes, "
                        + "webhook-signature v1), Bitbucket X-Hub-Signature sha256=, Gitea X-Gitea-Signature, Forgejo "
                        + "X-Forgejo-Signature, generic X-Signature: sha256=<hex> (HMAC-SHA256 of the raw body). The body is "
                        + "verified on its raw bytes before it is parsed, counted while it streams (413 past the limit, "
                        + "meshfleet.gitops.max-body-bytes), and a push to the configured branch queues a sync. No bearer "
                        + "token: the signature authenticates the delivery.")
                .addParameter(OASFactory.createParameter().name("hookId").in(Parameter.In.PATH).required(true)
                        .schema(string().pattern("^[A-Za-z0-9_-]{16,64}$")))
                .requestBody(OASFactory.createRequestBody().required(true).content(OASFactory.createContent()
                        .addMediaType("application/json", OASFactory.createMediaType().schema(OASFactory.createSchema()
                                .type(List.of(Schema.SchemaType.OBJECT)).description("the provider's event payload")))))
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("200", answer("Verified but no sync queued: a duplicate delivery id, an "
                                + "ignored event (another branch, another event), or a ping"))
                        .addAPIResponse("202", answer("A push to the source's branch: a sync is queued"))
                        .addAPIResponse("400", problem("Verified, but the body is not a JSON object"))
                        .addAPIResponse("401", problem("The signature or token is missing, wrong, or of a refused kind"))
                        .addAPIResponse("404", problem("No such hook"))
                        .addAPIResponse("405", problem("Not a POST"))
                        .addAPIResponse("408", problem("The body (or the request head) did not arrive in time"))
                        .addAPIResponse("409", problem("The git source is suspended"))
                        .addAPIResponse("413", problem("The body is larger than meshfleet.gitops.max-body-bytes"))
                        .addAPIResponse("415", problem("The body is not application/json"))
                        .addAPIResponse("429", problem("The source sends more deliveries than it may (Retry-After)"))
                        .addAPIResponse("503", problem("The delivery could not be recorded now (Retry-After)")));
        openAPI.getPaths().addPathItem("/hooks/{hookId}", OASFactory.createPathItem().POST(receive));
    }

    private static Schema string() {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING));
    }

    private static APIResponse answer(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType("application/json", OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ANSWER))));
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType("application/problem+json", OASFactory.createMediaType().schema(OASFactory.createSchema()
                        .ref(PROBLEM))));
    }
}
