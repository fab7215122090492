package dev.meshfleet.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** Starts a real OIDC issuer (discovery + JWKS over HTTP) for every @QuarkusTest. */
@QuarkusTestResource(OidcWiremockTestResource.class)
public class OidcIssuer {
}
