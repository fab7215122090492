package dev.meshfleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For a packaged server started by the benchmark scripts and the fault suite: an RSA key pair whose public half the
 * server trusts ({@code quarkus.oidc.public-key}) and an RS256 platform-admin token, valid for an hour, signed with the
 * private half. JDK only, run as a single-file program before anything is built:
 *
 * <pre>java src/test/java/dev/meshfleet/bench/BenchKeys.java DIR</pre>
 *
 * writes {@code DIR/public-key} and {@code DIR/token}.
 */
public final class BenchKeys {
    private BenchKeys() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BenchKeys DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        var generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var keys = generator.generateKeyPair();
        var b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes());
        String claims = b64.encodeToString(("{\"sub\":\"bench\",\"groups\":[\"meshfleet-platform-admin\"],\"iat\":" + now
                + ",\"exp\":" + (now + 3600) + "}").getBytes());
        var signer = java.security.Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update((header + "." + claims).getBytes());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("token"), header + "." + claims + "." + b64.encodeToString(signer.sign()));
        Files.writeString(dir.resolve("public-key"),
                java.util.Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
    }
}
