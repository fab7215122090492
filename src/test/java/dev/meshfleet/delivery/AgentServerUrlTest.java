package dev.meshfleet.delivery;

import dev.meshfleet.delivery.AgentServerUrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class AgentServerUrlTest {
    private static final URI REQUEST = URI.create("https://meshfleet.internal:8443/");

    @Test
    void configuredUrlWinsOverTheRequest() {
        AgentServerUrl url = AgentServerUrl.resolve(Optional.of("https://meshfleet.example.com/"), REQUEST);
        assertEquals("https://meshfleet.example.com", url.url());
        assertFalse(url.loopback());
    }

    @Test
    void withoutConfigurationTheRequestDecides() {
        assertEquals(new AgentServerUrl("https://meshfleet.internal:8443", false),
                AgentServerUrl.resolve(Optional.empty(), REQUEST));
        assertEquals("https://meshfleet.internal:8443", AgentServerUrl.resolve(Optional.of(" "), REQUEST).url());
    }

    @Test
    void loopbackAddressesAreFlagged() {
        for (String loopback : new String[] { "http://localhost:8080", "http://LOCALHOST", "http://api.localhost",
                "http://127.0.0.1:8080", "http://127.1.2.3", "http://[::1]:8080", "http://0.0.0.0:8080" }) {
            assertTrue(AgentServerUrl.resolve(Optional.of(loopback), REQUEST).loopback(), loopback);
        }
        for (String reachable : new String[] { "http://10.0.0.1", "https://meshfleet.example.com", "http://[fe80::1]",
                "http://localhost.example.com", "http://128.0.0.1" }) {
            assertFalse(AgentServerUrl.resolve(Optional.of(reachable), REQUEST).loopback(), reachable);
        }
    }
}
