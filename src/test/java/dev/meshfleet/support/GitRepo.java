package dev.meshfleet.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A bare repository (what a git server serves) and a working clone to commit in and push from, as a developer would;
 * under a directory of the test's own.
 */
public final class GitRepo implements AutoCloseable {
    private final Path bare;
    private final Git work;

    private GitRepo(Path bare, Git work) {
        this.bare = bare;
        this.work = work;
    }

    /** A bare repository {@code name} under {@code root} and a working clone next to it, on branch main. */
    public static GitRepo create(Path root, String name) throws IOException, GitAPIException {
        Path bare = root.resolve(name);
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        // git http-backend serves pushes only where http.receivepack is on; tests push over file paths anyway
        Files.writeString(bare.resolve("git-daemon-export-ok"), "");
        Git work = Git.init().setDirectory(root.resolve(name + "-work").toFile()).setInitialBranch("main").call();
        work.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish(bare.toUri().toURL())).call();
        return new GitRepo(bare, work);
    }

    public Path bare() {
        return bare;
    }

    public String fileUrl() {
        return bare.toUri().toString();
    }

    /** Writes {@code file} in the working tree, commits it as {@code author}, and returns the commit. */
    public RevCommit commit(String file, String content, String message, String author) throws IOException, GitAPIException {
        Path path = work.getRepository().getWorkTree().toPath().resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content, StandardCharsets.UTF_8);
        work.add().addFilepattern(file).call();
        PersonIdent who = new PersonIdent(author, author.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "@example.com");
        return work.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
    }

    /** Commits a symbolic link {@code file} -> {@code target}. */
    public RevCommit commitSymlink(String file, String target, String message) throws IOException, GitAPIException {
        Path path = work.getRepository().getWorkTree().toPath().resolve(file);
        Files.deleteIfExists(path);
        Files.createSymbolicLink(path, Path.of(target));
        work.add().addFilepattern(file).call();
        PersonIdent who = new PersonIdent("Mallory", "mallory@example.com");
        return work.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
    }

    /** Pushes main to the bare repository (forced when {@code force}, e.g. after a reset). */
    public void push(boolean force) throws GitAPIException {
        work.push().setRemote("origin").setRefSpecs(new RefSpec((force ? "+" : "") + "refs/heads/main:refs/heads/main"))
                .call();
    }

    /** Moves main back to {@code commit} (a hard reset), to force-push history backwards. */
    public void resetTo(RevCommit commit) throws GitAPIException {
        work.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef(commit.getName()).call();
    }

    @Override
    public void close() {
        work.close();
    }
}
