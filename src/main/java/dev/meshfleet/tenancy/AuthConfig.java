package dev.meshfleet.tenancy;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "meshfleet.auth")
public interface AuthConfig {
    /** Token claim naming the caller; memberships of kind {@code user} match its value. */
    @WithDefault("sub")
    String subjectClaim();

    /** Token claim listing the caller's groups; memberships of kind {@code group} match its values. */
    @WithDefault("groups")
    String groupsClaim();

    /** A caller with this value in its groups claim is a platform admin (manages tenants, may act in every tenant). */
    @WithDefault("meshfleet-platform-admin")
    String platformAdminGroup();

    /** Verified bearer tokens kept so that a token used again is not verified again ({@link VerifiedTokens}). */
    TokenCache tokenCache();

    interface TokenCache {
        /**
         * Longest time a verified token is trusted without verifying it again (never past its expiry); bounds how long
         * a key removed from the issuer's key set is still honoured. 0 turns the cache off.
         */
        @WithDefault("PT30S")
        Duration maxAge();

        /** Most tokens kept (about 2 KB each with what they verified to). */
        @WithDefault("10000")
        int maxEntries();
    }
}
