package dev.meshfleet.gitops.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Fetches a source's branch with JGit into a bare cache repository of its own (one per source under the work
 * directory; a cache only: deleting it costs one full fetch) and reads the intent file at the fetched commit. The
 * repository fetched is always the configured one: a webhook's payload never names what is fetched. The file must be a
 * regular file inside the repository (a symlink is refused rather than followed) of at most {@link #MAX_FILE_BYTES}.
 */
public final class GitFetcher {
    public static final int MAX_FILE_BYTES = 1024 * 1024;
    private static final String HEAD_REF = "refs/meshfleet/head";

    private final Path workDir;
    private final Duration timeout;

    public GitFetcher(Path workDir, Duration timeout) {
        this.workDir = workDir;
        this.timeout = timeout;
    }

    /** What to fetch, with the credentials in clear for this fetch only. */
    public record Target(UUID sourceId, String repository, String branch, String path, String username, String token,
            String sshKey, String knownHosts) {
        @Override
        public String toString() {
            return repository + "#" + branch + ":" + path; // never the token or key
        }
    }

    /** The fetched head commit of the branch and the intent file's text at it (or why there is none). */
    public record Fetched(String commit, String author, String message, Optional<String> file, String fileProblem) {
    }

    /** Why a fetch failed, in words safe to show (no credentials). */
    public static final class FetchFailed extends Exception {
        FetchFailed(String message) {
            super(message, null, false, false);
        }
    }

    public Fetched fetch(Target target) throws FetchFailed {
        try (Git git = open(target.sourceId())) {
            var fetch = git.fetch().setRemote(target.repository())
                    .setRefSpecs(new RefSpec("+refs/heads/" + target.branch() + ":" + HEAD_REF))
                    .setTagOpt(TagOpt.NO_TAGS).setTimeout((int) Math.max(1, timeout.toSeconds()));
            if (target.token() != null) {
                fetch.setCredentialsProvider(new UsernamePasswordCredentialsProvider(target.username(), target.token()));
            }
            if (target.sshKey() != null) {
                try (SshFetch ssh = SshFetch.of(target.sshKey(), target.knownHosts(), workDir)) {
                    try {
                        fetch.setTransportConfigCallback(ssh::configure).call();
                    } catch (GitAPIException e) {
                        if (ssh.refusedKey() != null) {
                            throw new FetchFailed("the server of " + target.repository() + " showed host key "
                                    + ssh.refusedKey() + ", which the source's knownHosts does not list: refused before "
                                    + "logging in, nothing fetched");
                        }
                        throw e;
                    }
                }
            } else {
                fetch.call();
            }
            Repository repo = git.getRepository();
            Ref head = repo.exactRef(HEAD_REF);
            if (head == null || head.getObjectId() == null) {
                throw new FetchFailed("branch '" + target.branch() + "' not found in " + target.repository());
            }
            try (RevWalk walk = new RevWalk(repo)) {
                RevCommit commit = walk.parseCommit(head.getObjectId());
                PersonIdent author = commit.getAuthorIdent();
                String who = author.getName() + " <" + author.getEmailAddress() + ">";
                String message = commit.getFullMessage().strip();
                return read(repo, commit, target.path(), who, message.length() > 4000 ? message.substring(0, 4000) : message);
            }
        } catch (GitAPIException e) {
            throw new FetchFailed("fetching " + target.repository() + " failed: " + safe(e));
        } catch (SshFetch.Unusable e) {
            throw new FetchFailed("fetching " + target.repository() + " failed: " + e.getMessage());
        } catch (IOException e) {
            throw new FetchFailed("reading the fetched repository failed: " + safe(e));
        }
    }

    /** Whether {@code commit} is an ancestor of (or equal to) {@code newer} in the source's cache; false if unknown. */
    public boolean reachableFrom(UUID sourceId, String commit, String newer) {
        try (Git git = open(sourceId); RevWalk walk = new RevWalk(git.getRepository())) {
            return walk.isMergedInto(walk.parseCommit(ObjectId.fromString(commit)),
                    walk.parseCommit(ObjectId.fromString(newer)));
        } catch (MissingObjectException | IllegalArgumentException e) {
            return false; // the newer commit is not in this history (force-pushed away, another repository)
        } catch (IOException e) {
            return false;
        }
    }

    private static Fetched read(Repository repo, RevCommit commit, String path, String author, String message)
            throws IOException {
        String id = commit.getName();
        try (TreeWalk tree = TreeWalk.forPath(repo, path, commit.getTree())) {
            if (tree == null) {
                return new Fetched(id, author, message, Optional.empty(), "no file '" + path + "' at commit " + id);
            }
            FileMode mode = tree.getFileMode(0);
            if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                String what = mode == FileMode.SYMLINK ? "a symbolic link (not followed)"
                        : mode == FileMode.TREE ? "a directory" : "not a regular file";
                return new Fetched(id, author, message, Optional.empty(), "'" + path + "' is " + what + " at commit " + id);
            }
            ObjectLoader loader = repo.open(tree.getObjectId(0));
            if (loader.getSize() > MAX_FILE_BYTES) {
                return new Fetched(id, author, message, Optional.empty(), "'" + path + "' has " + loader.getSize()
                        + " bytes; at most " + MAX_FILE_BYTES + " are read");
            }
            byte[] bytes = loader.getBytes();
            var decoder = StandardCharsets.UTF_8.newDecoder();
            try {
                return new Fetched(id, author, message, Optional.of(decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString()),
                        null);
            } catch (java.nio.charset.CharacterCodingException e) {
                return new Fetched(id, author, message, Optional.empty(), "'" + path + "' is not UTF-8 text");
            }
        }
    }

    private Git open(UUID sourceId) throws IOException {
        Path dir = workDir.resolve(sourceId + ".git");
        if (Files.isDirectory(dir.resolve("objects"))) {
            return Git.open(dir.toFile());
        }
        Files.createDirectories(workDir);
        try {
            return Git.init().setBare(true).setDirectory(dir.toFile()).call();
        } catch (GitAPIException e) {
            throw new IOException("cannot create the cache repository: " + e.getMessage(), e);
        }
    }

    /** The exception's message and its causes', which JGit fills with what went wrong (never a password). */
    private static String safe(Exception e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        for (int i = 0; cause != null && i < 3; i++, cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.length() > 1000 ? text.substring(0, 1000) : text.toString();
    }
}
