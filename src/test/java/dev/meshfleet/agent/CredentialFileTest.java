package dev.meshfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agent's credential file is owner-only from its first byte, and an exposed one stops the agent from starting. */
class CredentialFileTest {
    @TempDir
    Path dir;

    private static String permissions(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void writtenOwnerOnlyAndReplacedAtomically() throws Exception {
        Path file = dir.resolve("new-dir/cluster.credential");
        CredentialFile credentials = new CredentialFile(file);
        assertNull(credentials.read());
        credentials.write("mfc_first");
        assertEquals("rw-------", permissions(file));
        assertEquals("rwx------", permissions(file.getParent()));
        assertEquals("mfc_first", credentials.read());

        credentials.write("mfc_second");
        assertEquals("rw-------", permissions(file));
        assertEquals("mfc_second", credentials.read());
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void aFileOthersCanReadIsRefused() throws Exception {
        Path file = dir.resolve("exposed.credential");
        Files.writeString(file, "mfc_exposed");
        for (String exposed : new String[] { "rw-r--r--", "rw-r-----", "rw----r--", "rw--w----" }) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(exposed));
            CredentialFile.Exposed refused = assertThrows(CredentialFile.Exposed.class, () -> new CredentialFile(file).read());
            assertTrue(refused.getMessage().contains(exposed) && refused.getMessage().contains("chmod 600 " + file),
                    refused.getMessage());
            assertTrue(!refused.getMessage().contains("mfc_exposed"), "the credential itself is never shown");
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals("mfc_exposed", new CredentialFile(file).read());
    }

    @Test
    @Timeout(60) // an agent that started anyway would run until stopped
    void theAgentDoesNotStartWithAnExposedCredentialFile() throws Exception {
        Path file = dir.resolve("agent.credential");
        Files.writeString(file, "mfc_exposed");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AgentMain.run(new String[] { "agent", "--server", "http://127.0.0.1:1", "--credential-file",
                file.toString(), "--health-port", "0" }, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, exit, message);
        assertTrue(message.contains("credential file " + file + " is accessible to group or others (rw-r--r--)"), message);
    }
}
