package dev.meshfleet.intent.validation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.intent.model.MeshSpec;
import dev.meshfleet.intent.model.Metadata;
import dev.meshfleet.intent.model.Service;

/**
 * Structural validation of intent v1: required fields, ranges, formats and references inside the document. Collects
 * every error with its JSON path, in document order: the header, then services, gateways, mTLS, authorization, raw
 * resources, service entries and egress, overrides and delegates, each section checked by its own class. (Semantic
 * checks of the istioctl-analyze kind are intent.analysis.) Pure.
 */
public final class IntentValidator {
    private final PathChecks checks = new PathChecks();
    /** Filled by the first pass over the services, before anything that refers to a service is checked. */
    private final Map<String, Service> servicesByName = new HashMap<>();
    private final TrafficPolicyRules policies = new TrafficPolicyRules(checks);
    private final RouteRules routes = new RouteRules(checks, servicesByName);
    private final ServiceRules services = new ServiceRules(checks, policies, routes);
    private final GatewayRules gateways = new GatewayRules(checks, routes);
    private final MtlsRules mtls = new MtlsRules(checks);
    private final AuthorizationRules authorization = new AuthorizationRules(checks);
    private final RequestAuthenticationRules requestAuthentications = new RequestAuthenticationRules(checks);
    private final RawResourceRules raw = new RawResourceRules(checks);
    private final RouteShapeRules shapes = new RouteShapeRules(checks, routes);
    private final OverrideRules overrides = new OverrideRules(checks, servicesByName, policies, routes);

    private IntentValidator() {
    }

    public static List<FieldError> validate(MeshIntent intent, String meshName) {
        return validate(intent, NullListElements.tree(intent), meshName);
    }

    /**
     * As {@link #validate(MeshIntent, String)}, with a tree of the intent that its caller needs anyway (nulls left
     * out, list items in document order; object key order only changes the order of null-item errors).
     */
    public static List<FieldError> validate(MeshIntent intent, com.fasterxml.jackson.databind.JsonNode tree,
            String meshName) {
        // first, as the checks below (and the renderer) take every list item to be there
        List<FieldError> nullItems = NullListElements.find(tree);
        if (!nullItems.isEmpty()) {
            return nullItems;
        }
        IntentValidator v = new IntentValidator();
        v.document(intent, meshName);
        return v.checks.errors();
    }

    private void document(MeshIntent intent, String meshName) {
        if (!isCurrentApiVersion(intent.apiVersion())) {
            checks.error("$.apiVersion", "must be '" + IntentCodec.API_VERSION + "'");
        }
        if (!IntentCodec.KIND.equals(intent.kind())) {
            checks.error("$.kind", "must be '" + IntentCodec.KIND + "'");
        }
        if (intent.metadata() != null) {
            Metadata m = intent.metadata();
            if (m.name() != null && meshName != null && !m.name().equals(meshName)) {
                checks.error("$.metadata.name", "must be the mesh's name '" + meshName + "' (or be left out)");
            }
            checks.labels(m.labels(), "$.metadata.labels");
        }
        if (!checks.required(intent.spec(), "$.spec")) {
            return;
        }
        MeshSpec spec = intent.spec();
        checks.each(spec.services(), "$.spec.services", (s, p) -> {
            if (s != null && s.name() != null && servicesByName.putIfAbsent(s.name(), s) != null) {
                checks.error(p + ".name", "duplicate service '" + s.name() + "'");
            }
        });
        checks.each(spec.services(), "$.spec.services", (s, p) -> {
            services.check(s, p);
            shapes.names(s.names(), p + ".names");
        });
        Set<String> gatewayNames = new HashSet<>();
        checks.each(spec.gateways(), "$.spec.gateways", (g, p) -> {
            gateways.check(g, p);
            checks.each(g.routes(), p + ".routes", (r, rp) -> shapes.gatewayRoute(g, r, rp));
            if (g.name() != null && !gatewayNames.add(g.namespaceOrDefault() + "/" + g.name())) {
                checks.error(p + ".name", "duplicate gateway '" + g.name() + "'");
            }
        });
        if (spec.mtls() != null) {
            mtls.check(spec.mtls(), "$.spec.mtls");
        }
        if (spec.authorization() != null) {
            authorization.check(spec.authorization(), "$.spec.authorization");
        }
        checks.each(spec.requestAuthentications(), "$.spec.requestAuthentications", requestAuthentications::check);
        checks.each(spec.resources(), "$.spec.resources", raw::check);
        externalServices(spec, gatewayNames);
        Set<String> overrideNames = new HashSet<>();
        checks.each(spec.overrides(), "$.spec.overrides", (o, p) -> {
            overrides.check(o, p);
            if (o.name() != null && !overrideNames.add(o.name())) {
                checks.error(p + ".name", "duplicate override '" + o.name() + "'");
            }
        });
        checks.each(spec.delegates(), "$.spec.delegates", shapes::delegate);
        shapes.uniqueNames(spec);
    }

    /** Service entries and egress (egress gateways must not collide with the ingress gateways named so far). */
    private void externalServices(MeshSpec spec, Set<String> ingressGateways) {
        ServiceEntryRules entries = new ServiceEntryRules(checks);
        Set<String> entryNames = new HashSet<>();
        checks.each(spec.serviceEntries(), "$.spec.serviceEntries", (e, p) -> {
            entries.check(e, p);
            if (e.name() != null && !entryNames.add(e.name())) {
                checks.error(p + ".name", "duplicate service entry '" + e.name() + "'");
            }
        });
        checks.each(spec.egress(), "$.spec.egress", new EgressRules(checks, ingressGateways)::check);
    }

    private static boolean isCurrentApiVersion(String apiVersion) {
        return IntentCodec.API_VERSION.equals(apiVersion);
    }
}
