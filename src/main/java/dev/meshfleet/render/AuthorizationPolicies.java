package dev.meshfleet.render;

import java.util.List;
import java.util.TreeMap;

import dev.meshfleet.intent.model.Authorization;
import dev.meshfleet.intent.model.AuthorizationPolicy;
import dev.meshfleet.intent.model.AuthorizationRule;
import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyAction;
import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyExtensionProvider;
import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyProvider;
import io.fabric8.istio.api.api.security.v1beta1.RuleFrom;
import io.fabric8.istio.api.api.security.v1beta1.RuleTo;
import io.fabric8.istio.api.api.type.v1beta1.WorkloadSelector;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** AuthorizationPolicies: a deny-all per listed namespace, then the intent's own policies (selector, action, rules). */
final class AuthorizationPolicies {
    private final ManagedMetadata marks;

    AuthorizationPolicies(ManagedMetadata marks) {
        this.marks = marks;
    }

    void render(Authorization authorization, List<HasMetadata> out) {
        if (authorization.denyAllNamespaces() != null) {
            for (String namespace : authorization.denyAllNamespaces()) {
                // An ALLOW policy without rules matches nothing, so the namespace denies every request by default.
                var ap = new io.fabric8.istio.api.security.v1.AuthorizationPolicy();
                ap.setMetadata(marks.of("deny-all", namespace));
                ap.setSpec(new io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicy());
                out.add(ap);
            }
        }
        if (authorization.policies() == null) {
            return;
        }
        for (AuthorizationPolicy p : authorization.policies()) {
            var spec = new io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicy();
            if (p.selector() != null) {
                spec.setSelector(new WorkloadSelector(new TreeMap<>(p.selector())));
            }
            if (p.action() != null) {
                // left out, Istio's default ALLOW applies: the policy is written as the user wrote it
                spec.setAction(AuthorizationPolicyAction.valueOf(p.action().name()));
            }
            if (p.provider() != null) {
                spec.setActionDetail(new AuthorizationPolicyProvider(new AuthorizationPolicyExtensionProvider(p.provider().name())));
            }
            if (p.rules() != null) {
                spec.setRules(p.rules().stream().map(AuthorizationPolicies::rule).toList());
            }
            var ap = new io.fabric8.istio.api.security.v1.AuthorizationPolicy();
            ap.setMetadata(marks.of(p.name(), p.namespace()));
            ap.setSpec(spec);
            out.add(ap);
        }
    }

    private static io.fabric8.istio.api.api.security.v1beta1.Rule rule(AuthorizationRule r) {
        var rule = new io.fabric8.istio.api.api.security.v1beta1.Rule();
        if (r.from() != null) {
            rule.setFrom(r.from().stream().map(s -> {
                var source = new io.fabric8.istio.api.api.security.v1beta1.Source();
                source.setPrincipals(s.principals());
                source.setNotPrincipals(s.notPrincipals());
                source.setRequestPrincipals(s.requestPrincipals());
                source.setNotRequestPrincipals(s.notRequestPrincipals());
                source.setNamespaces(s.namespaces());
                source.setNotNamespaces(s.notNamespaces());
                source.setIpBlocks(s.ipBlocks());
                source.setNotIpBlocks(s.notIpBlocks());
                source.setRemoteIpBlocks(s.remoteIpBlocks());
                source.setNotRemoteIpBlocks(s.notRemoteIpBlocks());
                return new RuleFrom(source);
            }).toList());
        }
        if (r.to() != null) {
            rule.setTo(r.to().stream().map(o -> {
                var operation = new io.fabric8.istio.api.api.security.v1beta1.Operation();
                operation.setHosts(o.hosts());
                operation.setNotHosts(o.notHosts());
                operation.setPorts(o.ports());
                operation.setNotPorts(o.notPorts());
                operation.setMethods(o.methods());
                operation.setNotMethods(o.notMethods());
                operation.setPaths(o.paths());
                operation.setNotPaths(o.notPaths());
                return new RuleTo(operation);
            }).toList());
        }
        if (r.when() != null) {
            rule.setWhen(r.when().stream().map(c -> {
                var condition = new io.fabric8.istio.api.api.security.v1beta1.Condition();
                condition.setKey(c.key());
                condition.setValues(c.values());
                condition.setNotValues(c.notValues());
                return condition;
            }).toList());
        }
        return rule;
    }
}
