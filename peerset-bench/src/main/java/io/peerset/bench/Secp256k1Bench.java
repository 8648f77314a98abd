package io.peerset.bench;

import io.peerset.api.spi.Secp256k1;
import io.peerset.core.crypto.BouncyCastleSecp256k1;
import io.peerset.crypto.jni.LibSecp256k1Provider;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * BIP-340 sign and verify, and x-only ECDH (NIP-44), on both secp256k1 providers
 * (BouncyCastle in peerset-core, libsecp256k1 in peerset-crypto-native), on one core and on
 * every core, with the bytes allocated per operation ({@code -prof gc}), in one run.
 *
 * <pre>
 * java -cp peerset-bench/target/peerset-bench.jar io.peerset.bench.Secp256k1Bench      # the table in docs/BENCHMARKS.md
 * java -cp peerset-bench/target/peerset-bench.jar org.openjdk.jmh.Main Secp256k1Bench -t 2 -prof gc   # plain JMH
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Secp256k1Bench {
    @Param({"bouncycastle", "libsecp256k1"})
    public String provider;

    private Secp256k1 secp;
    private byte[] secretKey;
    private byte[] publicKey;
    private byte[] peerPublicKey;
    private byte[] message;
    private byte[] signature;

    @Setup(Level.Trial)
    public void setUp() {
        secp = provider.equals("libsecp256k1") ? new LibSecp256k1Provider() : new BouncyCastleSecp256k1();
        if (secp instanceof LibSecp256k1Provider && !LibSecp256k1Provider.available()) {
            throw new IllegalStateException("libsecp256k1 did not load: " + LibSecp256k1Provider.unavailableReason().orElse("?"));
        }
        secretKey = secp.generateSecretKey();
        publicKey = secp.publicKey(secretKey);
        peerPublicKey = secp.publicKey(secp.generateSecretKey());
        message = new byte[32];
        new Random(1).nextBytes(message);
        signature = secp.sign(secretKey, message);
    }

    /** Signing with fresh auxiliary randomness, as {@code Identity.sign} does. */
    @Benchmark
    public byte[] sign() {
        return secp.sign(secretKey, message);
    }

    /** Verifying one valid signature: the ingest ceiling. */
    @Benchmark
    public boolean verify() {
        return secp.verify(publicKey, message, signature);
    }

    /** x-only ECDH: one per NIP-44 conversation key (encrypting to or reading from one key). */
    @Benchmark
    public byte[] ecdh() {
        return secp.ecdh(secretKey, peerPublicKey);
    }

    /** Runs every benchmark on one thread and on all cores, and prints the table for docs/BENCHMARKS.md. */
    public static void main(String[] args) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, double[]> rows = new LinkedHashMap<>();
        for (int threads : new int[] {1, cores}) {
            Options opts = new OptionsBuilder()
                .include(Secp256k1Bench.class.getName() + "\\.")
                .threads(threads)
                .addProfiler(GCProfiler.class)
                .build();
            Collection<RunResult> results = new Runner(opts).run();
            for (RunResult r : results) {
                String key = r.getParams().getBenchmark().replaceAll(".*\\.", "") + "|" + r.getParams().getParam("provider");
                double[] row = rows.computeIfAbsent(key, k -> new double[6]);
                int at = threads == 1 ? 0 : 3;
                row[at] = r.getPrimaryResult().getScore();
                row[at + 1] = r.getPrimaryResult().getScoreError();
                Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
                row[at + 2] = alloc == null ? Double.NaN : alloc.getScore();
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "| operation | provider | 1 thread, ops/s | %d threads, ops/s | bytes allocated per op |%n", cores);
        System.out.println("|---|---|---:|---:|---:|");
        for (Map.Entry<String, double[]> e : rows.entrySet()) {
            String[] k = e.getKey().split("\\|");
            double[] v = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %s | %,.0f ± %,.0f | %,.0f ± %,.0f | %,.0f |%n",
                k[0], k[1], v[0], v[1], v[3], v[4], v[2]);
        }
    }
}
