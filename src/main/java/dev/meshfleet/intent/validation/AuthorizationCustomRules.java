package dev.meshfleet.intent.validation;

import java.util.List;
import java.util.regex.Pattern;

import dev.meshfleet.intent.model.AuthorizationAction;
import dev.meshfleet.intent.model.AuthorizationPolicy;
import dev.meshfleet.intent.model.AuthorizationSource;

/**
 * The parts of an authorization policy beyond principals and ports: the CUSTOM action's provider, IP blocks (peer and
 * remote) as addresses or CIDR ranges, and 'when' keys on JWT claims ({@code request.auth.claims[groups]}, nested
 * {@code request.auth.claims[a][b]}).
 */
final class AuthorizationCustomRules {
    private static final Pattern CLAIM_KEY = Pattern.compile("request\\.auth\\.claims(\\[[^\\[\\]]+\\])+");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}(/([0-9]|[12][0-9]|3[0-2]))?");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8]))?");

    private AuthorizationCustomRules() {
    }

    /** CUSTOM needs a provider name; the other actions take none. Left out, the action is ALLOW (as in Istio). */
    static void provider(PathChecks checks, AuthorizationPolicy pol, String pp) {
        if (pol.action() == AuthorizationAction.CUSTOM) {
            if (checks.required(pol.provider(), pp + ".provider")
                    && checks.required(pol.provider().name(), pp + ".provider.name") && pol.provider().name().isBlank()) {
                checks.error(pp + ".provider.name", "must not be empty");
            }
        } else if (pol.provider() != null) {
            checks.error(pp + ".provider", "only applies to action CUSTOM (the action is "
                    + (pol.action() == null ? "ALLOW when left out" : pol.action().name()) + ")");
        }
    }

    static void ipBlocks(PathChecks checks, AuthorizationSource src, String fp) {
        ipBlocks(checks, src.ipBlocks(), fp + ".ipBlocks");
        ipBlocks(checks, src.notIpBlocks(), fp + ".notIpBlocks");
        ipBlocks(checks, src.remoteIpBlocks(), fp + ".remoteIpBlocks");
        ipBlocks(checks, src.notRemoteIpBlocks(), fp + ".notRemoteIpBlocks");
        checks.nonEmptyItems(src.requestPrincipals(), fp + ".requestPrincipals");
        checks.nonEmptyItems(src.notRequestPrincipals(), fp + ".notRequestPrincipals");
    }

    static void conditionKey(PathChecks checks, String key, String path) {
        if (key != null && key.startsWith("request.auth.claims") && !CLAIM_KEY.matcher(key).matches()) {
            checks.error(path, "must name a claim as request.auth.claims[NAME] (nested: request.auth.claims[A][B])");
        }
    }

    static void ipBlocks(PathChecks checks, List<String> blocks, String path) {
        if (blocks == null) {
            return;
        }
        for (int i = 0; i < blocks.size(); i++) {
            String block = blocks.get(i);
            if (!IPV4.matcher(block).matches() && !IPV6.matcher(block).matches()) {
                checks.error(path + "[" + i + "]", "must be an IP address or a CIDR range such as 10.0.0.0/16");
            }
        }
    }
}
