package dev.meshfleet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * What dev mode ({@code ./mvnw quarkus:dev}) is configured to do for a new user, checked on the configuration itself:
 * a test cannot start dev mode. (Checked by hand once: dev mode's log then opens with neither the Docker ERROR nor the
 * analytics prompt, and /dev/token's tokens last 10 hours.)
 */
class DevModeConfigTest {
    private static Properties applicationProperties() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            p.load(r);
        }
        return p;
    }

    private static Duration duration(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        return Duration.parse(v.startsWith("P") ? v : "PT" + v);
    }

    @Test
    void devTokensLastAWorkingDay() throws IOException {
        String lifetime = applicationProperties().getProperty("%dev.quarkus.oidc.devservices.access-token-expires-in");
        assertTrue(lifetime != null && duration(lifetime).compareTo(Duration.ofHours(8)) >= 0,
                "/dev/token tokens must outlast a working day's session, not 5 minutes: " + lifetime);
    }

    @Test
    void devModeStartsWithoutTheDockerErrorOrTheAnalyticsPrompt() throws IOException {
        Properties p = applicationProperties();
        // the OIDC Dev Service stays (it needs no Docker); Dev Services are not switched off as a whole
        assertEquals("true", p.getProperty("%dev.quarkus.oidc.devservices.enabled"));
        assertNull(p.getProperty("quarkus.devservices.enabled"));
        assertNull(p.getProperty("%dev.quarkus.devservices.enabled"));
        // the Docker probe that lists Dev Services logs its failure through Testcontainers
        assertEquals("OFF", p.getProperty("%dev.quarkus.log.category.\"org.testcontainers\".level"));
        // the prompt comes from the Maven plugin, which reads only system properties (not application.properties)
        assertTrue(Files.readString(Path.of(".mvn/jvm.config")).contains("-Dquarkus.analytics.disabled=true"));
    }
}
