package dev.meshfleet.intent.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.intent.model.JwtRule;
import dev.meshfleet.intent.model.RequestAuthentication;

/**
 * JWT request authentication: policies unique per namespace, each with issuers whose keys come from one place (jwksUri
 * or jwks, as Istio's CRD requires), and header, parameter and claim names Envoy accepts.
 */
final class RequestAuthenticationRules {
    /** The CRD's pattern for outputClaimToHeaders[].header. */

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PathChecks checks;
    private final Set<String> names = new HashSet<>();

    RequestAuthenticationRules(PathChecks checks) {
        this.checks = checks;
    }

    void check(RequestAuthentication ra, String p) {
        checks.dnsLabel(ra.name(), p + ".name");
        checks.dnsLabel(ra.namespace(), p + ".namespace");
        if (ra.name() != null && !names.add(ra.namespace() + "/" + ra.name())) {
            checks.error(p + ".name", "duplicate request authentication '" + ra.name() + "' in namespace " + ra.namespace());
        }
        if (ra.selector() != null && ra.selector().isEmpty()) {
            checks.error(p + ".selector", "must select workloads with at least one label (leave it out for the whole namespace)");
        }
        checks.labels(ra.selector(), p + ".selector");
        if (checks.required(ra.jwtRules(), p + ".jwtRules") && ra.jwtRules().isEmpty()) {
            checks.error(p + ".jwtRules", "needs at least one JWT rule");
        }
        Set<String> issuers = new HashSet<>();
        checks.each(ra.jwtRules(), p + ".jwtRules", (rule, rp) -> {
            jwtRule(rule, rp);
            if (rule.issuer() != null && !issuers.add(rule.issuer())) {
                checks.error(rp + ".issuer", "duplicate issuer '" + rule.issuer() + "' (Envoy keeps one rule per issuer)");
            }
        });
    }

    private void jwtRule(JwtRule r, String p) {
        if (checks.required(r.issuer(), p + ".issuer") && r.issuer().isBlank()) {
            checks.error(p + ".issuer", "must not be empty");
        }
        nonBlank(r.audiences(), p + ".audiences");
        if (r.jwksUri() != null && r.jwks() != null) {
            checks.error(p + ".jwks", "give jwksUri or jwks, not both");
        }
        if (r.jwksUri() != null && !httpUrl(r.jwksUri())) {
            checks.error(p + ".jwksUri", "must be an http:// or https:// URL of at most 2048 characters");
        }
        if (r.jwks() != null && !jwkSet(r.jwks())) {
            checks.error(p + ".jwks", "must be a JSON Web Key Set (a JSON object with a 'keys' list) or one JSON Web Key");
        }
        checks.each(r.fromHeaders(), p + ".fromHeaders", (h, hp) -> {
            if (checks.required(h.name(), hp + ".name") && !PathChecks.HEADER_NAME.matcher(h.name()).matches()) {
                checks.error(hp + ".name", "is not a valid header name");
            }
        });
        nonBlank(r.fromParams(), p + ".fromParams");
        if (r.outputPayloadToHeader() != null && !PathChecks.HEADER_NAME.matcher(r.outputPayloadToHeader()).matches()) {
            checks.error(p + ".outputPayloadToHeader", "is not a valid header name");
        }
        checks.each(r.outputClaimToHeaders(), p + ".outputClaimToHeaders", (c, cp) -> {
            if (checks.required(c.header(), cp + ".header") && !PathChecks.HEADER_TOKEN.matcher(c.header()).matches()) {
                checks.error(cp + ".header", "must be letters, digits, '-' and '_'");
            }
            if (checks.required(c.claim(), cp + ".claim") && c.claim().isEmpty()) {
                checks.error(cp + ".claim", "must not be empty");
            }
        });
    }

    private void nonBlank(List<String> values, String p) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isEmpty()) {
                checks.error(p + "[" + i + "]", "must not be empty");
            }
        }
    }

    /** Istio parses jwks as a key set or a single key (istio/istio pkg/config/validation validateJwtRule). */
    private static boolean jwkSet(String jwks) {
        try {
            JsonNode node = JSON.readTree(jwks);
            return node != null && node.isObject() && (node.path("keys").isArray() || node.path("kty").isTextual());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean httpUrl(String value) {
        if (value.length() > 2048) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
