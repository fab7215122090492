package dev.meshfleet.tenancy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcConfig;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.oidc.runtime.OidcTenantConfig;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Verifies an API bearer token once, not on every request: quarkus-oidc checks each JWT's signature and claims with
 * jose4j, which costs about a sixth of a GET's CPU and most of its garbage (~100 KB per request, and so the young-GC
 * pauses that set the latency tail). Asked before quarkus-oidc's own provider (higher priority); for the default OIDC
 * tenant's plain bearer tokens it answers from {@link VerifiedTokens}, or asks quarkus-oidc and keeps what it accepted.
 * Everything else (the console's code flow, other tenants, DPoP or certificate-bound tokens) goes to quarkus-oidc as
 * before. Only the token's verification is cached: roles and memberships are still read from Postgres per request.
 */
@ApplicationScoped
public class CachingTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    /** What the bearer mechanism puts in the routing context: the OIDC tenant resolved for the request. */
    private static final String TENANT_ID = OidcUtils.TENANT_ID_ATTRIBUTE;

    private final OidcIdentityProvider oidc;
    private final VerifiedTokens<SecurityIdentity> verified;
    private final String defaultTenant;
    private final boolean boundTokens;
    private final Optional<java.time.Duration> maxTokenAge;

    public CachingTokenIdentityProvider(OidcIdentityProvider oidc, OidcConfig oidcConfig, AuthConfig config) {
        this.oidc = oidc;
        this.verified = new VerifiedTokens<>(config.tokenCache().maxAge(), config.tokenCache().maxEntries());
        OidcTenantConfig tenant = OidcConfig.getDefaultTenant(oidcConfig);
        this.defaultTenant = tenant.tenantId().orElse(OidcUtils.DEFAULT_TENANT_ID);
        // a token bound to a client certificate or a DPoP key must be checked against each request's proof
        this.boundTokens = tenant.token().binding().certificate()
                || OidcUtils.isDPoPScheme(tenant.token().authorizationScheme());
        this.maxTokenAge = tenant.token().age();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before quarkus-oidc's provider, which keeps the default priority. */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (!cacheable(request, routing)) {
            return Uni.createFrom().nullItem(); // the next provider, quarkus-oidc's, decides
        }
        String token = request.getToken().getToken();
        Instant now = Instant.now();
        Optional<SecurityIdentity> known = verified.get(defaultTenant, token, now);
        if (known.isPresent()) {
            routing.put(AuthenticationRequestContext.class.getName(), context); // as quarkus-oidc's provider does
            return Uni.createFrom().item(forThisRequest(known.get(), routing, context));
        }
        return oidc.authenticate(request, context).invoke(identity -> remember(token, identity, now));
    }

    /** Tokens whose verification was cached (tests and diagnostics). */
    public VerifiedTokens<SecurityIdentity> verified() {
        return verified;
    }

    private boolean cacheable(TokenAuthenticationRequest request, RoutingContext routing) {
        return verified.enabled() && !boundTokens && routing != null
                && request.getToken() != null && request.getToken().getClass() == AccessTokenCredential.class
                && !((AccessTokenCredential) request.getToken()).isOpaque()
                && defaultTenant.equals(routing.get(TENANT_ID))
                && routing.get(OidcUtils.DPOP_PROOF) == null;
    }

    private void remember(String token, SecurityIdentity identity, Instant now) {
        if (identity == null || identity.isAnonymous() || !defaultTenant.equals(identity.getAttribute(TENANT_ID))
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        Optional<Instant> expiry = jwt.getExpirationTime() > 0
                ? Optional.of(Instant.ofEpochSecond(jwt.getExpirationTime()))
                : Optional.empty();
        Optional<Instant> ageLimit = maxTokenAge.flatMap(age -> jwt.getIssuedAtTime() > 0
                ? Optional.of(Instant.ofEpochSecond(jwt.getIssuedAtTime()).plus(age))
                : Optional.of(now)); // a token without iat is not cached when its age is limited
        verified.put(defaultTenant, token, identity, expiry, ageLimit, now);
    }

    /** The cached identity with this request's routing and authentication contexts in place of the first request's. */
    private static SecurityIdentity forThisRequest(SecurityIdentity cached, RoutingContext routing,
            AuthenticationRequestContext context) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(cached);
        for (Map.Entry<String, Object> attribute : cached.getAttributes().entrySet()) {
            if (attribute.getValue() instanceof RoutingContext) {
                builder.addAttribute(attribute.getKey(), routing);
            } else if (attribute.getValue() instanceof AuthenticationRequestContext) {
                builder.addAttribute(attribute.getKey(), context);
            }
        }
        return builder.build();
    }
}
