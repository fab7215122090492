package dev.meshfleet.intent.model;

import java.util.List;

/**
 * A JWT issuer the workloads accept: its keys (jwksUri, inline jwks, or discovered through OpenID Connect), the
 * audiences, where the token is read from (headers or query parameters; default Authorization: Bearer and
 * access_token) and what is passed on to the workload.
 */
public record JwtRule(String issuer, List<String> audiences, String jwksUri, String jwks, List<JwtHeader> fromHeaders,
        List<String> fromParams, Boolean forwardOriginalToken, String outputPayloadToHeader,
        List<ClaimToHeader> outputClaimToHeaders) {
}
