package dev.meshfleet.console;

import java.util.List;

import dev.meshfleet.support.KeycloakServer;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The console's tests: the app with its console tenant logging in at a real Keycloak (started once for them all). */
public class ConsoleProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KeycloakServer.class));
    }
}
