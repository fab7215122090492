package dev.meshfleet.tenancy;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.meshfleet.audit.Actor;
import dev.meshfleet.common.error.ForbiddenException;
import dev.meshfleet.common.web.RequestContext;
import io.quarkus.security.identity.SecurityIdentity;

/** The caller of this request, read once from the verified bearer token. */
@RequestScoped
public class CurrentCaller {
    private final SecurityIdentity identity;
    private final AuthConfig config;
    private final RequestContext request;
    private Caller caller;

    public CurrentCaller(SecurityIdentity identity, AuthConfig config, RequestContext request) {
        this.identity = identity;
        this.config = config;
        this.request = request;
    }

    public Caller get() {
        if (caller == null) {
            caller = read();
        }
        return caller;
    }

    /** The caller as the audit log records it: subject, the request's source and its id. */
    public Actor actor() {
        return new Actor(get().subject(), request.source(), request.requestId());
    }

    /** When the caller's token expires, if it says; long-lived streams end then. */
    public Optional<Instant> tokenExpiry() {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getExpirationTime() > 0) {
            return Optional.of(Instant.ofEpochSecond(token.getExpirationTime()));
        }
        return Optional.empty();
    }

    private Caller read() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new ForbiddenException("a bearer token is required");
        }
        Object subject = token.getClaim(config.subjectClaim());
        if (subject == null || subject.toString().isBlank()) {
            throw new ForbiddenException("the token has no '" + config.subjectClaim() + "' claim");
        }
        Set<String> groups = new LinkedHashSet<>();
        Object claim = token.getClaim(config.groupsClaim());
        if (claim instanceof Iterable<?> values) {
            values.forEach(v -> groups.add(unquote(v.toString())));
        } else if (claim != null) {
            groups.add(unquote(claim.toString()));
        }
        return new Caller(unquote(subject.toString()), Set.copyOf(groups), groups.contains(config.platformAdminGroup()));
    }

    /** JSON-P string values print with their quotes. */
    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
