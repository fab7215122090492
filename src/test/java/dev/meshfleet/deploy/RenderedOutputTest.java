package dev.meshfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * deploy/rendered is what kustomize renders from deploy/ now (Argo CD's install.yaml rule: generated, committed, checked):
 * a change to a base or overlay without {@code scripts/render-deploy} fails here, as does a hand edit of the output.
 */
class RenderedOutputTest {
    @Test
    void committedOutputIsWhatKustomizeRendersNow() throws Exception {
        Optional<List<String>> kustomize = kustomizeCommand();
        assumeTrue(kustomize.isPresent(), "neither kubectl nor kustomize is on PATH: deploy/rendered cannot be compared "
                + "with what kustomize renders (scripts/render-deploy needs one of them too)");
        List<String> stale = new ArrayList<>();
        for (Path file : RenderedManifests.files()) {
            String source = RenderedManifests.source(file);
            List<String> command = new ArrayList<>(kustomize.get());
            command.add(source);
            String rendered = run(command);
            String committed = RenderedManifests.read(file);
            String body = committed.substring(committed.indexOf('\n') + 1);
            if (!body.equals(rendered)) {
                stale.add(file + " (from " + source + ")");
            }
        }
        assertEquals(List.of(), stale, "stale rendered output: run scripts/render-deploy and commit deploy/rendered");
    }

    @Test
    void everyKustomizationHasItsRenderedFile() throws IOException {
        List<String> sources = RenderedManifests.files().stream().map(RenderedManifests::source).toList();
        try (Stream<Path> tree = Stream.concat(Files.walk(Path.of("deploy", "base")), Files.walk(Path.of("deploy", "overlays")))) {
            List<String> dirs = tree.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .map(p -> p.getParent().toString().replace('\\', '/')).sorted().toList();
            assertTrue(dirs.size() >= 4, dirs.toString());
            for (String dir : dirs) {
                assertTrue(sources.contains(dir), dir + " has no file in deploy/rendered (add it to scripts/render-deploy)");
            }
        }
    }

    private static Optional<List<String>> kustomizeCommand() {
        if (onPath("kubectl")) {
            return Optional.of(List.of("kubectl", "kustomize"));
        }
        return onPath("kustomize") ? Optional.of(List.of("kustomize", "build")) : Optional.empty();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), command + " did not finish");
        assertEquals(0, process.exitValue(), command + " failed");
        return new String(out, StandardCharsets.UTF_8);
    }
}
