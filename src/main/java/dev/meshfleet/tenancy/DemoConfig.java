package dev.meshfleet.tenancy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "meshfleet.demo")
public interface DemoConfig {
    /** Seeds the dev-only tenant {@code demo} with the dev users alice (admin) and bob (operator); on in the dev profile. */
    @WithDefault("false")
    boolean enabled();
}
