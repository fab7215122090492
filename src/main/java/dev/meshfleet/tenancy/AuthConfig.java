package dev.meshfleet.tenancy;

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
}
