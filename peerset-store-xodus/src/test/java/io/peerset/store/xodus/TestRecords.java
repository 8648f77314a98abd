package io.peerset.store.xodus;

import io.peerset.api.Hex;
import io.peerset.api.SignedRecord;
import io.peerset.api.spi.Bound;
import io.peerset.api.spi.FingerprintAccumulator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** Records with correct ids and a dummy signature (stores do not verify signatures). */
final class TestRecords {
    static final String SIG = "5".repeat(128);

    private TestRecords() {}

    static SignedRecord record(String pubkey, long createdAt, int kind, List<List<String>> tags, String content) {
        byte[] canonical = SignedRecord.canonicalBytes(pubkey, createdAt, kind, tags, content);
        return SignedRecord.of(Hex.encode(sha256(canonical)), pubkey, createdAt, kind, tags, content, SIG);
    }

    static SignedRecord text(String pubkey, long createdAt, String content) {
        return record(pubkey, createdAt, 1, List.of(), content);
    }

    /** SignedRecord number {@code i} of a deterministic stream: author i % authors, time base + i / perSecond. */
    static SignedRecord numbered(long seed, int i, int authors, long base, int perSecond) {
        return record(author(i % authors), base + i / perSecond, 1,
            List.of(List.of("n", Integer.toString(i))), "record " + seed + "/" + i);
    }

    static String author(int n) {
        return Hex.encode(sha256(("author-" + n).getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sum of the given records' ids, from scratch. */
    static FingerprintAccumulator sumOf(Iterable<SignedRecord> records) {
        FingerprintAccumulator acc = new FingerprintAccumulator();
        for (SignedRecord r : records) {
            acc.add(r.idBytes());
        }
        return acc;
    }

    static Bound at(SignedRecord r) {
        return Bound.at(r.createdAt(), r.idBytes());
    }
}
