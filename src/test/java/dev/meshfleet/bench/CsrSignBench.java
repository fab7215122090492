package dev.meshfleet.bench;

import static dev.meshfleet.bench.FleetBench.pct;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.meshfleet.trust.core.CsrSigner;
import dev.meshfleet.trust.core.KeyAlgorithm;
import dev.meshfleet.common.crypto.Pem;
import dev.meshfleet.trust.core.RootCa;
import dev.meshfleet.trust.core.RootCas;
import dev.meshfleet.trust.core.TestPki;
import dev.meshfleet.trust.core.TrustDomain;

/**
 * CSR signing throughput and latency (issue 12; scripts/bench-csr): one thread signs N P-256 CSRs under a P-256 root,
 * each the server's whole work for one request: parse the PEM, check the CSR's signature (proof of possession), build
 * and sign the intermediate, PEM-encode it. The agents' keys and CSRs are made beforehand (that is the clusters' work).
 * Goal: >= 1,000 CSRs/s on one core, p99 <= 5 ms.
 */
public class CsrSignBench {
    static final double GOAL_PER_SECOND = 1_000;
    static final double GOAL_P99_MS = 5;

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int warmup = Integer.parseInt(System.getenv().getOrDefault("MESHFLEET_BENCH_WARMUP", "10000"));
        int distinct = Math.min(n, 2_000);
        System.out.printf("Meshfleet CSR signing benchmark: %d P-256 CSRs signed on one thread after %d warm-up"
                + " signatures, %d distinct CSRs cycled, %d cores visible, %s%n", n, warmup, distinct,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"));

        SecureRandom random = new SecureRandom();
        TrustDomain domain = new TrustDomain("bench.example.org");
        Instant now = Instant.now();
        RootCa root = new RootCas(random).generate(domain, KeyAlgorithm.EC_P256, RootCas.DEFAULT_LIFETIME, now);
        CsrSigner signer = new CsrSigner(random, Duration.ofDays(365));
        List<String> csrs = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            csrs.add(TestPki.csr(TestPki.p256(), "CN=cluster-" + i));
        }

        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += signOne(signer, csrs.get(i % distinct), root, domain, now).length();
        }
        long[] nanos = new long[n];
        long gcCountBefore = gcCount();
        long gcMillisBefore = gcMillis();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            sink += signOne(signer, csrs.get(i % distinct), root, domain, now).length();
            nanos[i] = System.nanoTime() - t0;
        }
        long elapsed = System.nanoTime() - start;
        long gcs = gcCount() - gcCountBefore;
        long gcMillis = gcMillis() - gcMillisBefore;
        Arrays.sort(nanos);

        double perSecond = n / (elapsed / 1e9);
        double p50 = pct(nanos, 50) / 1e6;
        double p99 = pct(nanos, 99) / 1e6;
        System.out.printf("signed %d CSRs in %.2f s: %.0f CSRs/s (goal >= %.0f: %s)%n", n, elapsed / 1e9, perSecond,
                GOAL_PER_SECOND, perSecond >= GOAL_PER_SECOND ? "met" : "MISSED");
        System.out.printf("latency p50 %.3f ms, p99 %.3f ms (goal <= %.0f ms: %s), max %.3f ms%n", p50, p99, GOAL_P99_MS,
                p99 <= GOAL_P99_MS ? "met" : "MISSED", nanos[n - 1] / 1e6);
        // verifying a CSR allocates ~0.3 MB (BouncyCastle's tables for a point it has not seen), so young collections
        // come every few hundred signatures; their pauses, not signing, make the tail
        System.out.printf("GC during the run: %d collections, %d ms in total (%s)%n", gcs, gcMillis,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
        if (sink == 42) {
            System.out.println();
        }
    }

    static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .sum();
    }

    static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }

    static String signOne(CsrSigner signer, String csr, RootCa root, TrustDomain domain, Instant now) {
        return Pem.encode(signer.sign(csr, root, domain, "cluster-1", now));
    }
}
