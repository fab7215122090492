package dev.meshfleet.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The agent's credential kept in a file (agents run by hand): written owner-only (0600) from the first byte, never
 * readable by others even for a moment, and refused when found readable by group or others, since anyone who read it
 * could act as the cluster.
 */
public final class CredentialFile {
    /** The file is there but others could have read the credential: the agent does not start. */
    public static final class Exposed extends IOException {
        public Exposed(String message) {
            super(message);
        }
    }

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final Path path;

    public CredentialFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    public Path path() {
        return path;
    }

    /** The stored credential, or null when there is no file yet. */
    public String read() throws IOException {
        if (!Files.exists(path)) {
            return null;
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
            if (permissions.stream().anyMatch(OTHERS::contains)) {
                throw new Exposed("the credential file " + path + " is accessible to group or others ("
                        + PosixFilePermissions.toString(permissions) + "); anyone who read it can act as this cluster. "
                        + "Revoke the credential (POST .../clusters/{cluster}/credential/revoke), delete the file and "
                        + "register again with a new bootstrap token; or, if no one else could have read it, "
                        + "chmod 600 " + path);
            }
        }
        String credential = Files.readString(path, StandardCharsets.UTF_8).trim();
        return credential.isEmpty() ? null : credential;
    }

    /**
     * Replaces the file atomically: the credential goes into a new owner-only file next to it, which is then moved over
     * the old one, so a crash leaves either credential whole and no other user ever sees a readable file.
     */
    public void write(String credential) throws IOException {
        Path dir = path.getParent();
        boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        Path temporary = posix
                ? Files.createTempFile(dir, "." + path.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, credential, StandardCharsets.UTF_8);
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
