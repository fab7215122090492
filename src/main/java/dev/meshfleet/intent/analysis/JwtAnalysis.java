package dev.meshfleet.intent.analysis;

import java.util.ArrayList;
import java.util.List;

import dev.meshfleet.intent.model.AuthorizationPolicy;
import dev.meshfleet.intent.model.AuthorizationRule;
import dev.meshfleet.intent.model.MeshSpec;
import dev.meshfleet.intent.model.RequestAuthentication;

/**
 * JWT request authentication that enforces nothing: a RequestAuthentication only rejects invalid tokens, and a request
 * without a token is accepted unless an AuthorizationPolicy requires a request principal (istio.io
 * docs/reference/config/security/request_authentication). MF110 when no policy in the namespace, or in the root
 * namespace istio-system (mesh-wide), looks at request principals or request.auth attributes.
 */
final class JwtAnalysis {
    static final String ROOT_NAMESPACE = "istio-system";

    private JwtAnalysis() {
    }

    static List<Finding> analyze(MeshSpec spec) {
        List<Finding> out = new ArrayList<>();
        List<RequestAuthentication> all = spec.requestAuthentications();
        if (all == null) {
            return out;
        }
        List<AuthorizationPolicy> policies = spec.authorization() == null || spec.authorization().policies() == null
                ? List.of() : spec.authorization().policies();
        for (int i = 0; i < all.size(); i++) {
            String namespace = all.get(i).namespace();
            boolean enforced = policies.stream().filter(p -> namespace.equals(p.namespace())
                    || ROOT_NAMESPACE.equals(p.namespace())).anyMatch(JwtAnalysis::usesRequestIdentity);
            if (!enforced) {
                out.add(Finding.warning("MF110", "$.spec.requestAuthentications[" + i + "]", "requests without a token are "
                        + "still accepted in namespace " + namespace + ": no authorization policy there (or in "
                        + ROOT_NAMESPACE + ") requires requestPrincipals or a request.auth condition"));
            }
        }
        return out;
    }

    private static boolean usesRequestIdentity(AuthorizationPolicy p) {
        if (p.rules() == null) {
            return false;
        }
        for (AuthorizationRule r : p.rules()) {
            if (r.from() != null && r.from().stream().anyMatch(s -> s.requestPrincipals() != null
                    || s.notRequestPrincipals() != null)) {
                return true;
            }
            if (r.when() != null && r.when().stream().anyMatch(c -> c.key().startsWith("request.auth."))) {
                return true;
            }
        }
        return false;
    }
}
