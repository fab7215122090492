package dev.meshfleet.support;

import static dev.meshfleet.support.Api.as;

import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * A fresh tenant set up through the API, and the calls tests make to furnish it: members, clusters, meshes and their
 * first intent. Every call checks its success status; the ones returning the answer leave further checks to the test.
 */
public final class TestTenant {
    static final String YAML = "application/yaml";

    /** A member added through the API: its id, who it is, and a token to call as it. */
    public record Member(String id, String subject, String token) {
    }

    private final String name;
    private final Member admin;

    private TestTenant(String name, Member admin) {
        this.name = name;
        this.admin = admin;
    }

    /** A new tenant (created by a platform admin) whose admin member is a fresh subject starting with "admin". */
    public static TestTenant create() {
        return withAdmin("admin");
    }

    /** A new tenant whose admin member is a fresh subject starting with {@code subjectPrefix}. */
    public static TestTenant withAdmin(String subjectPrefix) {
        String subject = Api.uniqueName(subjectPrefix);
        return new TestTenant(Api.tenantWithAdmin(subject), new Member(null, subject, TestTokens.user(subject)));
    }

    public String name() {
        return name;
    }

    /** The admin member's token. */
    public String admin() {
        return admin.token();
    }

    public String adminSubject() {
        return admin.subject();
    }

    /** "/api/v1/tenants/{tenant}" */
    public String path() {
        return "/api/v1/tenants/" + name;
    }

    public String clusters() {
        return path() + "/clusters";
    }

    public String meshes() {
        return path() + "/meshes";
    }

    /** "/api/v1/tenants/{tenant}/meshes/{mesh}" */
    public String mesh(String mesh) {
        return meshes() + "/" + mesh;
    }

    /** Adds a fresh subject (starting with {@code subjectPrefix}) in {@code role}, as a platform admin does. */
    public Member addMember(String subjectPrefix, String role) {
        String subject = Api.uniqueName(subjectPrefix);
        String id = as(TestTokens.platformAdmin()).body(Map.of("subject", subject, "role", role))
                .post(path() + "/members").then().statusCode(201).extract().path("id");
        return new Member(id, subject, TestTokens.user(subject));
    }

    /** Registers a cluster with this body; the 201 answer carries the cluster and its one-time bootstrap token. */
    public ValidatableResponse registerCluster(Map<String, ?> body) {
        return as(admin()).body(body).post(clusters()).then().statusCode(201);
    }

    /** Registers a cluster with these labels and returns its one-time bootstrap token. */
    public String registerCluster(String cluster, Map<String, String> labels) {
        return registerCluster(Map.of("name", cluster, "labels", labels)).extract().path("bootstrapToken");
    }

    /** A new bootstrap token for a registered cluster (the one before it stops working). */
    public String newBootstrapToken(String cluster) {
        return as(admin()).post(clusters() + "/" + cluster + "/bootstrap-token").then().statusCode(200).extract()
                .path("bootstrapToken");
    }

    /** Creates a mesh with this body; the 201 answer is the mesh. */
    public ValidatableResponse createMesh(Map<String, ?> body) {
        return as(admin()).body(body).post(meshes()).then().statusCode(201);
    }

    /** Creates a mesh in trust domain cluster.local with no placement (the server's default). */
    public ValidatableResponse createMesh(String mesh) {
        return createMesh(Map.of("name", mesh, "trustDomain", "cluster.local"));
    }

    /** Creates a mesh in trust domain cluster.local placed on the clusters with these labels. */
    public ValidatableResponse createMesh(String mesh, Map<String, String> placementLabels) {
        return createMesh(Map.of("name", mesh, "trustDomain", "cluster.local",
                "placement", Map.of("matchLabels", placementLabels)));
    }

    /** Puts a mesh's first intent (no If-Match); the 201 answer is revision 1. */
    public ValidatableResponse putFirstIntent(String mesh, String yaml) {
        return as(admin()).contentType(YAML).body(yaml).put(mesh(mesh) + "/intent").then().statusCode(201);
    }

    /** GET .../meshes/{mesh}/status as the admin. */
    public JsonPath meshStatus(String mesh) {
        return as(admin()).get(mesh(mesh) + "/status").then().statusCode(200).extract().jsonPath();
    }

    /** Whether the mesh's status shows the cluster APPLIED at the revision. */
    public boolean applied(String mesh, String cluster, int revision) {
        List<Map<String, Object>> rows = meshStatus(mesh).getList("clusters");
        return rows.stream().anyMatch(r -> r.get("cluster").equals(cluster)
                && Integer.valueOf(revision).equals(r.get("appliedRevision")) && "APPLIED".equals(r.get("state")));
    }
}
