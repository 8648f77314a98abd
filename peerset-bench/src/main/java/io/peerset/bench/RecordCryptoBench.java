package io.peerset.bench;

import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.SignedRecord;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-core throughput of the record primitives: BIP-340 sign and verify (BouncyCastle),
 * the NIP-01 canonical serialisation + SHA-256 id, JSON out, and the strict JSON parser.
 * Single-threaded by default; {@code -t 2} runs it on both cores.
 *
 * <p>{@code java -jar peerset-bench/target/peerset-bench.jar}-style run:
 * {@code java -cp peerset-bench/target/peerset-bench.jar org.openjdk.jmh.Main RecordCryptoBench -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordCryptoBench {
    private Identity identity;
    private Draft draft;
    private SignedRecord record;
    private String json;

    @Setup
    public void setUp() {
        identity = Identity.generate();
        draft = Draft.text("benchmark record — the quick brown fox jumps over the lazy dog").link("https://example.org/x").geohash("u33d")
            .createdAtMillis(1_760_000_000_000L);
        record = identity.sign(draft);
        json = record.toJson();
    }

    @Benchmark
    public SignedRecord sign() {
        return identity.sign(draft);
    }

    @Benchmark
    public SignedRecord verify() {
        return record.verify();
    }

    @Benchmark
    public byte[] canonicalSerialiseAndHash() throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(record.canonicalBytes());
    }

    @Benchmark
    public String toJson() {
        return record.toJson();
    }

    @Benchmark
    public SignedRecord parseJson() {
        return SignedRecord.fromJson(json);
    }
}
