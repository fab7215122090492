package dev.meshfleet.render;

import java.util.List;
import java.util.TreeMap;

import dev.meshfleet.intent.model.JwtRule;
import dev.meshfleet.intent.model.RequestAuthentication;
import io.fabric8.istio.api.api.security.v1beta1.ClaimToHeader;
import io.fabric8.istio.api.api.security.v1beta1.JWTHeader;
import io.fabric8.istio.api.api.security.v1beta1.JWTRule;
import io.fabric8.istio.api.api.type.v1beta1.WorkloadSelector;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** RequestAuthentications: the JWT issuers the selected workloads (a namespace, or the mesh from istio-system) accept. */
final class RequestAuthentications {
    private final ManagedMetadata marks;

    RequestAuthentications(ManagedMetadata marks) {
        this.marks = marks;
    }

    void render(List<RequestAuthentication> requestAuthentications, List<HasMetadata> out) {
        for (RequestAuthentication r : requestAuthentications) {
            var spec = new io.fabric8.istio.api.api.security.v1beta1.RequestAuthentication();
            if (r.selector() != null) {
                spec.setSelector(new WorkloadSelector(new TreeMap<>(r.selector())));
            }
            spec.setJwtRules(r.jwtRules().stream().map(RequestAuthentications::jwtRule).toList());
            var ra = new io.fabric8.istio.api.security.v1.RequestAuthentication();
            ra.setMetadata(marks.of(r.name(), r.namespace()));
            ra.setSpec(spec);
            out.add(ra);
        }
    }

    private static JWTRule jwtRule(JwtRule r) {
        JWTRule rule = new JWTRule();
        rule.setIssuer(r.issuer());
        if (r.audiences() != null) {
            rule.setAudiences(r.audiences());
        }
        rule.setJwksUri(r.jwksUri());
        rule.setJwks(r.jwks());
        if (r.fromHeaders() != null) {
            rule.setFromHeaders(r.fromHeaders().stream().map(h -> new JWTHeader(h.name(), h.prefix())).toList());
        }
        if (r.fromParams() != null) {
            rule.setFromParams(r.fromParams());
        }
        rule.setForwardOriginalToken(r.forwardOriginalToken());
        rule.setOutputPayloadToHeader(r.outputPayloadToHeader());
        if (r.outputClaimToHeaders() != null) {
            rule.setOutputClaimToHeaders(r.outputClaimToHeaders().stream()
                    .map(c -> new ClaimToHeader(c.claim(), c.header())).toList());
        }
        return rule;
    }
}
